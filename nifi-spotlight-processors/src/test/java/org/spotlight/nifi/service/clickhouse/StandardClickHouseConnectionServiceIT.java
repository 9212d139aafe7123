package org.spotlight.nifi.service.clickhouse;

import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockConfigurationContext;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.http.ClickHouseCompression;
import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.clickhouse.client.ClickHouseCapability;
import org.spotlight.clickhouse.client.ClickHouseClient;
import org.spotlight.clickhouse.client.ClickHouseException;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;
import org.spotlight.testing.LocalStack;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connection service against the real ClickHouse server of the local stack. */
class StandardClickHouseConnectionServiceIT {

    private final Map<PropertyDescriptor, String> configured = new HashMap<>();
    private TestRunner runner;
    private StandardClickHouseConnectionService service;
    private String table;

    @BeforeEach
    void setUp() throws InitializationException {
        runner = TestRunners.newTestRunner(NoOpProcessor.class);
        service = new StandardClickHouseConnectionService();
        runner.addControllerService("clickhouse", service);
        configure(StandardClickHouseConnectionService.URLS, LocalStack.clickHouseUrl());
        configure(StandardClickHouseConnectionService.USERNAME, LocalStack.clickHouseUser());
        configure(StandardClickHouseConnectionService.PASSWORD, LocalStack.clickHousePassword());
        configure(StandardClickHouseConnectionService.DATABASE, LocalStack.clickHouseDatabase());
        table = LocalStack.uniqueName("it_connection");
    }

    @AfterEach
    void tearDown() {
        if (runner.isControllerServiceEnabled(service)) {
            runner.disableControllerService(service);
        }
    }

    @Test
    void detectsTheServerVersionAndCapabilities() {
        runner.enableControllerService(service);

        final ClickHouseServerInfo info = service.getServerInfo();

        assertTrue(info.version().major() >= 18, info.summary());
        assertTrue(info.supports(ClickHouseCapability.ROW_BINARY), info.summary());
        assertTrue(info.supportsDataType("Nullable"), info.summary());
        if (!info.version().isAtLeast(19, 0)) {
            // What 18.16 really lacks, detected rather than assumed (see ENVIRONMENT.md).
            assertFalse(info.supports(ClickHouseCapability.INSERT_DEDUPLICATION_TOKEN), info.summary());
            assertFalse(info.supports(ClickHouseCapability.ROW_BINARY_WITH_DEFAULTS), info.summary());
            assertFalse(info.supports(ClickHouseCapability.ASYNC_INSERT), info.summary());
            assertFalse(info.supports(ClickHouseCapability.NATIVE_COMPRESSION), "18.16 returns empty compressed responses: " + info.summary());
            assertTrue(info.storagePolicies().isEmpty());
        }
    }

    @Test
    void verificationShowsConnectionVersionDatabaseAndSettings() {
        configure("max_insert_block_size", "1048576");

        final List<ConfigVerificationResult> results = verify();

        assertTrue(results.stream().allMatch(result -> result.getOutcome() == Outcome.SUCCESSFUL), results::toString);
        assertTrue(results.get(1).getExplanation().startsWith("ClickHouse " + runnerServerVersion()), results.get(1).getExplanation());
        assertEquals("Database '" + LocalStack.clickHouseDatabase() + "' exists", results.get(2).getExplanation());
        assertEquals("The server knows every configured setting: [max_insert_block_size]", results.get(3).getExplanation());
    }

    @Test
    void verificationNamesWrongCredentials() {
        configure(StandardClickHouseConnectionService.PASSWORD, "not-the-password");

        final ConfigVerificationResult connect = verify().getFirst();

        assertEquals(Outcome.FAILED, connect.getOutcome());
        assertTrue(connect.getExplanation().matches("(?s).*ClickHouse error (192|193|516): .*"), connect.getExplanation());
        assertFalse(connect.getExplanation().contains("not-the-password"), "the password must not be echoed");
    }

    @Test
    void verificationNamesAMissingDatabaseAndUnknownSettings() {
        configure(StandardClickHouseConnectionService.DATABASE, "spotlight_no_such_db");
        configure("no_such_setting_xyz", "1");

        final List<ConfigVerificationResult> results = verify();

        assertEquals(Outcome.FAILED, results.get(2).getOutcome());
        assertTrue(results.get(2).getExplanation().contains("Database 'spotlight_no_such_db' does not exist"), results.get(2).getExplanation());
        assertEquals(Outcome.FAILED, results.get(3).getOutcome());
        assertTrue(results.get(3).getExplanation().contains("[no_such_setting_xyz]"), results.get(3).getExplanation());
    }

    @Test
    void failsOverFromADeadEndpointToALiveOne() throws IOException {
        configure(StandardClickHouseConnectionService.URLS, "http://127.0.0.1:" + closedPort() + ", " + LocalStack.clickHouseUrl());
        configure(StandardClickHouseConnectionService.CONNECT_TIMEOUT, "2 secs");
        runner.enableControllerService(service);

        assertEquals(List.of("1"), service.query("SELECT 1 AS one", Map.of()).column("one"));
    }

    @Test
    void runsStatementsStreamsInsertsAndReadsThemBack() throws IOException {
        runner.enableControllerService(service);
        service.execute("CREATE TABLE " + ClickHouseIdentifiers.quote(table) + " (id UInt32, name String) ENGINE = MergeTree ORDER BY id", Map.of());
        try {
            // Servers before 19.x ignore client-v2's database header: unqualified names must still land in the configured database.
            assertEquals(List.of(LocalStack.clickHouseDatabase()), service.query("SELECT database FROM system.tables WHERE name = "
                    + ClickHouseIdentifiers.literal(table), Map.of()).column("database"));
            final ClickHouseClient.InsertSummary response = service.insert(ClickHouseIdentifiers.quote(table), List.of(), "JSONEachRow",
                    out -> out.write("{\"id\":1,\"name\":\"Pelosi\"}\n{\"id\":2,\"name\":\"O'Brien\\ttab\"}\n".getBytes(StandardCharsets.UTF_8)),
                    Map.of("max_insert_block_size", 1000), "it-insert-" + table);

            assertEquals("it-insert-" + table, response.queryId());
            final var rows = service.query("SELECT id, name FROM " + ClickHouseIdentifiers.quote(table) + " ORDER BY id", Map.of());
            assertEquals(List.of("1", "2"), rows.column("id"));
            assertEquals(List.of("Pelosi", "O'Brien\ttab"), rows.column("name"));

            // The same rows streamed in the format the caller names, read while they arrive.
            final List<String> lines = new java.util.ArrayList<>();
            service.query("SELECT id, name FROM " + ClickHouseIdentifiers.quote(table) + " ORDER BY id", "JSONEachRow", Map.of(),
                    body -> new java.io.BufferedReader(new java.io.InputStreamReader(body, StandardCharsets.UTF_8)).lines().forEach(lines::add));
            assertEquals(List.of("{\"id\":1,\"name\":\"Pelosi\"}", "{\"id\":2,\"name\":\"O'Brien\\ttab\"}"), lines);
            assertEquals(LocalStack.clickHouseUrl().replaceAll("/$", "") + "/spotlight/trades", service.getTransitUri("spotlight", "trades"));
        } finally {
            service.execute("DROP TABLE IF EXISTS " + ClickHouseIdentifiers.quote(table), Map.of());
        }
    }

    @Test
    void classifiesServerErrors() {
        runner.enableControllerService(service);

        final ClickHouseException syntax = assertThrows(ClickHouseException.class, () -> service.execute("CREATE TABLE (", Map.of()));
        assertEquals(ClickHouseException.Kind.SERVER, syntax.getKind());
        assertEquals(62, syntax.getErrorCode(), syntax.getMessage());
        assertFalse(syntax.isRetryable());

        final ClickHouseException unknownTable = assertThrows(ClickHouseException.class,
                () -> service.query("SELECT * FROM " + ClickHouseIdentifiers.quote(table), Map.of()));
        assertEquals(60, unknownTable.getErrorCode(), unknownTable.getMessage());
        assertTrue(unknownTable.getMessage().contains(table), unknownTable.getMessage());
    }

    @Test
    void forcedCompressionFailsClearlyWhereTheServerCannotDoIt() {
        runner.enableControllerService(service);
        final boolean serverCompresses = service.getServerInfo().supports(ClickHouseCapability.NATIVE_COMPRESSION);
        runner.disableControllerService(service);
        runner.setProperty(service, StandardClickHouseConnectionService.COMPRESSION, ClickHouseCompression.LZ4.name());
        runner.enableControllerService(service);

        if (serverCompresses) {
            assertTrue(service.getServerInfo().supports(ClickHouseCapability.NATIVE_COMPRESSION));
        } else {
            final ClickHouseException e = assertThrows(ClickHouseException.class, service::getServerInfo);
            assertFalse(e.isRetryable());
            assertTrue(e.getMessage().contains("does not return correct LZ4-compressed responses"), e.getMessage());
        }
    }

    private String runnerServerVersion() {
        runner.enableControllerService(service);
        try {
            return service.getServerInfo().version().text();
        } finally {
            runner.disableControllerService(service);
        }
    }

    private void configure(final PropertyDescriptor descriptor, final String value) {
        runner.setProperty(service, descriptor, value);
        configured.put(descriptor, value);
    }

    private void configure(final String dynamicProperty, final String value) {
        runner.setProperty(service, dynamicProperty, value);
        configured.put(service.getPropertyDescriptor(dynamicProperty), value);
    }

    private List<ConfigVerificationResult> verify() {
        final MockConfigurationContext context = new MockConfigurationContext(service, configured,
                runner.getProcessContext().getControllerServiceLookup(), Map.of());
        return service.verify(context, runner.getLogger(), Map.of());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
