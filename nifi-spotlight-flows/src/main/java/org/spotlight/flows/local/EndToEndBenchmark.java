package org.spotlight.flows.local;

import org.spotlight.clickhouse.ClickHouseConnection;
import org.spotlight.flows.FlowSnapshots;
import org.spotlight.flows.SpotlightFlows;
import org.spotlight.nifi.services.clickhouse.ClickHouseQueryResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The real-NiFi half of {@code ./spotlight bench e2e}: the kafka-to-clickhouse flow (its Kafka source swapped for
 * ListenHTTP, as everywhere on this machine) in the local NiFi 2.3.0, fed the benchmark's FlowFile contents of 10,000
 * records with the attributes ConsumeKafka would set. Measures rows/s from the first POST until the last row is in
 * ClickHouse, and each FlowFile's latency from its POST until all its rows are there.
 * <p>
 * Prints one line: {@code rows=<n> rows_per_s=<n> p50_latency_ms=<n> p99_latency_ms=<n>}.
 */
public final class EndToEndBenchmark {

    private static final int ROWS_PER_FLOWFILE = 10_000;
    private static final int MAX_WARM_UP_PASSES = 10;
    /** Short against the run's length: the landing time is known to within a poll. */
    private static final long LANDING_POLL_MILLIS = 20;

    private EndToEndBenchmark() {
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        final Path flows = Path.of(options.get("flows"));
        final Path chunks = Path.of(options.get("chunks"));
        final String table = options.getOrDefault("table", "bench_e2e");
        final int posters = Integer.parseInt(options.getOrDefault("posters", "2"));
        final LocalPipeline.Stack stack = LocalPipeline.Stack.fromEnvironment();
        final NiFiApi nifi = new NiFiApi(stack.nifiUrl());
        final int port = freePort();

        final List<Path> files;
        try (Stream<Path> listing = Files.list(chunks)) {
            files = listing.sorted().toList();
        }
        final long rows = (long) files.size() * ROWS_PER_FLOWFILE;

        final String group = nifi.uploadFlow(nifi.rootGroupId(), "Spotlight bench e2e " + table,
                FlowSnapshots.toJson(LocalVariants.kafkaToClickHouse(FlowSnapshots.read(FlowSnapshots.file(flows, SpotlightFlows.KAFKA_TO_CLICKHOUSE)),
                        port, "bench e2e " + table, nifi::processorBundle)).getBytes(StandardCharsets.UTF_8), 0, 1200);
        try (ClickHouseConnection clickHouse = new ClickHouseConnection(new ClickHouseConnection.Settings(List.of(stack.clickHouseUrl()),
                stack.clickHouseDatabase(), stack.clickHouseUser(), stack.clickHousePassword(), null, Duration.ofSeconds(10), Duration.ofMinutes(5),
                org.spotlight.clickhouse.ClickHouseCompression.AUTO, 4, Map.of(), "Spotlight-Bench"))) {
            nifi.setParameters(group, Map.of("CLICKHOUSE_URL", stack.clickHouseUrl(), "CLICKHOUSE_USER", stack.clickHouseUser(),
                    "CLICKHOUSE_PASSWORD", stack.clickHousePassword(), "CLICKHOUSE_DATABASE", stack.clickHouseDatabase(),
                    "S3_ENDPOINT", stack.s3Endpoint(), "S3_ACCESS_KEY", stack.s3AccessKey(), "S3_SECRET_KEY", stack.s3SecretKey(),
                    "S3_BUCKET_FAILURES", stack.s3BucketFailures(), "failure.table", table + "_failures", "clickhouse.order.by", "trade_id"));
            nifi.enableControllerServices(group);
            nifi.setGroupState(group, "RUNNING");

            final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            awaitListening(http, port);
            // Untimed warm-up until NiFi runs as fast as it will, as a long-running NiFi does: a freshly started one keeps
            // its JIT compilers busy for millions of records (the framework's per-FlowFile paths as well as Spotlight's),
            // while nifi-mock's single processor is compiled within bench put's two warm-up rounds. Passes over the whole
            // data set, each into a table of its own created by the flow (PutClickHouseBatch remembers the tables it has
            // seen), until two of them have been no faster than the best before them (one slow pass may be noise).
            long best = 0;
            int withoutGain = 0;
            for (int pass = 1; pass <= MAX_WARM_UP_PASSES && withoutGain < 2; pass++) {
                final String warmUpTable = table + "_warmup" + pass;
                clickHouse.execute("DROP TABLE IF EXISTS `" + warmUpTable + "`", Map.of());
                final Run warm = run(port, clickHouse, files, warmUpTable, posters);
                clickHouse.execute("DROP TABLE IF EXISTS `" + warmUpTable + "`", Map.of());
                final long rowsPerSecond = warm.rows() * 1000 / Math.max(1, warm.landedMillis());
                System.err.printf(Locale.ROOT, "warm-up pass %d: %d rows/s%n", pass, rowsPerSecond);
                withoutGain = rowsPerSecond < best * 1.03 ? withoutGain + 1 : 0;
                best = Math.max(best, rowsPerSecond);
                settle(clickHouse);
            }
            final Run measured = run(port, clickHouse, files, table, posters);

            // Where NiFi spent its time (the status window covers the last five minutes): to stderr, for the log.
            for (var processor : nifi.status(group).path("processorStatusSnapshots")) {
                final var snapshot = processor.path("processorStatusSnapshot");
                System.err.printf(Locale.ROOT, "%-32s %6d FlowFiles in, %6d tasks, %8d ms in tasks%n", snapshot.path("name").asText(),
                        snapshot.path("flowFilesIn").asLong(), snapshot.path("taskCount").asLong(),
                        snapshot.path("tasksDurationNanos").asLong() / 1_000_000);
            }
            System.err.printf(Locale.ROOT, "all FlowFiles posted after %d ms, all rows in ClickHouse after %d ms%n",
                    measured.postedMillis(), measured.landedMillis());
            System.out.printf(Locale.ROOT, "rows=%d rows_per_s=%d p50_latency_ms=%d p99_latency_ms=%d%n", measured.rows(),
                    measured.rows() * 1000 / Math.max(1, measured.landedMillis()), percentile(measured.latencies(), 50),
                    percentile(measured.latencies(), 99));
        } finally {
            nifi.removeGroup(group);
        }
    }

    /** One timed pass: every file posted, until all their rows are in the table. */
    private record Run(long rows, long postedMillis, long landedMillis, List<Long> latencies) {
    }

    private static Run run(final int port, final ClickHouseConnection clickHouse, final List<Path> files,
                           final String table, final int posters) throws Exception {
        final long rows = (long) files.size() * ROWS_PER_FLOWFILE;
        final Map<Integer, Long> posted = new ConcurrentHashMap<>();
        final Map<Integer, Long> landed = new HashMap<>();
        final long firstBatch;
        try (Stream<String> first = Files.lines(files.getFirst())) {
            final String line = first.findFirst().orElseThrow();
            firstBatch = (Long.parseLong(line.replaceAll("^\\{\"trade_id\":(\\d+).*$", "$1")) - 1) / ROWS_PER_FLOWFILE;
        }
        // The contents are read from disk before the clock starts, as bench put has its FlowFiles enqueued untimed.
        final List<byte[]> bodies = new ArrayList<>(files.size());
        for (Path file : files) {
            bodies.add(Files.readAllBytes(file));
        }
        final long started = System.nanoTime();
        final ExecutorService pool = Executors.newFixedThreadPool(posters);
        final List<Future<?>> posts = new ArrayList<>();
        for (int index = 0; index < files.size(); index++) {
            final int batch = index;
            posts.add(pool.submit(() -> {
                post(port, bodies.get(batch), table);
                posted.put(batch, System.nanoTime());
                return null;
            }));
        }
        final long deadline = started + Duration.ofMinutes(30).toNanos();
        long total = 0;
        long stored = 0;
        while (total < rows) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + total + " of " + rows + " rows arrived within 30 minutes");
            }
            Thread.sleep(LANDING_POLL_MILLIS);
            // Polled from the parts' metadata, which costs the server next to nothing; the rows are counted per FlowFile
            // (a GROUP BY over the table) only when new ones have arrived, so that the measurement takes little of the
            // CPU it measures.
            final Map<String, Long> rowsByTable = storedRows(clickHouse, table, table + "_failures");
            if (rowsByTable.getOrDefault(table + "_failures", 0L) > 0) {
                throw new IllegalStateException(rowsByTable.get(table + "_failures") + " records were stored as failures in " + table
                        + "_failures: the benchmark data should all load");
            }
            if (rowsByTable.getOrDefault(table, 0L) == stored) {
                continue;
            }
            stored = rowsByTable.get(table);
            final ClickHouseQueryResult counts = clickHouse.query("SELECT intDiv(trade_id - 1, " + ROWS_PER_FLOWFILE + ") AS batch, count() AS n FROM `"
                    + table + "` GROUP BY batch", Map.of());
            final long now = System.nanoTime();
            total = 0;
            for (List<String> row : counts.rows()) {
                final long n = Long.parseLong(row.get(1));
                total += n;
                if (n >= ROWS_PER_FLOWFILE) {
                    landed.putIfAbsent(Integer.parseInt(row.get(0)), now);
                }
            }
        }
        final long finished = System.nanoTime();
        long lastPost = started;
        for (Future<?> post : posts) {
            post.get();
        }
        pool.shutdown();
        for (long at : posted.values()) {
            lastPost = Math.max(lastPost, at);
        }
        final List<Long> latencies = new ArrayList<>();
        landed.forEach((batch, at) -> latencies.add(Duration.ofNanos(at - posted.getOrDefault((int) (batch - firstBatch), started)).toMillis()));
        Collections.sort(latencies);
        return new Run(total, Duration.ofNanos(lastPost - started).toMillis(), Duration.ofNanos(finished - started).toMillis(), latencies);
    }

    private static void post(final int port, final byte[] body, final String table) throws IOException, InterruptedException {
        Duration backoff = Duration.ofMillis(100);
        while (true) {
            // HttpURLConnection hands the body to the socket in one write: java.net.http.HttpClient's body pipeline took
            // 0.7-0.8 CPU-s for the run's 240 MB, CPU the benchmark would take from the NiFi it measures.
            final HttpURLConnection connection = (HttpURLConnection) URI.create(LocalVariants.listenUrl(port)).toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            connection.setRequestProperty("kafka.topic", table.replace('_', '.'));
            connection.setRequestProperty("kafka.partition", "0");
            connection.setRequestProperty("record.count", String.valueOf(ROWS_PER_FLOWFILE));
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            final int status = connection.getResponseCode();
            // Read to the end, so that the connection is kept for the next POST.
            try (InputStream response = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (response != null) {
                    response.transferTo(OutputStream.nullOutputStream());
                }
            }
            if (status / 100 == 2) {
                return;
            }
            // 503: ListenHTTP's queue is full (back pressure); offer the FlowFile again shortly, as ConsumeKafka would poll again.
            Thread.sleep(backoff.toMillis());
            backoff = backoff.compareTo(Duration.ofSeconds(2)) < 0 ? backoff.multipliedBy(2) : backoff;
        }
    }

    private static void awaitListening(final HttpClient http, final int port) throws InterruptedException {
        for (int attempt = 0; attempt < 120; attempt++) {
            try {
                http.send(HttpRequest.newBuilder(URI.create(LocalVariants.listenUrl(port))).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (final IOException notYet) {
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("ListenHTTP did not start listening on port " + port);
    }

    /** Rows in the tables' active parts, by table; tables that do not exist (yet) are absent. */
    private static Map<String, Long> storedRows(final ClickHouseConnection clickHouse, final String... tables) {
        final Map<String, Long> rows = new HashMap<>();
        final ClickHouseQueryResult result = clickHouse.query("SELECT table, sum(rows) AS n FROM system.parts WHERE database = currentDatabase() "
                + "AND active AND table IN ('" + String.join("', '", tables) + "') GROUP BY table", Map.of());
        for (List<String> row : result.rows()) {
            rows.put(row.get(0), Long.parseLong(row.get(1)));
        }
        return rows;
    }

    /**
     * Waits until ClickHouse runs no merge in the database and a second more (NiFi's repositories clean up after the warm-up's
     * FlowFiles), so that the measured run does not pay for the warm-up's background work.
     */
    private static void settle(final ClickHouseConnection clickHouse) throws InterruptedException {
        // Bounded: a merge that outlasts it (of some other table) costs the measured run less than a long wait costs the user.
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && !clickHouse.query("SELECT count() FROM system.merges WHERE database = currentDatabase()", Map.of())
                .rows().getFirst().getFirst().equals("0")) {
            Thread.sleep(200);
        }
        Thread.sleep(1000);
    }

    private static long percentile(final List<Long> sorted, final int percentile) {
        if (sorted.isEmpty()) {
            return 0;
        }
        final int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
