package org.spotlight.flows.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.spotlight.clickhouse.http.ClickHouseCompression;
import org.spotlight.clickhouse.http.ClickHouseConnection;
import org.spotlight.clickhouse.ddl.SqlScript;
import org.spotlight.flows.FlowSnapshots;
import org.spotlight.flows.SpotlightFlows;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Runs Spotlight's two shipped flows in the local NiFi, connected through the local Kafka broker: the producer
 * (FetchCongressTrades → Kafka) and Kafka to ClickHouse, as {@link LocalVariants} with the {@link KafkaHttpBridge} in
 * place of PublishKafka and the {@link ConsumeKafkaStandIn} in place of ConsumeKafka. Used by {@code ./spotlight demo} and by the flows' integration tests.
 */
public final class LocalPipeline implements AutoCloseable {

    /** Endpoints and credentials of the local stack, as ./spotlight exports them. */
    public record Stack(String nifiUrl, String kafkaBootstrapServers, String clickHouseUrl, String clickHouseUser,
                        String clickHousePassword, String clickHouseDatabase, String s3Endpoint, String s3Region,
                        String s3AccessKey, String s3SecretKey, String s3BucketRaw, String s3BucketFailures) {

        public static Stack fromEnvironment() {
            return new Stack(require("NIFI_URL"), require("KAFKA_BOOTSTRAP_SERVERS"), require("CLICKHOUSE_URL"), require("CLICKHOUSE_USER"),
                    System.getenv().getOrDefault("CLICKHOUSE_PASSWORD", ""), require("CLICKHOUSE_DATABASE"), require("S3_ENDPOINT"),
                    System.getenv().getOrDefault("S3_REGION", "us-east-1"), require("S3_ACCESS_KEY"), require("S3_SECRET_KEY"),
                    require("S3_BUCKET_RAW"), require("S3_BUCKET_FAILURES"));
        }

        private static String require(final String name) {
            final String value = System.getenv(name);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException(name + " is not set: run this through ./spotlight, which exports the local stack's settings");
            }
            return value;
        }

        /** The same stack with another ClickHouse server, e.g. the second replica of the local cluster. */
        public Stack withClickHouseUrl(final String url) {
            return new Stack(nifiUrl, kafkaBootstrapServers, url, clickHouseUser, clickHousePassword, clickHouseDatabase, s3Endpoint, s3Region,
                    s3AccessKey, s3SecretKey, s3BucketRaw, s3BucketFailures);
        }

        @Override
        public String toString() {
            return "Stack[nifi=" + nifiUrl + ", kafka=" + kafkaBootstrapServers + ", clickhouse=" + clickHouseUrl + ", s3=" + s3Endpoint + "]";
        }
    }

    /** Counts a run reports as it goes. */
    public record Progress(long published, long forwarded, long queuedInNiFi, long consumerLag, boolean fetchRan, boolean fetchActive) {
        public boolean quiet() {
            return fetchRan && !fetchActive && queuedInNiFi == 0 && consumerLag == 0 && published <= forwarded;
        }
    }

    private final Stack stack;
    private final String name;
    private final String topic;
    /** Further topics the Kafka to ClickHouse flow consumes, each into a table of its own (the drills' load). */
    private final List<String> loadTopics;
    private final String consumerGroup;
    private final String failureTable;
    private final NiFiApi nifi;
    private final KafkaHttpBridge bridge;
    private final Admin kafkaAdmin;
    private final int listenPort;
    private volatile ConsumeKafkaStandIn consume;
    private String storagePolicy;
    private boolean clustered;
    private int topicPartitions = 3;
    private short topicReplicas = 1;
    private final Map<String, String> consumerParameters = new HashMap<>();
    private boolean definitionsApplied;
    private String producerGroupId;
    private String consumerGroupId;

    /**
     * @param name         prefix of the process groups created in NiFi (earlier groups with this prefix are removed first)
     * @param topic        the Kafka topic the trades travel through; the ClickHouse table is named after it
     * @param failureTable the ClickHouse failure table
     */
    public LocalPipeline(final Stack stack, final String name, final String topic, final String failureTable) throws IOException {
        this(stack, name, topic, List.of(), failureTable);
    }

    /**
     * @param loadTopics further topics the Kafka to ClickHouse flow consumes, each landing in the table named after it
     */
    public LocalPipeline(final Stack stack, final String name, final String topic, final List<String> loadTopics, final String failureTable)
            throws IOException {
        this.stack = stack;
        this.name = name;
        this.topic = topic;
        this.loadTopics = List.copyOf(loadTopics);
        this.consumerGroup = "spotlight-local-" + topic;
        this.failureTable = failureTable;
        this.nifi = new NiFiApi(stack.nifiUrl());
        this.bridge = new KafkaHttpBridge(stack.kafkaBootstrapServers(), 0);
        final Properties adminConfig = new Properties();
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        this.kafkaAdmin = Admin.create(adminConfig);
        this.listenPort = freePort();
    }

    public String table() {
        return tableOf(topic);
    }

    public String topic() {
        return topic;
    }

    /** The topic of the committee assignments, beside the trades topic: spotlight.congress.trades gives spotlight.congress.committee_members. */
    public String committeesTopic() {
        return (topic.endsWith(".trades") ? topic.substring(0, topic.length() - ".trades".length()) : topic) + ".committee_members";
    }

    public String committeesTable() {
        return tableOf(committeesTopic());
    }

    /** Every topic the pipeline's flows publish or consume: the trades, the committee assignments and any load topics. */
    private List<String> allTopics() {
        final List<String> topics = new java.util.ArrayList<>(List.of(topic, committeesTopic()));
        topics.addAll(loadTopics);
        return topics;
    }

    /**
     * The topics the Kafka to ClickHouse flow consumes: the trades and the load topics, and the committee assignments once
     * {@link #applyDefinitions} created their table. Their records have no trade_key, so only the table clickhouse/congress.sql
     * defines (and the flow casts to) can take them; without it they stay in their topic.
     */
    public List<String> topics() {
        final List<String> topics = new java.util.ArrayList<>(List.of(topic));
        if (definitionsApplied) {
            topics.add(committeesTopic());
        }
        topics.addAll(loadTopics);
        return topics;
    }

    /** The ClickHouse table a topic lands in. */
    public static String tableOf(final String topic) {
        return topic.replace('.', '_');
    }

    public NiFiApi nifi() {
        return nifi;
    }

    public KafkaHttpBridge bridge() {
        return bridge;
    }

    /** ConsumeKafka's stand-in, once {@link #start} has run. */
    public ConsumeKafkaStandIn consume() {
        return consume;
    }

    public String producerGroupId() {
        return producerGroupId;
    }

    public String consumerGroupId() {
        return consumerGroupId;
    }

    /** Removes what an earlier run with the same name left: process groups, the topic, the trades and failure tables. */
    public void reset(final Consumer<String> log) throws ExecutionException, InterruptedException {
        final String root = nifi.rootGroupId();
        for (JsonNode group : NiFiApi.list(nifi.get("/process-groups/" + root + "/process-groups").path("processGroups"))) {
            if (group.path("component").path("name").asText().startsWith(name)) {
                log.accept("removing process group '" + group.path("component").path("name").asText() + "' of an earlier run");
                nifi.removeGroup(group.path("id").asText());
            }
        }
        for (String each : allTopics()) {
            try {
                kafkaAdmin.deleteTopics(List.of(each)).all().get();
                log.accept("deleted Kafka topic " + each + " of an earlier run");
            } catch (final ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
        try {
            kafkaAdmin.deleteConsumerGroups(List.of(consumerGroup)).all().get();
        } catch (final ExecutionException e) {
            // No such group: nothing to forget.
        }
        try (ClickHouseConnection clickHouse = clickHouse()) {
            for (String each : allTopics()) {
                clickHouse.execute("DROP TABLE IF EXISTS `" + tableOf(each) + "`", Map.of());
            }
            clickHouse.execute("DROP TABLE IF EXISTS `" + failureTable + "`", Map.of());
            clickHouse.execute("DROP TABLE IF EXISTS `" + failureTable + "_replays`", Map.of());
        }
    }

    /** Tables the flow creates get this storage policy (null: the server's default). */
    public void storagePolicy(final String policy) {
        this.storagePolicy = policy;
    }

    /** Runs the flows as on a NiFi cluster ({@link LocalVariants#clustered}). */
    public void clustered() {
        this.clustered = true;
    }

    /** Partitions and replication factor of the topics the pipeline creates (default 3 and 1: the single broker). */
    public void topicLayout(final int partitions, final short replicas) {
        this.topicPartitions = partitions;
        this.topicReplicas = replicas;
    }

    /** A parameter of the Kafka to ClickHouse flow, beside those taken from the stack (e.g. clickhouse.replicated). */
    public void consumerParameter(final String name, final String value) {
        consumerParameters.put(name, value);
    }

    /**
     * Creates the tables and views of a shipped definition (clickhouse/congress.sql) in the stack's database, the way the
     * deployment does, adapted to the server's version.
     */
    public SqlScript.Report applyDefinitions(final Path sqlFile, final Consumer<String> log) throws IOException {
        final SqlScript script = SqlScript.read(sqlFile);
        try (ClickHouseConnection clickHouse = clickHouse()) {
            final SqlScript.Report report = script.apply(clickHouse.getServerInfo(), clickHouse::execute, log);
            definitionsApplied = true;
            return report;
        }
    }

    /**
     * Uploads both flows as local variants, fills their parameters from the stack and {@code producerParameters},
     * enables their services and starts them; the producer's FetchCongressTrades runs once.
     */
    public void start(final Path flowsDirectory, final Map<String, String> producerParameters) throws ExecutionException, InterruptedException {
        start(flowsDirectory, producerParameters, true);
    }

    /**
     * As {@link #start(Path, Map)}, running FetchCongressTrades now or leaving it to {@link #rerunFetch()}.
     */
    public void start(final Path flowsDirectory, final Map<String, String> producerParameters, final boolean fetchNow)
            throws ExecutionException, InterruptedException {
        for (String each : allTopics()) {
            createTopic(each);
        }
        final RegisteredFlowSnapshot producer = LocalVariants.producer(
                FlowSnapshots.read(FlowSnapshots.file(flowsDirectory, SpotlightFlows.PRODUCER)), bridge.url(), name, nifi::processorBundle);
        final RegisteredFlowSnapshot shippedConsumer = FlowSnapshots.read(FlowSnapshots.file(flowsDirectory, SpotlightFlows.KAFKA_TO_CLICKHOUSE));
        final RegisteredFlowSnapshot consumer = LocalVariants.kafkaToClickHouse(shippedConsumer, listenPort, name, nifi::processorBundle);
        if (storagePolicy != null) {
            LocalVariants.storagePolicy(consumer, storagePolicy);
        }
        if (clustered) {
            LocalVariants.clustered(consumer);
        }
        final String root = nifi.rootGroupId();
        producerGroupId = nifi.uploadFlow(root, name + " congress-trades-producer",
                FlowSnapshots.toJson(producer).getBytes(StandardCharsets.UTF_8), 0, 0);
        consumerGroupId = nifi.uploadFlow(root, name + " kafka-to-clickhouse",
                FlowSnapshots.toJson(consumer).getBytes(StandardCharsets.UTF_8), 600, 0);

        final Map<String, String> common = new HashMap<>();
        common.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
        common.put("CLICKHOUSE_URL", stack.clickHouseUrl());
        common.put("CLICKHOUSE_USER", stack.clickHouseUser());
        common.put("CLICKHOUSE_PASSWORD", stack.clickHousePassword());
        common.put("CLICKHOUSE_DATABASE", stack.clickHouseDatabase());
        common.put("S3_ENDPOINT", stack.s3Endpoint());
        common.put("S3_REGION", stack.s3Region());
        common.put("S3_ACCESS_KEY", stack.s3AccessKey());
        common.put("S3_SECRET_KEY", stack.s3SecretKey());
        common.put("S3_BUCKET_RAW", stack.s3BucketRaw());
        common.put("S3_BUCKET_FAILURES", stack.s3BucketFailures());
        common.put("failure.table", failureTable);
        final Map<String, String> producerValues = new HashMap<>(common);
        producerValues.put("congress.topic", topic);
        producerValues.put("congress.committees.topic", committeesTopic());
        producerValues.putAll(producerParameters);
        final Map<String, String> consumerValues = new HashMap<>(common);
        consumerValues.put("kafka.topics", String.join(",", topics()));
        consumerValues.put("kafka.group.id", consumerGroup);
        consumerValues.putAll(consumerParameters);
        nifi.setParameters(producerGroupId, producerValues);
        nifi.setParameters(consumerGroupId, consumerValues);

        nifi.enableControllerServices(consumerGroupId);
        nifi.enableControllerServices(producerGroupId);
        nifi.setGroupState(consumerGroupId, "RUNNING");
        consume = new ConsumeKafkaStandIn(LocalVariants.consumeKafka(shippedConsumer, stack.kafkaBootstrapServers(), topics(), consumerGroup),
                URI.create(LocalVariants.listenUrl(listenPort)), delivery -> { });
        // The fetchers run on a daily schedule: start everything else, and run them once now (or leave FetchCongressTrades to
        // rerunFetch()).
        final List<String> daily = new java.util.ArrayList<>();
        for (JsonNode processor : nifi.processors(producerGroupId)) {
            if ("CRON_DRIVEN".equals(processor.path("component").path("config").path("schedulingStrategy").asText())) {
                daily.add(processor.path("id").asText());
            } else {
                nifi.setProcessorState(processor.path("id").asText(), "RUNNING");
            }
        }
        if (fetchNow) {
            daily.forEach(nifi::runOnce);
        }
    }

    /** Runs FetchCongressTrades once more, e.g. after NiFi restarted in the middle of a run; its state skips finished filings. */
    public void rerunFetch() {
        nifi.await("/flow/about", about -> true, Duration.ofMinutes(3));
        final String fetch = nifi.processorByName(producerGroupId, SpotlightFlows.FETCH).path("id").asText();
        nifi.await("/processors/" + fetch, processor -> "STOPPED".equals(processor.path("component").path("state").asText())
                && processor.path("status").path("aggregateSnapshot").path("activeThreadCount").asInt() == 0, Duration.ofMinutes(3));
        nifi.runOnce(fetch);
    }

    public Progress progress() throws ExecutionException, InterruptedException {
        final JsonNode producer = nifi.status(producerGroupId);
        final JsonNode consumer = nifi.status(consumerGroupId);
        final String fetch = nifi.processorByName(producerGroupId, SpotlightFlows.FETCH).path("id").asText();
        final JsonNode fetchStatus = nifi.get("/flow/processors/" + fetch + "/status").path("processorStatus").path("aggregateSnapshot");
        final boolean fetchActive = fetchStatus.path("activeThreadCount").asInt() > 0
                || "Running".equals(fetchStatus.path("runStatus").asText());
        // FetchCongressTrades records every filing it finished in its state: state means it has run.
        final JsonNode state = nifi.get("/processors/" + fetch + "/state").path("componentState");
        final boolean fetchRan = state.path("clusterState").path("totalEntryCount").asInt() + state.path("localState").path("totalEntryCount").asInt() > 0;
        // Published to the topics the flow consumes: the committee assignments stay in their topic unless their table exists.
        final long published = topics().stream().mapToLong(bridge::published).sum();
        return new Progress(published, consume.messages(),
                producer.path("flowFilesQueued").asLong() + consumer.path("flowFilesQueued").asLong(), consumerLag(), fetchRan, fetchActive);
    }

    /** Waits until nothing moves any more: the fetch is done, NiFi's queues are empty and the consumer has caught up. */
    public Progress awaitQuiet(final Duration timeout, final Duration reportEvery, final Consumer<Progress> report) throws Exception {
        final long deadline = System.nanoTime() + timeout.toNanos();
        long lastReport = 0;
        int quietPolls = 0;
        Progress progress = progress();
        while (quietPolls < 3) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the pipeline did not settle within " + timeout + "; last state " + progress);
            }
            NiFiApi.sleep(Duration.ofSeconds(1));
            progress = progress();
            quietPolls = progress.quiet() ? quietPolls + 1 : 0;
            if (System.nanoTime() - lastReport > reportEvery.toNanos()) {
                report.accept(progress);
                lastReport = System.nanoTime();
            }
        }
        return progress;
    }

    public ClickHouseConnection clickHouse() {
        return clickHouse(stack);
    }

    /** A connection to the stack's ClickHouse. */
    public static ClickHouseConnection clickHouse(final Stack stack) {
        return new ClickHouseConnection(new ClickHouseConnection.Settings(List.of(stack.clickHouseUrl()), stack.clickHouseDatabase(),
                stack.clickHouseUser(), stack.clickHousePassword(), null, Duration.ofSeconds(10), Duration.ofMinutes(5),
                ClickHouseCompression.AUTO, 4, Map.of(), "Spotlight-Local"));
    }

    /** Stops both process groups (their content stays in NiFi for inspection). */
    public void stop() {
        for (String group : new String[] {producerGroupId, consumerGroupId}) {
            if (group != null) {
                nifi.setGroupState(group, "STOPPED");
            }
        }
    }

    private void createTopic(final String name) throws ExecutionException, InterruptedException {
        // Several partitions: several FlowFiles per batch reach the loader, as in production.
        final NewTopic newTopic = new NewTopic(name, topicPartitions, topicReplicas);
        for (int attempt = 0; ; attempt++) {
            try {
                kafkaAdmin.createTopics(List.of(newTopic)).all().get();
                return;
            } catch (final ExecutionException e) {
                // A topic deleted moments ago may still be marked for deletion.
                if (attempt >= 30 || !String.valueOf(e.getCause()).contains("marked for deletion") && !String.valueOf(e.getCause()).contains("already exists")) {
                    throw e;
                }
                NiFiApi.sleep(Duration.ofSeconds(1));
            }
        }
    }

    /** Messages in the topics that NiFi has not been handed yet. */
    private long consumerLag() throws ExecutionException, InterruptedException {
        final Map<TopicPartition, Long> delivered = consume.deliveredPositions();
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        kafkaAdmin.describeTopics(topics()).allTopicNames().get().forEach((name, description) -> description.partitions()
                .forEach(partition -> latest.put(new TopicPartition(name, partition.partition()), OffsetSpec.latest())));
        final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = kafkaAdmin.listOffsets(latest).all().get();
        long lag = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
            lag += Math.max(0, end.getValue().offset() - delivered.getOrDefault(end.getKey(), 0L));
        }
        return lag;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (consume != null) {
            consume.close();
        }
        bridge.close();
        kafkaAdmin.close(Duration.ofSeconds(10));
    }
}
