package org.spotlight.nifi.service.storage;

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
import org.spotlight.storage.ObjectStorageException;
import org.spotlight.storage.StoredObject;
import org.spotlight.testing.LocalStack;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The object storage service against the local stack's real S3 API server (S3Proxy; MinIO in deployments). */
class S3ObjectStorageServiceIT {

    private final Map<PropertyDescriptor, String> configured = new HashMap<>();
    private TestRunner runner;
    private S3ObjectStorageService service;
    private String bucket;

    @BeforeEach
    void setUp() throws InitializationException {
        runner = TestRunners.newTestRunner(NoOpProcessor.class);
        service = new S3ObjectStorageService();
        runner.addControllerService("s3", service);
        configure(S3ObjectStorageService.ENDPOINT, LocalStack.s3Endpoint());
        configure(S3ObjectStorageService.ACCESS_KEY, LocalStack.s3AccessKey());
        configure(S3ObjectStorageService.SECRET_KEY, LocalStack.s3SecretKey());
        configure(S3ObjectStorageService.REGION, LocalStack.s3Region());
        configure(S3ObjectStorageService.PART_SIZE, "5 MB");
        bucket = LocalStack.uniqueName("it-storage").replace('_', '-');
    }

    @AfterEach
    void tearDown() {
        if (runner.isControllerServiceEnabled(service)) {
            runner.disableControllerService(service);
        }
    }

    @Test
    void roundTripsObjectsOfKnownAndUnknownLength() throws Exception {
        runner.enableControllerService(service);
        service.ensureBucket(bucket);
        service.ensureBucket(bucket);

        final byte[] small = "{\"doc\":\"20026590\"}".getBytes(StandardCharsets.UTF_8);
        final StoredObject known = service.putObject(bucket, "raw/congress/house/2025/20026590.json", new ByteArrayInputStream(small),
                small.length, "application/json", Map.of("source", "house-clerk", "sha256", sha256(small)));
        assertEquals("s3://" + bucket + "/raw/congress/house/2025/20026590.json", known.uri());
        assertEquals(sha256(small), known.sha256());
        assertEquals(small.length, known.size());

        // 12 MB of unknown length with 5 MB parts: a real multipart upload.
        final byte[] large = new byte[12 * 1024 * 1024];
        new Random(42).nextBytes(large);
        final StoredObject multipart = service.putObject(bucket, "failures/large.bin", new ByteArrayInputStream(large), -1, null, Map.of());
        assertEquals(large.length, multipart.size());
        assertEquals(sha256(large), multipart.sha256());

        try (InputStream in = service.getObject(bucket, "failures/large.bin")) {
            assertArrayEquals(large, in.readAllBytes());
        }
        final StoredObject stat = service.statObject(bucket, "raw/congress/house/2025/20026590.json").orElseThrow();
        assertEquals(small.length, stat.size());
        assertEquals("house-clerk", stat.userMetadata().get("source"));
        assertEquals(sha256(small), stat.sha256(), "the hash the uploader stored comes back from stat");

        final List<String> listed = new ArrayList<>();
        service.listObjects(bucket, "raw/", object -> listed.add(object.key()));
        assertEquals(List.of("raw/congress/house/2025/20026590.json"), listed);

        service.deleteObject(bucket, "failures/large.bin");
        service.deleteObject(bucket, "raw/congress/house/2025/20026590.json");
        assertFalse(service.statObject(bucket, "failures/large.bin").isPresent());
    }

    @Test
    void missingBucketIsAPermanentFailure() {
        runner.enableControllerService(service);
        final ObjectStorageException e = assertThrows(ObjectStorageException.class,
                () -> service.putObject(bucket + "-missing", "k", new ByteArrayInputStream(new byte[] {1}), 1, null, Map.of()));
        assertFalse(e.isRetryable(), e.getMessage());
        assertTrue(e.getMessage().contains("NoSuchBucket"), e.getMessage());
    }

    @Test
    void verificationAuthenticatesAndNamesWrongCredentials() {
        assertEquals(Outcome.SUCCESSFUL, verify().getFirst().getOutcome(), verify().toString());

        configure(S3ObjectStorageService.SECRET_KEY, "wrong-secret-key");
        final ConfigVerificationResult wrong = verify().getFirst();
        assertEquals(Outcome.FAILED, wrong.getOutcome());
        assertTrue(wrong.getExplanation().contains("SignatureDoesNotMatch") || wrong.getExplanation().contains("InvalidAccessKeyId"),
                wrong.getExplanation());
        assertFalse(wrong.getExplanation().contains("wrong-secret-key"));
    }

    private List<ConfigVerificationResult> verify() {
        return service.verify(new MockConfigurationContext(service, configured, runner.getProcessContext().getControllerServiceLookup(), Map.of()),
                runner.getLogger(), Map.of());
    }

    private void configure(final PropertyDescriptor descriptor, final String value) {
        runner.setProperty(service, descriptor, value);
        configured.put(descriptor, value);
    }

    private static String sha256(final byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
