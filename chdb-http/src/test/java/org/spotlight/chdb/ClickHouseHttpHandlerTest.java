package org.spotlight.chdb;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The front's handling of ClickHouse's HTTP protocol, over a real HTTP server and client, with an engine that records
 * what reaches it (the real engine is in ChdbHttpIT). What is checked is the protocol: what goes to the engine and
 * what comes back, not what the engine does.
 */
class ClickHouseHttpHandlerTest {

    /** An engine that records sessions and statements, answers queries with a fixed text, and fails as told. */
    private static final class RecordingEngine implements Engine {
        final List<String> opened = new ArrayList<>();
        final List<String> statements = new ArrayList<>();
        long insertedBytes;
        String failWith;
        long failAfterBytes = Long.MAX_VALUE;

        @Override
        public String version() {
            return "26.7.2.1";
        }

        @Override
        public String timezone() {
            return "UTC";
        }

        @Override
        public Session open(final String database, final Map<String, String> settings) throws Chdb.EngineError {
            opened.add(database + " " + settings);
            if (settings.containsKey("no_such_setting")) {
                throw new Chdb.EngineError("Code: 115. DB::Exception: Unknown setting 'no_such_setting'. (UNKNOWN_SETTING)");
            }
            return new Session() {
                @Override
                public Chdb.Stats query(final String sql, final String format, final Map<String, String> parameters, final Chdb.Sink sink)
                        throws Chdb.EngineError, IOException {
                    statements.add(sql + " | " + format + " | " + parameters);
                    if (failWith != null) {
                        throw new Chdb.EngineError(failWith);
                    }
                    sink.start(new Chdb.Stats(3, 30, 0, 0, 5));
                    sink.write("1\n".getBytes(StandardCharsets.UTF_8), 2);
                    sink.write("2\nunused".getBytes(StandardCharsets.UTF_8), 2);
                    return new Chdb.Stats(3, 30, 0, 0, 5);
                }

                @Override
                public Chdb.Stats insert(final String statement, final String format, final InputStream data) throws Chdb.EngineError, IOException {
                    statements.add(statement + " | " + format);
                    final byte[] buffer = new byte[8192];
                    for (int read = data.read(buffer); read >= 0; read = data.read(buffer)) {
                        insertedBytes += read;
                        if (insertedBytes > failAfterBytes) {
                            throw new Chdb.EngineError("Code: 395. DB::Exception: Value passed to 'throwIf' function is non-zero. (FUNCTION_THROW_IF_VALUE_IS_NON_ZERO)");
                        }
                    }
                    return new Chdb.Stats(0, 0, 42, insertedBytes, 7);
                }

                @Override
                public void close() {
                }
            };
        }
    }

    private final RecordingEngine engine = new RecordingEngine();
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", new ClickHouseHttpHandler(engine, Credentials.of("spotlight", HexFormat.of().formatHex(Credentials.sha256("pw"))),
                "test-front", 1024));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        client.close();
    }

    private HttpResponse<String> post(final String pathAndQuery, final HttpRequest.BodyPublisher body, final String password) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).POST(body)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("spotlight:" + password).getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pingAnswersWithoutCredentials() throws Exception {
        final HttpResponse<String> ping = client.send(HttpRequest.newBuilder(URI.create(base + "/ping")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ping.statusCode());
        assertEquals("Ok.\n", ping.body());
        assertEquals(List.of(), engine.opened);
    }

    @Test
    void aQueryGoesToTheEngineWithItsDatabaseSettingsAndParametersAndItsOutputComesBackWithTheHeaders() throws Exception {
        final HttpResponse<String> response = post("/?database=spotlight&query_id=q-1&async_insert=0&param_n=5&default_format=JSON",
                HttpRequest.BodyPublishers.ofString("SELECT {n:UInt8} FORMAT TSV"), "pw");

        assertEquals(200, response.statusCode());
        assertEquals("1\n2\n", response.body());
        assertEquals(List.of("spotlight {async_insert=0}"), engine.opened);
        assertEquals(List.of("SELECT {n:UInt8} FORMAT TSV | JSON | {n=5}"), engine.statements);
        assertEquals("q-1", response.headers().firstValue("X-ClickHouse-Query-Id").orElseThrow());
        assertEquals("TSV", response.headers().firstValue("X-ClickHouse-Format").orElseThrow());
        assertEquals("UTC", response.headers().firstValue("X-ClickHouse-Timezone").orElseThrow());
        assertEquals("test-front", response.headers().firstValue("X-ClickHouse-Server-Display-Name").orElseThrow());
        assertTrue(response.headers().firstValue("X-ClickHouse-Summary").orElseThrow().startsWith("{\"read_rows\":\"3\",\"read_bytes\":\"30\","));
    }

    @Test
    void theUrlQueryAndTheBodyAreOneStatementAndAGetMayOnlyRead() throws Exception {
        post("/?query=SELECT", HttpRequest.BodyPublishers.ofString("42"), "pw");
        client.send(HttpRequest.newBuilder(URI.create(base + "/?query=SELECT+1&user=spotlight&password=pw")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(List.of("SELECT\n42 | TabSeparated | {}", "SELECT 1 | TabSeparated | {}"), engine.statements);
        assertEquals(List.of("null {}", "null {readonly=2}"), engine.opened);
    }

    @Test
    void anInsertsBodyIsStreamedIntoTheEngineAndTheSummaryCountsWhatItWrote() throws Exception {
        final byte[] data = new byte[3 * 1024 * 1024];
        final HttpResponse<String> response = post("/?query=" + java.net.URLEncoder.encode("INSERT INTO `t` (`a`) FORMAT RowBinary", StandardCharsets.UTF_8),
                HttpRequest.BodyPublishers.ofByteArray(data), "pw");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(List.of("INSERT INTO `t` (`a`) | RowBinary"), engine.statements);
        assertEquals(data.length, engine.insertedBytes, "a body far over max_query_bytes streams through");
        assertTrue(response.headers().firstValue("X-ClickHouse-Summary").orElseThrow().contains("\"written_rows\":\"42\""));
    }

    @Test
    void anInsertTheEngineRejectsMidwayIsAnsweredWithTheErrorNotABrokenConnection() throws Exception {
        engine.failAfterBytes = 100_000;
        final HttpResponse<String> response = post("/?query=INSERT+INTO+t+FORMAT+RowBinary", HttpRequest.BodyPublishers.ofByteArray(new byte[4 * 1024 * 1024]), "pw");

        assertEquals(500, response.statusCode());
        assertEquals("395", response.headers().firstValue("X-ClickHouse-Exception-Code").orElseThrow());
        assertTrue(response.body().startsWith("Code: 395. DB::Exception: Value passed to 'throwIf'"), response.body());
        assertTrue(response.body().endsWith("(version 26.7.2.1 (chDB engine))\n"), response.body());
    }

    @Test
    void wrongCredentialsAreRefusedBeforeTheEngineSeesAnything() throws Exception {
        final HttpResponse<String> response = post("/", HttpRequest.BodyPublishers.ofString("SELECT 1"), "wrong");

        assertEquals(403, response.statusCode());
        assertEquals("516", response.headers().firstValue("X-ClickHouse-Exception-Code").orElseThrow());
        assertTrue(response.body().startsWith("Code: 516. DB::Exception: spotlight: Authentication failed"), response.body());
        assertEquals(List.of(), engine.opened);
    }

    @Test
    void engineErrorsKeepTheirCodeAndStatus() throws Exception {
        final HttpResponse<String> setting = post("/?no_such_setting=1", HttpRequest.BodyPublishers.ofString("SELECT 1"), "pw");
        assertEquals(404, setting.statusCode());
        assertEquals("115", setting.headers().firstValue("X-ClickHouse-Exception-Code").orElseThrow());

        engine.failWith = "Code: 62. DB::Exception: Syntax error: failed at position 8. (SYNTAX_ERROR)";
        final HttpResponse<String> syntax = post("/", HttpRequest.BodyPublishers.ofString("SELECT ("), "pw");
        assertEquals(400, syntax.statusCode());
        assertEquals("62", syntax.headers().firstValue("X-ClickHouse-Exception-Code").orElseThrow());
    }

    @Test
    void whatTheFrontDoesNotDoIsRefusedClearly() throws Exception {
        final HttpResponse<String> compressed = post("/?compress=1", HttpRequest.BodyPublishers.ofString("SELECT 1"), "pw");
        assertEquals(501, compressed.statusCode());
        assertEquals("48", compressed.headers().firstValue("X-ClickHouse-Exception-Code").orElseThrow());

        final HttpResponse<String> large = post("/", HttpRequest.BodyPublishers.ofString("SELECT '" + "x".repeat(2000) + "'"), "pw");
        assertEquals(413, large.statusCode());
        assertTrue(large.body().contains("INSERT ... FORMAT"), large.body());

        final HttpResponse<String> empty = post("/", HttpRequest.BodyPublishers.ofString(""), "pw");
        assertEquals(400, empty.statusCode());
        assertEquals(List.of(), engine.statements);
    }
}
