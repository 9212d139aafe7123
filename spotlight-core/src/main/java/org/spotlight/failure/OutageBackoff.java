package org.spotlight.failure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How long a component leaves a service alone after it failed: the wait doubles with every failure in a row, from
 * {@code initial} up to {@code maximum}, and a success ends it. While it waits, the component takes nothing from its
 * queue and yields, so that an outage of any length costs neither CPU nor FlowFiles: they wait in the queue.
 * Safe for concurrent tasks.
 */
public final class OutageBackoff {

    private final Duration initial;
    private final Duration maximum;
    private final Clock clock;
    private int failures;
    private Instant until = Instant.MIN;

    public OutageBackoff(final Duration initial, final Duration maximum, final Clock clock) {
        if (initial.isNegative() || maximum.compareTo(initial) < 0) {
            throw new IllegalArgumentException("A backoff needs 0 <= initial <= maximum: " + initial + ", " + maximum);
        }
        this.initial = initial;
        this.maximum = maximum;
        this.clock = clock;
    }

    /** Whether the service is being left alone right now. */
    public synchronized boolean isWaiting() {
        return clock.instant().isBefore(until);
    }

    /** Records a failure; returns how long the service is left alone from now. */
    public synchronized Duration failed() {
        failures++;
        final Duration wait = doubled(initial, maximum, failures - 1);
        until = clock.instant().plus(wait);
        return wait;
    }

    /** The service answered: no more waiting. */
    public synchronized void succeeded() {
        failures = 0;
        until = Instant.MIN;
    }

    /** Failures in a row so far. */
    public synchronized int failures() {
        return failures;
    }

    /** {@code initial} doubled {@code times} times, at most {@code maximum}; never overflows. */
    static Duration doubled(final Duration initial, final Duration maximum, final int times) {
        if (initial.isZero()) {
            return Duration.ZERO;
        }
        Duration wait = initial;
        for (int i = 0; i < times && wait.compareTo(maximum) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maximum) > 0 ? maximum : wait;
    }
}
