package org.spotlight.flows.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for NiFi's Kafka processors where their NARs cannot be installed (the build machines have none), so
 * that Spotlight's flows still run through a real Kafka broker:
 * <ul>
 *   <li>{@code POST /publish?topic=T&keyField=F} takes what PublishKafka would have been given (a JSON array of records)
 *   and sends one message per record, keyed by the record's field F, acknowledged by all in-sync replicas;</li>
 *   <li>a consumer reads the subscribed topics and posts each partition's batch to a URL (the flow's ListenHTTP) the way
 *   a record-oriented ConsumeKafka would emit it: a JSON array with {@code kafka.topic}, {@code kafka.partition} and
 *   {@code record.count}; a message that is not a JSON object travels alone, as the raw bytes, so the flow's
 *   typing step routes it to failure. Offsets are committed only after NiFi accepted the batch.</li>
 * </ul>
 */
public final class KafkaHttpBridge implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicLong published = new AtomicLong();
    private final Map<String, AtomicLong> publishedByTopic = new ConcurrentHashMap<>();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong forwardedUnparseable = new AtomicLong();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread consumerThread;
    private volatile boolean running = true;

    public KafkaHttpBridge(final String bootstrapServers, final int port) throws IOException {
        this.bootstrapServers = bootstrapServers;
        final Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(producerConfig);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/publish", this::publish);
        server.start();
    }

    /** The base URL of the publish endpoint, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public long published() {
        return published.get();
    }

    /** Records published to one topic (the producer flow publishes trades and committee assignments to two). */
    public long published(final String topic) {
        final AtomicLong count = publishedByTopic.get(topic);
        return count == null ? 0 : count.get();
    }

    public long forwarded() {
        return forwarded.get();
    }

    public long forwardedUnparseable() {
        return forwardedUnparseable.get();
    }

    /** Starts consuming {@code topics} as group {@code groupId} from the earliest offset, posting batches to {@code targetUrl}. */
    public void forward(final List<String> topics, final String groupId, final String targetUrl) {
        final Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(config);
        consumer.subscribe(topics);
        consumerThread = Thread.ofPlatform().name("kafka-http-bridge").daemon().start(() -> consumeLoop(URI.create(targetUrl)));
    }

    private void consumeLoop(final URI target) {
        try {
            while (running) {
                final ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (TopicPartition partition : records.partitions()) {
                    final List<ConsumerRecord<String, byte[]>> batch = records.records(partition);
                    deliver(target, partition, batch);
                    final long next = batch.getLast().offset() + 1;
                    consumer.commitSync(Map.of(partition, new OffsetAndMetadata(next)));
                }
            }
        } catch (final WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close();
        }
    }

    /** Posts a partition's batch until NiFi accepts it: nothing is committed, so nothing is lost, before it does. */
    private void deliver(final URI target, final TopicPartition partition, final List<ConsumerRecord<String, byte[]>> batch) {
        final ArrayNode records = JSON.createArrayNode();
        final List<byte[]> unparseable = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            final JsonNode value = parseObject(record.value());
            if (value == null) {
                unparseable.add(record.value());
            } else {
                records.add(value);
            }
        }
        final Map<String, String> headers = new LinkedHashMap<>();
        headers.put("kafka.topic", partition.topic());
        headers.put("kafka.partition", String.valueOf(partition.partition()));
        if (!records.isEmpty()) {
            headers.put("record.count", String.valueOf(records.size()));
            post(target, records.toString().getBytes(StandardCharsets.UTF_8), headers);
            forwarded.addAndGet(records.size());
        }
        for (byte[] raw : unparseable) {
            headers.put("record.count", "1");
            post(target, raw, headers);
            forwarded.incrementAndGet();
            forwardedUnparseable.incrementAndGet();
        }
    }

    private void post(final URI target, final byte[] body, final Map<String, String> headers) {
        Duration backoff = Duration.ofMillis(500);
        while (running) {
            try {
                final HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(1))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
                headers.forEach(request::header);
                final HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    return;
                }
            } catch (final IOException e) {
                // NiFi not listening yet, or back pressure: wait and post the same batch again.
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            NiFiApi.sleep(backoff);
            backoff = backoff.compareTo(Duration.ofSeconds(10)) < 0 ? backoff.multipliedBy(2) : backoff;
        }
    }

    private void publish(final HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "POST a JSON array of records");
                return;
            }
            final Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            final String topic = query.get("topic");
            final String keyField = query.get("keyField");
            if (topic == null || topic.isBlank()) {
                respond(exchange, 400, "the topic query parameter is required");
                return;
            }
            final JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                body = JSON.readTree(in);
            } catch (final JsonProcessingException e) {
                respond(exchange, 400, "not JSON: " + e.getOriginalMessage());
                return;
            }
            final List<JsonNode> records = new ArrayList<>();
            if (body != null && body.isArray()) {
                body.forEach(records::add);
            } else if (body != null && body.isObject()) {
                records.add(body);
            } else {
                respond(exchange, 400, "expected a JSON object or an array of objects");
                return;
            }
            final List<Future<?>> sends = new ArrayList<>(records.size());
            for (JsonNode record : records) {
                final String key = keyField == null || record.path(keyField).isMissingNode() || record.path(keyField).isNull()
                        ? null : record.path(keyField).asText();
                sends.add(producer.send(new ProducerRecord<>(topic, key, JSON.writeValueAsBytes(record))));
            }
            producer.flush();
            for (Future<?> send : sends) {
                send.get();
            }
            published.addAndGet(records.size());
            publishedByTopic.computeIfAbsent(topic, name -> new AtomicLong()).addAndGet(records.size());
            respond(exchange, 200, "published " + records.size());
        } catch (final Exception e) {
            respond(exchange, 503, "Kafka did not acknowledge: " + e.getMessage());
        }
    }

    private static JsonNode parseObject(final byte[] value) {
        try {
            final JsonNode node = JSON.readTree(value);
            return node != null && node.isObject() ? node : null;
        } catch (final IOException e) {
            return null;
        }
    }

    private static Map<String, String> query(final String rawQuery) {
        final Map<String, String> parameters = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                final int equals = pair.indexOf('=');
                if (equals > 0) {
                    parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return parameters;
    }

    private static void respond(final HttpExchange exchange, final int status, final String message) throws IOException {
        final byte[] body = message.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        running = false;
        server.stop(0);
        if (consumer != null) {
            consumer.wakeup();
        }
        if (consumerThread != null) {
            try {
                consumerThread.join(Duration.ofSeconds(10));
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(10));
    }
}
