package org.spotlight.flows;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.junit.jupiter.api.Test;
import org.spotlight.flows.local.ConsumeKafkaStandIn;
import org.spotlight.flows.local.LocalPipeline;
import org.spotlight.flows.local.LocalVariants;
import org.spotlight.flows.local.NiFiApi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local stand-in for kafka-to-clickhouse's ConsumeKafka (NiFi's Kafka NARs cannot be installed here), checked in the
 * real NiFi 2.3.0 against the real broker: the FlowFiles that reach InferSchemaAndCast hold exactly what NiFi 2.3.0's
 * ConsumeKafka writes with the flow's settings (Processing Strategy DEMARCATOR, Message Demarcator LF RS, a Header Name
 * Pattern that matches nothing, offsets committed): per poll and partition, the message values byte for byte with LF RS
 * between them, and the attributes kafka.topic, kafka.partition, kafka.offset (the first message's), kafka.max.offset,
 * kafka.count, kafka.timestamp (the first message's), kafka.header.count (the first message's headers plus the two
 * ConsumeKafka adds) and kafka.consumer.offsets.committed, no kafka.key, no record.count, no mime.type. Every message
 * arrives in exactly one FlowFile. ListenHTTP, which stands in ConsumeKafka's place, adds its restlistener.* attributes.
 */
class ConsumeKafkaStandInIT {

    private static final String LF_RS = "\n\u001E";
    private static final String[] PARTITION_0 = {
        "{\"amount\":123456789012345678.12,\"a\":1,\"a\":2}",
        "{\n  \"pretty\": true,\n  \"list\": [\n    1,\n    2\n  ]\n}\n",
        null,
        "{\"line\":1}\n{\"line\":2}",
        "not json \u0001 at all",
        "",
        "{\"last\":\"\\u001e is escaped\"}",
    };

    @Test
    void flowFilesReachTheFlowWithConsumeKafkasContentAndAttributes() throws Exception {
        final LocalPipeline.Stack stack = TestStack.settings();
        final NiFiApi nifi = TestStack.nifiWithSpotlight();
        final String topic = "spotlight.standin" + UUID.randomUUID().toString().substring(0, 8);
        final Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        final List<RecordMetadata> sent = new ArrayList<>();
        final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
            for (int i = 0; i < PARTITION_0.length; i++) {
                records.add(new ProducerRecord<>(topic, 0, bytes("key-" + i), PARTITION_0[i] == null ? null : bytes(PARTITION_0[i])));
            }
            final ProducerRecord<byte[], byte[]> traced = new ProducerRecord<>(topic, 1, null, bytes("{\"traced\":1}"));
            traced.headers().add(new RecordHeader("traceparent", bytes("00-abc-01")));
            records.add(traced);
            final ProducerRecord<byte[], byte[]> tracedAgain = new ProducerRecord<>(topic, 1, null, bytes("{\"traced\":2}"));
            tracedAgain.headers().add(new RecordHeader("traceparent", bytes("00-def-01")));
            records.add(tracedAgain);
            try (KafkaProducer<byte[], byte[]> producer = producer(stack)) {
                for (ProducerRecord<byte[], byte[]> record : records) {
                    sent.add(producer.send(record).get());
                }
            }
        }

        final int port = freePort();
        final RegisteredFlowSnapshot shipped = FlowSnapshots.read(FlowSnapshots.file(BuiltNars.PROJECT_ROOT.resolve("flows"), SpotlightFlows.KAFKA_TO_CLICKHOUSE));
        final String group = nifi.uploadFlow(nifi.rootGroupId(), "consume-kafka-stand-in-it " + topic,
                FlowSnapshots.toJson(LocalVariants.kafkaToClickHouse(shipped, port, "stand-in it " + topic, nifi::processorBundle))
                        .getBytes(StandardCharsets.UTF_8), 0, 1600);
        try {
            // Only the stand-in's ListenHTTP runs: the FlowFiles wait in front of the routing to the defined or inferred tables.
            nifi.setProcessorState(nifi.processorByName(group, SpotlightFlows.CONSUME).path("id").asText(), "RUNNING");
            final ConsumeKafkaStandIn.Configuration consume = LocalVariants.consumeKafka(shipped, stack.kafkaBootstrapServers(), List.of(topic),
                    "stand-in-it-" + topic);
            try (ConsumeKafkaStandIn standIn = new ConsumeKafkaStandIn(consume, URI.create(LocalVariants.listenUrl(port)), delivery -> { })) {
                final long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (standIn.messages() < records.size() && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertEquals(records.size(), standIn.messages(), "messages handed to NiFi");
            }

            final List<NiFiApi.QueuedFlowFile> flowFiles = new ArrayList<>(nifi.queuedFlowFiles(
                    nifi.connectionId(group, SpotlightFlows.CONSUME, SpotlightFlows.ROUTE_DEFINED)));
            flowFiles.sort(Comparator.comparing((NiFiApi.QueuedFlowFile flowFile) -> flowFile.attributes().get("kafka.partition"))
                    .thenComparing(flowFile -> Long.parseLong(flowFile.attributes().get("kafka.offset"))));
            final Map<TopicPartition, Long> next = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
            for (NiFiApi.QueuedFlowFile flowFile : flowFiles) {
                final Map<String, String> attributes = flowFile.attributes();
                final int partition = Integer.parseInt(attributes.get("kafka.partition"));
                final long first = Long.parseLong(attributes.get("kafka.offset"));
                final long last = Long.parseLong(attributes.get("kafka.max.offset"));
                final TopicPartition topicPartition = new TopicPartition(topic, partition);
                assertEquals(next.getOrDefault(topicPartition, 0L), first, "every message in exactly one FlowFile, in order: " + attributes);
                next.put(topicPartition, last + 1);

                final List<Integer> messages = new ArrayList<>();
                for (int i = 0; i < sent.size(); i++) {
                    if (sent.get(i).partition() == partition && sent.get(i).offset() >= first && sent.get(i).offset() <= last) {
                        messages.add(i);
                    }
                }
                final ProducerRecord<byte[], byte[]> firstMessage = records.get(messages.getFirst());
                final Map<String, String> expected = new TreeMap<>();
                expected.put("kafka.topic", topic);
                expected.put("kafka.partition", String.valueOf(partition));
                expected.put("kafka.offset", String.valueOf(first));
                expected.put("kafka.max.offset", String.valueOf(last));
                expected.put("kafka.count", String.valueOf(messages.size()));
                expected.put("kafka.timestamp", String.valueOf(sent.get(messages.getFirst()).timestamp()));
                expected.put("kafka.header.count", String.valueOf(firstMessage.headers().toArray().length + 2));
                expected.put("kafka.consumer.offsets.committed", "true");
                final byte[] content = demarcated(messages.stream().map(i -> records.get(i).value()).toList());
                if (content.length == 0) {
                    expected.put("kafka.tombstone", "true");
                }
                final Map<String, String> kafkaAttributes = new TreeMap<>();
                attributes.forEach((name, value) -> {
                    if (name.startsWith("kafka.")) {
                        kafkaAttributes.put(name, value);
                    }
                });
                assertEquals(expected, kafkaAttributes, "ConsumeKafka's attributes, and no others of its own");
                assertTrue(!attributes.containsKey("record.count") && !attributes.containsKey("mime.type") && !attributes.containsKey("traceparent"),
                        attributes.toString());
                assertArrayEquals(content, flowFile.content(), "the values as published, LF RS between them: " + new String(flowFile.content(),
                        StandardCharsets.UTF_8));
            }
            assertEquals(Map.of(new TopicPartition(topic, 0), (long) PARTITION_0.length, new TopicPartition(topic, 1), 2L), Map.copyOf(next));
        } finally {
            nifi.removeGroup(group);
            try (Admin admin = Admin.create(config)) {
                admin.deleteTopics(List.of(topic)).all().get();
            }
        }
    }

    /** BundleValue's rule: the demarcator goes between values, but not while nothing has been written yet. */
    private static byte[] demarcated(final List<byte[]> values) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] value : values) {
            if (out.size() > 0) {
                out.writeBytes(bytes(LF_RS));
            }
            if (value != null) {
                out.writeBytes(value);
            }
        }
        return out.toByteArray();
    }

    private static KafkaProducer<byte[], byte[]> producer(final LocalPipeline.Stack stack) {
        final Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
