package org.spotlight.clickhouse;

import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.ServerException;
import org.spotlight.nifi.services.clickhouse.ClickHouseException;
import org.spotlight.nifi.services.clickhouse.ClickHouseException.Kind;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns whatever client-v2 throws into a classified {@link ClickHouseException}: connection trouble and
 * timeouts are retryable; server errors are retryable only for the codes ClickHouse documents as transient.
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

    /** client-v2's message for an HTTP status it has no handling for (408, 429, 504 ...). */
    private static final Pattern UNEXPECTED_STATUS = Pattern.compile("Unexpected result status (\\d{3})");

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
     * @param action what was being done, e.g. "insert into `db`.`trades`", used as the start of the message
     */
    public static ClickHouseException classify(final String action, final Throwable failure, final String queryId) {
        final Throwable cause = unwrap(failure);
        if (cause instanceof ClickHouseException already) {
            return already;
        }
        final ServerException serverException = find(cause, ServerException.class);
        if (serverException != null) {
            final String serverMessage = serverException.getMessage() == null ? "" : serverException.getMessage();
            final int code = serverException.getCode() > 0 ? serverException.getCode() : codeFromMessage(serverMessage);
            final String id = serverException.getQueryId() == null || serverException.getQueryId().isEmpty()
                    ? queryId : serverException.getQueryId();
            if (code <= 0 && serverException.getTransportProtocolCode() > 0) {
                // No ClickHouse error code anywhere: a proxy or gateway answered (an HTML error page), not ClickHouse.
                return httpStatus(action, serverException.getTransportProtocolCode(), abbreviate(conciseServerMessage(serverMessage)),
                        id, serverException);
            }
            return new ClickHouseException(Kind.SERVER, code, isTransientServerCode(code), id,
                    action + " failed: ClickHouse error " + code + ": " + conciseServerMessage(serverMessage), serverException);
        }
        final int unexpectedStatus = unexpectedStatus(cause);
        if (unexpectedStatus > 0) {
            return httpStatus(action, unexpectedStatus, "", queryId, cause);
        }
        if (find(cause, SocketTimeoutException.class) != null || find(cause, TimeoutException.class) != null
                || find(cause, InterruptedIOException.class) != null) {
            return new ClickHouseException(Kind.TIMEOUT, 0, true, queryId,
                    action + " timed out: " + describe(cause), cause);
        }
        final WriterFailure writerFailure = find(cause, WriterFailure.class);
        if (writerFailure != null) {
            // The request body could not be produced (its source failed): nothing the server or the network did.
            return new ClickHouseException(Kind.CLIENT, 0, false, queryId, action + " failed: " + describe(writerFailure.getCause()),
                    writerFailure);
        }
        final SSLException tls = find(cause, SSLException.class);
        if (tls != null && !(tls.getCause() instanceof IOException)) {
            // Certificates, protocols, ciphers: configuration, which no retry fixes. (A handshake cut off by the network
            // has the network's IOException as its cause, and passes below.)
            return new ClickHouseException(Kind.CLIENT, 0, false, queryId, action + " failed: " + describe(cause), cause);
        }
        if (find(cause, IOException.class) != null || find(cause, ConnectionInitiationException.class) != null
                || hasClass(cause, "org.apache.hc.core5.http.HttpException")) {
            // Refused, reset, closed in the middle of the headers or of a chunk, no answer at all: the connection
            // failed, not the request.
            return new ClickHouseException(Kind.CONNECTION, 0, true, queryId,
                    action + " could not reach ClickHouse: " + describe(cause), cause);
        }
        return new ClickHouseException(Kind.CLIENT, 0, false, queryId, action + " failed: " + describe(cause), cause);
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
    private static ClickHouseException httpStatus(final String action, final int status, final String body, final String queryId,
                                                  final Throwable cause) {
        final boolean retryable = isTransientHttpStatus(status);
        final String what = action + (retryable ? " could not reach ClickHouse" : " failed") + ": HTTP status " + status
                + " without a ClickHouse error (from a proxy or gateway?)" + (body.isEmpty() ? "" : ": " + body);
        return new ClickHouseException(retryable ? Kind.CONNECTION : Kind.CLIENT, 0, retryable, queryId, what, cause);
    }

    private static int unexpectedStatus(final Throwable failure) {
        for (Throwable current = failure; current != null; current = current.getCause() == current ? null : current.getCause()) {
            final Matcher matcher = current.getMessage() == null ? null : UNEXPECTED_STATUS.matcher(current.getMessage());
            if (matcher != null && matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        return 0;
    }

    private static String abbreviate(final String text) {
        final String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 197) + "...";
    }

    public static int codeFromMessage(final String message) {
        if (message == null) {
            return 0;
        }
        final Matcher matcher = CODE_IN_MESSAGE.matcher(message);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    /** Strips the "Code: N, e.displayText() = DB::Exception:" wrapping that servers put around the real message. */
    static String conciseServerMessage(final String message) {
        final String withoutPrefix = MESSAGE_PREFIX.matcher(message.strip()).replaceFirst("");
        return MESSAGE_SUFFIX.matcher(withoutPrefix).replaceFirst("").strip();
    }

    private static Throwable unwrap(final Throwable failure) {
        Throwable current = failure;
        while ((current instanceof ExecutionException || current instanceof CompletionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static <T extends Throwable> T find(final Throwable failure, final Class<T> type) {
        for (Throwable current = failure; current != null; current = current.getCause() == current ? null : current.getCause()) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
        }
        return null;
    }

    private static boolean hasClass(final Throwable failure, final String className) {
        for (Throwable current = failure; current != null; current = current.getCause() == current ? null : current.getCause()) {
            for (Class<?> type = current.getClass(); type != null; type = type.getSuperclass()) {
                if (type.getName().equals(className)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String describe(final Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        final String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (root == failure || root.getMessage() == null || message.contains(root.getMessage())) {
            return message;
        }
        return message + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
