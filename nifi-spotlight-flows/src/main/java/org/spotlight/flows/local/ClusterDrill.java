package org.spotlight.flows.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.spotlight.clickhouse.http.ClickHouseConnection;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * {@code ./spotlight reliability cluster}: both shipped flows on the local cluster (two NiFi nodes, three Kafka brokers, two
 * ClickHouse replicas of one shard, see stack/cluster.sh), the congress trades of the offline mirror plus a paced synthetic
 * stream ({@link PacedLoad}) of about a minute, and three kills (SIGKILL) at different moments, each member started again
 * with {@code ./spotlight cluster start}: the primary NiFi node while FetchCongressTrades runs on it (the other node becomes
 * primary and runs the fetch again from the cluster state), the ClickHouse replica the flow inserts into, and a Kafka broker.
 * <p>
 * The counts are those of {@link OutageDrill#verify} (every record a row or, for the deliberately bad ones only, a stored
 * failure; no row twice after merges), plus the replicas: both must hold the same rows, and the Distributed table over them
 * must show each trade once. Last lines: {@code RESULT reliability cluster ...} and {@code RESULT cluster-replicas ...}.
 */
public final class ClusterDrill {

    private ClusterDrill() {
    }

    public static void main(final String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        final Path root = Path.of(args[0]);
        final Path shared = Path.of(args[1]);
        final Path work = Path.of(args[2]);
        final Map<String, String> options = OutageDrill.options(args, 3);
        final int rate = Integer.parseInt(options.getOrDefault("rate", "150"));
        final Duration loadLength = Duration.ofSeconds(Long.parseLong(options.getOrDefault("load-seconds", "60")));
        final List<String> nifiUrls = List.of(System.getenv("CLUSTER_NIFI_URLS").split(","));
        final List<String> clickHouseUrls = List.of(System.getenv("CLUSTER_CLICKHOUSE_URLS").split(","));
        final LocalPipeline.Stack stack = LocalPipeline.Stack.fromEnvironment();
        final LocalPipeline.Stack secondReplica = stack.withClickHouseUrl(clickHouseUrls.get(1));

        final String run = UUID.randomUUID().toString().substring(0, 8);
        final String topic = "spotlight.cluster" + run + ".trades";
        final String loadTopic = "spotlight.cluster" + run + ".load";
        final String failureTable = "cluster_failures_" + run;
        final long started = System.nanoTime();
        final Map<String, String> timeline = new LinkedHashMap<>();
        say("cluster: NiFi " + nifiUrls + ", Kafka " + stack.kafkaBootstrapServers() + ", ClickHouse " + clickHouseUrls + "; load " + rate
                + " records/s for " + loadLength.toSeconds() + " s");

        try (OfflineSources offline = new OfflineSources(shared, work.resolve("mirror-" + run));
             LocalPipeline pipeline = new LocalPipeline(stack, "Spotlight cluster drill:", topic, List.of(loadTopic), failureTable)) {
            pipeline.clustered();
            pipeline.topicLayout(6, (short) 3);
            // ReplicatedReplacingMergeTree: the replica the flow inserts into shares every block with the other one.
            pipeline.consumerParameter("clickhouse.replicated", "true");
            pipeline.reset(ClusterDrill::say);
            pipeline.start(root.resolve("flows"), offline.producerParameters());
            final PacedLoad load = new PacedLoad(stack.kafkaBootstrapServers(), loadTopic, "drill/" + run, rate, 997, 4999);
            final long loadStarted = System.nanoTime();
            try (ClickHouseConnection first = pipeline.clickHouse(); ClickHouseConnection second = LocalPipeline.clickHouse(secondReplica)) {
                final List<String> tables = List.of(LocalPipeline.tableOf(topic), LocalPipeline.tableOf(loadTopic));
                awaitRows(first, tables, () -> replicate(first, second, tables));

                final int primary = primaryNode(pipeline.nifi(), nifiUrls);
                say("FetchCongressTrades is running on the primary node nifi-" + primary + "; " + pipeline.progress());
                kill("nifi", primary, timeline);
                start(root, "nifi", timeline);
                final int newPrimary = primaryNode(pipeline.nifi(), nifiUrls);
                say("primary node now nifi-" + newPrimary + "; running FetchCongressTrades again there, from the cluster state");
                pipeline.rerunFetch();
                timeline.put("fetch run again on nifi-" + newPrimary, now());

                pause(Duration.ofSeconds(10), () -> replicate(first, second, tables));
                kill("clickhouse", 1, timeline);
                pause(Duration.ofSeconds(5), () -> { });
                start(root, "clickhouse", timeline);

                pause(Duration.ofSeconds(10), () -> replicate(first, second, tables));
                kill("kafka", 1, timeline);
                pause(Duration.ofSeconds(5), () -> { });
                start(root, "kafka", timeline);

                while (System.nanoTime() - loadStarted < loadLength.toNanos()) {
                    pause(Duration.ofSeconds(5), () -> replicate(first, second, tables));
                }
                say("stopping the load after " + load.made() + " records; waiting for the last ones to be acknowledged");
                load.stopAndFlush(Duration.ofMinutes(5));
                pipeline.awaitQuiet(Duration.ofMinutes(20), Duration.ofSeconds(20), progress -> {
                    replicate(first, second, tables);
                    say("progress: " + progress);
                });
                final String spread = spread(pipeline);
                pipeline.stop();
                replicate(first, second, tables);
                say("timeline: " + timeline);

                final int exit = OutageDrill.verify(stack, pipeline, load, topic, loadTopic, failureTable, "cluster kills="
                        + String.join(",", timeline.keySet().stream().filter(event -> event.endsWith("killed")).map(event -> event.replace(" killed", "")).toList()),
                        started);
                System.out.println("FlowFiles taken in per node in the last 5 minutes (load-balanced connections): " + spread);
                final int replicasExit = verifyReplicas(first, second, tables, topic, stack);
                pipeline.nifi().removeGroup(pipeline.producerGroupId());
                pipeline.nifi().removeGroup(pipeline.consumerGroupId());
                if (exit != 0 || replicasExit != 0) {
                    System.exit(2);
                }
            } finally {
                load.close();
            }
        }
    }

    /**
     * Both replicas hold the same rows once replication has caught up, and a Distributed table over the shard shows every
     * trade once. Also how often FetchCongressTrades published a trade more than once across the primary switch.
     */
    private static int verifyReplicas(final ClickHouseConnection first, final ClickHouseConnection second, final List<String> tables,
                                      final String topic, final LocalPipeline.Stack stack) {
        final long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        long[] counts;
        do {
            counts = new long[] {count(first, tables), count(second, tables)};
            if (counts[0] == counts[1]) {
                break;
            }
            NiFiApi.sleep(Duration.ofSeconds(2));
        } while (System.nanoTime() < deadline);
        final String trades = tables.getFirst();
        first.execute("CREATE TABLE IF NOT EXISTS `" + trades + "_all` AS `" + trades + "` ENGINE = Distributed(spotlight, currentDatabase(), `"
                + trades + "`, cityHash64(trade_key))", Map.of());
        final long distributed = number(first, "SELECT count() AS n FROM `" + trades + "_all`");
        final long distributedKeys = number(first, "SELECT uniqExact(trade_key) AS n FROM `" + trades + "_all`");
        final TopicContents published = TopicContents.read(stack.kafkaBootstrapServers(), topic);
        final long republished = published.messages() - published.tradesByKey().size();
        System.out.printf(Locale.ROOT, "Replicas: replica-1 %d rows, replica-2 %d rows; Distributed table %s_all: %d rows, %d distinct trades%n",
                counts[0], counts[1], trades, distributed, distributedKeys);
        System.out.printf(Locale.ROOT, "FetchCongressTrades across the primary switch: %d messages, %d distinct trades, %d published again%n",
                published.messages(), published.tradesByKey().size(), republished);
        System.out.printf(Locale.ROOT, "RESULT cluster-replicas replica1_rows=%d replica2_rows=%d distributed_rows=%d distributed_keys=%d fetch_messages=%d "
                + "fetch_trades=%d fetch_republished=%d%n", counts[0], counts[1], distributed, distributedKeys, published.messages(),
                published.tradesByKey().size(), republished);
        return counts[0] == counts[1] ? 0 : 2;
    }

    private static long count(final ClickHouseConnection clickHouse, final List<String> tables) {
        long total = 0;
        for (String table : tables) {
            total += number(clickHouse, "SELECT count() AS n FROM `" + table + "`");
        }
        return total;
    }

    private static long number(final ClickHouseConnection clickHouse, final String sql) {
        return Long.parseLong(clickHouse.query(sql, Map.of()).column("n").getFirst());
    }

    /**
     * Creates on the second replica each replicated table the flow created on the first, from its own definition (the
     * {shard} and {replica} macros in it resolve on each server), as an operator adds a replica: it then fetches every part
     * the first one has and receives the new ones.
     */
    private static void replicate(final ClickHouseConnection first, final ClickHouseConnection second, final List<String> tables) {
        for (String table : tables) {
            try {
                if (exists(first, table) && !exists(second, table)) {
                    final String definition = first.query("SHOW CREATE TABLE `" + table + "`", Map.of()).column("statement").getFirst();
                    if (!definition.contains("Replicated")) {
                        throw new IllegalStateException("the flow created " + table + " without replication: " + definition);
                    }
                    second.execute(definition.replaceFirst("^CREATE TABLE ", "CREATE TABLE IF NOT EXISTS "), Map.of());
                    say("created " + table + " on replica-2 from its definition on replica-1");
                }
            } catch (final IllegalStateException e) {
                throw e;
            } catch (final RuntimeException e) {
                // A replica that is being killed or started answers nothing: the next round creates the table.
                say("replica-2 table " + table + " not created yet: " + e.getMessage());
            }
        }
    }

    private static boolean exists(final ClickHouseConnection clickHouse, final String table) {
        return !clickHouse.query("SELECT name FROM system.tables WHERE database = currentDatabase() AND name = '" + table + "'", Map.of()).isEmpty();
    }

    private static void awaitRows(final ClickHouseConnection clickHouse, final List<String> tables, final Runnable meanwhile) {
        final long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            meanwhile.run();
            if (tables.stream().allMatch(table -> exists(clickHouse, table)) && count(clickHouse, tables) > 0) {
                return;
            }
            NiFiApi.sleep(Duration.ofSeconds(1));
        }
        throw new IllegalStateException("records did not start to move within 5 minutes");
    }

    /** Per processor of the Kafka to ClickHouse flow, the FlowFiles each node took in (NiFi's 5-minute status window). */
    private static String spread(final LocalPipeline pipeline) {
        final Map<String, String> perProcessor = new LinkedHashMap<>();
        for (JsonNode processor : pipeline.nifi().processors(pipeline.consumerGroupId())) {
            final JsonNode status = pipeline.nifi().get("/flow/processors/" + processor.path("id").asText() + "/status?nodewise=true")
                    .path("processorStatus");
            final StringBuilder nodes = new StringBuilder();
            for (JsonNode node : NiFiApi.list(status.path("nodeSnapshots"))) {
                nodes.append(nodes.isEmpty() ? "" : ", ").append(node.path("address").asText()).append(':').append(node.path("apiPort").asInt())
                        .append('=').append(node.path("statusSnapshot").path("flowFilesIn").asLong());
            }
            perProcessor.put(processor.path("component").path("name").asText(), nodes.toString());
        }
        return perProcessor.toString();
    }

    /** The member number of the cluster's primary node, from the cluster's own view. */
    private static int primaryNode(final NiFiApi nifi, final List<String> nifiUrls) {
        final JsonNode primary = nifi.await("/controller/cluster", cluster -> NiFiApi.list(cluster.path("cluster").path("nodes")).stream()
                .anyMatch(node -> isPrimary(node)), Duration.ofMinutes(3));
        final int port = NiFiApi.list(primary.path("cluster").path("nodes")).stream().filter(ClusterDrill::isPrimary).findFirst()
                .orElseThrow().path("apiPort").asInt();
        for (int member = 0; member < nifiUrls.size(); member++) {
            if (URI.create(nifiUrls.get(member)).getPort() == port) {
                return member + 1;
            }
        }
        throw new IllegalStateException("the primary node's port " + port + " is none of " + nifiUrls);
    }

    private static boolean isPrimary(final JsonNode node) {
        return "CONNECTED".equals(node.path("status").asText())
                && NiFiApi.list(node.path("roles")).stream().anyMatch(role -> "Primary Node".equals(role.asText()));
    }

    /** SIGKILL, as a crash or the OOM killer would. */
    private static void kill(final String kind, final int member, final Map<String, String> timeline) throws Exception {
        final String name = "cluster-" + kind + "-" + member;
        final String pid = Files.readString(Path.of(System.getenv("SPOTLIGHT_HOME"), "run", name + ".pid")).strip();
        say("killing " + name + " (SIGKILL, pid " + pid + ")");
        new ProcessBuilder("kill", "-KILL", pid).inheritIO().start().waitFor();
        timeline.put(kind + "-" + member + " killed", now());
    }

    private static void start(final Path root, final String kind, final Map<String, String> timeline) throws Exception {
        say("./spotlight cluster start " + kind);
        final Process process = new ProcessBuilder(root.resolve("spotlight").toString(), "cluster", "start", kind).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("./spotlight cluster start " + kind + " failed");
        }
        timeline.put(kind + " started", now());
    }

    private static void pause(final Duration duration, final Runnable meanwhile) {
        final long until = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < until) {
            meanwhile.run();
            NiFiApi.sleep(Duration.ofSeconds(1));
        }
    }

    private static String now() {
        return LocalTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static void say(final String message) {
        System.out.println("[cluster " + now() + "] " + message);
        System.out.flush();
    }
}
