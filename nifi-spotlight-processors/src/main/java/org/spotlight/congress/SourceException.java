package org.spotlight.congress;

/**
 * A document or index that could not be fetched or read. Carries a machine-readable code, whether the same
 * request may succeed later, and the document it concerns, so callers can report exactly what failed and why.
 */
public class SourceException extends Exception {

    /** Machine-readable failure kinds, written as {@code spotlight.error.code}. */
    public enum Code {
        /** The server answered with an HTTP error status (the status is in {@link #httpStatus()}). */
        HTTP_STATUS,
        /** Connecting or reading timed out. */
        TIMEOUT,
        /** The connection failed (refused, reset, DNS). */
        CONNECTION_FAILED,
        /** The document is larger than the configured maximum. */
        DOCUMENT_TOO_LARGE,
        /** The document does not exist (a local directory or the archive bucket has no such file). */
        NOT_FOUND,
        /** The Senate eFD did not accept the terms-of-use agreement or the CSRF token. */
        SESSION_REJECTED,
        /** A yearly index zip is corrupt or holds no index. */
        INDEX_UNREADABLE,
        /** A PDF cannot be opened (truncated, corrupt, encrypted with a password). */
        PDF_UNREADABLE,
        /** A PDF opened but its text is not laid out as a House PTR. */
        PDF_LAYOUT_CHANGED,
        /** An HTML page is not laid out as a Senate PTR page. */
        HTML_LAYOUT_CHANGED,
        /** A JSON dataset or search answer is not in the expected format. */
        JSON_UNREADABLE,
        /** Archiving to or replaying from object storage failed. */
        ARCHIVE_FAILED,
        /** The thread was interrupted (the processor is stopping). */
        INTERRUPTED
    }

    private final Code code;
    private final int httpStatus;
    private final boolean retryable;
    private final String document;

    public SourceException(final Code code, final String document, final String message, final boolean retryable, final Throwable cause) {
        this(code, 0, document, message, retryable, cause);
    }

    public SourceException(final Code code, final int httpStatus, final String document, final String message,
                           final boolean retryable, final Throwable cause) {
        super(message, cause);
        this.code = code;
        this.httpStatus = httpStatus;
        this.retryable = retryable;
        this.document = document;
    }

    public Code code() {
        return code;
    }

    /** {@code HTTP_404} style for HTTP failures, otherwise the code's name. */
    public String codeName() {
        return code == Code.HTTP_STATUS ? "HTTP_" + httpStatus : code.name();
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** True when the same request may succeed later (throttling, server errors, timeouts, documents not yet published). */
    public boolean retryable() {
        return retryable;
    }

    /** The URL, path or object key of the document concerned. */
    public String document() {
        return document;
    }
}
