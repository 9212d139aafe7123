package org.spotlight.flows.local;

import org.spotlight.clickhouse.http.ClickHouseConnection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * {@code ./spotlight reliability nifi|clickhouse}: runs the congress trades pipeline on the offline mirror, kills the
 * NiFi or ClickHouse process with SIGKILL while records are moving, starts it again with ./spotlight, lets the pipeline
 * settle, and compares what the Kafka topic holds with what ClickHouse holds.
 */
public final class ReliabilityDrill {

    private ReliabilityDrill() {
    }

    public static void main(final String[] args) throws Exception {
        if (args.length != 4 || !java.util.Set.of("nifi", "clickhouse").contains(args[0])) {
            System.err.println("usage: ReliabilityDrill nifi|clickhouse <project root> <shared data/congress> <work directory>");
            System.exit(1);
        }
        final String victim = args[0];
        final Path root = Path.of(args[1]);
        final LocalPipeline.Stack stack = LocalPipeline.Stack.fromEnvironment();
        final String run = UUID.randomUUID().toString().substring(0, 8);
        final String topic = "spotlight.drill" + run + ".trades";
        final long started = System.nanoTime();
        try (OfflineSources offline = new OfflineSources(Path.of(args[2]), Path.of(args[3]).resolve("mirror-" + run));
             LocalPipeline pipeline = new LocalPipeline(stack, "Spotlight reliability drill:", topic, "drill_failures_" + run)) {
            pipeline.reset(ReliabilityDrill::say);
            pipeline.start(root.resolve("flows"), offline.producerParameters());

            try (ClickHouseConnection clickHouse = pipeline.clickHouse()) {
                awaitRowsMoving(pipeline, clickHouse);
                say("killing " + victim + " (SIGKILL) with " + pipeline.bridge().published(pipeline.topic()) + " records published and "
                        + rows(clickHouse, pipeline.table(), "") + " rows loaded");
                final String pid = Files.readString(Path.of(System.getenv("SPOTLIGHT_HOME"), "run", victim + ".pid")).strip();
                exec("kill", "-KILL", pid);
                NiFiApi.sleep(Duration.ofSeconds(3));
                say("starting " + victim + " again: ./spotlight up " + victim);
                exec(root.resolve("spotlight").toString(), "up", victim);
                if (victim.equals("nifi")) {
                    // The fetch that was cut off resumes from its state: filings it finished are not emitted again.
                    pipeline.rerunFetch();
                }
            }
            pipeline.awaitQuiet(Duration.ofMinutes(20), Duration.ofSeconds(10), progress -> say("progress: " + progress));
            pipeline.stop();

            final TopicContents published = TopicContents.read(stack.kafkaBootstrapServers(), topic);
            try (ClickHouseConnection clickHouse = pipeline.clickHouse()) {
                final long rows = rows(clickHouse, pipeline.table(), "");
                final long distinctRows = rows(clickHouse, pipeline.table(), " FINAL");
                final long failures = failures(clickHouse, "drill_failures_" + run);
                // A published trade is lost when it is neither a row nor a stored failure.
                final java.util.Set<String> missing = new java.util.TreeSet<>(published.tradesByKey().keySet());
                missing.removeAll(clickHouse.query("SELECT DISTINCT trade_key FROM `" + pipeline.table() + "`", Map.of()).column("trade_key"));
                if (!missing.isEmpty() && failures > 0) {
                    final String stored = clickHouse.query("SELECT payload FROM `drill_failures_" + run + "`", Map.of()).column("payload").toString();
                    missing.removeIf(key -> stored.contains("\"trade_key\":\"" + key + "\""));
                }
                final long lost = missing.size();
                System.out.println();
                System.out.printf(Locale.ROOT, "Kafka topic %s: %d messages, %d distinct trades%n", topic, published.messages(), published.tradesByKey().size());
                System.out.printf(Locale.ROOT, "ClickHouse %s: %d rows stored, %d distinct trades (FINAL), %d stored failures%n",
                        pipeline.table(), rows, distinctRows, failures);
                System.out.printf(Locale.ROOT, "RESULT reliability kill=%s messages=%d trades=%d rows=%d rows_final=%d failures=%d lost=%d seconds=%d%n",
                        victim, published.messages(), published.tradesByKey().size(), rows, distinctRows, failures, lost,
                        Duration.ofNanos(System.nanoTime() - started).toSeconds());
                if (lost != 0) {
                    System.exit(2);
                }
            } finally {
                pipeline.nifi().removeGroup(pipeline.producerGroupId());
                pipeline.nifi().removeGroup(pipeline.consumerGroupId());
            }
        }
    }

    private static void awaitRowsMoving(final LocalPipeline pipeline, final ClickHouseConnection clickHouse) {
        final long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (pipeline.bridge().published(pipeline.topic()) > 2000 && tableExists(clickHouse, pipeline.table()) && rows(clickHouse, pipeline.table(), "") > 0) {
                return;
            }
            NiFiApi.sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("records did not start to move within 5 minutes");
    }

    private static boolean tableExists(final ClickHouseConnection clickHouse, final String table) {
        return !clickHouse.query("SELECT name FROM system.tables WHERE database = currentDatabase() AND name = '" + table + "'", Map.of()).isEmpty();
    }

    private static long rows(final ClickHouseConnection clickHouse, final String table, final String modifier) {
        try {
            return Long.parseLong(clickHouse.query("SELECT count() AS n FROM `" + table + "`" + modifier, Map.of()).column("n").getFirst());
        } catch (final RuntimeException e) {
            return 0;
        }
    }

    private static long failures(final ClickHouseConnection clickHouse, final String table) {
        return tableExists(clickHouse, table) ? rows(clickHouse, table, "") : 0;
    }

    private static void exec(final String... command) throws Exception {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    private static void say(final String message) {
        System.out.println("[reliability] " + message);
        System.out.flush();
    }
}
