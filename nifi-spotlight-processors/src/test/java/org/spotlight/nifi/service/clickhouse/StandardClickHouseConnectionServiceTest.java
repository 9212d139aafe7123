package org.spotlight.nifi.service.clickhouse;

import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.PropertyValue;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.ssl.SSLContextProvider;
import org.apache.nifi.util.MockConfigurationContext;
import org.apache.nifi.util.MockProcessContext;
import org.apache.nifi.util.MockPropertyValue;
import org.apache.nifi.util.MockValidationContext;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.client.ClickHouseException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Configuration, validation and failure behaviour without a server. The same service against the real ClickHouse
 * of the local stack is covered by StandardClickHouseConnectionServiceIT.
 */
class StandardClickHouseConnectionServiceTest {

    private static final String SERVICE_ID = "clickhouse";

    private final Map<PropertyDescriptor, String> configured = new HashMap<>();
    private TestRunner runner;
    private StandardClickHouseConnectionService service;

    @BeforeEach
    void setUp() throws InitializationException {
        runner = TestRunners.newTestRunner(NoOpProcessor.class);
        service = new StandardClickHouseConnectionService();
        runner.addControllerService(SERVICE_ID, service);
    }

    @Test
    void validWithOneUrlAndDefaults() {
        runner.setProperty(service, StandardClickHouseConnectionService.URLS, "http://127.0.0.1:8123");
        runner.assertValid(service);
    }

    @Test
    void urlIsRequired() {
        runner.assertNotValid(service);
    }

    @Test
    void rejectsUrlsThatAreNotClickHouseHttpEndpoints() {
        assertInvalid("ftp://ch:8123", "is not an http:// or https:// URL");
        assertInvalid("ch:8123", "is not an http:// or https:// URL");
        assertInvalid("http://spotlight:secret@ch:8123", "carries credentials");
        assertInvalid("http://ch:8123/?user=admin", "has a query string");
        assertInvalid("http://ch:8123, jdbc:clickhouse://ch2:8123", "'jdbc:clickhouse://ch2:8123' is not an http:// or https:// URL");
        assertInvalid(" , ", "at least one URL is required");
    }

    @Test
    void acceptsSeveralUrlsForFailover() {
        runner.setProperty(service, StandardClickHouseConnectionService.URLS, "http://ch-1:8123, https://ch-2:8443/");
        runner.assertValid(service);
    }

    @Test
    void sslContextNeedsAnHttpsUrl() throws InitializationException {
        runner.addControllerService("ssl", new DefaultSslContextProvider());
        runner.enableControllerService(runner.getControllerService("ssl"));
        configure(StandardClickHouseConnectionService.URLS, "http://ch:8123");
        configure(StandardClickHouseConnectionService.SSL_CONTEXT_SERVICE, "ssl");
        runner.assertNotValid(service);
        final Collection<ValidationResult> problems = service.customValidate(validationContext());
        assertEquals(List.of("an SSL Context Service is set but none of the ClickHouse URLs uses https"),
                problems.stream().map(ValidationResult::getExplanation).toList());

        runner.setProperty(service, StandardClickHouseConnectionService.URLS, "https://ch:8443");
        runner.assertValid(service);
    }

    @Test
    void dynamicPropertiesMustBeSettingNames() {
        runner.setProperty(service, StandardClickHouseConnectionService.URLS, "http://ch:8123");
        runner.setProperty(service, "max_insert_block_size", "1048576");
        runner.assertValid(service);

        final ValidationResult result = runner.setProperty(service, "max insert; DROP", "1");
        assertFalse(result.isValid());
        assertTrue(result.getExplanation().contains("'max insert; DROP' is not a ClickHouse setting name"), result.getExplanation());
        runner.assertNotValid(service);
    }

    /** Settings that would let records vanish or land twice cannot be set on the service, whose settings every request carries. */
    @Test
    void settingsSpotlightsGuaranteesRestOnAreRefusedWithTheReason() {
        runner.setProperty(service, StandardClickHouseConnectionService.URLS, "http://ch:8123");
        for (String setting : new String[]{"input_format_allow_errors_num", "input_format_allow_errors_ratio", "input_format_skip_unknown_fields",
                "async_insert", "wait_for_async_insert", "insert_deduplicate", "insert_deduplication_token", "async_insert_deduplicate",
                "send_progress_in_http_headers"}) {
            final ValidationResult result = runner.setProperty(service, setting, "1");
            assertFalse(result.isValid(), setting);
            assertTrue(result.getExplanation().startsWith("'" + setting + "' is set by Spotlight, not by a dynamic property: "), result.getExplanation());
            runner.removeProperty(service, setting);
        }
        final ValidationResult shouting = runner.setProperty(service, "Input_Format_Allow_Errors_Num", "10");
        assertFalse(shouting.isValid());
        assertTrue(shouting.getExplanation().contains("looks like 'input_format_allow_errors_num'"), shouting.getExplanation());
        assertTrue(runner.setProperty(service, "input_format_allow_errors_num", "10").getExplanation()
                .contains("skip rows it cannot parse without an error"));
    }

    @Test
    void passwordIsSensitive() {
        assertTrue(StandardClickHouseConnectionService.PASSWORD.isSensitive());
    }

    @Test
    void enablesWhileTheServerIsDownAndFailsOperationsRetryably() throws IOException {
        runner.setProperty(service, StandardClickHouseConnectionService.URLS, "http://127.0.0.1:" + closedPort());
        runner.setProperty(service, StandardClickHouseConnectionService.CONNECT_TIMEOUT, "2 secs");
        runner.enableControllerService(service);

        final ClickHouseException e = assertThrows(ClickHouseException.class, () -> service.query("SELECT 1", Map.of()));

        assertEquals(ClickHouseException.Kind.CONNECTION, e.getKind());
        assertTrue(e.isRetryable());
        assertTrue(e.getMessage().contains("could not reach ClickHouse"), e.getMessage());
        runner.disableControllerService(service);
        assertThrows(IllegalStateException.class, service::getServerInfo, "a disabled service has no connection");
    }

    @Test
    void verificationNamesAnUnreachableServer() throws IOException {
        final String url = "http://127.0.0.1:" + closedPort();
        configure(StandardClickHouseConnectionService.URLS, url);
        configure(StandardClickHouseConnectionService.CONNECT_TIMEOUT, "2 secs");

        final List<ConfigVerificationResult> results = verify();

        assertEquals(List.of("Connect", "Server version and capabilities", "Database", "Server settings"),
                results.stream().map(ConfigVerificationResult::getVerificationStepName).toList());
        assertEquals(Outcome.FAILED, results.getFirst().getOutcome());
        assertTrue(results.getFirst().getExplanation().contains("could not reach ClickHouse"), results.getFirst().getExplanation());
        assertTrue(results.stream().skip(1).allMatch(result -> result.getOutcome() == Outcome.SKIPPED));
    }

    @Test
    void verificationReportsAnInvalidConfiguration() {
        configure(StandardClickHouseConnectionService.URLS, "ftp://nowhere");

        final List<ConfigVerificationResult> results = verify();

        assertEquals(1, results.size());
        assertEquals(Outcome.FAILED, results.getFirst().getOutcome());
        assertTrue(results.getFirst().getExplanation().startsWith("Invalid configuration: 'ftp://nowhere' is not an http:// or https:// URL"),
                results.getFirst().getExplanation());
    }

    private void configure(final PropertyDescriptor descriptor, final String value) {
        runner.setProperty(service, descriptor, value);
        configured.put(descriptor, value);
    }

    private List<ConfigVerificationResult> verify() {
        final MockConfigurationContext context = new MockConfigurationContext(service, configured,
                runner.getProcessContext().getControllerServiceLookup(), Map.of());
        return service.verify(context, runner.getLogger(), Map.of());
    }

    private ValidationContext validationContext() {
        return new MockValidationContext((MockProcessContext) runner.getProcessContext()) {
            @Override
            public PropertyValue getProperty(final PropertyDescriptor descriptor) {
                return new MockPropertyValue(configured.get(descriptor));
            }
        };
    }

    private void assertInvalid(final String urls, final String expectedMessagePart) {
        final ValidationResult result = runner.setProperty(service, StandardClickHouseConnectionService.URLS, urls);
        assertFalse(result.isValid(), urls);
        assertTrue(result.getExplanation().contains(expectedMessagePart), () -> "expected '" + expectedMessagePart + "' in " + result.getExplanation());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The smallest SSLContextProvider: the JVM's default context. Only its presence matters to these tests. */
    private static final class DefaultSslContextProvider extends AbstractControllerService implements SSLContextProvider {
        @Override
        public SSLContext createContext() {
            try {
                return SSLContext.getDefault();
            } catch (final NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Optional<X509ExtendedKeyManager> createKeyManager() {
            return Optional.empty();
        }

        @Override
        public X509TrustManager createTrustManager() {
            throw new UnsupportedOperationException("not used by the ClickHouse service");
        }
    }
}
