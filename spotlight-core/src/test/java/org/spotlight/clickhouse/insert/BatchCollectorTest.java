package org.spotlight.clickhouse.insert;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchCollectorTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration REASSEMBLY = Duration.ofSeconds(30);

    private static BatchCollector.Candidate fresh(final long records, final long queued) {
        return new BatchCollector.Candidate(1000, records, null, 1, queued);
    }

    private static BatchCollector.Candidate retried(final String group, final int size) {
        return new BatchCollector.Candidate(1000, 10, group, size, 0);
    }

    @Test
    void takesFreshInputsUpToTheRowLimit() {
        final BatchCollector collector = new BatchCollector(250, Long.MAX_VALUE);

        assertEquals(BatchCollector.Decision.TAKE, collector.offer(fresh(100, 0)));
        assertEquals(BatchCollector.Decision.TAKE, collector.offer(fresh(100, 0)));
        assertEquals(BatchCollector.Decision.STOP, collector.offer(fresh(100, 0)), "a third would exceed 250 rows");
        assertEquals(2, collector.inputs());
        assertTrue(collector.ready(0, WAIT, REASSEMBLY), "full batches go at once");
    }

    @Test
    void stopsAfterTheInputThatReachesTheLimit() {
        final BatchCollector collector = new BatchCollector(200, Long.MAX_VALUE);

        assertEquals(BatchCollector.Decision.TAKE, collector.offer(fresh(100, 0)));
        assertEquals(BatchCollector.Decision.TAKE_AND_STOP, collector.offer(fresh(100, 0)));
    }

    @Test
    void aSingleInputLargerThanTheLimitStillGoes() {
        final BatchCollector collector = new BatchCollector(10, 10);

        assertEquals(BatchCollector.Decision.TAKE_AND_STOP, collector.offer(fresh(1_000, 0)));
        assertTrue(collector.ready(0, WAIT, REASSEMBLY));
    }

    @Test
    void bytesCountWhenRecordCountsAreUnknown() {
        final BatchCollector collector = new BatchCollector(1_000_000, 2500);

        assertEquals(BatchCollector.Decision.TAKE, collector.offer(fresh(-1, 0)));
        assertEquals(BatchCollector.Decision.TAKE, collector.offer(fresh(-1, 0)));
        assertEquals(BatchCollector.Decision.STOP, collector.offer(fresh(-1, 0)));
    }

    @Test
    void aBatchThatIsNotFullWaitsForItsOldestInputToAge() {
        final BatchCollector collector = new BatchCollector(1_000, Long.MAX_VALUE);
        collector.offer(fresh(10, 1_000));
        collector.offer(fresh(10, 3_000));

        assertFalse(collector.ready(5_999, WAIT, REASSEMBLY));
        assertTrue(collector.ready(6_000, WAIT, REASSEMBLY));
    }

    @Test
    void aRetriedBatchIsRebuiltFromItsOwnMembersOnly() {
        final BatchCollector collector = new BatchCollector(1_000, Long.MAX_VALUE);

        assertEquals(BatchCollector.Decision.TAKE, collector.offer(retried("g1", 3)));
        assertEquals(BatchCollector.Decision.SKIP, collector.offer(fresh(10, 0)));
        assertEquals(BatchCollector.Decision.SKIP, collector.offer(retried("g2", 2)));
        assertEquals(BatchCollector.Decision.TAKE, collector.offer(retried("g1", 3)));
        assertFalse(collector.ready(1_000, WAIT, REASSEMBLY), "one member is still missing");
        assertEquals(BatchCollector.Decision.TAKE_AND_STOP, collector.offer(retried("g1", 3)));
        assertTrue(collector.ready(1_000, WAIT, REASSEMBLY));
        assertTrue(collector.isRetriedBatch());
    }

    @Test
    void anIncompleteRetriedBatchGoesAheadAfterTheReassemblyTime() {
        final BatchCollector collector = new BatchCollector(1_000, Long.MAX_VALUE);
        collector.offer(retried("g1", 3));

        assertFalse(collector.ready(29_999, WAIT, REASSEMBLY));
        assertTrue(collector.ready(30_000, WAIT, REASSEMBLY));
    }

    @Test
    void freshInputsIgnoreRetriedOnes() {
        final BatchCollector collector = new BatchCollector(1_000, Long.MAX_VALUE);

        assertEquals(BatchCollector.Decision.TAKE, collector.offer(fresh(10, 0)));
        assertEquals(BatchCollector.Decision.SKIP, collector.offer(retried("g1", 2)));
        assertEquals(BatchCollector.Decision.TAKE, collector.offer(fresh(10, 0)));
    }
}
