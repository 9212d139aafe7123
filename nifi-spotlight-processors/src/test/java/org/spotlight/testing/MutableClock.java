package org.spotlight.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test moves on by hand, for backoffs and retry durations that would otherwise take minutes. */
public final class MutableClock extends Clock {

    private volatile Instant now;

    public MutableClock(final Instant start) {
        this.now = start;
    }

    /** Starts at the real time, so that FlowFiles queued before it count as queued in the past. */
    public static MutableClock startingNow() {
        return new MutableClock(Instant.now());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(final ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }

    public void advance(final Duration duration) {
        now = now.plus(duration);
    }
}
