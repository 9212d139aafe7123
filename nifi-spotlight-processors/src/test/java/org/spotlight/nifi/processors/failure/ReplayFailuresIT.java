package org.spotlight.nifi.processors.failure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.nifi.service.clickhouse.StandardClickHouseConnectionService;
import org.spotlight.nifi.service.storage.S3ObjectStorageService;
import org.spotlight.clickhouse.client.ClickHouseException;
import org.spotlight.testing.HouseTrades;
import org.spotlight.nifi.processors.clickhouse.ClickHouseFixture;
import org.spotlight.nifi.processors.clickhouse.PutClickHouseBatch;
import org.spotlight.testing.LocalServices;
import org.spotlight.testing.LocalStack;
import org.spotlight.testing.SharedData;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replay round trip against the local stack's real ClickHouse 18.16 and S3 server: records the server rejected are
 * stored by RouteToFailureDb, the operator fixes the cause, ReplayFailures emits them again and they land; every
 * replay is marked so that nothing is replayed twice.
 * <p>
 * Records land through the real PutClickHouseBatch, whose failure FlowFiles (the rejected records, with the
 * SpotlightAttributes contract) go to RouteToFailureDb exactly as in the kafka-to-clickhouse flow.
 */
class ReplayFailuresIT {

    private TestRunner put;
    private TestRunner route;
    private TestRunner replay;
    private StandardClickHouseConnectionService clickHouse;
    private S3ObjectStorageService s3;
    private String database;
    private String failureTable;
    private String trades;
    private String bucket;

    @BeforeEach
    void setUp() throws Exception {
        database = LocalStack.clickHouseDatabase();
        failureTable = LocalStack.uniqueName("it_failures");
        trades = LocalStack.uniqueName("it_trades");
        bucket = LocalStack.uniqueName("it-replay").replace('_', '-');

        route = TestRunners.newTestRunner(RouteToFailureDb.class);
        clickHouse = LiveServices.failureStore(route, failureTable, bucket);
        route.setProperty(RouteToFailureDb.RECORD_READER, "json-reader");
        route.setProperty(RouteToFailureDb.FLOW_NAME, "kafka-to-clickhouse");

        put = TestRunners.newTestRunner(PutClickHouseBatch.class);
        LocalServices.clickHouse(put, "clickhouse");
        ClickHouseFixture.configure(put, "clickhouse");
        put.setProperty(PutClickHouseBatch.TABLE, trades);

        replay = TestRunners.newTestRunner(ReplayFailures.class);
        LocalServices.clickHouse(replay, "clickhouse", null, LiveServices.CLICKHOUSE_TIMEOUTS);
        s3 = LocalServices.s3(replay, "s3", null);
        replay.setProperty(ReplayFailures.CLICKHOUSE_SERVICE, "clickhouse");
        replay.setProperty(ReplayFailures.FAILURE_TABLE, failureTable);
        replay.setProperty(ReplayFailures.OBJECT_STORAGE_SERVICE, "s3");
        replay.setIncomingConnection(false);

        // The trades table as first deployed: its Enum knows purchases and sales, not the exchanges some filings report.
        clickHouse.execute("CREATE TABLE " + table(trades) + " (transaction_date String, ticker String,"
                + " type Enum8('Purchase' = 1, 'Sale' = 2), amount String, representative String, filing_id String)"
                + " ENGINE = MergeTree ORDER BY (filing_id, ticker)", Map.of());
    }

    @AfterEach
    void tearDown() {
        for (String name : List.of(trades, failureTable, failureTable + "_replays")) {
            clickHouse.execute("DROP TABLE IF EXISTS " + table(name), Map.of());
        }
    }

    private String table(final String name) {
        return ClickHouseIdentifiers.qualified(database, name);
    }

    private long count(final String sql) {
        return Long.parseLong(clickHouse.query(sql, Map.of()).rows().getFirst().getFirst());
    }

    /**
     * Runs PutClickHouseBatch on one FlowFile: the records that fit land, the others come back as its failure FlowFile.
     *
     * @return the failure FlowFile, or null when every record landed
     */
    private MockFlowFile land(final byte[] json, final Map<String, String> attributes) {
        put.clearTransferState();
        put.enqueue(json, attributes);
        put.run();
        final List<MockFlowFile> failures = put.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE);
        put.assertTransferCount(PutClickHouseBatch.REL_RETRY, 0);
        return failures.isEmpty() ? null : failures.getFirst();
    }

    /**
     * A batch of 20 real trades goes through PutClickHouseBatch: the 3 exchanges do not fit the table's Enum and come out
     * as one failure FlowFile with the SpotlightAttributes contract, which goes to RouteToFailureDb.
     */
    private MockFlowFile failExchanges(final List<ObjectNode> batch, final Map<String, String> extraAttributes) {
        final Map<String, String> attributes = new HashMap<>(extraAttributes);
        attributes.putIfAbsent("kafka.topic", "spotlight.congress.trades");
        attributes.putIfAbsent("kafka.partition", "0");
        attributes.putIfAbsent("kafka.offset", "450");
        final MockFlowFile failure = land(HouseTrades.jsonArray(batch), attributes);
        failure.assertAttributeEquals("spotlight.record.indexes", "6,9,10");
        failure.assertAttributeEquals("spotlight.error.source", "PutClickHouseBatch");
        failure.assertAttributeEquals("record.count", "3");
        return route.enqueue(failure.toByteArray(), failure.getAttributes());
    }

    private List<Map<String, Object>> readWithJsonTreeReader(final MockFlowFile flowFile) throws Exception {
        final TestRunner readerRunner = TestRunners.newTestRunner(org.apache.nifi.util.NoOpProcessor.class);
        final JsonTreeReader reader = LiveServices.jsonReader(readerRunner, "reader");
        final List<Map<String, Object>> records = new ArrayList<>();
        try (RecordReader recordReader = reader.createRecordReader(flowFile.getAttributes(), new ByteArrayInputStream(flowFile.toByteArray()),
                flowFile.getSize(), readerRunner.getLogger())) {
            for (var record = recordReader.nextRecord(); record != null; record = recordReader.nextRecord()) {
                records.add(new LinkedHashMap<>(record.toMap()));
            }
        }
        return records;
    }

    @Test
    void rejectedRecordsLandOnceTheCauseIsFixedAndAreNotReplayedTwice() throws Exception {
        final List<ObjectNode> batch = HouseTrades.range(450, 20);
        final MockFlowFile failed = failExchanges(batch, Map.of("filename", "trades-450.json"));
        // A failure of another table in the same failure table, which the replay filter leaves alone.
        route.enqueue("{\"x\":1}", Map.of("spotlight.error.class", "permanent", "spotlight.target.table", "other_table"));
        route.run();
        route.assertAllFlowFilesTransferred(RouteToFailureDb.REL_STORED, 2);
        assertEquals(17, count("SELECT count() FROM " + table(trades)));

        // The operator reads the failures, sees the Enum is missing a value, and fixes the table.
        assertEquals(3, count("SELECT count() FROM " + table(failureTable) + " WHERE target_table = " + ClickHouseIdentifiers.literal(trades)
                + " AND error_class = 'permanent' AND error_message LIKE '%Exchange%' AND error_message LIKE '%Enum8%'"));
        clickHouse.execute("ALTER TABLE " + table(trades) + " MODIFY COLUMN type Enum8('Purchase' = 1, 'Sale' = 2, 'Exchange' = 3)", Map.of());

        // Replay, triggered by a FlowFile whose attribute names the table (e.g. from ListenHTTP or GenerateFlowFile).
        replay.setProperty(ReplayFailures.REPLAY_FILTER, "target_table = '${replay.table}' AND error_class = 'permanent'");
        replay.setIncomingConnection(true);
        replay.enqueue("", Map.of("replay.table", trades));
        replay.run();

        replay.assertTransferCount(ReplayFailures.REL_SUCCESS, 1);
        replay.assertTransferCount(ReplayFailures.REL_ORIGINAL, 1);
        final MockFlowFile trigger = replay.getFlowFilesForRelationship(ReplayFailures.REL_ORIGINAL).getFirst();
        trigger.assertAttributeEquals("spotlight.replay.failures", "3");
        final MockFlowFile replayed = replay.getFlowFilesForRelationship(ReplayFailures.REL_SUCCESS).getFirst();
        replayed.assertAttributeEquals("record.count", "3");
        replayed.assertAttributeEquals("spotlight.target.table", trades);
        replayed.assertAttributeEquals("spotlight.target.database", database);
        replayed.assertAttributeEquals("kafka.topic", "spotlight.congress.trades");
        replayed.assertAttributeEquals("filename", "trades-450.json");
        replayed.assertAttributeEquals("spotlight.replay.of", failed.getAttribute("uuid"));
        replayed.assertAttributeEquals("spotlight.replay.kafka.offset", "450");
        replayed.assertAttributeEquals("spotlight.replay.count", "1");
        replayed.assertAttributeNotExists("kafka.offset");
        replayed.assertAttributeNotExists("spotlight.error.code");
        replayed.assertAttributeNotExists("spotlight.record.indexes");

        final List<Map<String, Object>> records = readWithJsonTreeReader(replayed);
        assertEquals(List.of("Exchange", "Exchange", "Exchange"), records.stream().map(record -> record.get("type")).toList());
        assertEquals(batch.get(9).get("ticker").asText(), records.get(1).get("ticker"));

        assertEquals(null, land(replayed.toByteArray(), replayed.getAttributes()), "the replayed records all land");
        assertEquals(20, count("SELECT count() FROM " + table(trades)), "the whole batch is in the table");
        assertEquals(3, count("SELECT count() FROM " + table(trades) + " WHERE type = 'Exchange'"));

        // Marked once the session committed: nothing is pending for this table any more.
        assertEquals(3, count("SELECT count() FROM " + table(failureTable + "_replays") + " WHERE replay_id = "
                + ClickHouseIdentifiers.literal(replayed.getAttribute("spotlight.replay.id"))));
        replay.clearTransferState();
        replay.enqueue("", Map.of("replay.table", trades));
        replay.run();
        replay.assertTransferCount(ReplayFailures.REL_SUCCESS, 0);
        replay.getFlowFilesForRelationship(ReplayFailures.REL_ORIGINAL).getFirst().assertAttributeEquals("spotlight.replay.failures", "0");
        assertEquals(1, count("SELECT count() FROM " + table(failureTable) + " WHERE failure_id NOT IN (SELECT failure_id FROM "
                + table(failureTable + "_replays") + ")"), "only the other table's failure is pending");
    }

    @Test
    void aRecordThatFailsAgainIsStoredAgainUntilTheReplayLimit() throws Exception {
        failExchanges(HouseTrades.range(450, 20), Map.of());
        route.run();
        replay.setProperty(ReplayFailures.MAX_REPLAYS, "1");

        // Replayed before the table is fixed: the server rejects the exchanges again.
        replay.run();
        final MockFlowFile replayed = replay.getFlowFilesForRelationship(ReplayFailures.REL_SUCCESS).getFirst();
        final MockFlowFile again = land(replayed.toByteArray(), replayed.getAttributes());
        again.assertAttributeEquals("spotlight.record.indexes", "0-2");
        route.clearTransferState();
        route.enqueue(again.toByteArray(), again.getAttributes());
        route.run();
        route.assertAllFlowFilesTransferred(RouteToFailureDb.REL_STORED, 1);

        assertEquals(3, count("SELECT count() FROM " + table(failureTable) + " WHERE replay_count = 1"));
        replay.clearTransferState();
        replay.run();
        replay.assertTransferCount(ReplayFailures.REL_SUCCESS, 0);
        assertEquals(6, count("SELECT count() FROM " + table(failureTable)), "every failure kept: 3 replayed, 3 at the replay limit");
    }

    @Test
    void payloadsInObjectStorageReplayByteForByteAndCorruptOnesStayPending() throws Exception {
        route.setProperty(RouteToFailureDb.INLINE_PAYLOAD_LIMIT, "1 KB");
        final byte[] pdf = Files.readAllBytes(SharedData.path("congress/house_ptr_pdfs/2025/electronic/20026590.pdf"));
        final byte[] csv = Files.readAllBytes(SharedData.path("congress/senate_stock_watcher/all_transactions.csv"));
        route.enqueue(pdf, Map.of("filename", "20026590.pdf", "mime.type", "application/pdf"));
        route.enqueue(csv, Map.of("filename", "all_transactions.csv", "record.error.message", "Not JSON"));
        route.run();
        route.assertAllFlowFilesTransferred(RouteToFailureDb.REL_STORED, 2);
        assertEquals(2, count("SELECT count() FROM " + table(failureTable) + " WHERE payload_uri LIKE 's3://%' AND payload = ''"));

        replay.run();

        replay.assertAllFlowFilesTransferred(ReplayFailures.REL_SUCCESS, 2);
        final Map<String, MockFlowFile> byName = new HashMap<>();
        replay.getFlowFilesForRelationship(ReplayFailures.REL_SUCCESS).forEach(flowFile -> byName.put(flowFile.getAttribute("filename"), flowFile));
        assertArrayEquals(pdf, byName.get("20026590.pdf").toByteArray());
        byName.get("20026590.pdf").assertAttributeEquals("mime.type", "application/pdf");
        assertArrayEquals(csv, byName.get("all_transactions.csv").toByteArray());
        assertFalse(byName.get("all_transactions.csv").getAttribute("spotlight.replay.failure.id").isEmpty());

        // A payload altered in the bucket after it was stored is not replayed: its SHA-256 no longer matches.
        route.clearTransferState();
        final MockFlowFile tampered = route.enqueue(pdf, Map.of("filename", "tampered.pdf"));
        route.run();
        final String uri = clickHouse.query("SELECT payload_uri FROM " + table(failureTable) + " WHERE flowfile_uuid = "
                + ClickHouseIdentifiers.literal(tampered.getAttribute("uuid")), Map.of()).rows().getFirst().getFirst();
        final String key = uri.substring(("s3://" + bucket + "/").length());
        final byte[] altered = pdf.clone();
        altered[1000] ^= 1;
        s3.putObject(bucket, key, new ByteArrayInputStream(altered), altered.length, "application/octet-stream", Map.of());
        replay.clearTransferState();
        replay.run();
        replay.assertTransferCount(ReplayFailures.REL_SUCCESS, 0);
        assertEquals(1, count("SELECT count() FROM " + table(failureTable) + " WHERE failure_id NOT IN (SELECT failure_id FROM "
                + table(failureTable + "_replays") + ")"), "the tampered payload stays pending");
        assertTrue(replay.getLogger().getErrorMessages().stream().anyMatch(message -> message.getMsg().contains("has SHA-256")));
    }

    @Test
    void aFilterThatAnAttributeMakesInvalidSendsTheTriggerToFailureAndReplaysNothing() {
        failExchanges(HouseTrades.range(450, 20), Map.of());
        route.run();
        replay.setProperty(ReplayFailures.REPLAY_FILTER, "${replay.filter}");
        replay.setIncomingConnection(true);
        replay.enqueue("", Map.of("replay.filter", "no_such_column = 1"));
        replay.run();
        replay.assertAllFlowFilesTransferred(ReplayFailures.REL_FAILURE, 1);
        assertTrue(replay.getFlowFilesForRelationship(ReplayFailures.REL_FAILURE).getFirst().getAttribute("spotlight.replay.error")
                .contains("'no_such_column' at position 1 is not a column of the failure table"));
        assertEquals(0, count("SELECT count() FROM " + table(failureTable + "_replays")));
    }

    @Test
    void anAttributeCannotWidenTheFilterBeyondWhatItSelects() {
        failExchanges(HouseTrades.range(450, 20), Map.of());
        route.enqueue("{\"x\":1}", Map.of("spotlight.error.class", "permanent", "spotlight.target.table", "other_table"));
        route.run();
        replay.setProperty(ReplayFailures.REPLAY_FILTER, "target_table = '${replay.table}'");
        replay.setIncomingConnection(true);
        // A value that, pasted into the SQL as text, would select every failure (and, with 1 = 1 --, drop the replay limit).
        replay.enqueue("", Map.of("replay.table", "x' OR '1'='1"));
        replay.enqueue("", Map.of("replay.table", "x') OR (1 = 1) --"));
        replay.run(2);

        replay.assertTransferCount(ReplayFailures.REL_SUCCESS, 0);
        replay.assertTransferCount(ReplayFailures.REL_ORIGINAL, 2);
        replay.getFlowFilesForRelationship(ReplayFailures.REL_ORIGINAL)
                .forEach(trigger -> trigger.assertAttributeEquals("spotlight.replay.failures", "0"));
        assertEquals(0, count("SELECT count() FROM " + table(failureTable + "_replays")));
    }

    @Test
    void replayedFailuresWhoseMarkersCannotBeWrittenAreMarkedBeforeAnythingIsReplayedAgain() {
        failExchanges(HouseTrades.range(450, 20), Map.of());
        route.run();
        // The marker table becomes a view: selecting from it works, writing to it fails, as a lost permission would.
        clickHouse.execute("RENAME TABLE " + table(failureTable + "_replays") + " TO " + table(failureTable + "_replays_kept"), Map.of());
        clickHouse.execute("CREATE VIEW " + table(failureTable + "_replays") + " AS SELECT * FROM " + table(failureTable + "_replays_kept"), Map.of());
        try {
            replay.run(1, false, true);
            replay.assertAllFlowFilesTransferred(ReplayFailures.REL_SUCCESS, 1);
            assertTrue(replay.getLogger().getErrorMessages().stream().anyMatch(message -> message.getMsg().contains("could not mark them")));
            replay.clearTransferState();

            // Nothing is marked, yet the next runs do not replay the same failures: they wait for the markers.
            replay.run(3, false, false);
            replay.assertTransferCount(ReplayFailures.REL_SUCCESS, 0);
        } finally {
            clickHouse.execute("DROP TABLE " + table(failureTable + "_replays"), Map.of());
            clickHouse.execute("RENAME TABLE " + table(failureTable + "_replays_kept") + " TO " + table(failureTable + "_replays"), Map.of());
        }
        replay.run(1, false, false);
        replay.assertTransferCount(ReplayFailures.REL_SUCCESS, 0);
        assertEquals(3, count("SELECT count() FROM " + table(failureTable + "_replays")), "marked by the next run, before it selected");
        replay.run(1, true, false);
        replay.assertTransferCount(ReplayFailures.REL_SUCCESS, 0);
    }

    /**
     * Two ReplayFailures on two nodes of a cluster (two processor instances whose replay lease lives in one cluster state),
     * triggered at the same moment again and again: every failure is replayed exactly once.
     */
    @Test
    void twoNodesReplayingAtOnceReplayEachFailureOnce() throws Exception {
        for (int i = 0; i < 6; i++) {
            failExchanges(HouseTrades.range(450, 20), Map.of("kafka.offset", String.valueOf(450 + i * 20)));
        }
        route.run();
        route.assertAllFlowFilesTransferred(RouteToFailureDb.REL_STORED, 6);
        final long pending = count("SELECT count() FROM " + table(failureTable));
        assertEquals(18, pending);

        final ReplayLeaseTestStore clusterState = new ReplayLeaseTestStore();
        final List<TestRunner> nodes = new ArrayList<>();
        for (int node = 0; node < 2; node++) {
            final TestRunner runner = TestRunners.newTestRunner(ReplayFailures.class);
            LocalServices.clickHouse(runner, "clickhouse", null, LiveServices.CLICKHOUSE_TIMEOUTS);
            runner.setProperty(ReplayFailures.CLICKHOUSE_SERVICE, "clickhouse");
            runner.setProperty(ReplayFailures.FAILURE_TABLE, failureTable);
            // A few failures per run, so that the nodes take turns.
            runner.setProperty(ReplayFailures.MAX_FAILURES_PER_RUN, "4");
            runner.setIncomingConnection(false);
            ((ReplayFailures) runner.getProcessor()).shareLeaseStore(clusterState);
            nodes.add(runner);
        }
        final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 8; round++) {
                final java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
                final List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
                for (TestRunner node : nodes) {
                    runs.add(threads.submit(() -> {
                        together.await();
                        node.run(1, true, true);
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> run : runs) {
                    run.get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
            }
        } finally {
            threads.shutdownNow();
        }

        final List<String> replayed = new ArrayList<>();
        for (TestRunner node : nodes) {
            for (MockFlowFile flowFile : node.getFlowFilesForRelationship(ReplayFailures.REL_SUCCESS)) {
                replayed.addAll(List.of(flowFile.getContent().split("\n")));
            }
        }
        assertEquals(18, replayed.size(), "every failure replayed");
        assertEquals(18, count("SELECT count() FROM " + table(failureTable + "_replays")), "each marked once");
        assertEquals(18, count("SELECT uniqExact(failure_id) FROM " + table(failureTable + "_replays")));
    }

    /** NiFi's cluster state as the two nodes share it: an atomic compare-and-swap. */
    private static final class ReplayLeaseTestStore implements org.spotlight.failure.ReplayLease.Store {
        private String value;

        @Override
        public synchronized String get() {
            return value;
        }

        @Override
        public synchronized boolean replace(final String expected, final String next) {
            if (!java.util.Objects.equals(value, expected)) {
                return false;
            }
            value = next;
            return true;
        }
    }
}
