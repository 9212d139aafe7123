package org.spotlight.flows.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for the producer flow's PublishKafka where NiFi's Kafka NARs cannot be installed, so that Spotlight's flows
 * still run through a real Kafka broker: {@code POST /publish?topic=T&keyField=F} takes what PublishKafka would have been
 * given (a JSON array of records) and sends one message per record, keyed by the record's field F, acknowledged by all
 * in-sync replicas. (ConsumeKafka's stand-in is {@link ConsumeKafkaStandIn}.)
 */
public final class KafkaHttpBridge implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<String, byte[]> producer;
    private final HttpServer server;
    private final Map<String, AtomicLong> publishedByTopic = new ConcurrentHashMap<>();

    public KafkaHttpBridge(final String bootstrapServers, final int port) throws IOException {
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

    /** Records published to one topic (the producer flow publishes trades and committee assignments to two). */
    public long published(final String topic) {
        final AtomicLong count = publishedByTopic.get(topic);
        return count == null ? 0 : count.get();
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
            publishedByTopic.computeIfAbsent(topic, name -> new AtomicLong()).addAndGet(records.size());
            respond(exchange, 200, "published " + records.size());
        } catch (final Exception e) {
            respond(exchange, 503, "Kafka did not acknowledge: " + e.getMessage());
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
        server.stop(0);
        producer.close(Duration.ofSeconds(10));
    }
}
