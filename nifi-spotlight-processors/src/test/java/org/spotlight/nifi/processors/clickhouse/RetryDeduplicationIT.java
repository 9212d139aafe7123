package org.spotlight.nifi.processors.clickhouse;

import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.insert.Deduplication;
import org.spotlight.clickhouse.client.ClickHouseCapability;
import org.spotlight.nifi.SpotlightAttributes;
import org.spotlight.nifi.service.clickhouse.StandardClickHouseConnectionService;
import org.spotlight.testing.LocalStack;
import org.spotlight.testing.ResponseHoldingProxy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch whose insert the server stored but whose answer timed out is retried without storing its rows twice, on each
 * server by the means it has: on 26.x, insert_deduplication_token on a non-replicated MergeTree with
 * non_replicated_deduplication_window; on 18.16, which has no tokens, a ReplicatedMergeTree table (ZooKeeper from the
 * local stack) that remembers the hashes of recent blocks, PutClickHouseBatch rebuilding the retried batch into exactly
 * the same block. The contrast case shows the documented bound without either.
 */
class RetryDeduplicationIT {

    private static final int FLOWFILES = 3;
    private static final int RECORDS = 1_000;

    private ResponseHoldingProxy proxy;
    private ClickHouseFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        proxy = new ResponseHoldingProxy(LocalStack.clickHouseUrl());
        fixture = new ClickHouseFixture(proxy.url(), Map.of(StandardClickHouseConnectionService.SOCKET_TIMEOUT, "3 sec"));
    }

    @AfterEach
    void tearDown() throws Exception {
        proxy.holdInsertResponses(false);
        fixture.close();
        proxy.close();
    }

    private static String records(final int flowFile) {
        return IntStream.range(flowFile * RECORDS, (flowFile + 1) * RECORDS)
                .mapToObj(id -> "{\"id\": " + id + ", \"member\": \"Member " + id + "\"}")
                .collect(Collectors.joining("\n"));
    }

    /** Sends a batch whose answer is lost, then the retried FlowFiles behind one fresh FlowFile; returns what went to retry. */
    private List<MockFlowFile> timeOutThenRetry(final String table) {
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, table);
        for (int flowFile = 0; flowFile < FLOWFILES; flowFile++) {
            fixture.runner.enqueue(records(flowFile), Map.of("record.count", Integer.toString(RECORDS)));
        }
        proxy.holdInsertResponses(true);

        fixture.runner.run();

        assertEquals(1, proxy.heldResponses(), "the server answered the insert, the client did not hear it");
        assertEquals(FLOWFILES * RECORDS, fixture.count(table), "the server stored the batch");
        fixture.runner.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_RETRY, FLOWFILES);
        final List<MockFlowFile> retried = fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_RETRY);
        for (MockFlowFile flowFile : retried) {
            flowFile.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "TIMEOUT");
            flowFile.assertAttributeEquals(SpotlightAttributes.ERROR_RETRYABLE, "true");
            flowFile.assertAttributeNotExists(SpotlightAttributes.RETRY_COUNT);
            flowFile.assertAttributeEquals(PutClickHouseBatch.RETRY_BATCH_SIZE, Integer.toString(FLOWFILES));
            assertTrue(flowFile.isPenalized());
        }
        fixture.assertRecordsAccountedFor(FLOWFILES * RECORDS);

        // Back through the processor, as a retry connection would bring them, behind a fresh FlowFile.
        proxy.holdInsertResponses(false);
        fixture.runner.clearTransferState();
        fixture.runner.enqueue(records(FLOWFILES), Map.of("record.count", Integer.toString(RECORDS)));
        for (MockFlowFile flowFile : retried) {
            fixture.runner.enqueue(flowFile.getContent(), flowFile.getAttributes());
        }
        fixture.runner.run(2);
        fixture.assertAllSucceeded(FLOWFILES + 1);
        final String retriedBatch = retried.getFirst().getAttribute(PutClickHouseBatch.RETRY_BATCH);
        assertEquals(FLOWFILES, fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS).stream()
                        .filter(flowFile -> retriedBatch.equals(flowFile.getAttribute(PutClickHouseBatch.BATCH_KEY))).count(),
                "the retried FlowFiles formed their batch again, without the fresh one");
        fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS).forEach(flowFile -> {
            flowFile.assertAttributeNotExists(SpotlightAttributes.ERROR_CODE);
            flowFile.assertAttributeNotExists(PutClickHouseBatch.RETRY_BATCH);
        });
        return retried;
    }

    @Test
    void aRetriedBatchIsNotStoredTwiceInATableThatDeduplicates() {
        final String table = fixture.table("it_dedup");
        final Deduplication means = fixture.createDeduplicatingTable(table, "id UInt64, member String", "id");

        timeOutThenRetry(table);

        assertEquals((FLOWFILES + 1) * RECORDS, fixture.count(table), "the retried insert was recognised and dropped; the fresh one landed");
        assertEquals(List.of(List.of(Integer.toString((FLOWFILES + 1) * RECORDS))), fixture.rows("SELECT uniqExact(id) FROM " + table));
        fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS).getFirst()
                .assertAttributeEquals(PutClickHouseBatch.DEDUPLICATION, means.description());
    }

    @Test
    void aRetriedBatchIsNotStoredTwiceInATableSpotlightCreatedAndTheSettingsItReliesOnArePinned() {
        final String table = fixture.table("it_dedup_created");
        final boolean tokens = fixture.clickHouse.getServerInfo().supports(ClickHouseCapability.INSERT_DEDUPLICATION_TOKEN);
        fixture.runner.setProperty(PutClickHouseBatch.CREATE_TABLE, "true");
        fixture.runner.setProperty(PutClickHouseBatch.ORDER_BY, "id");
        // With tokens, the non-replicated MergeTree Spotlight creates (non_replicated_deduplication_window); 18.16 needs replication.
        fixture.runner.setProperty(PutClickHouseBatch.REPLICATED, Boolean.toString(!tokens));

        timeOutThenRetry(table);

        assertEquals((FLOWFILES + 1) * RECORDS, fixture.count(table), "0 duplicates: the retried insert was dropped, the fresh one landed");
        fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS).getFirst().assertAttributeEquals(PutClickHouseBatch.DEDUPLICATION,
                (tokens ? Deduplication.TOKEN : Deduplication.BLOCK_HASH).description());
        final List<String> inserts = proxy.requestLines().stream().filter(line -> line.contains("query=INSERT")).toList();
        assertEquals(3, inserts.size(), "the lost insert, its retry and the fresh batch: " + inserts);
        for (String insert : inserts) {
            if (tokens) {
                // 26.3+ defaults to async_insert = 1 (with wait_for_async_insert = 1): pinned off, as on servers whose defaults did not change.
                assertTrue(insert.contains("async_insert=0") && insert.contains("insert_deduplicate=1") && insert.contains("insert_deduplication_token="),
                        insert);
                assertTrue(fixture.rows("SELECT engine_full FROM system.tables WHERE name = '" + table + "'").getFirst().getFirst()
                        .contains("non_replicated_deduplication_window"));
            } else {
                assertTrue(!insert.contains("async_insert") && !insert.contains("insert_deduplication_token"), "18.16 has neither: " + insert);
            }
        }
        if (tokens) {
            final String lost = inserts.getFirst().replaceAll("query_id=[^&]*", "");
            assertEquals(1, inserts.stream().skip(1).map(line -> line.replaceAll("query_id=[^&]*", "")).filter(lost::equals).count(),
                    "the retry is the same insert as the lost one (same statement, settings and token), the fresh batch is not: " + inserts);
        }
    }

    @Test
    void withoutDeduplicationTheRetryStoresTheBatchAgain() {
        final String table = fixture.table("it_nodedup");
        fixture.execute("CREATE TABLE " + table + " (id UInt64, member String) ENGINE = MergeTree ORDER BY id");

        timeOutThenRetry(table);

        assertEquals((2 * FLOWFILES + 1) * RECORDS, fixture.count(table), "at-least-once: the bound documented for tables that cannot deduplicate");
        fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS).getFirst()
                .assertAttributeEquals(PutClickHouseBatch.DEDUPLICATION, Deduplication.NONE.description());
    }
}
