package org.spotlight.clickhouse;

import org.spotlight.clickhouse.client.ClickHouseException;
import org.spotlight.clickhouse.client.ClickHouseException.Kind;

import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What ClickHouse's failures mean, whichever client met them: which server error codes and HTTP statuses are transient,
 * the code inside an old server's message, and the failure of a request body's own source. The HTTP client's
 * exceptions are classified into {@link ClickHouseException}s where that client lives.
 */
public final class ClickHouseErrors {

    /**
     * Server error codes that describe the server's state rather than the request: the same request can succeed later.
     * Names as in ClickHouse's src/Common/ErrorCodes.cpp.
     */
    private static final Set<Integer> TRANSIENT_SERVER_CODES = Set.of(
            159,  // TIMEOUT_EXCEEDED
            160,  // TOO_SLOW
            164,  // READONLY (e.g. a replica that lost its Keeper session)
            202,  // TOO_MANY_SIMULTANEOUS_QUERIES
            203,  // NO_FREE_CONNECTION
            209,  // SOCKET_TIMEOUT
            210,  // NETWORK_ERROR
            225,  // NO_ZOOKEEPER
            236,  // ABORTED
            241,  // MEMORY_LIMIT_EXCEEDED
            242,  // TABLE_IS_READ_ONLY
            252,  // TOO_MANY_PARTS
            285,  // TOO_FEW_LIVE_REPLICAS
            319,  // UNKNOWN_STATUS_OF_INSERT
            373,  // SESSION_IS_LOCKED
            394,  // QUERY_WAS_CANCELLED
            425,  // SYSTEM_ERROR
            439,  // CANNOT_SCHEDULE_TASK
            999   // KEEPER_EXCEPTION
    );

    /** Old servers (before the X-ClickHouse-Exception-Code header) only put the code into the message. */
    private static final Pattern CODE_IN_MESSAGE = Pattern.compile("Code:\\s*(\\d+)");
    private static final Pattern MESSAGE_PREFIX = Pattern.compile("^(?:Code:\\s*\\d+[.,]?\\s*)?(?:e\\.displayText\\(\\) = )?(?:DB::Exception: )?");
    private static final Pattern MESSAGE_SUFFIX = Pattern.compile("(?s)(?:\\s*, e\\.what\\(\\) = .*|\\s*\\(transport error: \\d+\\)|\\s*\\(version [^()]*(?:\\([^()]*\\))?\\))+$");

    private ClickHouseErrors() {
    }

    public static boolean isTransientServerCode(final int code) {
        return TRANSIENT_SERVER_CODES.contains(code);
    }

    /**
     * HTTP statuses that describe the state of a server or of a gateway in front of it, not the request: request timeout
     * (408), too early (425), too many requests (429) and server errors (5xx) except "not implemented" (501) and "HTTP
     * version not supported" (505). The same request can succeed later.
     */
    public static boolean isTransientHttpStatus(final int status) {
        return status == 408 || status == 425 || status == 429 || (status >= 500 && status <= 599 && status != 501 && status != 505);
    }

    /**
     * Wraps what a request body's writer throws that did not come from the connection: such a failure is the source's,
     * and is not retried as a connection problem would be.
     */
    public static final class WriterFailure extends IOException {
        public WriterFailure(final Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * An HTTP error status that is not a ClickHouse error: retryable when it describes the state of the server or the
     * gateway, otherwise a failure of the request as such (never a rejection of particular rows).
     */
    public static ClickHouseException httpStatus(final String action, final int status, final String body, final String queryId,
                                                  final Throwable cause) {
        final boolean retryable = isTransientHttpStatus(status);
        final String what = action + (retryable ? " could not reach ClickHouse" : " failed") + ": HTTP status " + status
                + " without a ClickHouse error (from a proxy or gateway?)" + (body.isEmpty() ? "" : ": " + body);
        return new ClickHouseException(retryable ? Kind.CONNECTION : Kind.CLIENT, 0, retryable, queryId, what, cause);
    }

    public static int codeFromMessage(final String message) {
        if (message == null) {
            return 0;
        }
        final Matcher matcher = CODE_IN_MESSAGE.matcher(message);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    /** Strips the "Code: N, e.displayText() = DB::Exception:" wrapping that servers put around the real message. */
    public static String conciseServerMessage(final String message) {
        final String withoutPrefix = MESSAGE_PREFIX.matcher(message.strip()).replaceFirst("");
        return MESSAGE_SUFFIX.matcher(withoutPrefix).replaceFirst("").strip();
    }
}
