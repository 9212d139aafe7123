package org.spotlight.flows;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.http.ClickHouseConnection;
import org.spotlight.flows.local.ConsumeKafkaStandIn;
import org.spotlight.flows.local.LocalPipeline;
import org.spotlight.flows.local.LocalVariants;
import org.spotlight.flows.local.NiFiApi;
import org.spotlight.testing.HostileInputs;
import org.spotlight.testing.HostileInputs.HostileInput;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The hostile-input corpus ({@link HostileInputs}, every case small enough for a Kafka message) through the real NiFi 2.3.0
 * flow: each case is one message of a topic of its own, consumed by ConsumeKafka's stand-in (exactly ConsumeKafka's
 * FlowFiles, see {@link ConsumeKafkaStandInIT}) into the shipped kafka-to-clickhouse flow, typed and loaded into the table
 * named after its topic, failures into the failure table. Per case, nothing may be lost or made up: the records the corpus
 * counts equal the rows in the case's table plus the failures stored for its topic, and where the corpus says how many
 * records are good, that many rows landed. Then all cases again as the messages of one topic, one FlowFile: whatever one
 * message holds, the others' records are all accounted for.
 */
class HostileCorpusIT {

    /**
     * Cases left out until the processor defects they show are fixed (issue 16); each name says what it waits for. Found by
     * this test against the real flow: remove a case from here with the commit that fixes it. None is left: the last
     * fourteen (zero-column RowBinary, a message's good records failing with its invalid one, duplicate keys and lone
     * surrogates landing as rows) passed once the typing work met this branch's message framing.
     */
    private static final Map<String, String> PENDING = Map.of();

    /**
     * Cases that pass alone but are left out of the all-in-one topic: with the others' fields, 20,000 columns make
     * PutClickHouseBatch's CREATE TABLE longer than ClickHouse 18.16's max_query_size (262,144 bytes, error 62), and the
     * FlowFile's good records are stored as failures.
     */
    private static final Map<String, String> NOT_TOGETHER = Map.of("many-fields", "CREATE TABLE beyond max_query_size (error 62)");

    @Test
    void everyCaseAsAKafkaMessageIsAccountedForRecordByRecord() throws Exception {
        final LocalPipeline.Stack stack = TestStack.settings();
        final NiFiApi nifi = TestStack.nifiWithSpotlight();
        final String run = UUID.randomUUID().toString().substring(0, 8);
        final String failureTable = "hostile_failures_" + run;
        final List<HostileInput> cases = HostileInputs.small().stream().filter(input -> !PENDING.containsKey(input.name())).toList();
        PENDING.forEach((name, defect) -> System.out.println("[hostile corpus] left out: " + name + ": " + defect));
        NOT_TOGETHER.forEach((name, defect) -> System.out.println("[hostile corpus] left out of the all-in-one topic: " + name + ": " + defect));
        final Map<String, HostileInput> byTopic = new LinkedHashMap<>();
        for (HostileInput input : cases) {
            byTopic.put("spotlight.hostile" + run + "." + input.name().replace('-', '_'), input);
        }
        int messages = byTopic.size();
        final String together = "spotlight.hostile" + run + ".all";
        final List<String> topics = new ArrayList<>(byTopic.keySet());
        topics.add(together);

        final Properties adminConfig = new Properties();
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        try (Admin admin = Admin.create(adminConfig)) {
            admin.createTopics(topics.stream().map(topic -> new NewTopic(topic, 1, (short) 1)).toList()).all().get();
        }
        final Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        producerConfig.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "1048576");
        long expectedTogether = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, HostileInput> entry : byTopic.entrySet()) {
                final byte[] content = entry.getValue().bytes();
                producer.send(new ProducerRecord<>(entry.getKey(), entry.getValue().name().getBytes(StandardCharsets.UTF_8), content)).get();
                if (!NOT_TOGETHER.containsKey(entry.getValue().name())) {
                    producer.send(new ProducerRecord<>(together, entry.getValue().name().getBytes(StandardCharsets.UTF_8), content)).get();
                    expectedTogether += entry.getValue().records();
                    messages++;
                }
            }
        }

        final int port = freePort();
        final RegisteredFlowSnapshot shipped = FlowSnapshots.read(FlowSnapshots.file(BuiltNars.PROJECT_ROOT.resolve("flows"), SpotlightFlows.KAFKA_TO_CLICKHOUSE));
        final RegisteredFlowSnapshot variant = LocalVariants.kafkaToClickHouse(shipped, port, "hostile it " + run, nifi::processorBundle);
        // The corpus's records share no key: tables that keep every row (MergeTree, ORDER BY tuple()). The shipped
        // ReplacingMergeTree would keep one row per key once parts merge (26.x already on insert), which is the table's
        // configuration at work, not the data path losing records.
        variant.getFlowContents().getProcessors().stream().filter(processor -> SpotlightFlows.LOAD.equals(processor.getName())).findFirst()
                .orElseThrow().getProperties().put("Table Engine", "MERGE_TREE");
        final String group = nifi.uploadFlow(nifi.rootGroupId(), "hostile-corpus-it " + run,
                FlowSnapshots.toJson(variant).getBytes(StandardCharsets.UTF_8), 0, 2000);
        final Map<String, String> problems = new TreeMap<>();
        try (ClickHouseConnection clickHouse = LocalPipeline.clickHouse(stack)) {
            final Map<String, String> parameters = new HashMap<>();
            parameters.put("CLICKHOUSE_URL", stack.clickHouseUrl());
            parameters.put("CLICKHOUSE_USER", stack.clickHouseUser());
            parameters.put("CLICKHOUSE_PASSWORD", stack.clickHousePassword());
            parameters.put("CLICKHOUSE_DATABASE", stack.clickHouseDatabase());
            parameters.put("S3_ENDPOINT", stack.s3Endpoint());
            parameters.put("S3_ACCESS_KEY", stack.s3AccessKey());
            parameters.put("S3_SECRET_KEY", stack.s3SecretKey());
            parameters.put("S3_BUCKET_FAILURES", stack.s3BucketFailures());
            parameters.put("failure.table", failureTable);
            parameters.put("clickhouse.order.by", "tuple()");
            nifi.setParameters(group, parameters);
            nifi.enableControllerServices(group);
            nifi.setGroupState(group, "RUNNING");
            final ConsumeKafkaStandIn.Configuration consume = LocalVariants.consumeKafka(shipped, stack.kafkaBootstrapServers(), topics,
                    "hostile-corpus-it-" + run);
            try (ConsumeKafkaStandIn standIn = new ConsumeKafkaStandIn(consume, URI.create(LocalVariants.listenUrl(port)), delivery -> { })) {
                awaitSettled(nifi, group, standIn, messages);
            }
            final Map<String, List<String>> stuck = stuck(nifi, group);

            final Map<String, Long> failures = new HashMap<>();
            for (List<String> row : clickHouse.query("SELECT source_topic, count() AS n FROM `" + failureTable + "` GROUP BY source_topic", Map.of()).rows()) {
                failures.put(row.get(0), Long.parseLong(row.get(1)));
            }
            for (Map.Entry<String, HostileInput> entry : byTopic.entrySet()) {
                final HostileInput input = entry.getValue();
                final long rows = rows(clickHouse, LocalPipeline.tableOf(entry.getKey()));
                final long failed = failures.getOrDefault(entry.getKey(), 0L);
                if (stuck.containsKey(entry.getKey())) {
                    problems.put(input.name(), "wedged: " + stuck.get(entry.getKey()) + " (" + input.description() + ")");
                } else if (rows + failed != input.records() || input.good().isPresent() && rows != input.good().getAsInt()) {
                    problems.put(input.name(), String.format("%d records in, %d rows + %d stored failures%s (%s)", input.records(), rows, failed,
                            input.good().isPresent() ? ", " + input.good().getAsInt() + " good" : "", input.description()));
                }
            }
            final long rowsTogether = rows(clickHouse, LocalPipeline.tableOf(together));
            final long failedTogether = failures.getOrDefault(together, 0L);
            if (stuck.containsKey(together)) {
                problems.put("(all cases as one topic)", "wedged: " + stuck.get(together));
            } else if (rowsTogether + failedTogether != expectedTogether) {
                problems.put("(all cases as one topic)", String.format("%d records in, %d rows + %d stored failures", expectedTogether,
                        rowsTogether, failedTogether));
            }
        } finally {
            nifi.removeGroup(group);
            try (Admin admin = Admin.create(adminConfig)) {
                admin.deleteTopics(topics).all().get();
            }
        }
        problems.forEach((name, problem) -> System.out.println("[hostile corpus] " + name + ": " + problem));
        assertEquals(Map.of(), problems, "cases whose records are not all accounted for");
    }

    /**
     * Waits until the stand-in handed NiFi every message and NiFi's queues have stayed empty for a while, or have not changed
     * for two minutes (FlowFiles that a processor keeps rolling back, which the test reports as wedged).
     */
    private static void awaitSettled(final NiFiApi nifi, final String group, final ConsumeKafkaStandIn standIn, final int messages) {
        final long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        int quiet = 0;
        long queued = -1;
        long unchangedSince = System.nanoTime();
        while (quiet < 5) {
            try {
                Thread.sleep(2000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            final long now = nifi.status(group).path("flowFilesQueued").asLong();
            if (now != queued) {
                queued = now;
                unchangedSince = System.nanoTime();
            }
            final boolean delivered = standIn.messages() >= messages;
            if (delivered && System.nanoTime() - unchangedSince > Duration.ofMinutes(2).toNanos() || System.nanoTime() > deadline) {
                return;
            }
            quiet = delivered && now == 0 ? quiet + 1 : 0;
        }
    }

    /** Per topic, the FlowFiles still queued in the group, and where. */
    private static Map<String, List<String>> stuck(final NiFiApi nifi, final String group) {
        final Map<String, List<String>> stuck = new TreeMap<>();
        for (JsonNode connection : NiFiApi.list(nifi.get("/process-groups/" + group + "/connections").path("connections"))) {
            if (connection.path("status").path("aggregateSnapshot").path("flowFilesQueued").asLong() == 0) {
                continue;
            }
            final String destination = connection.path("component").path("destination").path("name").asText();
            for (NiFiApi.QueuedFlowFile flowFile : nifi.queuedFlowFiles(connection.path("id").asText())) {
                stuck.computeIfAbsent(String.valueOf(flowFile.attributes().get("kafka.topic")), topic -> new ArrayList<>())
                        .add("waiting for " + destination + (flowFile.attributes().containsKey("spotlight.error.message")
                                ? " (" + flowFile.attributes().get("spotlight.error.message") + ")" : ""));
            }
        }
        return stuck;
    }

    private static long rows(final ClickHouseConnection clickHouse, final String table) {
        final List<List<String>> exists = clickHouse.query("SELECT name FROM system.tables WHERE database = currentDatabase() AND name = '"
                + table + "'", Map.of()).rows();
        return exists.isEmpty() ? 0 : Long.parseLong(clickHouse.query("SELECT count() AS n FROM `" + table + "`", Map.of()).column("n").getFirst());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
