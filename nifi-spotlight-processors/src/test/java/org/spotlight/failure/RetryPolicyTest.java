package org.spotlight.failure;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {

    /** Stores every failure at once: what tests of the storing need. */
    static final RetryPolicy STORE_AT_ONCE = new RetryPolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO, false);

    private static final Classification TRANSIENT = Classification.of(FailureClass.TRANSIENT, "ClickHouse error code 252 is one of the transient server codes");
    private static final Classification PERMANENT = Classification.of(FailureClass.PERMANENT, "cast");
    private static final Classification UNKNOWN = Classification.of(FailureClass.UNKNOWN, "no error attributes on the FlowFile");
    private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");

    private static final RetryPolicy UNBOUNDED = new RetryPolicy(Duration.ofSeconds(10), Duration.ofMinutes(5), null, false);

    @Test
    void anOutageOfAnyLengthIsRetriedWithADoublingBackoffAndNeverStored() {
        Instant failedAt = START;
        Instant since = null;
        int retries = 0;
        final long[] waits = new long[12];
        for (int attempt = 0; attempt < waits.length; attempt++) {
            final RetryPolicy.Decision decision = UNBOUNDED.decide(TRANSIENT, new RetryPolicy.RetryState(retries, since, failedAt), failedAt);
            assertTrue(decision.retry(), "attempt " + attempt);
            assertEquals(FailureClass.TRANSIENT, decision.failureClass());
            assertEquals(retries + 1, decision.retryCount(), "each retry is counted once");
            assertEquals(START, decision.firstFailure());
            waits[attempt] = Duration.between(failedAt, decision.retryAt()).toSeconds();
            retries = decision.retryCount();
            since = decision.firstFailure();
            failedAt = decision.retryAt();
        }
        assertEquals("[10, 20, 40, 80, 160, 300, 300, 300, 300, 300, 300, 300]", java.util.Arrays.toString(waits));
        assertTrue(Duration.between(START, failedAt).toMinutes() > 30, "half an hour of outage, still retried");
    }

    @Test
    void theBackoffCountsFromTheFailureSoThatAPenaltyAlreadyWaitedIsNotWaitedAgain() {
        // The failing processor penalized the FlowFile for 30 s before it arrived: the 10 s backoff is long over.
        final RetryPolicy.Decision decision = UNBOUNDED.decide(TRANSIENT, new RetryPolicy.RetryState(0, null, START),
                START.plusSeconds(30));
        assertTrue(decision.retry());
        assertEquals(START.plusSeconds(10), decision.retryAt());
    }

    @Test
    void aMaximumRetryDurationStoresTheFailureKeepingItsClass() {
        final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofHours(1), false);
        final RetryPolicy.Decision late = policy.decide(TRANSIENT, new RetryPolicy.RetryState(12, START, START.plusSeconds(3300)),
                START.plusSeconds(3300));
        assertTrue(late.retry());
        assertEquals(START.plusSeconds(3600), late.retryAt(), "one last attempt when the hour is up, not none");

        final RetryPolicy.Decision over = policy.decide(TRANSIENT, new RetryPolicy.RetryState(13, START, START.plusSeconds(3600)),
                START.plusSeconds(3600));
        assertFalse(over.retry());
        assertEquals(FailureClass.TRANSIENT, over.failureClass(), "an outage is not a problem of the records");
        assertEquals(13, over.retryCount());
        assertEquals("transient failure outlasted the Maximum Retry Duration of 1 h (13 retries since 2026-12-07T10:00:00Z); "
                + "ClickHouse error code 252 is one of the transient server codes", over.reason());
        assertNull(over.retryAt());
    }

    @Test
    void permanentFailuresAreStoredAtOnce() {
        final RetryPolicy.Decision decision = UNBOUNDED.decide(PERMANENT, new RetryPolicy.RetryState(1, START, START), START);
        assertFalse(decision.retry());
        assertEquals(FailureClass.PERMANENT, decision.failureClass());
        assertEquals(1, decision.retryCount());
        assertEquals("cast", decision.reason());
    }

    @Test
    void unknownFailuresAreStoredOrRetriedAsConfigured() {
        final RetryPolicy.Decision stored = UNBOUNDED.decide(UNKNOWN, new RetryPolicy.RetryState(0, null, START), START);
        assertFalse(stored.retry());
        assertEquals(FailureClass.UNKNOWN, stored.failureClass());

        final RetryPolicy retrying = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(1), true);
        assertTrue(retrying.decide(UNKNOWN, new RetryPolicy.RetryState(0, null, START), START).retry());
        final RetryPolicy.Decision over = retrying.decide(UNKNOWN, new RetryPolicy.RetryState(30, START, START.plusSeconds(60)),
                START.plusSeconds(60));
        assertFalse(over.retry());
        assertEquals(FailureClass.UNKNOWN, over.failureClass());
        assertTrue(over.reason().startsWith("unknown failure outlasted the Maximum Retry Duration of 1 min (30 retries"), over.reason());
    }

    @Test
    void aZeroMaximumStoresTransientFailuresAtOnce() {
        assertFalse(STORE_AT_ONCE.decide(TRANSIENT, new RetryPolicy.RetryState(0, null, START), START).retry());
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), null, false));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(-1), false));
    }

    @Test
    void theStateComesFromTheAttributesAndSurvivesGarbage() {
        final RetryPolicy.RetryState state = RetryPolicy.RetryState.of(Map.of("spotlight.retry.count", "4",
                "spotlight.retry.since", "2026-12-07T09:00:00Z"), START);
        assertEquals(4, state.retriesSoFar());
        assertEquals(Instant.parse("2026-12-07T09:00:00Z"), state.firstFailure());
        final RetryPolicy.RetryState garbage = RetryPolicy.RetryState.of(Map.of("spotlight.retry.count", "x",
                "spotlight.retry.since", "yesterday"), START);
        assertEquals(0, garbage.retriesSoFar());
        assertNull(garbage.firstFailure());
    }
}
