package org.spotlight.congress;

import java.time.Duration;
import java.util.Optional;

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
        INTERRUPTED,
        /** A web firewall or bot defence answered with a challenge or block page instead of the document (any status, 200 included). */
        CHALLENGE,
        /** The answer is not what was asked for (an HTML page where a PDF, zip or JSON was expected, a JSON of another shape). */
        UNEXPECTED_CONTENT,
        /** A PDF has more pages than the configured maximum. */
        PDF_TOO_MANY_PAGES,
        /** A row of an index or search answer cannot be read as a filing (no id, an id that is not one, too few cells). */
        INVALID_INDEX_ENTRY,
        /** Reading the filing failed in a way Spotlight did not anticipate (a bug); the message names the exception. */
        UNEXPECTED_ERROR
    }

    /** How far a transient condition reaches, which decides what the feed does next. */
    public enum Reach {
        /** Concerns this document only (it is not published yet, it failed to parse). */
        DOCUMENT,
        /** The site is in trouble (server errors, timeouts, broken connections): a few in a row pause the site for the run. */
        SITE,
        /** The site refuses or throttles this client (403, 429, a challenge page): asking again now only makes it worse. */
        SITE_REFUSES
    }

    private final Code code;
    private final int httpStatus;
    private final boolean retryable;
    private final String document;
    private final Reach reach;
    private final Duration retryAfter;

    public SourceException(final Code code, final String document, final String message, final boolean retryable, final Throwable cause) {
        this(code, 0, document, message, retryable, cause);
    }

    public SourceException(final Code code, final int httpStatus, final String document, final String message,
                           final boolean retryable, final Throwable cause) {
        this(code, httpStatus, document, message, retryable, Reach.DOCUMENT, null, cause);
    }

    /**
     * @param reach      for retryable failures, whether the site as a whole is in trouble or refusing
     * @param retryAfter how long the site asked to be left alone (its Retry-After), or null
     */
    public SourceException(final Code code, final int httpStatus, final String document, final String message, final boolean retryable,
                           final Reach reach, final Duration retryAfter, final Throwable cause) {
        super(message, cause);
        this.code = code;
        this.httpStatus = httpStatus;
        this.retryable = retryable;
        this.document = document;
        this.reach = reach == null ? Reach.DOCUMENT : reach;
        this.retryAfter = retryAfter;
    }

    /** A transient failure of the site rather than of one document. */
    public static SourceException siteTrouble(final Code code, final int httpStatus, final String document, final String message,
                                              final Throwable cause) {
        return new SourceException(code, httpStatus, document, message, true, Reach.SITE, null, cause);
    }

    /** The site refuses or throttles this client; {@code retryAfter} is how long it asked to wait, or null. */
    public static SourceException siteRefuses(final Code code, final int httpStatus, final String document, final String message,
                                              final Duration retryAfter) {
        return new SourceException(code, httpStatus, document, message, true, Reach.SITE_REFUSES, retryAfter, null);
    }

    /** The same failure with another message, e.g. with the number of attempts added. */
    public SourceException withMessage(final String message) {
        return new SourceException(code, httpStatus, document, message, retryable, reach, retryAfter, getCause());
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

    /** Where a retryable condition lies; {@link Reach#DOCUMENT} for permanent failures. */
    public Reach reach() {
        return reach;
    }

    /** How long the site asked to be left alone (Retry-After), when it said so. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The URL, path or object key of the document concerned. */
    public String document() {
        return document;
    }
}
