package org.spotlight.nifi.processors.clickhouse;

import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.SpotlightAttributes;
import org.spotlight.testing.LocalClickHouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ClickHouse goes away in the middle of a run: the batches that cannot be inserted go to retry, none is lost, and once
 * the server is back every record lands exactly once. The table deduplicates retried inserts (insert_deduplication_token
 * on 26.x, a ReplicatedMergeTree with ZooKeeper from the local stack on 18.16), so a batch the server stored just before
 * it stopped, without the client hearing of it, is recognised when it is retried. The test stops and starts the
 * stack's own ClickHouse with ./spotlight down|up.
 */
class ClickHouseRestartIT {

    private static final int FLOWFILES = 30;
    private static final int RECORDS = 500;

    private ClickHouseFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(LocalClickHouse.isLocalStack(), "ClickHouse is external: this test can only stop the local stack's own server");
        fixture = new ClickHouseFixture();
    }

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            LocalClickHouse.start();
            fixture.close();
        }
    }

    @Test
    void batchesWaitInRetryWhileClickHouseIsDownAndLandExactlyOnceWhenItIsBack() throws Exception {
        final String table = fixture.table("it_restart");
        fixture.createDeduplicatingTable(table, "id UInt64, member String", "id");
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, table);
        fixture.runner.setProperty(PutClickHouseBatch.MAX_BATCH_ROWS, Integer.toString(2 * RECORDS));
        for (int flowFile = 0; flowFile < FLOWFILES; flowFile++) {
            final String content = IntStream.range(flowFile * RECORDS, (flowFile + 1) * RECORDS)
                    .mapToObj(id -> "{\"id\": " + id + ", \"member\": \"Member " + id + "\"}").collect(Collectors.joining("\n"));
            fixture.runner.enqueue(content, Map.of("record.count", Integer.toString(RECORDS)));
        }

        fixture.runner.run(2, false, true);
        final Thread stopping = Thread.ofPlatform().start(LocalClickHouse::stop);
        // Batches keep coming while the server shuts down; a few are kept for after it is gone.
        while (stopping.isAlive() && fixture.runner.getQueueSize().getObjectCount() > 6) {
            fixture.runner.run(1, false, false);
            Thread.sleep(50);
        }
        stopping.join();
        assertFalse(LocalClickHouse.answers());
        while (fixture.runner.getQueueSize().getObjectCount() > 0) {
            fixture.runner.run(1, false, false);
        }

        final List<MockFlowFile> retried = new ArrayList<>(fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_RETRY));
        assertFalse(retried.isEmpty(), "some batches met the stopped server");
        for (MockFlowFile flowFile : retried) {
            assertEquals("true", flowFile.getAttribute(SpotlightAttributes.ERROR_RETRYABLE));
            assertTrue(List.of("CONNECTION", "TIMEOUT", "210").contains(flowFile.getAttribute(SpotlightAttributes.ERROR_CODE)),
                    flowFile.getAttribute(SpotlightAttributes.ERROR_CODE) + ": " + flowFile.getAttribute(SpotlightAttributes.ERROR_MESSAGE));
        }
        fixture.runner.assertTransferCount(PutClickHouseBatch.REL_FAILURE, 0);
        fixture.assertRecordsAccountedFor((long) FLOWFILES * RECORDS);

        LocalClickHouse.start();
        final int landedBefore = fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS).size();
        fixture.runner.clearTransferState();
        for (MockFlowFile flowFile : retried) {
            fixture.runner.enqueue(flowFile.getContent(), flowFile.getAttributes());
        }
        // The processor leaves ClickHouse alone for a while after the outage (at most OUTAGE_BACKOFF_MAXIMUM), then lands
        // the retried batches.
        final long deadline = System.nanoTime() + PutClickHouseBatch.OUTAGE_BACKOFF_MAXIMUM.plusSeconds(30).toNanos();
        while (fixture.runner.getQueueSize().getObjectCount() > 0 && System.nanoTime() < deadline) {
            fixture.runner.run(1, false, false);
            Thread.sleep(100);
        }

        fixture.assertAllSucceeded(retried.size());
        assertEquals(FLOWFILES, landedBefore + retried.size());
        assertEquals(List.of(List.of(Integer.toString(FLOWFILES * RECORDS), Integer.toString(FLOWFILES * RECORDS))),
                fixture.rows("SELECT count(), uniqExact(id) FROM " + table), "every record exactly once");
    }
}
