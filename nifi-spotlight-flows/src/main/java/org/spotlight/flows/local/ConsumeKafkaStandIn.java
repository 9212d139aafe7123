package org.spotlight.flows.local;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.nifi.util.FlowFilePackagerV3;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Stands in for the kafka-to-clickhouse flow's ConsumeKafka (NiFi 2.3.0, Processing Strategy DEMARCATOR) where NiFi's
 * Kafka NARs cannot be installed. It runs ConsumeKafka's consumer loop against the real broker with the consumer settings
 * ConsumeKafka and Kafka3ConnectionService use, turns each poll into the FlowFiles ConsumeKafka would write
 * ({@link DemarcatedFlowFiles}) and hands them to the flow's ListenHTTP (in ConsumeKafka's place, see
 * {@link LocalVariants}) as FlowFile packages (application/flowfile-v3), which ListenHTTP unpacks into FlowFiles with
 * exactly that content and those attributes, all FlowFiles of a poll in one session, as ConsumeKafka commits them.
 * <p>
 * As with ConsumeKafka: nothing is polled while the flow holds back (ListenHTTP answers 503 when its queue is full);
 * offsets are committed only once NiFi has committed the FlowFiles, with 2.3.0's values; when NiFi goes away (the process
 * killed or restarted), what was polled but not accepted is dropped and the consumer goes back to the committed offsets,
 * as a ConsumeKafka that died with NiFi starts again from them. Kafka3ConnectionService 2.3.0 leaves enable.auto.commit at
 * the client's default (true), and so does this consumer.
 */
public final class ConsumeKafkaStandIn implements AutoCloseable {

    /** ConsumeKafka's and its Kafka3ConnectionService's settings that the consumer loop uses. */
    public record Configuration(String bootstrapServers, List<String> topics, String groupId, String autoOffsetReset,
                                Duration maxUncommittedTime, Map<String, String> consumer, DemarcatedFlowFiles.Settings flowFiles) {
    }

    /** A poll's FlowFiles that NiFi accepted: when the poll returned them and when NiFi took them ({@link System#nanoTime()}). */
    public record Delivery(List<DemarcatedFlowFiles.FlowFile> flowFiles, long polledNanos, long acceptedNanos) {
    }

    private static final String FLOWFILE_V3 = "application/flowfile-v3";
    private static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(5);

    private final Configuration configuration;
    private final URI target;
    private final Consumer<Delivery> listener;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong flowFiles = new AtomicLong();
    private final AtomicLong rollbacks = new AtomicLong();
    private final Map<TopicPartition, Long> delivered = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;

    /**
     * @param target   the ListenHTTP URL
     * @param listener told of every accepted poll, on the consumer's thread
     */
    public ConsumeKafkaStandIn(final Configuration configuration, final URI target, final Consumer<Delivery> listener) {
        this.configuration = configuration;
        this.target = target;
        this.listener = listener;
        this.thread = Thread.ofPlatform().name("consume-kafka-stand-in").daemon().start(this::run);
    }

    /** Messages handed to NiFi and accepted (a message polled again after a rollback counts again). */
    public long messages() {
        return messages.get();
    }

    public long flowFiles() {
        return flowFiles.get();
    }

    /** How often the consumer went back to the committed offsets because NiFi did not take a poll. */
    public long rollbacks() {
        return rollbacks.get();
    }

    /** Per partition, the offset after the last message NiFi accepted. */
    public Map<TopicPartition, Long> deliveredPositions() {
        return Map.copyOf(delivered);
    }

    private void run() {
        final Properties properties = new Properties();
        properties.putAll(configuration.consumer());
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, configuration.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, configuration.groupId());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, configuration.autoOffsetReset());
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = kafka;
            kafka.subscribe(configuration.topics());
            while (running) {
                try {
                    consumeOnce(kafka);
                } catch (final WakeupException e) {
                    throw e;
                } catch (final RuntimeException e) {
                    // ConsumeKafka logs a failed trigger and is triggered again.
                    System.err.println("[consume-kafka-stand-in] " + e);
                    NiFiApi.sleep(Duration.ofSeconds(1));
                }
            }
        } catch (final WakeupException e) {
            if (running) {
                throw e;
            }
        }
    }

    private void consumeOnce(final KafkaConsumer<byte[], byte[]> kafka) {
        final ConsumerRecords<byte[], byte[]> records = kafka.poll(configuration.maxUncommittedTime());
        if (records.isEmpty()) {
            return;
        }
        final long polled = System.nanoTime();
        final List<DemarcatedFlowFiles.FlowFile> poll = DemarcatedFlowFiles.of(records, configuration.flowFiles());
        if (!deliver(poll)) {
            rollback(kafka, poll);
            return;
        }
        for (DemarcatedFlowFiles.FlowFile flowFile : poll) {
            delivered.merge(flowFile.partition(), flowFile.lastOffset() + 1, Math::max);
            messages.addAndGet(flowFile.count());
        }
        flowFiles.addAndGet(poll.size());
        listener.accept(new Delivery(poll, polled, System.nanoTime()));
        if (configuration.flowFiles().commitOffsets()) {
            final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            DemarcatedFlowFiles.committedOffsets(poll).forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
            try {
                kafka.commitSync(offsets);
            } catch (final KafkaException e) {
                // ConsumeKafka fails the trigger and goes back to what is committed; these FlowFiles are in NiFi already.
                rollback(kafka, List.of());
            }
        }
    }

    /**
     * Posts a poll's FlowFiles until NiFi takes them, waiting while it holds back.
     *
     * @return false when NiFi is not there (or failed to commit them): the poll is to be read again from the committed offsets
     */
    private boolean deliver(final List<DemarcatedFlowFiles.FlowFile> poll) {
        final byte[] body = packaged(poll);
        Duration backoff = Duration.ofMillis(100);
        while (running) {
            final int status;
            try {
                status = post(body);
            } catch (final IOException e) {
                NiFiApi.sleep(Duration.ofSeconds(1));
                return false;
            }
            if (status / 100 == 2) {
                return true;
            }
            if (status != 503) {
                NiFiApi.sleep(Duration.ofSeconds(1));
                return false;
            }
            // Back pressure: ConsumeKafka is not triggered (and does not poll) until the queue has room.
            NiFiApi.sleep(backoff);
            backoff = backoff.compareTo(Duration.ofSeconds(2)) < 0 ? backoff.multipliedBy(2) : backoff;
        }
        return false;
    }

    private int post(final byte[] body) throws IOException {
        // HttpURLConnection hands the body to the socket in one write, at a fraction of java.net.http's CPU.
        final HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout((int) RESPONSE_TIMEOUT.toMillis());
        connection.setFixedLengthStreamingMode(body.length);
        connection.setRequestProperty("Content-Type", FLOWFILE_V3);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        final int status = connection.getResponseCode();
        // Read to the end, so that the connection is kept for the next POST.
        try (InputStream response = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (response != null) {
                response.transferTo(OutputStream.nullOutputStream());
            }
        }
        return status;
    }

    static byte[] packaged(final List<DemarcatedFlowFiles.FlowFile> poll) {
        final FlowFilePackagerV3 packager = new FlowFilePackagerV3();
        final ByteArrayOutputStream body = new ByteArrayOutputStream(poll.stream().mapToInt(flowFile -> flowFile.content().length + 512).sum());
        try {
            for (DemarcatedFlowFiles.FlowFile flowFile : poll) {
                packager.packageFlowFile(new ByteArrayInputStream(flowFile.content()), body, flowFile.attributes(), flowFile.content().length);
            }
        } catch (final IOException e) {
            throw new IllegalStateException("Writing to memory cannot fail", e);
        }
        return body.toByteArray();
    }

    /**
     * As Kafka3ConsumerService.rollback: every assigned partition goes back to its committed offset, or to the beginning.
     * When the broker cannot say what is committed, the partitions of the poll NiFi did not take go back to where it began,
     * so that nothing is skipped.
     */
    private void rollback(final KafkaConsumer<byte[], byte[]> kafka, final List<DemarcatedFlowFiles.FlowFile> notTaken) {
        rollbacks.incrementAndGet();
        try {
            final Map<TopicPartition, OffsetAndMetadata> committed = kafka.committed(kafka.assignment());
            for (TopicPartition partition : kafka.assignment()) {
                final OffsetAndMetadata offset = committed.get(partition);
                if (offset == null) {
                    kafka.seekToBeginning(List.of(partition));
                } else {
                    kafka.seek(partition, offset.offset());
                }
            }
        } catch (final KafkaException e) {
            final Map<TopicPartition, Long> starts = new HashMap<>();
            notTaken.forEach(flowFile -> starts.merge(flowFile.partition(), flowFile.firstOffset(), Math::min));
            starts.forEach((partition, offset) -> {
                if (kafka.assignment().contains(partition)) {
                    kafka.seek(partition, offset);
                }
            });
        }
    }

    @Override
    public void close() {
        running = false;
        final KafkaConsumer<byte[], byte[]> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
