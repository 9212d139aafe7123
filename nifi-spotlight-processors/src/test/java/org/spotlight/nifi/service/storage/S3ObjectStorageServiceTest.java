package org.spotlight.nifi.service.storage;

import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockConfigurationContext;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.storage.ObjectStorageException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configuration and failure behaviour without a server; S3ObjectStorageServiceIT runs against the local S3 server. */
class S3ObjectStorageServiceTest {

    private final Map<PropertyDescriptor, String> configured = new HashMap<>();
    private TestRunner runner;
    private S3ObjectStorageService service;

    @BeforeEach
    void setUp() throws InitializationException {
        runner = TestRunners.newTestRunner(NoOpProcessor.class);
        service = new S3ObjectStorageService();
        runner.addControllerService("s3", service);
    }

    @Test
    void endpointMustBeAUrl() {
        runner.assertNotValid(service);
        configure(S3ObjectStorageService.ENDPOINT, "minio:9000");
        runner.assertNotValid(service);
        configure(S3ObjectStorageService.ENDPOINT, "http://minio:9000");
        runner.assertValid(service);
    }

    @Test
    void keysAreSensitive() {
        assertTrue(S3ObjectStorageService.ACCESS_KEY.isSensitive());
        assertTrue(S3ObjectStorageService.SECRET_KEY.isSensitive());
    }

    @Test
    void partSizeBelowTheS3MinimumIsRejected() {
        configure(S3ObjectStorageService.ENDPOINT, "http://minio:9000");
        configure(S3ObjectStorageService.PART_SIZE, "1 MB");
        runner.assertNotValid(service);
    }

    @Test
    void unreachableServerFailsRetryablyAndVerificationSaysSo() throws IOException {
        configure(S3ObjectStorageService.ENDPOINT, "http://127.0.0.1:" + closedPort());
        configure(S3ObjectStorageService.ACCESS_KEY, "spotlight");
        configure(S3ObjectStorageService.SECRET_KEY, "secret-secret");
        configure(S3ObjectStorageService.TIMEOUT, "2 secs");
        runner.enableControllerService(service);

        final ObjectStorageException e = assertThrows(ObjectStorageException.class,
                () -> service.putObject("bucket", "key", new ByteArrayInputStream(new byte[] {1}), 1, null, Map.of()));
        assertTrue(e.isRetryable(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Uploading s3://bucket/key failed: ConnectException"), e.getMessage());

        final List<ConfigVerificationResult> results = service.verify(
                new MockConfigurationContext(service, configured, runner.getProcessContext().getControllerServiceLookup(), Map.of()),
                runner.getLogger(), Map.of());
        assertEquals(Outcome.FAILED, results.getFirst().getOutcome());
        assertTrue(results.getFirst().getExplanation().startsWith("Listing buckets at http://127.0.0.1:"), results.getFirst().getExplanation());
    }

    private void configure(final PropertyDescriptor descriptor, final String value) {
        runner.setProperty(service, descriptor, value);
        configured.put(descriptor, value);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
