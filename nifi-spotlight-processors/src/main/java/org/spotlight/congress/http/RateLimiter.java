package org.spotlight.congress.http;

import java.time.Duration;

/**
 * Spaces requests at least {@code minInterval} apart, the politeness the disclosure sites ask of scrapers.
 * One limiter is shared by every request a fetcher makes, retries included.
 */
public final class RateLimiter {

    private final long minIntervalNanos;
    private final Sleeper sleeper;
    private boolean first = true;
    private long nextAllowedNanos;

    public RateLimiter(final Duration minInterval, final Sleeper sleeper) {
        this.minIntervalNanos = minInterval.toNanos();
        this.sleeper = sleeper;
    }

    public synchronized void acquire() throws InterruptedException {
        if (minIntervalNanos <= 0) {
            return;
        }
        final long now = System.nanoTime();
        final long start = first || now - nextAllowedNanos >= 0 ? now : nextAllowedNanos;
        if (start != now) {
            sleeper.sleep(Duration.ofNanos(start - now));
        }
        first = false;
        nextAllowedNanos = start + minIntervalNanos;
    }
}
