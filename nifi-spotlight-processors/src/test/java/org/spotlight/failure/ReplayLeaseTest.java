package org.spotlight.failure;

import org.junit.jupiter.api.Test;
import org.spotlight.testing.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayLeaseTest {

    /** What NiFi's cluster state offers: an atomic compare-and-swap, here of one value in memory. */
    static final class MemoryStore implements ReplayLease.Store {
        private final AtomicReference<String> value = new AtomicReference<>();

        @Override
        public String get() {
            return value.get();
        }

        @Override
        public synchronized boolean replace(final String expected, final String next) {
            if (!Objects.equals(value.get(), expected)) {
                return false;
            }
            value.set(next);
            return true;
        }
    }

    @Test
    void oneHolderAtATimeUntilItReleasesOrItsLeaseExpires() throws Exception {
        final MemoryStore store = new MemoryStore();
        final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
        final ReplayLease nodeA = new ReplayLease(store, "replay@node-a", Duration.ofMinutes(10), clock);
        final ReplayLease nodeB = new ReplayLease(store, "replay@node-b", Duration.ofMinutes(10), clock);

        assertTrue(nodeA.acquire());
        assertFalse(nodeB.acquire(), "held by node A");
        assertTrue(nodeA.acquire(), "the holder renews");
        nodeA.release();
        assertTrue(nodeB.acquire());
        nodeA.release();
        assertFalse(nodeA.acquire(), "A cannot release B's lease");

        // B dies holding it: after the lease's duration A takes over, and B, back, finds it lost.
        clock.advance(Duration.ofMinutes(10));
        assertTrue(nodeA.acquire());
        assertFalse(nodeB.renew(), "B's run must not emit what it selected");
        assertTrue(nodeA.renew());
        assertTrue(nodeB.describe().startsWith("replay@node-a until "));
    }

    @Test
    void concurrentRunsNeverHoldItTogether() throws Exception {
        final MemoryStore store = new MemoryStore();
        final AtomicInteger holders = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicInteger runs = new AtomicInteger();
        final ExecutorService threads = Executors.newFixedThreadPool(4);
        final CountDownLatch start = new CountDownLatch(1);
        try {
            final Future<?>[] futures = new Future<?>[4];
            for (int t = 0; t < futures.length; t++) {
                final ReplayLease lease = new ReplayLease(store, "replay@node-" + t, Duration.ofMinutes(10), java.time.Clock.systemUTC());
                futures[t] = threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 2_000; i++) {
                        if (lease.acquire()) {
                            if (holders.incrementAndGet() > 1) {
                                overlaps.incrementAndGet();
                            }
                            runs.incrementAndGet();
                            holders.decrementAndGet();
                            lease.release();
                        }
                    }
                    return null;
                });
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(0, overlaps.get());
        assertTrue(runs.get() > 0);
    }
}
