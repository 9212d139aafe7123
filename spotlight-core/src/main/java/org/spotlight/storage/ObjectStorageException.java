package org.spotlight.storage;

/** A failed object storage operation; {@link #isRetryable()} tells transient failures from permanent ones. */
public class ObjectStorageException extends RuntimeException {

    private final boolean retryable;

    public ObjectStorageException(final String message, final boolean retryable, final Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean isRetryable() {
        return retryable;
    }
}
