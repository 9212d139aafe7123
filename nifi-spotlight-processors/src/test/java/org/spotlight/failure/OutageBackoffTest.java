package org.spotlight.failure;

import org.junit.jupiter.api.Test;
import org.spotlight.testing.MutableClock;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutageBackoffTest {

    @Test
    void theWaitDoublesWhileFailuresGoOnAndASuccessEndsIt() {
        final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
        final OutageBackoff backoff = new OutageBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), clock);
        assertFalse(backoff.isWaiting());
        final StringBuilder waits = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            final Duration wait = backoff.failed();
            waits.append(wait.toSeconds()).append(' ');
            assertTrue(backoff.isWaiting());
            clock.advance(wait.minusMillis(1));
            assertTrue(backoff.isWaiting());
            clock.advance(Duration.ofMillis(1));
            assertFalse(backoff.isWaiting());
        }
        assertEquals("1 2 4 8 16 30 30 30 ", waits.toString());
        backoff.succeeded();
        assertEquals(0, backoff.failures());
        assertEquals(Duration.ofSeconds(1), backoff.failed());
    }

    @Test
    void doublingNeverOverflows() {
        assertEquals(Duration.ofDays(1), OutageBackoff.doubled(Duration.ofSeconds(1), Duration.ofDays(1), Integer.MAX_VALUE));
        assertEquals(Duration.ZERO, OutageBackoff.doubled(Duration.ZERO, Duration.ofDays(1), 5));
    }
}
