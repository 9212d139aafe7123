package org.spotlight.failure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.spotlight.storage.StoredObject;
import org.spotlight.testing.SharedData;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * From failed content to JSONEachRow failure rows, without NiFi: records are read by a small Jackson-based parser
 * standing in for NiFi's Record Readers (RouteToFailureDbIT uses the real JsonTreeReader), and large payloads go to an
 * in-memory object store (S3 itself is exercised by RouteToFailureDbIT against S3Proxy).
 */
class FailureRecorderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    /** Reads a JSON array or a sequence of JSON objects, failing where the JSON is malformed. */
    static final RecordParser JSON_PARSER = content -> {
        final MappingIterator<Map<String, Object>> records = JSON.readerFor(Map.class).readValues(content);
        return new RecordParser.RecordCursor() {
            @Override
            public Map<String, Object> next() throws IOException {
                return records.hasNextValue() ? records.nextValue() : null;
            }

            @Override
            public void close() throws IOException {
                records.close();
            }
        };
    };

    /** Object storage in memory, with the SHA-256 computed as S3ObjectStorageService does. */
    static final class MemoryObjects implements PayloadObjects {
        final Map<String, byte[]> objects = new HashMap<>();

        @Override
        public String keyPrefix() {
            return "failures/";
        }

        @Override
        public String uri(final String key) {
            return "s3://spotlight-failures/" + key;
        }

        @Override
        public StoredObject put(final String key, final InputStream content, final long size, final String contentType,
                                final Map<String, String> metadata) {
            try {
                final byte[] bytes = content.readAllBytes();
                assertEquals(size, bytes.length);
                objects.put(key, bytes);
                return new StoredObject("spotlight-failures", key, size, null, FailureRecorder.sha256(bytes), NOW, metadata);
            } catch (final IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static FailedContent content(final byte[] bytes) {
        return new FailedContent() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    static FailureContext context(final Map<String, String> attributes) {
        final Map<String, String> withUuid = new LinkedHashMap<>(attributes);
        withUuid.putIfAbsent("uuid", "6f1c2f7e-3c7a-4d3b-9a53-0d6d3f1a2b10");
        final Classification classification = new FailureClassifier(ClassificationRules.none()).classify(withUuid);
        return FailureContext.of(withUuid, RetryPolicyTest.STORE_AT_ONCE.decide(classification, new RetryPolicy.RetryState(0, null, NOW), NOW), NOW, "kafka-to-clickhouse");
    }

    static List<JsonNode> rows(final FailureRecorder recorder, final FailureRecorder.Prepared... prepared) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FailureRowWriter writer = new FailureRowWriter(out, new FailureTable("spotlight", "spotlight_failures", FailureTableTest.CLICKHOUSE_18_16))) {
            for (FailureRecorder.Prepared failure : prepared) {
                recorder.write(writer, failure);
            }
        }
        final List<JsonNode> rows = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    private static byte[] houseTrades(final int count) throws IOException {
        final JsonNode all = JSON.readTree(SharedData.path("congress/house_stock_watcher_community/all_transactions.json").toFile());
        final List<JsonNode> some = new ArrayList<>();
        all.forEach(trade -> {
            if (some.size() < count) {
                some.add(trade);
            }
        });
        return JSON.writeValueAsBytes(some);
    }

    @Test
    void readableRecordsBecomeOneRowEach() throws Exception {
        final byte[] trades = houseTrades(3);
        final FailureRecorder recorder = new FailureRecorder(null, Long.MAX_VALUE);
        final FailureContext context = context(Map.of("spotlight.error.source", "PutClickHouseBatch", "spotlight.error.code", "38",
                "spotlight.error.message", "Cannot parse date: value is too short", "spotlight.error.class", "permanent",
                "spotlight.target.database", "spotlight", "spotlight.target.table", "trades",
                "kafka.topic", "spotlight.congress.trades", "kafka.partition", "2", "kafka.offset", "1042"));

        final FailureRecorder.Prepared prepared = recorder.prepare(context, content(trades), JSON_PARSER, null);
        assertInstanceOf(FailureRecorder.RecordsPlan.class, prepared.plan());
        assertEquals(3, prepared.rows());

        final List<JsonNode> rows = rows(recorder, prepared);
        final JsonNode original = JSON.readTree(trades);
        assertEquals(3, rows.size());
        for (int i = 0; i < 3; i++) {
            final JsonNode row = rows.get(i);
            assertEquals(FailureIds.failureId(context.flowFileUuid(), i), row.get("failure_id").asText());
            assertEquals(i, row.get("record_index").asInt());
            assertTrue(row.get("source_record_index").isNull());
            assertEquals("record", row.get("payload_kind").asText());
            assertEquals(original.get(i), JSON.readTree(row.get("payload").asText()), "the record, field for field");
            assertEquals(row.get("payload").asText().getBytes(StandardCharsets.UTF_8).length, row.get("payload_size").asLong());
            assertEquals(FailureRecorder.sha256(row.get("payload").asText().getBytes(StandardCharsets.UTF_8)), row.get("payload_sha256").asText());
            assertEquals("", row.get("payload_uri").asText());
            assertEquals("2025-06-01 12:00:00", row.get("ingested_at").asText());
            assertEquals("kafka-to-clickhouse", row.get("flow").asText());
            assertEquals("PutClickHouseBatch", row.get("component").asText());
            assertEquals("permanent", row.get("error_class").asText());
            assertEquals("38", row.get("error_code").asText());
            assertEquals("Cannot parse date: value is too short", row.get("error_message").asText());
            assertEquals("spotlight.congress.trades", row.get("source_topic").asText());
            assertEquals(2, row.get("source_partition").asInt());
            assertEquals(1042, row.get("source_offset").asLong());
            assertEquals("trades", row.get("target_table").asText());
            assertEquals("1042", JSON.readTree(row.get("attributes").asText()).get("kafka.offset").asText());
        }
    }

    @Test
    void failedRecordsCarryTheirIndexesInTheOriginalFlowFile() throws Exception {
        final FailureRecorder recorder = new FailureRecorder(null, Long.MAX_VALUE);
        final FailureContext context = context(Map.of("spotlight.error.source", "PutClickHouseBatch", "spotlight.record.indexes", "4,17,9999"));
        final List<JsonNode> rows = rows(recorder, recorder.prepare(context, content(houseTrades(3)), JSON_PARSER, "4,17,9999"));
        assertEquals(List.of(4L, 17L, 9999L), rows.stream().map(row -> row.get("source_record_index").asLong()).toList());
        assertEquals(List.of(0L, 1L, 2L), rows.stream().map(row -> row.get("record_index").asLong()).toList());

        // The whole original FlowFile: only the listed records are failures.
        final List<JsonNode> listed = rows(recorder, recorder.prepare(context, content(houseTrades(10)), JSON_PARSER, "2,7"));
        assertEquals(List.of(2L, 7L), listed.stream().map(row -> row.get("record_index").asLong()).toList());
    }

    @Test
    void malformedJsonIsStoredWholeAsTextWithTheReadersError() throws Exception {
        final byte[] malformed = "[{\"ticker\":\"NVDA\",\"amount\":\"$1,001 - $15,000\"},{\"ticker\":\"AAPL\",\"amount\":".getBytes(StandardCharsets.UTF_8);
        final FailureRecorder recorder = new FailureRecorder(null, Long.MAX_VALUE);
        final FailureRecorder.Prepared prepared = recorder.prepare(context(Map.of("record.error.message", "Failed to parse")),
                content(malformed), JSON_PARSER, null);
        final FailureRecorder.ContentPlan plan = assertInstanceOf(FailureRecorder.ContentPlan.class, prepared.plan());
        assertTrue(plan.parseError().startsWith("the Record Reader failed at record 1: "), plan.parseError());

        final JsonNode row = rows(recorder, prepared).getFirst();
        assertEquals("text", row.get("payload_kind").asText());
        assertEquals(new String(malformed, StandardCharsets.UTF_8), row.get("payload").asText());
        assertEquals(malformed.length, row.get("payload_size").asLong());
        assertEquals(FailureRecorder.sha256(malformed), row.get("payload_sha256").asText());
        assertEquals(0, row.get("record_index").asInt());
        assertEquals(plan.parseError(), row.get("parse_error").asText());
    }

    @Test
    void binaryContentIsStoredBase64() throws Exception {
        final byte[] pdf = Files.readAllBytes(SharedData.path("congress/house_ptr_pdfs/2025/electronic/20026590.pdf"));
        final FailureRecorder recorder = new FailureRecorder(null, Long.MAX_VALUE);
        final JsonNode row = rows(recorder, recorder.prepare(context(Map.of()), content(pdf), JSON_PARSER, null)).getFirst();
        assertEquals("binary", row.get("payload_kind").asText());
        assertArrayEquals(pdf, Base64.getDecoder().decode(row.get("payload").asText()));
        assertEquals(FailureRecorder.sha256(pdf), row.get("payload_sha256").asText());
        assertEquals("unknown", row.get("error_class").asText());
    }

    @Test
    void withoutReaderAndForEmptyRecordSetsTheContentIsStoredWhole() throws Exception {
        final FailureRecorder recorder = new FailureRecorder(null, Long.MAX_VALUE);
        final FailureRecorder.Prepared noReader = recorder.prepare(context(Map.of()), content("[{\"a\":1}]".getBytes(StandardCharsets.UTF_8)), null, null);
        final JsonNode whole = rows(recorder, noReader).getFirst();
        assertEquals("[{\"a\":1}]", whole.get("payload").asText());
        assertEquals("text", whole.get("payload_kind").asText());
        assertEquals("", whole.get("parse_error").asText());
        final FailureRecorder.Prepared empty = recorder.prepare(context(Map.of()), content("[]".getBytes(StandardCharsets.UTF_8)), JSON_PARSER, null);
        assertEquals("the Record Reader found no records in the content", ((FailureRecorder.ContentPlan) empty.plan()).parseError());
        assertEquals("[]", rows(recorder, empty).getFirst().get("payload").asText());
    }

    @Test
    void largePayloadsGoToObjectStorageAndRowsKeepUriSizeAndHash() throws Exception {
        final MemoryObjects objects = new MemoryObjects();
        final FailureRecorder recorder = new FailureRecorder(objects, 1024);
        final byte[] csv = Files.readAllBytes(SharedData.path("congress/senate_stock_watcher/all_transactions.csv"));
        final FailureContext context = context(Map.of("error.message", "Cannot parse CSV"));

        final JsonNode row = rows(recorder, recorder.prepare(context, content(csv), null, null)).getFirst();
        final String key = "failures/" + FailureIds.failureId(context.flowFileUuid(), 0) + ".txt";
        assertEquals("s3://spotlight-failures/" + key, row.get("payload_uri").asText());
        assertEquals("", row.get("payload").asText());
        assertEquals(csv.length, row.get("payload_size").asLong());
        assertEquals(FailureRecorder.sha256(csv), row.get("payload_sha256").asText());
        assertArrayEquals(csv, objects.objects.get(key));
    }

    @Test
    void aLargeRecordGoesToObjectStorageAndItsNeighboursStayInline() throws Exception {
        final MemoryObjects objects = new MemoryObjects();
        final FailureRecorder recorder = new FailureRecorder(objects, 200);
        final String records = "[{\"ticker\":\"A\"},{\"ticker\":\"B\",\"asset_description\":\"" + "x".repeat(500) + "\"},{\"ticker\":\"C\"}]";
        final FailureContext context = context(Map.of("spotlight.error.class", "permanent"));

        final List<JsonNode> rows = rows(recorder, recorder.prepare(context, content(records.getBytes(StandardCharsets.UTF_8)), JSON_PARSER, null));
        assertEquals("{\"ticker\":\"A\"}", rows.get(0).get("payload").asText());
        assertEquals("", rows.get(1).get("payload").asText());
        final String key = "failures/" + FailureIds.failureId(context.flowFileUuid(), 1) + ".json";
        assertEquals("s3://spotlight-failures/" + key, rows.get(1).get("payload_uri").asText());
        assertEquals(FailureRecorder.sha256(objects.objects.get(key)), rows.get(1).get("payload_sha256").asText());
        assertEquals("B", JSON.readTree(objects.objects.get(key)).get("ticker").asText());
        assertEquals(1, objects.objects.size());
        assertEquals("{\"ticker\":\"C\"}", rows.get(2).get("payload").asText());
    }

    @Test
    void storingTheSameFlowFileAgainGivesTheSameIds() throws Exception {
        final FailureRecorder recorder = new FailureRecorder(null, Long.MAX_VALUE);
        final FailureContext context = context(Map.of("spotlight.error.class", "permanent"));
        final List<JsonNode> first = rows(recorder, recorder.prepare(context, content(houseTrades(2)), JSON_PARSER, null));
        final List<JsonNode> again = rows(recorder, recorder.prepare(context, content(houseTrades(2)), JSON_PARSER, null));
        assertEquals(first.stream().map(row -> row.get("failure_id")).toList(), again.stream().map(row -> row.get("failure_id")).toList());
    }

    @Test
    void fiftyMegabytePayloadsStreamInsteadOfBeingHeld() throws Exception {
        final long size = 50L * 1024 * 1024;
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (boolean text : new boolean[]{true, false}) {
            final FailureRecorder recorder = new FailureRecorder(null, Long.MAX_VALUE);
            final CountingOutputStream out = new CountingOutputStream();
            final long before = threads.getCurrentThreadAllocatedBytes();
            final FailureRecorder.Prepared prepared = recorder.prepare(context(Map.of()), GeneratedContent.of(size, text ? "Cannot parse \"trade\"\n" : null), null, null);
            try (FailureRowWriter writer = new FailureRowWriter(out, new FailureTable("spotlight", "f", FailureTableTest.CLICKHOUSE_18_16))) {
                recorder.write(writer, prepared);
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(out.count > (text ? size : size * 4 / 3), "the whole payload was written: " + out.count);
            assertTrue(allocated < 16L * 1024 * 1024, (text ? "text" : "binary") + ": streaming 50 MB allocated " + allocated + " bytes");
        }
    }

    private static final class CountingOutputStream extends OutputStream {
        long count;

        @Override
        public void write(final int b) {
            count++;
        }

        @Override
        public void write(final byte[] buffer, final int offset, final int length) {
            count += length;
        }
    }
}
