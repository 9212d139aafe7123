package org.spotlight.clickhouse.http;

import com.clickhouse.client.api.ClientException;
import com.clickhouse.client.api.ServerException;
import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.ClickHouseErrors;
import org.spotlight.clickhouse.client.ClickHouseException;
import org.spotlight.clickhouse.client.ClickHouseException.Kind;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientFailuresTest {

    /** Verbatim from ClickHouse 18.16 over HTTP: no error-code header, so client-v2 reports code 0. */
    private static final String MESSAGE_18_16 = "Code: 27, e.displayText() = DB::Exception: Cannot parse input: expected \" before: zz\",\"s\":\"x\"}\\n:"
            + " (while read the value of key a): (at row 1)\n, e.what() = DB::Exception (transport error: 500)";

    /** The shape of a 24.x message. */
    private static final String MESSAGE_24 = "Code: 60. DB::Exception: Table spotlight.nope does not exist. (UNKNOWN_TABLE) (version 24.8.4.13 (official build))";

    @Test
    void takesTheCodeFromTheMessageWhenTheServerSendsNoHeader() {
        final ClickHouseException e = ClientFailures.classify("Insert into `t1`",
                new ExecutionException(new ServerException(0, MESSAGE_18_16, 500, "q-1")), "fallback");

        assertEquals(Kind.SERVER, e.getKind());
        assertEquals(27, e.getErrorCode());
        assertFalse(e.isRetryable(), "a parse error fails again with the same rows");
        assertEquals("q-1", e.getQueryId());
        assertEquals("Insert into `t1` failed: ClickHouse error 27: Cannot parse input: expected \" before: zz\",\"s\":\"x\"}\\n:"
                + " (while read the value of key a): (at row 1)", e.getMessage());
    }

    @Test
    void prefersTheCodeTheClientParsedAndStripsModernDecorations() {
        final ClickHouseException e = ClientFailures.classify("Query 'SELECT 1'", new ServerException(60, MESSAGE_24, 404, ""), "q-2");

        assertEquals(60, e.getErrorCode());
        assertEquals("q-2", e.getQueryId(), "an empty server query id falls back to ours");
        assertEquals("Query 'SELECT 1' failed: ClickHouse error 60: Table spotlight.nope does not exist. (UNKNOWN_TABLE)", e.getMessage());
    }

    @Test
    void transientServerCodesAreRetryable() {
        assertTrue(ClientFailures.classify("x", new ServerException(252, "Code: 252. DB::Exception: Too many parts", 500, ""), null).isRetryable());
        assertTrue(ClientFailures.classify("x", new ServerException(241, "Code: 241. DB::Exception: Memory limit exceeded", 500, ""), null).isRetryable());
        assertFalse(ClientFailures.classify("x", new ServerException(62, "Code: 62. DB::Exception: Syntax error", 400, ""), null).isRetryable());
        assertFalse(ClientFailures.classify("x", new ServerException(516, "Code: 516. DB::Exception: Authentication failed", 401, ""), null).isRetryable());
    }

    @Test
    void connectionFailuresAreRetryable() {
        final ClickHouseException e = ClientFailures.classify("Query 'SELECT 1'",
                new ExecutionException(new ClientException("Failed to get response", new ConnectException("Connection refused"))), "q-3");

        assertEquals(Kind.CONNECTION, e.getKind());
        assertTrue(e.isRetryable());
        assertTrue(e.getMessage().startsWith("Query 'SELECT 1' could not reach ClickHouse: Failed to get response"), e.getMessage());
        assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
    }

    @Test
    void timeoutsAreRetryable() {
        final ClickHouseException e = ClientFailures.classify("Insert into `t`", new ClientException("read", new SocketTimeoutException("Read timed out")), null);

        assertEquals(Kind.TIMEOUT, e.getKind());
        assertTrue(e.isRetryable());
    }

    @Test
    void otherClientFailuresAreNotRetryable() {
        final ClickHouseException e = ClientFailures.classify("Insert into `t`", new IllegalStateException("writer failed"), null);

        assertEquals(Kind.CLIENT, e.getKind());
        assertFalse(e.isRetryable());
        assertEquals("Insert into `t` failed: writer failed", e.getMessage());
    }

    @Test
    void alreadyClassifiedFailuresPassThrough() {
        final ClickHouseException original = new ClickHouseException(Kind.TIMEOUT, 159, true, "q", "timed out", null);
        assertSame(original, ClientFailures.classify("x", new ExecutionException(original), null));
    }

    @Test
    void codeFromMessageHandlesMissingCodes() {
        assertEquals(0, ClickHouseErrors.codeFromMessage(null));
        assertEquals(0, ClickHouseErrors.codeFromMessage("no code here"));
        assertEquals(394, ClickHouseErrors.codeFromMessage("Code: 394. DB::Exception: Query was cancelled"));
    }

    /** What a gateway in front of ClickHouse answers (nginx, a load balancer): a status and an HTML page, no ClickHouse code. */
    @Test
    void gatewayStatusesThatDescribeTheServersStateAreRetryable() {
        for (int status : new int[]{408, 429, 500, 502, 503, 504}) {
            final ClickHouseException fromBody = ClientFailures.classify("Insert into `t`",
                    new ServerException(0, "<html><body><h1>" + status + "</h1></body></html>", status, ""), "q");
            assertEquals(Kind.CONNECTION, fromBody.getKind(), String.valueOf(status));
            assertTrue(fromBody.isRetryable(), String.valueOf(status));
            assertTrue(fromBody.getMessage().contains("HTTP status " + status + " without a ClickHouse error"), fromBody.getMessage());
            // client-v2 0.11 reports statuses it does not expect (408, 429, 504 ...) by a message only.
            final ClickHouseException unexpected = ClientFailures.classify("Insert into `t`",
                    new ExecutionException(new ClientException("Unexpected result status " + status)), "q");
            assertTrue(unexpected.isRetryable(), String.valueOf(status));
        }
        final ClickHouseException notFound = ClientFailures.classify("Insert into `t`", new ServerException(0, "<h1>404</h1>", 404, ""), "q");
        assertFalse(notFound.isRetryable());
        assertEquals(Kind.CLIENT, notFound.getKind(), "a request no retry fixes, not a rejection of rows");
        assertFalse(ClientFailures.classify("x", new ClientException("Unexpected result status 501"), null).isRetryable());
    }

    @Test
    void aConnectionDroppedInTheMiddleOfAnAnswerIsRetryable() {
        for (Exception dropped : new Exception[]{
                new org.apache.hc.core5.http.TruncatedChunkException("Truncated chunk (expected size: 4096; actual size: 2569)"),
                new org.apache.hc.core5.http.ParseException("Invalid header", "<D", 0, 2, 0),
                new org.apache.hc.core5.http.ConnectionClosedException("Premature end of chunk coded message body"),
                new java.io.EOFException("the response ended before its first line"),
                new javax.net.ssl.SSLHandshakeException("Remote host terminated the handshake", new java.io.EOFException("SSL peer shut down"))}) {
            final ClickHouseException e = ClientFailures.classify("Query 'SELECT 1'", new ClientException("Query request failed", dropped), "q");
            assertEquals(Kind.CONNECTION, e.getKind(), dropped.toString());
            assertTrue(e.isRetryable(), dropped.toString());
        }
        assertFalse(ClientFailures.classify("x", new javax.net.ssl.SSLHandshakeException("PKIX path building failed"), null).isRetryable(),
                "an untrusted certificate stays untrusted");
    }

    @Test
    void whatTheRequestBodysOwnSourceThrowsIsNotAConnectionFailure() {
        final ClickHouseException e = ClientFailures.classify("Insert into `t`",
                new ExecutionException(new ClientException("write", new ClickHouseErrors.WriterFailure(new java.io.IOException("content changed")))), "q");
        assertEquals(Kind.CLIENT, e.getKind());
        assertFalse(e.isRetryable());
        assertEquals("Insert into `t` failed: content changed", e.getMessage());
    }
}
