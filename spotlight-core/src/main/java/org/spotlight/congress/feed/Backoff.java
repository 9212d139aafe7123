package org.spotlight.congress.feed;

import java.time.Duration;

/**
 * How long a filing or a site that failed for a reason that may pass is left alone: {@code initial} after the
 * first failure, doubling with each further failure in a row, never more than {@code max}. A wait the site itself
 * asked for (Retry-After) is honoured up to {@code max}; an absurd one is capped there.
 */
public record Backoff(Duration initial, Duration max) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofMinutes(10), Duration.ofDays(1));

    public Backoff {
        if (initial.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("Backoff durations cannot be negative");
        }
    }

    /** The wait after the given number of failures in a row (1 for the first). */
    public Duration after(final int failures) {
        final long millis = initial.toMillis() <= 0 ? 0 : initial.toMillis() << Math.min(Math.max(failures - 1, 0), 30);
        return millis < 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }

    /** The site's own Retry-After when it gave one (capped at {@code max}), else {@link #after(int)}. */
    public Duration after(final int failures, final Duration retryAfter) {
        if (retryAfter == null) {
            return after(failures);
        }
        return retryAfter.compareTo(max) > 0 ? max : retryAfter;
    }
}
