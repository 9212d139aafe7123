package org.spotlight.failure;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The replay side without a server: the query, reading rows back, and the attributes a replayed FlowFile gets. */
class ReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void pendingFailuresAreThoseWithoutMarkerBelowTheReplayLimitMatchingTheFilter() {
        final FailureTable table = new FailureTable("spotlight", "spotlight_failures", FailureTableTest.CLICKHOUSE_18_16);
        assertEquals("""
                SELECT `failure_id`, `flowfile_uuid`, `record_index`, `payload_kind`, `payload`, `payload_size`, `payload_sha256`, \
                `payload_uri`, `target_database`, `target_table`, `replay_count`, `attributes`
                FROM `spotlight`.`spotlight_failures`
                WHERE failure_id NOT IN (SELECT failure_id FROM `spotlight`.`spotlight_failures_replays`)
                  AND replay_count < 3
                  AND ((`target_table` = 'trades') AND (`error_code` = '38'))
                ORDER BY ingested_at, flowfile_uuid, record_index
                LIMIT 500""", new ReplayQuery(ReplayFilter.parse(" target_table = 'trades' AND error_code = '38' ", FailureTable.COLUMN_NAMES), 500, 3)
                .sql(table));
        assertFalse(new ReplayQuery(null, 10, 1).sql(table).contains("AND ("));
        assertThrows(IllegalArgumentException.class, () -> new ReplayQuery(null, 0, 1));
    }

    /** A row as ClickHouse 18.16 prints it in JSONEachRow: 64-bit integers quoted. */
    private static final String ROW = """
            {"failure_id":"0d5e7a4e-1f6c-3d1a-9b55-64d0c4e1d3a1","flowfile_uuid":"6f1c2f7e-3c7a-4d3b-9a53-0d6d3f1a2b10","record_index":"2",\
            "payload_kind":"record","payload":"{\\"ticker\\":\\"NVDA\\"}","payload_size":"17","payload_sha256":"ab","payload_uri":"",\
            "target_database":"spotlight","target_table":"trades","replay_count":0,\
            "attributes":"{\\"kafka.topic\\":\\"spotlight.congress.trades\\",\\"kafka.partition\\":\\"1\\",\\"kafka.offset\\":\\"77\\",\
            \\"spotlight.error.source\\":\\"PutClickHouseBatch\\",\\"spotlight.error.code\\":\\"38\\",\\"spotlight.error.class\\":\\"permanent\\",\
            \\"spotlight.record.indexes\\":\\"4,17\\",\\"spotlight.retry.count\\":\\"2\\",\\"spotlight.target.table\\":\\"trades\\",\
            \\"spotlight.failure.class\\":\\"permanent\\",\\"putdatabaserecord.error\\":\\"old\\",\\"record.count\\":\\"2\\",\
            \\"filename\\":\\"trades-0001.json\\",\\"uuid\\":\\"6f1c2f7e-3c7a-4d3b-9a53-0d6d3f1a2b10\\"}"}""";

    @Test
    void readsRowsAsClickHousePrintsThem() throws Exception {
        final StoredFailure failure = StoredFailure.of(JSON.readTree(ROW));
        assertEquals(2, failure.recordIndex());
        assertEquals(PayloadKind.RECORD, failure.payloadKind());
        assertEquals(17, failure.payloadSize());
        assertEquals("trades", failure.targetTable());
        assertEquals("77", failure.attributes().get("kafka.offset"));
        assertFalse(failure.isObject());
        assertArrayEquals("{\"ticker\":\"NVDA\"}".getBytes(StandardCharsets.UTF_8), failure.inlineBytes());
        assertThrows(IllegalArgumentException.class, () -> StoredFailure.of(JSON.readTree("{\"failure_id\":\"x\"}")));
    }

    @Test
    void replayedFlowFilesGetTheirAttributesBackWithoutTheOldError() throws Exception {
        final StoredFailure failure = StoredFailure.of(JSON.readTree(ROW));
        final Map<String, String> attributes = ReplayAttributes.of(failure, "replay-1", 2);
        assertEquals(Map.of(
                "kafka.topic", "spotlight.congress.trades",
                "kafka.partition", "1",
                "spotlight.replay.kafka.offset", "77",
                "spotlight.target.table", "trades",
                "filename", "trades-0001.json",
                "spotlight.replay.of", "6f1c2f7e-3c7a-4d3b-9a53-0d6d3f1a2b10",
                "spotlight.replay.id", "replay-1",
                "spotlight.replay.count", "1",
                "record.count", "2",
                "mime.type", "application/json"), attributes);

        final Map<String, String> whole = ReplayAttributes.of(failure, "replay-1", -1);
        assertEquals(failure.failureId(), whole.get("spotlight.replay.failure.id"));
        assertFalse(whole.containsKey("record.count"));
    }

    @Test
    void inlinePayloadsDecodeToTheirBytesAndObjectUrisSplit() throws Exception {
        final byte[] binary = {0, 1, 2, (byte) 0xFF};
        final StoredFailure base64 = new StoredFailure("id", "ff", 0, PayloadKind.BINARY, Base64.getEncoder().encodeToString(binary),
                4, "", "", "", "", 0, Map.of());
        assertArrayEquals(binary, base64.inlineBytes());

        final StoredFailure object = new StoredFailure("id", "ff", 0, PayloadKind.TEXT, "", 52428800, "", "s3://spotlight-failures/failures/id.txt",
                "", "", 0, Map.of());
        assertTrue(object.isObject());
        assertEquals("spotlight-failures", object.objectBucket());
        assertEquals("failures/id.txt", object.objectKey());
        assertThrows(IllegalStateException.class, object::inlineBytes);
        final StoredFailure notS3 = new StoredFailure("id", "ff", 0, PayloadKind.TEXT, "", 1, "", "https://x/y", "", "", 0, Map.of());
        assertThrows(IllegalArgumentException.class, notS3::objectKey);
    }
}
