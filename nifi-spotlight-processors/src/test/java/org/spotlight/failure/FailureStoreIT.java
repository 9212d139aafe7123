package org.spotlight.failure;

import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.nifi.service.clickhouse.StandardClickHouseConnectionService;
import org.spotlight.clickhouse.client.ClickHouseQueryResult;
import org.spotlight.storage.StoredObject;
import org.spotlight.storage.s3.S3Storage;
import org.spotlight.testing.LocalServices;
import org.spotlight.testing.LocalStack;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The failure table and payload objects on the local stack's real ClickHouse 18.16 and S3 server, driven through the
 * domain classes alone, so that the memory the failure path needs can be measured without nifi-mock (whose FlowFiles
 * copy their content on every attribute change).
 */
class FailureStoreIT {

    private static final long FIFTY_MB = 50L * 1024 * 1024;

    private TestRunner runner;
    private StandardClickHouseConnectionService clickHouse;
    private S3Storage s3;
    private String database;
    private String table;
    private String bucket;

    @BeforeEach
    void setUp() throws Exception {
        runner = TestRunners.newTestRunner(NoOpProcessor.class);
        clickHouse = LocalServices.clickHouse(runner, "clickhouse");
        s3 = new S3Storage(new S3Storage.Settings(LocalStack.s3Endpoint(), LocalStack.s3Region(), LocalStack.s3AccessKey(),
                LocalStack.s3SecretKey(), true, null, null, Duration.ofSeconds(30), 16L * 1024 * 1024));
        database = LocalStack.clickHouseDatabase();
        table = LocalStack.uniqueName("it_failure_store");
        bucket = LocalStack.uniqueName("it-store").replace('_', '-');
    }

    @AfterEach
    void tearDown() {
        clickHouse.execute("DROP TABLE IF EXISTS " + ClickHouseIdentifiers.qualified(database, table), Map.of());
        clickHouse.execute("DROP TABLE IF EXISTS " + ClickHouseIdentifiers.qualified(database, table + "_replays"), Map.of());
        s3.close();
    }

    private PayloadObjects objects() {
        s3.ensureBucket(bucket);
        return new PayloadObjects() {
            @Override
            public String keyPrefix() {
                return "failures/";
            }

            @Override
            public String uri(final String key) {
                return "s3://" + bucket + "/" + key;
            }

            @Override
            public StoredObject put(final String key, final InputStream content, final long size, final String contentType,
                                    final Map<String, String> metadata) {
                return s3.put(bucket, key, content, size, contentType, metadata);
            }
        };
    }

    private Map<String, String> describe() {
        final ClickHouseQueryResult columns = clickHouse.query("SELECT name, type FROM system.columns WHERE database = "
                + ClickHouseIdentifiers.literal(database) + " AND table = " + ClickHouseIdentifiers.literal(table), Map.of());
        final Map<String, String> types = new LinkedHashMap<>();
        columns.rows().forEach(row -> types.put(row.get(0), row.get(1)));
        return types;
    }

    @Test
    void createsTheTablesAndGivesAnOlderTableTheColumnsItLacks() throws Exception {
        // A failure table as an earlier version might have left it: without parse_error, replay_count and records.
        final FailureTable definition = new FailureTable(database, table, clickHouse.getServerInfo());
        final String older = definition.createStatement()
                .replaceAll("\n    `(parse_error|replay_count)` [^\n]*", "")
                .replaceAll(",\n    `records` [^\n]*", "");
        clickHouse.execute(older, Map.of());
        assertFalse(describe().containsKey("replay_count"));

        final FailureStore store = new FailureStore(clickHouse, database, table);
        store.ensureTables();
        store.ensureTables();

        final Map<String, String> columns = describe();
        assertEquals(definition.columns().stream().map(FailureTable.Column::name).sorted().toList(), columns.keySet().stream().sorted().toList());
        assertEquals(List.of("parse_error", "replay_count", "records"), List.copyOf(columns.keySet()).subList(columns.size() - 3, columns.size()),
                "added at the end; inserts name their columns, so the order does not matter");
        assertEquals("UInt32", columns.get("replay_count"));
        assertEquals(clickHouse.getServerInfo().supportsDataType("DateTime64") ? "DateTime64(3, 'UTC')" : "DateTime('UTC')", columns.get("ingested_at"));
        final ClickHouseQueryResult engine = clickHouse.query("SELECT engine FROM system.tables WHERE database = " + ClickHouseIdentifiers.literal(database)
                + " AND name IN (" + ClickHouseIdentifiers.literal(table) + ", " + ClickHouseIdentifiers.literal(table + "_replays") + ") ORDER BY name", Map.of());
        assertEquals(List.of("ReplacingMergeTree", "MergeTree"), engine.column("engine"));

        final FailureRecorder recorder = new FailureRecorder(null, Long.MAX_VALUE);
        final FailedContent content = new FailedContent() {
            @Override
            public long size() {
                return 2;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8));
            }
        };
        store.insert(List.of(recorder.prepare(context("a0000000-0000-0000-0000-000000000003"), content, null, null)), recorder);
        assertEquals(List.of("{}"), clickHouse.query("SELECT payload FROM " + ClickHouseIdentifiers.qualified(database, table), Map.of()).column("payload"));
    }

    private static String sha256(final FailedContent content) throws Exception {
        final MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = content.open()) {
            final byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static FailureContext context(final String uuid) {
        final Map<String, String> attributes = Map.of("uuid", uuid, "record.error.message", "Unexpected end-of-input", "filename", "bulk.json");
        final Classification classification = new FailureClassifier(ClassificationRules.none()).classify(attributes);
        return FailureContext.of(attributes, RetryPolicyTest.STORE_AT_ONCE.decide(classification, new RetryPolicy.RetryState(0, null, Instant.now()), Instant.now()), Instant.now(), "it");
    }

    @Test
    void fiftyMegabytePayloadsStreamIntoS3AndClickHouseInBoundedMemory() throws Exception {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final FailureStore store = new FailureStore(clickHouse, database, table);
        store.ensureTables();

        // Above the inline limit: uploaded to the failure bucket.
        final FailedContent binary = GeneratedContent.of(FIFTY_MB, null);
        final FailureRecorder withObjects = new FailureRecorder(objects(), 1024 * 1024);
        long before = threads.getCurrentThreadAllocatedBytes();
        final FailureRecorder.Prepared uploaded = withObjects.prepare(context("a0000000-0000-0000-0000-000000000001"), binary, null, null);
        store.insert(List.of(uploaded), withObjects);
        final long allocatedForObject = threads.getCurrentThreadAllocatedBytes() - before;

        // Without object storage the 50 MB go into the row itself, escaped as they stream.
        final FailedContent text = GeneratedContent.of(FIFTY_MB, "{\"ticker\":\"NVDA\",\"amount\":\"$1,001 -\n");
        final FailureRecorder inline = new FailureRecorder(null, Long.MAX_VALUE);
        before = threads.getCurrentThreadAllocatedBytes();
        final FailureRecorder.Prepared inlined = inline.prepare(context("a0000000-0000-0000-0000-000000000002"), text, null, null);
        store.insert(List.of(inlined), inline);
        final long allocatedInline = threads.getCurrentThreadAllocatedBytes() - before;

        final ClickHouseQueryResult rows = clickHouse.query("SELECT flowfile_uuid, payload_kind, payload_size, payload_sha256, payload_uri,"
                + " length(payload) AS inline_bytes, lower(hex(SHA256(payload))) AS inline_sha256 FROM "
                + ClickHouseIdentifiers.qualified(database, table) + " ORDER BY flowfile_uuid", Map.of());
        final List<String> objectRow = rows.rows().get(0);
        final List<String> inlineRow = rows.rows().get(1);
        final String objectKey = "failures/" + FailureIds.failureId("a0000000-0000-0000-0000-000000000001", 0) + ".bin";
        assertEquals(List.of("a0000000-0000-0000-0000-000000000001", "binary", String.valueOf(FIFTY_MB), sha256(binary),
                "s3://" + bucket + "/" + objectKey, "0"), objectRow.subList(0, 6));
        assertEquals(FIFTY_MB, s3.stat(bucket, objectKey).orElseThrow().size());
        assertEquals(List.of("a0000000-0000-0000-0000-000000000002", "text", String.valueOf(FIFTY_MB), sha256(text), "",
                String.valueOf(FIFTY_MB), sha256(text)), inlineRow);

        // Streaming 50 MB must not take 50 MB: the bound leaves room for the S3 client's part buffer and the HTTP clients'.
        assertTrue(allocatedForObject < 40L * 1024 * 1024, "50 MB to S3 and a row allocated " + allocatedForObject + " bytes");
        assertTrue(allocatedInline < 40L * 1024 * 1024, "50 MB into a ClickHouse row allocated " + allocatedInline + " bytes");
        System.out.printf("FailureStoreIT: allocated %.1f MB streaming 50 MB to S3, %.1f MB streaming 50 MB into a row%n",
                allocatedForObject / 1048576.0, allocatedInline / 1048576.0);
    }
}
