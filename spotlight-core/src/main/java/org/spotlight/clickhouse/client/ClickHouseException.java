package org.spotlight.clickhouse.client;

/**
 * A failed ClickHouse operation, classified so that callers can route it: {@link #isRetryable()} failures
 * (connection refused, timeouts, too many parts, memory limits ...) should be retried later; the others
 * (syntax, type, parse and schema errors) will fail again with the same input.
 * <p>
 * A plain runtime exception: the domain raises it without NiFi; processors wrap it in NiFi's ProcessException where
 * the framework needs one.
 */
public class ClickHouseException extends RuntimeException {

    /** The broad cause of a failure. */
    public enum Kind {
        /** The server could not be reached or the connection broke. */
        CONNECTION,
        /** The server did not answer in time. */
        TIMEOUT,
        /** The server answered with an error. */
        SERVER,
        /** The request could not be built or sent for a reason on this side. */
        CLIENT
    }

    private final Kind kind;
    private final int errorCode;
    private final boolean retryable;
    private final String queryId;

    public ClickHouseException(final Kind kind, final int errorCode, final boolean retryable, final String queryId,
                               final String message, final Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.errorCode = errorCode;
        this.retryable = retryable;
        this.queryId = queryId;
    }

    public Kind getKind() {
        return kind;
    }

    /** ClickHouse's numeric error code (e.g. 27 CANNOT_PARSE_INPUT_ASSERTION_FAILED), or 0 when there is none. */
    public int getErrorCode() {
        return errorCode;
    }

    public boolean isRetryable() {
        return retryable;
    }

    /** The query id of the failed request when known, for lookups in system.query_log. */
    public String getQueryId() {
        return queryId;
    }
}
