package org.spotlight.flows;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.spotlight.clickhouse.http.ClickHouseConnection;
import org.spotlight.flows.local.LocalPipeline;
import org.spotlight.flows.local.NiFiApi;
import org.spotlight.flows.local.OfflineSources;
import org.spotlight.flows.local.PacedLoad;
import org.spotlight.flows.local.TopicContents;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cluster behaviour against the local cluster (./spotlight cluster up: two NiFi 2.3.0 nodes with TLS, three Kafka brokers,
 * two ClickHouse 18.16 replicas of one shard), run by {@code ./spotlight test --cluster}, which exports the cluster's
 * endpoints; without them (the default ./spotlight test) the class is skipped. The kills are the drill's
 * ({@code ./spotlight reliability cluster}); here the cluster stays whole.
 */
@EnabledIfEnvironmentVariable(named = "CLUSTER_CLICKHOUSE_URLS", matches = ".+")
class ClusterIT {

    /**
     * Both shipped flows on the cluster, with the offline mirror and a short synthetic stream carrying deliberately bad
     * records: FetchCongressTrades runs on the primary node only and keeps its state as cluster state (a second run emits
     * nothing again), the load-balanced connection gives both nodes typing and loading work, every trade lands once, and
     * each bad record is stored once as a failure, cluster-wide.
     */
    @Test
    void theFlowsRunOnBothNodesWithTheFetchOnThePrimaryAndItsStateClusterWide() throws Exception {
        final LocalPipeline.Stack stack = TestStack.settings();
        final String run = UUID.randomUUID().toString().substring(0, 8);
        final String topic = "spotlight.clusterit" + run + ".trades";
        final String loadTopic = "spotlight.clusterit" + run + ".load";
        final String failureTable = "clusterit_failures_" + run;
        final Path work = Files.createTempDirectory("cluster-it");
        try (OfflineSources offline = new OfflineSources(BuiltNars.PROJECT_ROOT.resolveSibling("shared").resolve("data/congress"), work.resolve("mirror"));
             LocalPipeline pipeline = new LocalPipeline(stack, "Spotlight ClusterIT:", topic, List.of(loadTopic), failureTable)) {
            pipeline.clustered();
            pipeline.topicLayout(6, (short) 3);
            pipeline.consumerParameter("clickhouse.replicated", "true");
            pipeline.reset(message -> { });
            pipeline.start(BuiltNars.PROJECT_ROOT.resolve("flows"), offline.producerParameters());
            final PacedLoad load = new PacedLoad(stack.kafkaBootstrapServers(), loadTopic, "clusterit/" + run, 100, 97, 1_000_000);
            try {
                Thread.sleep(Duration.ofSeconds(15));
                load.stopAndFlush(Duration.ofMinutes(2));
                pipeline.awaitQuiet(Duration.ofMinutes(15), Duration.ofMinutes(1), progress -> { });
                final NiFiApi nifi = pipeline.nifi();

                final JsonNode fetch = nifi.processorByName(pipeline.producerGroupId(), SpotlightFlows.FETCH);
                assertEquals("PRIMARY", fetch.path("component").path("config").path("executionNode").asText());
                final JsonNode state = nifi.get("/processors/" + fetch.path("id").asText() + "/state").path("componentState");
                assertTrue(state.path("clusterState").path("totalEntryCount").asInt() > 0, "FetchCongressTrades keeps cluster state: " + state);
                assertEquals(0, state.path("localState").path("totalEntryCount").asInt(), "and no local state: " + state);
                final Map<String, Long> fetchOut = perNode(nifi, fetch.path("id").asText(), "flowFilesOut");
                assertEquals(1, fetchOut.values().stream().filter(out -> out > 0).count(), "FetchCongressTrades ran on one node: " + fetchOut);

                final Map<String, Long> loaded = perNode(nifi, nifi.processorByName(pipeline.consumerGroupId(), SpotlightFlows.LOAD).path("id").asText(),
                        "flowFilesIn");
                assertEquals(2, loaded.size(), "two nodes: " + loaded);
                assertTrue(loaded.values().stream().allMatch(in -> in > 0), "both nodes loaded FlowFiles: " + loaded);

                final TopicContents trades = TopicContents.read(stack.kafkaBootstrapServers(), topic);
                try (ClickHouseConnection clickHouse = pipeline.clickHouse()) {
                    final String table = pipeline.table();
                    assertEquals(trades.tradesByKey().size(), number(clickHouse, "SELECT uniqExact(trade_key) AS n FROM `" + table + "`"));
                    assertEquals(trades.tradesByKey().size(), number(clickHouse, "SELECT count() AS n FROM `" + table + "` FINAL"));
                    assertTrue(clickHouse.query("SELECT engine FROM system.tables WHERE database = currentDatabase() AND name = '" + table + "'", Map.of())
                            .column("engine").getFirst().startsWith("Replicated"));

                    // Every deliberately bad record of the stream stored once as a failure; every good one a row.
                    final List<String> failed = clickHouse.query("SELECT payload FROM `" + failureTable + "`", Map.of()).column("payload");
                    final Set<String> failedKeys = load.bad().stream().filter(key -> failed.stream().anyMatch(payload -> payload.contains(key + "\"")))
                            .collect(Collectors.toSet());
                    assertEquals(load.bad(), failedKeys, "each bad record stored as a failure");
                    assertEquals(load.bad().size(), failed.size(), "and only once, cluster-wide: " + failed.size() + " failure rows");
                    final Set<String> good = new HashSet<>(load.acknowledged());
                    good.removeAll(load.bad());
                    assertEquals(good, new HashSet<>(clickHouse.query("SELECT trade_key FROM `" + LocalPipeline.tableOf(loadTopic) + "`", Map.of())
                            .column("trade_key")));
                }

                // The next run starts from the cluster state: every filing is done, nothing is published again.
                final long published = trades.messages();
                pipeline.rerunFetch();
                pipeline.awaitQuiet(Duration.ofMinutes(10), Duration.ofMinutes(1), progress -> { });
                assertEquals(published, TopicContents.read(stack.kafkaBootstrapServers(), topic).messages(), "a second fetch emits nothing again");
            } finally {
                load.close();
                pipeline.stop();
                pipeline.nifi().removeGroup(pipeline.producerGroupId());
                pipeline.nifi().removeGroup(pipeline.consumerGroupId());
            }
        }
    }

    /**
     * What PutClickHouseBatch's retries rely on when the batch goes again through the other replica (the flow's ClickHouse
     * endpoint moved, or a Distributed table chose the other one): a replicated table drops a block it already stored, whichever
     * replica receives it, because the block's checksum is kept in ZooKeeper for the whole shard.
     */
    @Test
    void aBatchRetriedThroughTheOtherReplicaLandsOnce() throws InterruptedException {
        final LocalPipeline.Stack stack = TestStack.settings();
        final List<String> urls = List.of(System.getenv("CLUSTER_CLICKHOUSE_URLS").split(","));
        final String table = "clusterit_retry_" + UUID.randomUUID().toString().substring(0, 8);
        final String rows = IntStream.range(0, 1000).mapToObj(i -> "{\"trade_key\":\"k" + i + "\",\"amount\":" + i + "}").collect(Collectors.joining("\n"));
        try (ClickHouseConnection first = LocalPipeline.clickHouse(stack);
             ClickHouseConnection second = LocalPipeline.clickHouse(stack.withClickHouseUrl(urls.get(1)))) {
            for (ClickHouseConnection replica : List.of(first, second)) {
                replica.execute("CREATE TABLE `" + table + "` (trade_key String, amount UInt64) ENGINE = ReplicatedReplacingMergeTree("
                        + "'/clickhouse/tables/{shard}/" + stack.clickHouseDatabase() + "." + table + "', '{replica}') ORDER BY trade_key", Map.of());
            }
            first.execute("INSERT INTO `" + table + "` FORMAT JSONEachRow\n" + rows, Map.of());
            second.execute("INSERT INTO `" + table + "` FORMAT JSONEachRow\n" + rows, Map.of());
            final long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (number(second, "SELECT count() AS n FROM `" + table + "`") < 1000 && System.nanoTime() < deadline) {
                Thread.sleep(Duration.ofMillis(500));
            }
            assertEquals(1000, number(first, "SELECT count() AS n FROM `" + table + "`"));
            assertEquals(1000, number(second, "SELECT count() AS n FROM `" + table + "`"));
            for (ClickHouseConnection replica : List.of(first, second)) {
                replica.execute("DROP TABLE `" + table + "`", Map.of());
            }
        }
    }

    /** A processor's counter per node (NiFi's 5-minute status window), by node address and port. */
    private static Map<String, Long> perNode(final NiFiApi nifi, final String processorId, final String counter) {
        return NiFiApi.list(nifi.get("/flow/processors/" + processorId + "/status?nodewise=true").path("processorStatus").path("nodeSnapshots"))
                .stream().collect(Collectors.toMap(node -> node.path("address").asText() + ":" + node.path("apiPort").asInt(),
                        node -> node.path("statusSnapshot").path(counter).asLong()));
    }

    private static long number(final ClickHouseConnection clickHouse, final String sql) {
        return Long.parseLong(clickHouse.query(sql, Map.of()).column("n").getFirst());
    }
}
