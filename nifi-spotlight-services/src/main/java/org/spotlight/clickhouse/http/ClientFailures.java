package org.spotlight.clickhouse.http;

import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.ServerException;
import org.spotlight.clickhouse.ClickHouseErrors;
import org.spotlight.clickhouse.ClickHouseErrors.WriterFailure;
import org.spotlight.clickhouse.client.ClickHouseException;
import org.spotlight.clickhouse.client.ClickHouseException.Kind;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.spotlight.clickhouse.ClickHouseErrors.codeFromMessage;
import static org.spotlight.clickhouse.ClickHouseErrors.conciseServerMessage;
import static org.spotlight.clickhouse.ClickHouseErrors.httpStatus;
import static org.spotlight.clickhouse.ClickHouseErrors.isTransientServerCode;

/**
 * Turns whatever client-v2 throws into a classified {@link ClickHouseException}: connection trouble and
 * timeouts are retryable; server errors are retryable only for the codes ClickHouse documents as transient
 * ({@link ClickHouseErrors}).
 */
public final class ClientFailures {

    /** client-v2's message for an HTTP status it has no handling for (408, 429, 504 ...). */
    private static final Pattern UNEXPECTED_STATUS = Pattern.compile("Unexpected result status (\\d{3})");

    private ClientFailures() {
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
