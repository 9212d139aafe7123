package org.spotlight.chdb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Carries requests of ClickHouse's HTTP interface to the engine and its answers back: the statement and settings go
 * to the engine unchanged, an INSERT's body is streamed into it, its output is copied out, and its errors come
 * back with ClickHouse's text, code header and HTTP status. The engine does all the work.
 */
final class ClickHouseHttpHandler implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(ClickHouseHttpHandler.class.getName());
    private static final byte[] OK = "Ok.\n".getBytes(StandardCharsets.US_ASCII);

    private final Engine engine;
    private final Credentials credentials;
    private final String displayName;
    private final int maxQueryBytes;

    /**
     * @param maxQueryBytes the largest query text (URL parameter plus body) read into memory; INSERTs that end in
     *                      FORMAT stream their body and are not bounded by it
     */
    ClickHouseHttpHandler(final Engine engine, final Credentials credentials, final String displayName, final int maxQueryBytes) {
        this.engine = engine;
        this.credentials = credentials;
        this.displayName = displayName;
        this.maxQueryBytes = maxQueryBytes;
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final String path = exchange.getRequestURI().getPath();
            final boolean get = exchange.getRequestMethod().equals("GET");
            if (path.equals("/ping") || path.equals("/replicas_status") || (path.equals("/") && get && exchange.getRequestURI().getRawQuery() == null)) {
                sendPlain(exchange, 200, OK);
                return;
            }
            if (!path.equals("/")) {
                drain(exchange.getRequestBody());
                sendPlain(exchange, 404, ("There is no handle " + path + "\n\nUse / or /ping for health checks.\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            final ClickHouseRequest request = ClickHouseRequest.read(exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders()::getFirst);
            try {
                serve(exchange, request, get);
            } catch (final Chdb.EngineError e) {
                fail(exchange, request.queryId(), ClickHouseError.fromEngine(e.getMessage()));
            } catch (final IOException e) {
                // The client went away mid-request: there is nobody left to answer.
                LOG.log(System.Logger.Level.DEBUG, "query " + request.queryId() + ": connection lost: " + e.getMessage());
            } catch (final RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "query " + request.queryId() + " failed in the front", e);
                fail(exchange, request.queryId(), ClickHouseError.of(ClickHouseError.STD_EXCEPTION, "STD_EXCEPTION", String.valueOf(e.getMessage())));
            }
        }
    }

    private void serve(final HttpExchange exchange, final ClickHouseRequest request, final boolean get) throws Chdb.EngineError, IOException {
        final InputStream body = exchange.getRequestBody();
        if (!credentials.accept(request.user(), request.password())) {
            throw new Chdb.EngineError(ClickHouseError.of(ClickHouseError.AUTHENTICATION_FAILED, "AUTHENTICATION_FAILED",
                    request.user() + ": Authentication failed: password is incorrect, or there is no user with such name").message());
        }
        if (request.unsupported() != null) {
            throw new Chdb.EngineError(ClickHouseError.of(ClickHouseError.NOT_IMPLEMENTED, "NOT_IMPLEMENTED", request.unsupported()).message());
        }
        final Map<String, String> settings = new LinkedHashMap<>(request.settings());
        if (get) {
            // As the server does: a GET request may only read.
            settings.put("readonly", "2");
        }
        final Optional<InsertStatement> insert = request.query() == null ? Optional.empty() : InsertStatement.parse(request.query());
        if (insert.isPresent()) {
            final Chdb.Stats stats;
            try (Engine.Session session = engine.open(request.database(), settings)) {
                stats = session.insert(insert.get().statement(), insert.get().format(), body);
            }
            headers(exchange, request.queryId(), request.defaultFormat(), stats);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        final String sql = queryText(request.query(), body);
        if (sql.isBlank()) {
            throw new Chdb.EngineError(ClickHouseError.of(62, "SYNTAX_ERROR", "Empty query").message());
        }
        final String format = request.outputFormat(sql);
        try (Engine.Session session = engine.open(request.database(), settings)) {
            final OutputStream[] out = new OutputStream[1];
            session.query(sql, request.defaultFormat(), request.parameters(), new Chdb.Sink() {
                @Override
                public void start(final Chdb.Stats stats) throws IOException {
                    headers(exchange, request.queryId(), format, stats);
                    exchange.getResponseHeaders().set("Content-Type", ClickHouseRequest.contentType(format));
                    exchange.sendResponseHeaders(200, 0);
                    out[0] = exchange.getResponseBody();
                }

                @Override
                public void write(final byte[] data, final int length) throws IOException {
                    out[0].write(data, 0, length);
                }
            });
        }
    }

    /** The URL's query, followed by the body on a new line (as the server concatenates them), at most maxQueryBytes. */
    private String queryText(final String urlQuery, final InputStream body) throws IOException, Chdb.EngineError {
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        if (urlQuery != null) {
            text.write(urlQuery.getBytes(StandardCharsets.UTF_8));
        }
        final byte[] rest = body.readNBytes(maxQueryBytes + 1);
        if (rest.length > 0 && urlQuery != null) {
            text.write('\n');
        }
        text.write(rest);
        if (text.size() > maxQueryBytes) {
            throw new Chdb.EngineError(ClickHouseError.of(ClickHouseError.QUERY_IS_TOO_LARGE, "QUERY_IS_TOO_LARGE",
                    "Query text over " + maxQueryBytes + " bytes: this front reads a query whole. Send INSERT ... FORMAT <name> in the"
                            + " query parameter and the data in the body, which is streamed").message());
        }
        return text.toString(StandardCharsets.UTF_8);
    }

    private void headers(final HttpExchange exchange, final String queryId, final String format, final Chdb.Stats stats) {
        final var headers = exchange.getResponseHeaders();
        common(exchange, queryId);
        headers.set("X-ClickHouse-Format", format);
        headers.set("X-ClickHouse-Summary", summary(stats));
    }

    private void common(final HttpExchange exchange, final String queryId) {
        final var headers = exchange.getResponseHeaders();
        headers.set("X-ClickHouse-Query-Id", queryId);
        headers.set("X-ClickHouse-Timezone", engine.timezone());
        headers.set("X-ClickHouse-Server-Display-Name", displayName);
    }

    /** ClickHouse's X-ClickHouse-Summary: the counters as JSON strings. */
    static String summary(final Chdb.Stats stats) {
        return "{\"read_rows\":\"" + stats.rowsRead() + "\",\"read_bytes\":\"" + stats.bytesRead()
                + "\",\"written_rows\":\"" + stats.rowsWritten() + "\",\"written_bytes\":\"" + stats.bytesWritten()
                + "\",\"total_rows_to_read\":\"0\",\"result_rows\":\"" + stats.rowsWritten() + "\",\"result_bytes\":\"" + stats.bytesWritten()
                + "\",\"elapsed_ns\":\"" + stats.elapsedNanos() + "\"}";
    }

    private void fail(final HttpExchange exchange, final String queryId, final ClickHouseError error) throws IOException {
        LOG.log(System.Logger.Level.INFO, "query " + queryId + ": " + error.message());
        // A client still sending an insert's body would see a broken pipe instead of the error: read the body out first.
        drain(exchange.getRequestBody());
        if (exchange.getResponseCode() != -1) {
            // The answer has started: the server's way is to append the error to the body.
            exchange.getResponseBody().write(error.body(engine.version()).getBytes(StandardCharsets.UTF_8));
            return;
        }
        common(exchange, queryId);
        exchange.getResponseHeaders().set("X-ClickHouse-Exception-Code", Integer.toString(error.code()));
        sendPlain(exchange, error.httpStatus(), error.body(engine.version()).getBytes(StandardCharsets.UTF_8));
    }

    private static void sendPlain(final HttpExchange exchange, final int status, final byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static void drain(final InputStream body) {
        try {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (final IOException ignored) {
            // The client stopped sending: nothing left to read.
        }
    }
}
