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
import org.spotlight.testing.ResponseHoldingProxy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Idempotency end to end, in the real NiFi 2.3.0 with the shipped kafka-to-clickhouse flow, ConsumeKafka's stand-in and
 * the real broker: the FlowFiles PutClickHouseBatch loads carry Kafka-range idempotency keys (topic, partition, first and
 * last offset, and the first message's timestamp, from the kafka.* attributes ConsumeKafka writes), and a batch whose insert
 * ClickHouse stored but whose answer never reached NiFi (a proxy swallows it; the flow's Socket Timeout runs out) goes to
 * retry, comes back through RouteToFailureDb and lands once. ClickHouse 18.16 has no insert_deduplication_token, so the
 * table is replicated (the flow's clickhouse.replicated parameter), which drops a retried insert whose block it has stored.
 */
class IdempotencyIT {

    private static final int RECORDS = 2_000;

    @Test
    void aBatchWhoseAnswerWasLostLandsOnceWithItsKafkaRangeKey() throws Exception {
        final LocalPipeline.Stack stack = TestStack.settings();
        final NiFiApi nifi = TestStack.nifiWithSpotlight();
        final String run = UUID.randomUUID().toString().substring(0, 8);
        final String topic = "spotlight.idempotency" + run + ".trades";
        final String table = LocalPipeline.tableOf(topic);
        final Properties adminConfig = new Properties();
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        try (Admin admin = Admin.create(adminConfig)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }

        final int port = freePort();
        final RegisteredFlowSnapshot shipped = FlowSnapshots.read(FlowSnapshots.file(BuiltNars.PROJECT_ROOT.resolve("flows"), SpotlightFlows.KAFKA_TO_CLICKHOUSE));
        final String group = nifi.uploadFlow(nifi.rootGroupId(), "idempotency-it " + run,
                FlowSnapshots.toJson(LocalVariants.kafkaToClickHouse(shipped, port, "idempotency it " + run, nifi::processorBundle))
                        .getBytes(StandardCharsets.UTF_8), 0, 2400);
        try (ResponseHoldingProxy proxy = new ResponseHoldingProxy(stack.clickHouseUrl());
             ClickHouseConnection clickHouse = LocalPipeline.clickHouse(stack);
             KafkaProducer<byte[], byte[]> producer = producer(stack)) {
            final Map<String, String> parameters = new HashMap<>();
            parameters.put("CLICKHOUSE_URL", proxy.url());
            parameters.put("CLICKHOUSE_USER", stack.clickHouseUser());
            parameters.put("CLICKHOUSE_PASSWORD", stack.clickHousePassword());
            parameters.put("CLICKHOUSE_DATABASE", stack.clickHouseDatabase());
            parameters.put("S3_ENDPOINT", stack.s3Endpoint());
            parameters.put("S3_ACCESS_KEY", stack.s3AccessKey());
            parameters.put("S3_SECRET_KEY", stack.s3SecretKey());
            parameters.put("S3_BUCKET_FAILURES", stack.s3BucketFailures());
            parameters.put("failure.table", "idempotency_failures_" + run);
            parameters.put("clickhouse.replicated", "true");
            nifi.setParameters(group, parameters);
            // An answer that does not come is given up after 5 seconds instead of the default 5 minutes.
            nifi.setControllerServiceProperties(group, "ClickHouse", Map.of("Socket Timeout", "5 sec"));
            nifi.enableControllerServices(group);
            nifi.setGroupState(group, "RUNNING");

            final ConsumeKafkaStandIn.Configuration consume = LocalVariants.consumeKafka(shipped, stack.kafkaBootstrapServers(), List.of(topic),
                    "idempotency-it-" + run);
            try (ConsumeKafkaStandIn standIn = new ConsumeKafkaStandIn(consume, URI.create(LocalVariants.listenUrl(port)), delivery -> { })) {
                publish(producer, topic, 0, RECORDS / 2);
                await("the first half to land", () -> count(clickHouse, table) == RECORDS / 2, Duration.ofMinutes(5));

                // The second half's insert is stored by ClickHouse, but its answer is swallowed.
                proxy.holdInsertResponses(true);
                publish(producer, topic, RECORDS / 2, RECORDS);
                await("an insert whose answer is lost", () -> proxy.heldResponses() >= 1, Duration.ofMinutes(5));
                proxy.holdInsertResponses(false);
                await("the retried batch", () -> nifi.status(group).path("flowFilesQueued").asLong() == 0
                        && standIn.messages() >= RECORDS, Duration.ofMinutes(5));
            }

            assertEquals(RECORDS, count(clickHouse, table), "every record once: the retried insert was dropped as a repeat");
            assertEquals(RECORDS, Long.parseLong(clickHouse.query("SELECT uniqExact(trade_key) AS n FROM `" + table + "`", Map.of())
                    .column("n").getFirst()));
            assertTrue(proxy.heldResponses() >= 1);

            // What PutClickHouseBatch wrote on the FlowFiles it loaded: Kafka-range keys, and a retry among them.
            final String load = nifi.processorByName(group, SpotlightFlows.LOAD).path("id").asText();
            final List<Map<String, String>> loaded = new ArrayList<>();
            final long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline) {
                loaded.clear();
                for (JsonNode event : nifi.provenanceEvents(load, 1000)) {
                    final Map<String, String> attributes = NiFiApi.attributes(event);
                    if ("SEND".equals(event.path("eventType").asText()) && attributes.containsKey("clickhouse.idempotency.key")) {
                        loaded.add(attributes);
                    }
                }
                if (loaded.stream().anyMatch(attributes -> attributes.containsKey("spotlight.retry.count"))) {
                    break;
                }
                Thread.sleep(2000);
            }
            assertFalse(loaded.isEmpty(), "PutClickHouseBatch's SEND events carry the keys");
            for (Map<String, String> attributes : loaded) {
                final String key = attributes.get("clickhouse.idempotency.key");
                assertEquals("kafka:" + topic + "/0/" + attributes.get("kafka.offset") + "-" + attributes.get("kafka.max.offset") + "@"
                        + attributes.get("kafka.timestamp"), key, "the Kafka range ConsumeKafka wrote, with the first message's timestamp");
            }
            assertTrue(loaded.stream().anyMatch(attributes -> attributes.containsKey("spotlight.retry.count")),
                    "the batch whose answer was lost was retried: " + loaded);
        } finally {
            nifi.removeGroup(group);
            try (Admin admin = Admin.create(adminConfig)) {
                admin.deleteTopics(List.of(topic)).all().get();
            }
        }
    }

    private static void publish(final KafkaProducer<byte[], byte[]> producer, final String topic, final int from, final int to) throws Exception {
        for (int i = from; i < to; i++) {
            final String key = "idempotency/" + i;
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), ("{\"trade_key\":\"" + key
                    + "\",\"amount_min\":" + (1000 + i) + ".50,\"transaction_date\":\"2025-03-01\"}").getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
    }

    private static long count(final ClickHouseConnection clickHouse, final String table) {
        if (clickHouse.query("SELECT name FROM system.tables WHERE database = currentDatabase() AND name = '" + table + "'", Map.of()).isEmpty()) {
            return 0;
        }
        return Long.parseLong(clickHouse.query("SELECT count() AS n FROM `" + table + "`", Map.of()).column("n").getFirst());
    }

    private static void await(final String what, final BooleanSupplier condition, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout + " for " + what);
            }
            Thread.sleep(500);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(final LocalPipeline.Stack stack) {
        final Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
