package org.spotlight.failure;

import org.spotlight.SpotlightAttributes;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a classified failure goes back for another attempt, and when, or is stored. Retries are bounded in time, not
 * in number: a transient failure is retried, each attempt after a backoff that doubles from {@code initialBackoff} to
 * {@code maxBackoff}, until {@code maxRetryDuration} has passed since its first failure; without a maximum it is
 * retried until it succeeds, so that an outage of any length costs time but never turns good records into stored
 * failures. A failure stored because it outlasted the maximum keeps its class (transient or unknown): it is still not
 * a problem of the records, and replaying them once the outage is over lands them.
 *
 * @param initialBackoff   the wait before the first retry, counted from the failure
 * @param maxBackoff       the longest wait between two attempts
 * @param maxRetryDuration how long after its first failure a transient failure is still retried; null for no limit
 * @param retryUnknown     whether unknown failures are retried like transient ones
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration maxRetryDuration, boolean retryUnknown) {

    /** Where a FlowFile stands: its earlier retries, when it first failed (null before any retry), when it failed this time. */
    public record RetryState(int retriesSoFar, Instant firstFailure, Instant failedAt) {
        public RetryState {
            Objects.requireNonNull(failedAt, "failedAt");
        }

        /** From spotlight.retry.count and spotlight.retry.since; values that do not parse count as absent. */
        public static RetryState of(final Map<String, String> attributes, final Instant failedAt) {
            return new RetryState(FailureContext.count(attributes.get(SpotlightAttributes.RETRY_COUNT)),
                    instant(attributes.get(SpotlightAttributes.RETRY_SINCE)), failedAt);
        }
    }

    /** An ISO-8601 instant, or null when absent or not one. */
    public static Instant instant(final String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (final DateTimeParseException e) {
            return null;
        }
    }

    /**
     * @param retry        true: retry at {@code retryAt}; false: store as {@code failureClass}
     * @param retryCount   the retry count after this decision (one more when retrying: every retry is counted here, once)
     * @param firstFailure when the FlowFile first failed, kept across its retries (null when stored at once)
     * @param retryAt      when the FlowFile goes back to be tried again (null when stored)
     * @param reason       the classification reason, extended when the FlowFile outlasted its retries
     */
    public record Decision(boolean retry, FailureClass failureClass, int retryCount, Instant firstFailure, Instant retryAt, String reason) {
    }

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("Backoffs need 0 <= initial <= maximum: " + initialBackoff + ", " + maxBackoff);
        }
        if (maxRetryDuration != null && maxRetryDuration.isNegative()) {
            throw new IllegalArgumentException("maxRetryDuration must not be negative: " + maxRetryDuration);
        }
    }

    public Decision decide(final Classification classification, final RetryState state, final Instant now) {
        final FailureClass failureClass = classification.failureClass();
        final boolean retryable = failureClass == FailureClass.TRANSIENT || (failureClass == FailureClass.UNKNOWN && retryUnknown);
        if (!retryable) {
            return new Decision(false, failureClass, state.retriesSoFar(), state.firstFailure(), null, classification.reason());
        }
        final Instant since = state.firstFailure() != null ? state.firstFailure() : state.failedAt();
        final Instant deadline = maxRetryDuration == null ? null : since.plus(maxRetryDuration);
        if (deadline != null && !now.isBefore(deadline)) {
            return new Decision(false, failureClass, state.retriesSoFar(), since, null, failureClass.value()
                    + " failure outlasted the Maximum Retry Duration of " + describe(maxRetryDuration) + " (" + state.retriesSoFar()
                    + " retries since " + since + "); " + classification.reason());
        }
        Instant retryAt = state.failedAt().plus(backoff(state.retriesSoFar()));
        if (deadline != null && retryAt.isAfter(deadline)) {
            // One last attempt when the time is up, rather than none.
            retryAt = deadline;
        }
        return new Decision(true, failureClass, state.retriesSoFar() + 1, since, retryAt, classification.reason());
    }

    /** The wait before retry number {@code retriesSoFar + 1}. */
    public Duration backoff(final int retriesSoFar) {
        return OutageBackoff.doubled(initialBackoff, maxBackoff, Math.max(0, retriesSoFar));
    }

    /** 90 sec, 30 min, 2 h, 36 h: a duration as an operator wrote it. */
    static String describe(final Duration duration) {
        final long seconds = duration.toSeconds();
        if (seconds == 0) {
            return duration.toMillis() + " ms";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + " min";
        }
        return seconds + " sec";
    }
}
