package org.spotlight.flows.local;

import org.spotlight.clickhouse.http.ClickHouseConnection;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./spotlight reliability outage}: long outages of ClickHouse, the S3 server and the Kafka broker in the middle of a
 * load, staggered so that they overlap, and the two kills of the older drills within the same run: ClickHouse killed
 * (SIGKILL) in the middle of inserts and started again at once, before the outages, and NiFi killed while all three
 * services are away (FlowFiles waiting in its retry loops, a fetch perhaps under way) and started again. Both shipped flows run as in the demo (offline mirror, ConsumeKafka's and
 * PublishKafka's stand-ins, the real broker), and a steady load of trade records ({@link PacedLoad}, a few of them
 * deliberately bad) is published throughout to a second topic the Kafka to ClickHouse flow consumes into a table of its
 * own. Each service is stopped ({@code ./spotlight down}) for the outage length and started again; FetchCongressTrades
 * runs while S3 is down (it archives every document there) and once more at the end, as the next daily run would.
 * Once everything has settled, the drill compares what the topics hold with the tables and the failure table: every
 * record must be a row or, for the deliberately bad ones only, a stored failure; no row may be there twice after merges.
 * <p>
 * Last line: {@code RESULT reliability outage=<services> minutes=<n> kills=<services> ... good_failures=<n> extra_rows=<n>
 * duplicates=<n> lost=<n> seconds=<n>}: extra_rows counts rows stored more than once before ReplacingMergeTree's merges
 * collapse them (at-least-once delivery), duplicates those left after merges (FINAL).
 */
public final class OutageDrill {

    private static final Pattern LOAD_KEY = Pattern.compile("drill/[0-9a-f]{8}/\\d+");

    private OutageDrill() {
    }

    /** One service's outage: when it goes down and comes back, relative to the start of the load. */
    private record Outage(String service, Duration down, Duration up) {
    }

    public static void main(final String[] args) throws Exception {
        // The clients' warnings while the broker is away, one per connection attempt, would bury the drill's own lines.
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        final Path root = Path.of(args[0]);
        final Path shared = Path.of(args[1]);
        final Path work = Path.of(args[2]);
        final Map<String, String> options = options(args, 3);
        final double minutes = Double.parseDouble(options.getOrDefault("minutes", "10"));
        final List<String> services = List.of(options.getOrDefault("services", "clickhouse,s3,kafka").split(","));
        final Duration length = Duration.ofMillis((long) (minutes * 60_000));
        final Duration stagger = Duration.ofMillis((long) (Double.parseDouble(options.getOrDefault("stagger-minutes",
                String.valueOf(minutes / 10))) * 60_000));
        final List<String> kills = options.getOrDefault("kills", "clickhouse,nifi").equals("none") ? List.of()
                : List.of(options.getOrDefault("kills", "clickhouse,nifi").split(","));
        final Duration lead = Duration.ofSeconds(Long.parseLong(options.getOrDefault("lead-seconds", "60")));
        final int rate = Integer.parseInt(options.getOrDefault("rate", "30"));

        final List<Outage> outages = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            final Duration down = lead.plus(stagger.multipliedBy(i));
            outages.add(new Outage(services.get(i), down, down.plus(length)));
        }
        final LocalPipeline.Stack stack = LocalPipeline.Stack.fromEnvironment();
        final String run = UUID.randomUUID().toString().substring(0, 8);
        final String topic = "spotlight.outage" + run + ".trades";
        final String loadTopic = "spotlight.outage" + run + ".load";
        final String failureTable = "outage_failures_" + run;
        final long started = System.nanoTime();
        say(String.format(Locale.ROOT, "outages of %s minutes, %s apart: %s; kills: %s; load %d records/s", minutes, stagger, outages,
                kills, rate));

        try (OfflineSources offline = new OfflineSources(shared, work.resolve("mirror-" + run));
             LocalPipeline pipeline = new LocalPipeline(stack, "Spotlight outage drill:", topic, List.of(loadTopic), failureTable)) {
            pipeline.reset(OutageDrill::say);
            // The fetch runs while S3 is down (or at once when S3 stays up).
            pipeline.start(root.resolve("flows"), offline.producerParameters(), !services.contains("s3"));
            final long loadStarted = System.nanoTime();
            final PacedLoad load = new PacedLoad(stack.kafkaBootstrapServers(), loadTopic, "drill/" + run, rate, 997, 4999);
            try {
                final Map<String, String> timeline = new LinkedHashMap<>();
                final List<Runnable> events = new ArrayList<>();
                final List<Duration> at = new ArrayList<>();
                for (Outage outage : outages) {
                    at.add(outage.down());
                    events.add(() -> {
                        control(root, "down", outage.service());
                        timeline.put(outage.service() + " down", LocalTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
                        if (outage.service().equals("s3")) {
                            say("running FetchCongressTrades while S3 is down");
                            pipeline.rerunFetch();
                        }
                    });
                    at.add(outage.up());
                    events.add(() -> {
                        control(root, "up", outage.service());
                        timeline.put(outage.service() + " up", LocalTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
                    });
                }
                if (kills.contains("clickhouse")) {
                    // In the middle of inserts, before the outages.
                    at.add(lead.dividedBy(2));
                    events.add(() -> {
                        kill(root, "clickhouse");
                        timeline.put("clickhouse killed and started", LocalTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
                    });
                }
                if (kills.contains("nifi")) {
                    // While every service is away (or, with fewer outages, in the middle of the last one).
                    final Outage last = outages.getLast();
                    at.add(last.down().plus(length.dividedBy(10).compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : length.dividedBy(10)));
                    events.add(() -> {
                        kill(root, "nifi");
                        timeline.put("nifi killed and started", LocalTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
                    });
                }
                runInOrder(loadStarted, at, events, load, pipeline);
                NiFiApi.sleep(lead);
                say("stopping the load after " + load.made() + " records; waiting for the last ones to be acknowledged");
                load.stopAndFlush(Duration.ofMinutes(5));
                say("running FetchCongressTrades once more, as the next daily run would");
                pipeline.rerunFetch();
                pipeline.awaitQuiet(Duration.ofMinutes(30), Duration.ofSeconds(30), progress -> say("progress: " + progress));
                pipeline.stop();
                say("timeline: " + timeline);

                final int exit = verify(stack, pipeline, load, topic, loadTopic, failureTable, String.format(Locale.ROOT, "outage=%s minutes=%s kills=%s",
                        String.join(",", services), minutes, kills.isEmpty() ? "none" : String.join(",", kills)), started);
                pipeline.nifi().removeGroup(pipeline.producerGroupId());
                pipeline.nifi().removeGroup(pipeline.consumerGroupId());
                if (exit != 0) {
                    System.exit(exit);
                }
            } finally {
                load.close();
                // Whatever happened, the stack is left up.
                for (Outage outage : outages) {
                    control(root, "up", outage.service());
                }
            }
        }
    }

    /** The drills' options: {@code --name value} pairs from {@code args[from]} on. */
    static Map<String, String> options(final String[] args, final int from) {
        final Map<String, String> options = new HashMap<>();
        for (int i = from; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }

    /** Runs each event at its time after {@code origin}, reporting progress meanwhile. */
    private static void runInOrder(final long origin, final List<Duration> at, final List<Runnable> events, final PacedLoad load,
                                   final LocalPipeline pipeline) {
        final List<Integer> order = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> at.get(a).compareTo(at.get(b)));
        long lastReport = 0;
        for (int index : order) {
            while (System.nanoTime() - origin < at.get(index).toNanos()) {
                NiFiApi.sleep(Duration.ofSeconds(1));
                if (System.nanoTime() - lastReport > Duration.ofSeconds(30).toNanos()) {
                    lastReport = System.nanoTime();
                    say(String.format(Locale.ROOT, "load: %d records made, %d acknowledged, %d waiting to be sent again; NiFi took %d messages",
                            load.made(), load.acknowledged().size(), load.pending(), pipeline.consume().messages()));
                }
            }
            events.get(index).run();
        }
    }

    /**
     * Compares the topics with the tables and the failure table, prints the counts and a RESULT line starting with
     * {@code RESULT reliability <label>}, and returns the exit status: 0 when nothing was lost, duplicated or wrongly stored.
     */
    static int verify(final LocalPipeline.Stack stack, final LocalPipeline pipeline, final PacedLoad load, final String topic,
                      final String loadTopic, final String failureTable, final String label, final long started) {
        final TopicContents trades = TopicContents.read(stack.kafkaBootstrapServers(), topic);
        final TopicContents loaded = TopicContents.read(stack.kafkaBootstrapServers(), loadTopic);
        try (ClickHouseConnection clickHouse = pipeline.clickHouse()) {
            final String tradeTable = LocalPipeline.tableOf(topic);
            final String loadTable = LocalPipeline.tableOf(loadTopic);
            final List<String> tradeRows = keys(clickHouse, tradeTable);
            final List<String> loadRows = keys(clickHouse, loadTable);
            final long tradeFinal = count(clickHouse, "SELECT count() AS n FROM `" + tradeTable + "` FINAL");
            final long loadFinal = count(clickHouse, "SELECT count() AS n FROM `" + loadTable + "` FINAL");
            final List<List<String>> failures = clickHouse.query("SELECT source_topic, error_code, payload FROM `" + failureTable + "`", Map.of())
                    .rows();

            // The load: every acknowledged record a row, but the deliberately bad ones, which must be stored failures.
            final Set<String> acknowledged = load.acknowledged();
            final Set<String> bad = load.bad();
            final Set<String> loadFailures = new TreeSet<>();
            final List<String> otherFailures = new ArrayList<>();
            for (List<String> failure : failures) {
                final Matcher key = LOAD_KEY.matcher(String.valueOf(failure.get(2)));
                if (loadTopic.equals(failure.get(0)) && key.find()) {
                    // A row holds one record, or the whole content of a FlowFile that could not be read as records.
                    do {
                        loadFailures.add(key.group());
                    } while (key.find());
                } else {
                    otherFailures.add(failure.get(0) + " " + failure.get(1) + " " + abbreviate(String.valueOf(failure.get(2))));
                }
            }
            final Set<String> lostLoad = new TreeSet<>(acknowledged);
            lostLoad.removeAll(loadRows);
            lostLoad.removeAll(loadFailures);
            final Set<String> goodFailures = new TreeSet<>(loadFailures);
            goodFailures.removeAll(bad);
            final Set<String> badLanded = new TreeSet<>(bad);
            badLanded.retainAll(loadRows);

            // The congress trades: every published trade a row.
            final Set<String> lostTrades = new TreeSet<>(trades.tradesByKey().keySet());
            lostTrades.removeAll(tradeRows);

            final long duplicates = tradeFinal - new TreeSet<>(tradeRows).size() + loadFinal - new TreeSet<>(loadRows).size();
            final long extraRows = tradeRows.size() - new TreeSet<>(tradeRows).size() + loadRows.size() - new TreeSet<>(loadRows).size();
            final long lost = lostLoad.size() + lostTrades.size();

            System.out.println();
            System.out.printf(Locale.ROOT, "Kafka topic %s: %d messages, %d distinct trades%n", topic, trades.messages(), trades.tradesByKey().size());
            System.out.printf(Locale.ROOT, "ClickHouse %s: %d rows stored, %d after merges (FINAL), %d trades missing%n", tradeTable,
                    tradeRows.size(), tradeFinal, lostTrades.size());
            System.out.printf(Locale.ROOT, "Kafka topic %s: %d messages, %d records acknowledged, %d of them deliberately bad%n", loadTopic,
                    loaded.messages(), acknowledged.size(), bad.size());
            System.out.printf(Locale.ROOT, "ClickHouse %s: %d rows stored, %d after merges (FINAL), %d records missing, %d bad records stored as rows%n",
                    loadTable, loadRows.size(), loadFinal, lostLoad.size(), badLanded.size());
            System.out.printf(Locale.ROOT, "Failure table %s: %d rows: %d of the load's bad records, %d good records, %d others%n", failureTable,
                    failures.size(), loadFailures.size() - goodFailures.size(), goodFailures.size(), otherFailures.size());
            otherFailures.stream().limit(10).forEach(failure -> System.out.println("  other failure: " + failure));
            goodFailures.stream().limit(10).forEach(key -> System.out.println("  good record stored as a failure: " + key));
            lostLoad.stream().limit(10).forEach(key -> System.out.println("  lost: " + key));
            lostTrades.stream().limit(10).forEach(key -> System.out.println("  lost trade: " + key));
            System.out.printf(Locale.ROOT, "RESULT reliability %s messages=%d rows=%d rows_final=%d failures=%d expected_failures=%d "
                            + "good_failures=%d extra_rows=%d duplicates=%d lost=%d seconds=%d%n",
                    label, trades.messages() + loaded.messages(), tradeRows.size() + loadRows.size(),
                    tradeFinal + loadFinal, failures.size(), bad.size(), goodFailures.size() + otherFailures.size(), extraRows, duplicates, lost,
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
            final boolean missingFailures = loadFailures.size() - goodFailures.size() != bad.size();
            return lost == 0 && goodFailures.isEmpty() && otherFailures.isEmpty() && duplicates == 0 && badLanded.isEmpty() && !missingFailures ? 0 : 2;
        }
    }

    private static List<String> keys(final ClickHouseConnection clickHouse, final String table) {
        try {
            return clickHouse.query("SELECT trade_key FROM `" + table + "`", Map.of()).column("trade_key");
        } catch (final RuntimeException e) {
            // No table: nothing landed.
            return List.of();
        }
    }

    private static long count(final ClickHouseConnection clickHouse, final String sql) {
        try {
            return Long.parseLong(clickHouse.query(sql, Map.of()).column("n").getFirst());
        } catch (final RuntimeException e) {
            return 0;
        }
    }

    private static String abbreviate(final String text) {
        return text.length() > 160 ? text.substring(0, 157) + "..." : text;
    }

    /** SIGKILL, as a crash or the OOM killer would, and at once ./spotlight up. */
    private static void kill(final Path root, final String service) {
        try {
            final String pid = java.nio.file.Files.readString(Path.of(System.getenv("SPOTLIGHT_HOME"), "run", service + ".pid")).strip();
            say("killing " + service + " (SIGKILL, pid " + pid + ")");
            new ProcessBuilder("kill", "-KILL", pid).inheritIO().start().waitFor();
            NiFiApi.sleep(Duration.ofSeconds(3));
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        control(root, "up", service);
    }

    private static void control(final Path root, final String command, final String service) {
        say("./spotlight " + command + " " + service);
        try {
            final Process process = new ProcessBuilder(root.resolve("spotlight").toString(), command, service).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("./spotlight " + command + " " + service + " failed");
            }
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void say(final String message) {
        System.out.println("[outage " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message);
        System.out.flush();
    }
}
