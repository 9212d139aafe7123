package org.spotlight.failure;

/**
 * Whether a classified failure goes back for another attempt or is stored. Transient failures are retried until
 * {@code maxRetries} attempts have been made, then stored as permanent: a cause that outlasts every retry needs an
 * operator. Unknown failures are stored as unknown, or treated like transient ones when {@code retryUnknown} is set.
 *
 * @param maxRetries   how many times a FlowFile is routed to retry before it is stored (0 stores at once)
 * @param retryUnknown whether unknown failures are retried like transient ones
 */
public record RetryPolicy(int maxRetries, boolean retryUnknown) {

    /**
     * @param retry        true: route to retry with {@code retryCount}; false: store as {@code failureClass}
     * @param retryCount   the retry count after this decision (incremented when retrying)
     * @param reason       the classification reason, extended when retries were exhausted
     */
    public record Decision(boolean retry, FailureClass failureClass, int retryCount, String reason) {
    }

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
        }
    }

    /**
     * @param retriesSoFar how often the FlowFile was routed to retry before (its spotlight.retry.count)
     */
    public Decision decide(final Classification classification, final int retriesSoFar) {
        final FailureClass failureClass = classification.failureClass();
        final boolean retryable = failureClass == FailureClass.TRANSIENT || (failureClass == FailureClass.UNKNOWN && retryUnknown);
        if (!retryable) {
            return new Decision(false, failureClass, retriesSoFar, classification.reason());
        }
        if (retriesSoFar < maxRetries) {
            return new Decision(true, failureClass, retriesSoFar + 1, classification.reason());
        }
        return new Decision(false, FailureClass.PERMANENT, retriesSoFar,
                failureClass.value() + " failure persisted after " + retriesSoFar + " retries (maximum " + maxRetries + "); "
                        + classification.reason());
    }
}
