package org.spotlight.chdb;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The running ClickHouse 26.x service of the local stack (the real chDB engine behind this module's front, started by
 * ./spotlight up clickhouse-modern), spoken to by client-v2 0.11.0, the client Spotlight ships, with its own defaults
 * where Spotlight's ITs pin explicit formats: queryAll, RowBinaryWithNamesAndTypes results, streamed inserts.
 */
class ChdbHttpIT {

    private static String env(final String name) {
        final String value = System.getenv(name);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException(name + " is not set: run the integration tests with ./spotlight test");
        }
        return value;
    }

    private final String url = env("CLICKHOUSE_MODERN_URL");
    private final String database = env("CLICKHOUSE_DATABASE");
    private final String table = "it_front_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private Client client;

    private Client client(final String password) {
        return new Client.Builder().addEndpoint(url).setUsername(env("CLICKHOUSE_USER")).setPassword(password)
                .setDefaultDatabase(database).compressServerResponse(false).compressClientRequest(false).build();
    }

    @BeforeEach
    void connect() throws Exception {
        client = client(System.getenv().getOrDefault("CLICKHOUSE_PASSWORD", ""));
        client.execute("CREATE TABLE " + table + " (id UInt64, name String, at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = MergeTree ORDER BY id")
                .get().close();
    }

    @AfterEach
    void drop() throws Exception {
        client.execute("DROP TABLE IF EXISTS " + table).get().close();
        client.close();
    }

    @Test
    void aLargeInsertStreamsThroughTheFrontAndItsSummaryCountsTheRows() throws Exception {
        final int rows = 2_000_000;
        try (InsertResponse response = client.insert(table, List.of("id", "name"), out -> {
            final OutputStream buffered = new BufferedOutputStream(out, 64 * 1024);
            final byte[] name = "Member of Congress".getBytes(StandardCharsets.UTF_8);
            for (long id = 0; id < rows; id++) {
                for (int i = 0; i < 8; i++) {
                    buffered.write((int) (id >>> (8 * i)));
                }
                buffered.write(name.length);
                buffered.write(name);
            }
            buffered.flush();
        }, ClickHouseFormat.RowBinary, new com.clickhouse.client.api.insert.InsertSettings()).get(5, TimeUnit.MINUTES)) {
            assertEquals(rows, response.getWrittenRows(), "X-ClickHouse-Summary's written_rows");
        }
        final List<GenericRecord> count = client.queryAll("SELECT count() AS c, uniqExact(id) AS u, max(id) AS m FROM " + table);
        assertEquals(rows, count.getFirst().getLong("c"));
        assertEquals(rows, count.getFirst().getLong("u"));
        assertEquals(rows - 1, count.getFirst().getLong("m"));
    }

    @Test
    void clientV2sOwnDefaultsWorkQueryAllReadsRowBinaryWithNamesAndTypes() throws Exception {
        client.execute("INSERT INTO " + table + " (id, name, at) VALUES (1, 'Pelosi', '2025-01-14 10:11:12.345'), (2, 'O''Brien', '1935-03-28 00:00:00')")
                .get().close();

        final List<GenericRecord> records = client.queryAll("SELECT id, name, toString(at) AS at FROM " + table + " ORDER BY id");

        assertEquals(2, records.size());
        assertEquals("Pelosi", records.get(0).getString("name"));
        assertEquals("2025-01-14 10:11:12.345", records.get(0).getString("at"));
        assertEquals("O'Brien", records.get(1).getString("name"));
        assertEquals(List.of("id", "name", "at"), client.getTableSchema(table).getColumns().stream().map(c -> c.getColumnName()).toList());
    }

    @Test
    void settingsTravelToTheEngineAndItsErrorsComeBackWithTheirCodes() throws Exception {
        final QuerySettings settings = new QuerySettings();
        settings.serverSetting("async_insert", "0");
        final List<GenericRecord> pinned = client.queryAll("SELECT getSetting('async_insert') AS a, getSetting('wait_for_async_insert') AS w", settings);
        assertEquals("false", pinned.getFirst().getString("a"), "the request's setting");
        assertEquals("true", pinned.getFirst().getString("w"), "26.x's own default, untouched");

        final QuerySettings unknown = new QuerySettings();
        unknown.serverSetting("no_such_setting_xyz", "1");
        final ServerException unknownSetting = serverError(() -> client.queryAll("SELECT 1", unknown));
        assertEquals(115, unknownSetting.getCode());
        assertEquals(404, unknownSetting.getTransportProtocolCode());

        final ServerException syntax = serverError(() -> client.queryAll("SELECT ("));
        assertEquals(62, syntax.getCode());
        assertEquals(400, syntax.getTransportProtocolCode());

        try (Client wrong = client("not-the-password")) {
            final ServerException auth = serverError(() -> wrong.queryAll("SELECT 1"));
            assertEquals(516, auth.getCode());
            assertTrue(auth.getMessage().contains("Authentication failed"), auth.getMessage());
        }
    }

    private static ServerException serverError(final org.junit.jupiter.api.function.Executable call) {
        final Throwable thrown = assertThrows(Throwable.class, call);
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof ServerException server) {
                return server;
            }
        }
        throw new AssertionError("not a server error", thrown);
    }

    @Test
    void requestsRunSideBySideEachWithItsOwnSettings() throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            final List<Future<String>> answers = new ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                final int threads = i;
                answers.add(pool.submit(() -> {
                    final QuerySettings settings = new QuerySettings();
                    settings.serverSetting("max_threads", Integer.toString(threads));
                    return client.queryAll("SELECT getSetting('max_threads') AS t, sum(number) AS s FROM numbers(5000000)", settings)
                            .getFirst().getString("t");
                }));
            }
            for (int i = 1; i <= 12; i++) {
                assertEquals(Integer.toString(i), answers.get(i - 1).get(2, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theServerHeadersAreThereAndPingNeedsNoPassword() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            assertEquals("Ok.\n", http.send(HttpRequest.newBuilder(URI.create(url + "/ping")).build(), HttpResponse.BodyHandlers.ofString()).body());
            final String basic = Base64.getEncoder().encodeToString((env("CLICKHOUSE_USER") + ":" + System.getenv().getOrDefault("CLICKHOUSE_PASSWORD", ""))
                    .getBytes(StandardCharsets.UTF_8));
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/?query_id=it-headers"))
                    .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.ofString("SELECT version() FORMAT TSV")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.body().startsWith("26."), response.body());
            assertEquals("it-headers", response.headers().firstValue("X-ClickHouse-Query-Id").orElseThrow());
            assertEquals("TSV", response.headers().firstValue("X-ClickHouse-Format").orElseThrow());
            assertTrue(response.headers().firstValue("X-ClickHouse-Timezone").isPresent());
            assertTrue(response.headers().firstValue("X-ClickHouse-Summary").orElseThrow().contains("\"read_rows\""));
        }
    }
}
