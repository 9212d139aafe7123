package org.spotlight.nifi.services.storage;

import org.apache.nifi.processor.exception.ProcessException;

/** A failed object storage operation; {@link #isRetryable()} tells transient failures from permanent ones. */
public class ObjectStorageException extends ProcessException {

    private final boolean retryable;

    public ObjectStorageException(final String message, final boolean retryable, final Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean isRetryable() {
        return retryable;
    }
}
