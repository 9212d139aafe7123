package org.spotlight.flows.local;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.spotlight.clickhouse.http.ClickHouseConnection;
import org.spotlight.flows.FlowSnapshots;
import org.spotlight.flows.SpotlightFlows;
import org.spotlight.clickhouse.client.ClickHouseQueryResult;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
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
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The real-NiFi half of {@code ./spotlight bench e2e}: the shipped kafka-to-clickhouse flow in the local NiFi 2.3.0,
 * consuming a topic of the local Kafka broker through ConsumeKafka's stand-in ({@link ConsumeKafkaStandIn}: the consumer
 * loop and the FlowFiles of ConsumeKafka with the flow's settings, handed to the ListenHTTP in its place). The benchmark
 * publishes its records to the topic before the clock starts, one message per record keyed by trade_id, then measures
 * rows/s from the first poll that returns messages until the last row is in ClickHouse, and each 10,000-record group's
 * latency from the moment NiFi accepted its last message until all its rows are there.
 * <p>
 * Prints one line: {@code rows=<n> rows_per_s=<n> p50_latency_ms=<n> p99_latency_ms=<n> flowfiles=<n> harness_cpu_s=<n>}, the last
 * being this JVM's CPU time during the measured pass: the stand-in's consumer and posts, and the landing polls.
 * <p>
 * With {@code --hostile <fraction>} (such as {@code 1%}), a second topic holds the same records with that share of them made
 * hostile ({@link HostileRecords}: values and messages that must fail, each alone, at a bounded cost). After the clean
 * stream's measured pass, the hostile stream is measured the same way, until every record is in ClickHouse as a row or in
 * the failure table as a stored failure; it must hold exactly the clean records as rows and the hostile ones as failures.
 * The line then also has {@code hostile_records=<n> hostile_rows=<n> hostile_failures=<n> hostile_records_per_s=<n>
 * hostile_p99_latency_ms=<n>}.
 */
public final class EndToEndBenchmark {

    private static final int GROUP_SIZE = 10_000;
    private static final int MAX_WARM_UP_PASSES = 10;
    /**
     * Short against the run's length: the landing time is known to within a poll. Each poll is a query the server answers
     * during the measured pass, beside the load it measures; 20 ms polls took some 450 queries per pass (and as many
     * HTTP requests of this JVM), so 100 ms: latencies of seconds are known to within a tenth of one.
     */
    private static final long LANDING_POLL_MILLIS = 100;

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
        final int partitions = Integer.parseInt(options.getOrDefault("partitions", "1"));
        final double hostileShare = HostileRecords.share(options.getOrDefault("hostile", "0"));
        final String topic = table.replace('_', '.');
        final LocalPipeline.Stack stack = LocalPipeline.Stack.fromEnvironment();
        final NiFiApi nifi = new NiFiApi(stack.nifiUrl());
        final int port = freePort();

        final Topic published = publish(stack.kafkaBootstrapServers(), topic, partitions, chunks, 0);
        System.err.printf(Locale.ROOT, "published %d records to %s (%d partitions) in %d ms%n", published.records(), topic, partitions,
                published.millis());
        final Topic hostile = hostileShare > 0 ? publish(stack.kafkaBootstrapServers(), topic + ".hostile", partitions, chunks, hostileShare) : null;
        if (hostile != null) {
            System.err.printf(Locale.ROOT, "published %d records to %s, %d of them hostile, in %d ms%n", hostile.records(), hostile.name(),
                    hostile.hostile(), hostile.millis());
        }

        final RegisteredFlowSnapshot shipped = FlowSnapshots.read(FlowSnapshots.file(flows, SpotlightFlows.KAFKA_TO_CLICKHOUSE));
        final String group = nifi.uploadFlow(nifi.rootGroupId(), "Spotlight bench e2e " + table,
                FlowSnapshots.toJson(LocalVariants.kafkaToClickHouse(shipped, port, "bench e2e " + table, nifi::processorBundle))
                        .getBytes(StandardCharsets.UTF_8), 0, 1200);
        try (ClickHouseConnection clickHouse = new ClickHouseConnection(new ClickHouseConnection.Settings(List.of(stack.clickHouseUrl()),
                stack.clickHouseDatabase(), stack.clickHouseUser(), stack.clickHousePassword(), null, Duration.ofSeconds(10), Duration.ofMinutes(5),
                org.spotlight.clickhouse.http.ClickHouseCompression.AUTO, 4, Map.of(), "Spotlight-Bench"))) {
            nifi.setParameters(group, Map.of("CLICKHOUSE_URL", stack.clickHouseUrl(), "CLICKHOUSE_USER", stack.clickHouseUser(),
                    "CLICKHOUSE_PASSWORD", stack.clickHousePassword(), "CLICKHOUSE_DATABASE", stack.clickHouseDatabase(),
                    "S3_ENDPOINT", stack.s3Endpoint(), "S3_ACCESS_KEY", stack.s3AccessKey(), "S3_SECRET_KEY", stack.s3SecretKey(),
                    "S3_BUCKET_FAILURES", stack.s3BucketFailures(), "failure.table", table + "_failures", "clickhouse.order.by", "trade_id"));
            nifi.enableControllerServices(group);
            nifi.setGroupState(group, "RUNNING");
            awaitListening(port);

            // Untimed warm-up until NiFi runs as fast as it will, as a long-running NiFi does: a freshly started one keeps
            // its JIT compilers busy for millions of records, while nifi-mock's single processor is compiled within bench
            // put's warm-up rounds. Each pass reads the whole topic with a consumer group of its own into the emptied table
            // (the flow creates it in the first pass); passes go on until two of them have been no faster than the best
            // before them (one slow pass may be noise).
            long best = 0;
            int withoutGain = 0;
            int pass = 1;
            for (; pass <= MAX_WARM_UP_PASSES && withoutGain < 2; pass++) {
                final Run warm = run(shipped, stack, port, clickHouse, published, table, table + "_failures", "bench-e2e-" + table + "-" + System.nanoTime());
                final long rowsPerSecond = warm.rows() * 1000 / Math.max(1, warm.landedMillis());
                System.err.printf(Locale.ROOT, "warm-up pass %d: %d rows/s (%d FlowFiles)%n", pass, rowsPerSecond, warm.flowFiles());
                withoutGain = rowsPerSecond < best * 1.03 ? withoutGain + 1 : 0;
                best = Math.max(best, rowsPerSecond);
                settle(clickHouse);
            }
            if (hostile != null) {
                // The failure path warm as well, as in a NiFi that has met bad records before: one untimed pass.
                final Run warm = run(shipped, stack, port, clickHouse, hostile, table + "_hostile", table + "_failures", "bench-e2e-" + table + "-" + System.nanoTime());
                System.err.printf(Locale.ROOT, "warm-up pass of the hostile stream: %d records/s%n", warm.records() * 1000 / Math.max(1, warm.landedMillis()));
                settle(clickHouse);
            }
            final Map<String, Long> cpuBefore = serviceCpu();
            final Run measured = run(shipped, stack, port, clickHouse, published, table, table + "_failures", "bench-e2e-" + table + "-" + System.nanoTime());
            final Map<String, Long> cpuAfter = serviceCpu();
            System.err.println("CPU time during the measured pass: " + cpuTimes(cpuBefore, cpuAfter, measured));

            // Where NiFi spent its time (the status window covers the last five minutes): to stderr, for the log.
            for (var processor : nifi.status(group).path("processorStatusSnapshots")) {
                final var snapshot = processor.path("processorStatusSnapshot");
                System.err.printf(Locale.ROOT, "%-32s %6d FlowFiles in, %6d tasks, %8d ms in tasks%n", snapshot.path("name").asText(),
                        snapshot.path("flowFilesIn").asLong(), snapshot.path("taskCount").asLong(),
                        snapshot.path("tasksDurationNanos").asLong() / 1_000_000);
            }
            System.err.printf(Locale.ROOT, "all messages accepted by NiFi after %d ms, all rows in ClickHouse after %d ms%n",
                    measured.acceptedMillis(), measured.landedMillis());
            String hostileFields = "";
            if (hostile != null) {
                settle(clickHouse);
                final Map<String, Long> before = serviceCpu();
                final Run attacked = run(shipped, stack, port, clickHouse, hostile, table + "_hostile", table + "_failures", "bench-e2e-" + table + "-" + System.nanoTime());
                final Map<String, Long> after = serviceCpu();
                System.err.println("hostile stream: " + cpuTimes(before, after, attacked));
                System.err.printf(Locale.ROOT, "hostile stream: %d records, %d rows and %d stored failures after %d ms%n", attacked.records(),
                        attacked.rows(), attacked.failures(), attacked.landedMillis());
                hostileFields = String.format(Locale.ROOT, " hostile_records=%d hostile_rows=%d hostile_failures=%d hostile_records_per_s=%d hostile_p99_latency_ms=%d",
                        attacked.records(), attacked.rows(), attacked.failures(), attacked.records() * 1000 / Math.max(1, attacked.landedMillis()),
                        percentile(attacked.latencies(), 99));
            }
            System.out.printf(Locale.ROOT, "rows=%d rows_per_s=%d p50_latency_ms=%d p99_latency_ms=%d flowfiles=%d harness_cpu_s=%.2f%s%n",
                    measured.rows(), measured.rows() * 1000 / Math.max(1, measured.landedMillis()), percentile(measured.latencies(), 50),
                    percentile(measured.latencies(), 99), measured.flowFiles(), measured.harnessCpuNanos() / 1e9, hostileFields);
        } finally {
            nifi.removeGroup(group);
        }
    }

    /**
     * The topic as published: per partition, the trade_id of the record at each offset; how many records were made hostile,
     * and per group of {@link #GROUP_SIZE} trade_ids how many rows it must land (its records that are not hostile).
     */
    private record Topic(String name, long records, long[][] tradeIds, long hostile, int[] groupRows, long millis) {
        long rows() {
            return records - hostile;
        }
    }

    /** One timed pass: the whole topic consumed, until all its records are in the table as rows or stored as failures. */
    private record Run(long records, long rows, long failures, long acceptedMillis, long landedMillis, List<Long> latencies, long flowFiles,
                       long harnessCpuNanos) {
    }

    /**
     * Publishes every record of the chunk files (JSON Lines) as one message, keyed by its trade_id, into a new topic;
     * {@code hostileShare} of them (spread evenly) replaced by a hostile message ({@link HostileRecords}).
     */
    private static Topic publish(final String bootstrapServers, final String topic, final int partitions, final Path chunks,
                                 final double hostileShare) throws Exception {
        final Properties adminConfig = new Properties();
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(adminConfig)) {
            try {
                admin.deleteTopics(List.of(topic)).all().get();
            } catch (final ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            for (int attempt = 0; ; attempt++) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
                    break;
                } catch (final ExecutionException e) {
                    // A topic deleted moments ago may still be marked for deletion.
                    if (attempt >= 60) {
                        throw e;
                    }
                    Thread.sleep(1000);
                }
            }
        }
        final List<Path> files;
        try (Stream<Path> listing = Files.list(chunks)) {
            files = listing.sorted().toList();
        }
        final Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
        final List<String> lines = new ArrayList<>();
        for (Path file : files) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        }
        final long[] ids = new long[lines.size()];
        final HostileRecords hostile = new HostileRecords(hostileShare);
        long hostileCount = 0;
        final List<Integer> groupRows = new ArrayList<>();
        final int[] partitionOf = new int[lines.size()];
        final long[] offsetOf = new long[lines.size()];
        final AtomicLong failed = new AtomicLong();
        final long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < lines.size(); i++) {
                // bench put's records begin with {"trade_id":<n>,
                final String line = lines.get(i);
                final String tradeId = line.substring(line.indexOf(':') + 1, line.indexOf(','));
                ids[i] = Long.parseLong(tradeId);
                final int index = i;
                final byte[] message = hostile.message(i, line);
                final int group = (int) ((ids[i] - 1) / GROUP_SIZE);
                while (groupRows.size() <= group) {
                    groupRows.add(0);
                }
                if (message == null) {
                    groupRows.set(group, groupRows.get(group) + 1);
                } else {
                    hostileCount++;
                }
                producer.send(new ProducerRecord<>(topic, tradeId.getBytes(StandardCharsets.UTF_8), message != null ? message : line.getBytes(StandardCharsets.UTF_8)),
                        (sent, error) -> {
                            if (error != null) {
                                failed.incrementAndGet();
                            } else {
                                partitionOf[index] = sent.partition();
                                offsetOf[index] = sent.offset();
                            }
                        });
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " records could not be published to " + topic);
        }
        final int[] sizes = new int[partitions];
        for (int i = 0; i < ids.length; i++) {
            sizes[partitionOf[i]] = (int) Math.max(sizes[partitionOf[i]], offsetOf[i] + 1);
        }
        final long[][] tradeIds = new long[partitions][];
        for (int partition = 0; partition < partitions; partition++) {
            tradeIds[partition] = new long[sizes[partition]];
        }
        for (int i = 0; i < ids.length; i++) {
            tradeIds[partitionOf[i]][(int) offsetOf[i]] = ids[i];
        }
        return new Topic(topic, ids.length, tradeIds, hostileCount, groupRows.stream().mapToInt(Integer::intValue).toArray(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /**
     * @param table the table the topic's rows land in; its failures are stored in {@code <benchmark table>_failures}, which
     *              must stay empty for a stream without hostile records and hold exactly the hostile ones otherwise
     */
    private static Run run(final RegisteredFlowSnapshot shipped, final LocalPipeline.Stack stack, final int port,
                           final ClickHouseConnection clickHouse, final Topic topic, final String table, final String failureTable,
                           final String consumerGroup) throws Exception {
        clickHouse.execute("TRUNCATE TABLE IF EXISTS `" + table + "`", Map.of());
        clickHouse.execute("TRUNCATE TABLE IF EXISTS `" + failureTable + "`", Map.of());
        final long rows = topic.rows();
        final int groups = topic.groupRows().length;
        // When NiFi accepted the last message of each group of 10,000 trade_ids.
        final long[] accepted = new long[groups];
        final long[] landed = new long[groups];
        final AtomicLong firstPoll = new AtomicLong();
        final AtomicLong lastAccepted = new AtomicLong();
        final ConsumeKafkaStandIn.Configuration configuration = LocalVariants.consumeKafka(shipped, stack.kafkaBootstrapServers(),
                List.of(topic.name()), consumerGroup);
        final long cpuBefore = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
        final long finished;
        final long consumerFlowFiles;
        final long firstPolled;
        final long failuresStored;
        try (ConsumeKafkaStandIn consume = new ConsumeKafkaStandIn(configuration, URI.create(LocalVariants.listenUrl(port)), delivery -> {
            firstPoll.compareAndSet(0, delivery.polledNanos());
            lastAccepted.set(delivery.acceptedNanos());
            for (DemarcatedFlowFiles.FlowFile flowFile : delivery.flowFiles()) {
                final long[] ids = topic.tradeIds()[flowFile.partition().partition()];
                for (long offset = flowFile.firstOffset(); offset <= flowFile.lastOffset(); offset++) {
                    final int batch = (int) ((ids[(int) offset] - 1) / GROUP_SIZE);
                    accepted[batch] = Math.max(accepted[batch], delivery.acceptedNanos());
                }
            }
        })) {
            final long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            long total = 0;
            long stored = 0;
            long failures = 0;
            // Groups before this one have all their rows: they are no longer counted.
            int lowest = 0;
            long rowsBefore = 0;
            while (total < rows || failures < topic.hostile()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + total + " of " + rows + " rows and " + failures + " of " + topic.hostile()
                            + " failures arrived within 30 minutes");
                }
                Thread.sleep(LANDING_POLL_MILLIS);
                // Polled from the parts' metadata, which costs the server next to nothing; the rows are counted per group
                // only when new ones have arrived, and only in the groups not complete yet (the table is ordered by trade_id,
                // so the server reads only their part of it), so that the measurement takes little of the CPU it measures.
                final Map<String, Long> rowsByTable = storedRows(clickHouse, table, failureTable);
                failures = rowsByTable.getOrDefault(failureTable, 0L);
                if (failures > topic.hostile()) {
                    throw new IllegalStateException(failures + " records were stored as failures in " + failureTable + ", but only "
                            + topic.hostile() + " of the benchmark's records are hostile: good records failed");
                }
                if (rowsByTable.getOrDefault(table, 0L) == stored) {
                    continue;
                }
                stored = rowsByTable.get(table);
                final ClickHouseQueryResult counts = clickHouse.query("SELECT intDiv(trade_id - 1, " + GROUP_SIZE + ") AS batch, count() AS n FROM `"
                        + table + "` WHERE trade_id > " + (long) lowest * GROUP_SIZE + " GROUP BY batch", Map.of());
                final long now = System.nanoTime();
                total = rowsBefore;
                for (List<String> row : counts.rows()) {
                    final long n = Long.parseLong(row.get(1));
                    total += n;
                    final int batch = Integer.parseInt(row.get(0));
                    if (n >= topic.groupRows()[batch] && landed[batch] == 0) {
                        landed[batch] = now;
                    }
                }
                while (lowest < groups && landed[lowest] != 0) {
                    rowsBefore += topic.groupRows()[lowest];
                    lowest++;
                }
            }
            failuresStored = failures;
            finished = System.nanoTime();
            consumerFlowFiles = consume.flowFiles();
            firstPolled = firstPoll.get();
        }
        final long cpu = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime() - cpuBefore;
        final List<Long> latencies = new ArrayList<>();
        for (int batch = 0; batch < groups; batch++) {
            if (landed[batch] != 0 && accepted[batch] != 0) {
                latencies.add(Duration.ofNanos(Math.max(0, landed[batch] - accepted[batch])).toMillis());
            }
        }
        Collections.sort(latencies);
        return new Run(topic.records(), rows, failuresStored, Duration.ofNanos(lastAccepted.get() - firstPolled).toMillis(),
                Duration.ofNanos(finished - firstPolled).toMillis(), latencies, consumerFlowFiles, cpu);
    }


    private static void awaitListening(final int port) throws InterruptedException {
        for (int attempt = 0; attempt < 120; attempt++) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
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

    private static String cpuTimes(final Map<String, Long> before, final Map<String, Long> after, final Run run) {
        final StringBuilder cpu = new StringBuilder();
        after.forEach((service, ticks) -> cpu.append(String.format(Locale.ROOT, "%s %.2f s, ", service,
                (ticks - before.getOrDefault(service, ticks)) / (double) CLOCK_TICKS)));
        return cpu.append(String.format(Locale.ROOT, "harness (the stand-in's consumer and posts, landing polls) %.2f s", run.harnessCpuNanos() / 1e9))
                .toString();
    }

    /** Linux's USER_HZ, the unit of /proc/<pid>/stat's CPU times. */
    private static final long CLOCK_TICKS = 100;

    /** CPU time (user + system, in clock ticks) of the stack's NiFi, ClickHouse and Kafka processes, from /proc. */
    private static Map<String, Long> serviceCpu() {
        final Map<String, Long> cpu = new java.util.LinkedHashMap<>();
        final String home = System.getenv("SPOTLIGHT_HOME");
        for (String service : List.of("nifi", "clickhouse", "kafka")) {
            try {
                final String pid = Files.readString(Path.of(home, "run", service + ".pid")).strip();
                final String stat = Files.readString(Path.of("/proc", pid, "stat"));
                // Fields after the command name (which may hold spaces) in parentheses: utime and stime are the 12th and 13th.
                final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                cpu.put(service, Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13]) + Long.parseLong(fields[14]));
            } catch (final IOException | RuntimeException e) {
                // Not running here (an external service): not measured.
            }
        }
        return cpu;
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
