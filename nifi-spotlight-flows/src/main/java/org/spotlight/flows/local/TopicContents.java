package org.spotlight.flows.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Everything a topic holds, read from the beginning by a consumer group of its own: the trade records by trade_key
 * (the last one of a key wins, as a ReplacingMergeTree keeps it) and the messages that are not keyed trade records.
 */
public record TopicContents(int messages, Map<String, JsonNode> tradesByKey, List<String> others) {

    public static TopicContents read(final String bootstrapServers, final String topic) {
        final Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "spotlight-topic-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        final Map<String, JsonNode> byKey = new TreeMap<>();
        final List<String> others = new ArrayList<>();
        int messages = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            int emptyPolls = 0;
            while (emptyPolls < 5) {
                final var records = consumer.poll(Duration.ofSeconds(1));
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                for (ConsumerRecord<String, byte[]> record : records) {
                    messages++;
                    final String text = new String(record.value(), StandardCharsets.UTF_8);
                    try {
                        final JsonNode value = NiFiApi.JSON.readTree(text);
                        if (value.isObject() && value.path("trade_key").isTextual()) {
                            byKey.put(value.path("trade_key").asText(), value);
                            continue;
                        }
                    } catch (final Exception notJson) {
                        // Counted with the others below.
                    }
                    others.add(text);
                }
            }
        }
        return new TopicContents(messages, byKey, others);
    }
}
