package org.spotlight.failure;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {

    private static final Classification TRANSIENT = Classification.of(FailureClass.TRANSIENT, "ClickHouse error code 252 is one of the transient server codes");
    private static final Classification PERMANENT = Classification.of(FailureClass.PERMANENT, "cast");
    private static final Classification UNKNOWN = Classification.of(FailureClass.UNKNOWN, "no error attributes on the FlowFile");

    @Test
    void transientFailuresAreRetriedUpToTheMaximumThenStoredAsPermanent() {
        final RetryPolicy policy = new RetryPolicy(3, false);
        for (int soFar = 0; soFar < 3; soFar++) {
            final RetryPolicy.Decision decision = policy.decide(TRANSIENT, soFar);
            assertTrue(decision.retry());
            assertEquals(soFar + 1, decision.retryCount());
            assertEquals(FailureClass.TRANSIENT, decision.failureClass());
        }
        final RetryPolicy.Decision exhausted = policy.decide(TRANSIENT, 3);
        assertFalse(exhausted.retry());
        assertEquals(FailureClass.PERMANENT, exhausted.failureClass());
        assertEquals(3, exhausted.retryCount());
        assertEquals("transient failure persisted after 3 retries (maximum 3); ClickHouse error code 252 is one of the transient server codes",
                exhausted.reason());
    }

    @Test
    void permanentFailuresAreStoredAtOnce() {
        final RetryPolicy.Decision decision = new RetryPolicy(3, true).decide(PERMANENT, 1);
        assertFalse(decision.retry());
        assertEquals(FailureClass.PERMANENT, decision.failureClass());
        assertEquals(1, decision.retryCount());
        assertEquals("cast", decision.reason());
    }

    @Test
    void unknownFailuresAreStoredOrRetriedAsConfigured() {
        final RetryPolicy.Decision stored = new RetryPolicy(3, false).decide(UNKNOWN, 0);
        assertFalse(stored.retry());
        assertEquals(FailureClass.UNKNOWN, stored.failureClass());

        final RetryPolicy retrying = new RetryPolicy(1, true);
        assertTrue(retrying.decide(UNKNOWN, 0).retry());
        final RetryPolicy.Decision exhausted = retrying.decide(UNKNOWN, 1);
        assertFalse(exhausted.retry());
        assertEquals(FailureClass.PERMANENT, exhausted.failureClass());
        assertTrue(exhausted.reason().startsWith("unknown failure persisted after 1 retries"), exhausted.reason());
    }

    @Test
    void zeroRetriesStoresTransientFailuresAtOnce() {
        assertFalse(new RetryPolicy(0, false).decide(TRANSIENT, 0).retry());
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(-1, false));
    }
}
