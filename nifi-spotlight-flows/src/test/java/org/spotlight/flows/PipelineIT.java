package org.spotlight.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spotlight.clickhouse.http.ClickHouseConnection;
import org.spotlight.flows.local.LocalPipeline;
import org.spotlight.flows.local.NiFiApi;
import org.spotlight.flows.local.OfflineSources;
import org.spotlight.flows.local.TopicContents;
import org.spotlight.clickhouse.client.ClickHouseQueryResult;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline in the real NiFi 2.3.0, through the real Kafka broker, into the real ClickHouse: the producer flow
 * fetches the congress trades the offline mirror of ../shared/data serves and publishes them to a topic; the Kafka to
 * ClickHouse flow, with only its Kafka source swapped for a stock ListenHTTP fed from that same topic, types and loads
 * them. Three deliberately bad messages go into the topic too. Every message ends up as a row or as a stored failure,
 * and the rows are exactly the records published.
 */
class PipelineIT {

    @TempDir
    Path work;

    @Test
    void everyPublishedRecordLandsExactlyOnceAndEveryBadOneIsStored() throws Exception {
        final LocalPipeline.Stack stack = TestStack.settings();
        TestStack.nifiWithSpotlight();
        final String run = UUID.randomUUID().toString().substring(0, 8);
        final String topic = "spotlight.it" + run + ".trades";
        final String failureTable = "it_failures_" + run;
        try (OfflineSources offline = new OfflineSources(BuiltNars.PROJECT_ROOT.resolveSibling("shared").resolve("data/congress"), work);
             LocalPipeline pipeline = new LocalPipeline(stack, "pipeline-it " + run + ":", topic, failureTable)) {
            pipeline.reset(message -> { });
            pipeline.start(BuiltNars.PROJECT_ROOT.resolve("flows"), offline.producerParameters());
            publishBadMessages(stack, topic);
            pipeline.awaitQuiet(Duration.ofMinutes(10), Duration.ofMinutes(10), progress -> { });

            final TopicContents topicContents = TopicContents.read(stack.kafkaBootstrapServers(), topic);
            final Map<String, JsonNode> published = topicContents.tradesByKey();
            final List<String> unkeyed = topicContents.others();
            final int messages = topicContents.messages();
            assertEquals(pipeline.bridge().published(topic) + 3, messages, "the topic holds what the producer flow published, and the three bad messages");
            assertTrue(published.size() > 9000, "the offline mirror yields over 9,000 trades; got " + published.size());

            try (ClickHouseConnection clickHouse = pipeline.clickHouse()) {
                final String table = "`" + pipeline.table() + "`";
                final long rows = count(clickHouse, "SELECT count() AS n FROM " + table);
                final long failures = count(clickHouse, "SELECT count() AS n FROM `" + failureTable + "`");
                assertEquals(messages, rows + failures, "records in == rows + stored failures");

                final ClickHouseQueryResult stored = clickHouse.query("SELECT component, error_code, payload FROM `" + failureTable
                        + "` ORDER BY component, error_code", Map.of());
                assertEquals(3, stored.rows().size(), stored.toString());
                final String failuresText = stored.rows().toString();
                assertTrue(failuresText.contains("not a trade record at all"), failuresText);
                assertTrue(failuresText.contains("it/bad/amount"), failuresText);
                assertTrue(failuresText.contains("it/bad/key"), failuresText);

                final ClickHouseQueryResult landed = clickHouse.query("SELECT trade_key, toString(amount_min) AS amount_min, "
                        + "toString(amount_max) AS amount_max, toString(transaction_date) AS transaction_date, ticker, member_full_name FROM "
                        + table + " FINAL ORDER BY trade_key", Map.of());
                final Map<String, JsonNode> good = new TreeMap<>(published);
                good.remove("it/bad/amount");
                assertEquals(new ArrayList<>(good.keySet()), landed.column("trade_key"), "the rows are exactly the published trades");
                for (List<String> row : landed.rows()) {
                    final JsonNode record = good.get(row.get(0));
                    assertDecimal(record.path("amount_min"), row.get(1), row.get(0));
                    assertDecimal(record.path("amount_max"), row.get(2), row.get(0));
                    assertEquals(text(record.path("transaction_date")), row.get(3), row.get(0) + " transaction_date");
                    assertEquals(text(record.path("ticker")), row.get(4), row.get(0) + " ticker");
                    assertEquals(text(record.path("member_full_name")), row.get(5), row.get(0) + " member_full_name");
                }
                assertEquals(2, unkeyed.size(), "the non-JSON message and the keyless record have no trade_key: " + unkeyed);

                // The loads ran with Kafka-range idempotency keys, taken from the kafka.* attributes ConsumeKafka writes.
                final String load = pipeline.nifi().processorByName(pipeline.consumerGroupId(), SpotlightFlows.LOAD).path("id").asText();
                final List<String> keys = new ArrayList<>();
                List<JsonNode> events = pipeline.nifi().provenanceEvents(load, 1000);
                for (int attempt = 0; events.isEmpty() && attempt < 30; attempt++) {
                    // Provenance events are searchable once indexed, a moment after they happen.
                    Thread.sleep(2000);
                    events = pipeline.nifi().provenanceEvents(load, 1000);
                }
                for (JsonNode event : events) {
                    final Map<String, String> attributes = NiFiApi.attributes(event);
                    if ("SEND".equals(event.path("eventType").asText())) {
                        keys.add(attributes.get("clickhouse.idempotency.key"));
                        assertEquals("kafka:" + topic + "/" + attributes.get("kafka.partition") + "/" + attributes.get("kafka.offset") + "-"
                                + attributes.get("kafka.max.offset") + "@" + attributes.get("kafka.timestamp"),
                                attributes.get("clickhouse.idempotency.key"), attributes.toString());
                    }
                }
                assertFalse(keys.isEmpty(), "PutClickHouseBatch's SEND events name the keys");
            } finally {
                pipeline.stop();
                final NiFiApi nifi = pipeline.nifi();
                nifi.removeGroup(pipeline.producerGroupId());
                nifi.removeGroup(pipeline.consumerGroupId());
            }
        }
    }

    /** A message that is not JSON, a trade whose amount is text, and a trade without its key. */
    private static void publishBadMessages(final LocalPipeline.Stack stack, final String topic) throws Exception {
        final Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, "it/bad/json", "not a trade record at all {".getBytes(StandardCharsets.UTF_8))).get();
            final ObjectNode amount = trade("it/bad/amount");
            amount.put("amount_min", "a lot");
            producer.send(new ProducerRecord<>(topic, "it/bad/amount", NiFiApi.JSON.writeValueAsBytes(amount))).get();
            final ObjectNode keyless = trade("it/bad/key");
            keyless.putNull("trade_key");
            producer.send(new ProducerRecord<>(topic, "it/bad/key", NiFiApi.JSON.writeValueAsBytes(keyless))).get();
        }
    }

    private static ObjectNode trade(final String marker) {
        final ObjectNode trade = NiFiApi.JSON.createObjectNode();
        trade.put("trade_key", marker);
        trade.put("chamber", "house");
        trade.put("source", "house_clerk");
        trade.put("filing_id", marker);
        trade.put("member_full_name", "Deliberately Bad " + marker);
        trade.put("amount_min", 1001);
        trade.put("amount_max", 15000);
        trade.put("transaction_date", "2025-01-14");
        return trade;
    }

    private static void assertDecimal(final JsonNode expected, final String actual, final String key) {
        if (expected.isNull() || expected.isMissingNode()) {
            assertEquals(null, actual, key);
        } else {
            assertEquals(0, new BigDecimal(expected.asText()).compareTo(new BigDecimal(actual)),
                    String.format(Locale.ROOT, "%s: %s published, %s stored", key, expected.asText(), actual));
        }
    }

    private static String text(final JsonNode value) {
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    private static long count(final ClickHouseConnection clickHouse, final String sql) {
        return Long.parseLong(clickHouse.query(sql, Map.of()).column("n").getFirst());
    }
}
