package org.spotlight.congress.http;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Spaces requests at least {@code minInterval} apart, the politeness the disclosure sites ask of scrapers.
 * One limiter is shared by every request a fetcher makes, retries included.
 */
public final class RateLimiter {

    private final long minIntervalNanos;
    private final Sleeper sleeper;
    private final LongSupplier nanoTime;
    private boolean first = true;
    private long nextAllowedNanos;

    public RateLimiter(final Duration minInterval, final Sleeper sleeper) {
        this(minInterval, sleeper, System::nanoTime);
    }

    /** @param nanoTime the monotonic time it spaces requests by; tests pass their own */
    RateLimiter(final Duration minInterval, final Sleeper sleeper, final LongSupplier nanoTime) {
        this.minIntervalNanos = minInterval.toNanos();
        this.sleeper = sleeper;
        this.nanoTime = nanoTime;
    }

    public synchronized void acquire() throws InterruptedException {
        if (minIntervalNanos <= 0) {
            return;
        }
        final long now = nanoTime.getAsLong();
        final long start = first || now - nextAllowedNanos >= 0 ? now : nextAllowedNanos;
        if (start != now) {
            sleeper.sleep(Duration.ofNanos(start - now));
        }
        first = false;
        nextAllowedNanos = start + minIntervalNanos;
    }
}
