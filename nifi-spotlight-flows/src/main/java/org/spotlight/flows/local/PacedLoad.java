package org.spotlight.flows.local;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady stream of trade-shaped records into a topic, as an upstream producer keeps publishing whatever happens
 * downstream: {@code perSecond} records a second, each with a trade_key of its own ({@code <prefix>/<n>}), until stopped.
 * A record the broker does not acknowledge (it is down) is sent again until it is, so every record is published at least
 * once. Every {@code badEvery}-th record is deliberately bad: its amount is text, which InferSchemaAndCast cannot cast to
 * the flow's Decimal hint; every {@code notJsonEvery}-th message is not JSON at all. The drills check that exactly those
 * end up in the failure table.
 */
public final class PacedLoad implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final String prefix;
    private final int perSecond;
    private final int badEvery;
    private final int notJsonEvery;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> bad = ConcurrentHashMap.newKeySet();
    private final AtomicLong sends = new AtomicLong();
    private final Deque<Long> resend = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean running = true;
    private long next;

    public PacedLoad(final String bootstrapServers, final String topic, final String prefix, final int perSecond, final int badEvery,
                     final int notJsonEvery) {
        final Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // While the broker is away, give up on a record within a minute and send it again later rather than block.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "20000");
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.prefix = prefix;
        this.perSecond = perSecond;
        this.badEvery = badEvery;
        this.notJsonEvery = notJsonEvery;
        this.thread = Thread.ofPlatform().name("paced-load").daemon().start(this::run);
    }

    /** Keys of the records the broker acknowledged. */
    public Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    /** Keys of the deliberately bad records among them. */
    public Set<String> bad() {
        return Set.copyOf(bad);
    }

    /** Sends, resends included. */
    public long sends() {
        return sends.get();
    }

    /** Records made so far. */
    public synchronized long made() {
        return next;
    }

    /** Records waiting to be sent again. */
    public synchronized int pending() {
        return resend.size();
    }

    private void run() {
        final long started = System.nanoTime();
        while (running) {
            final long due = (System.nanoTime() - started) * perSecond / 1_000_000_000L;
            final Long number;
            synchronized (this) {
                if (!resend.isEmpty()) {
                    number = resend.poll();
                } else if (next < due) {
                    number = next++;
                } else {
                    number = null;
                }
            }
            if (number == null) {
                NiFiApi.sleep(Duration.ofMillis(5));
                continue;
            }
            send(number);
        }
    }

    private void send(final long number) {
        final String key = prefix + "/" + number;
        sends.incrementAndGet();
        try {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value(number, key)), (metadata, error) -> {
                if (error == null) {
                    acknowledged.add(key);
                    if (isBad(number)) {
                        bad.add(key);
                    }
                } else {
                    resendLater(number);
                }
            });
        } catch (final RuntimeException e) {
            // No metadata within max.block.ms: the broker is away.
            resendLater(number);
            NiFiApi.sleep(Duration.ofMillis(200));
        }
    }

    private synchronized void resendLater(final long number) {
        resend.add(number);
    }

    private boolean isBad(final long number) {
        return number % badEvery == badEvery - 1 || number % notJsonEvery == notJsonEvery - 1;
    }

    private byte[] value(final long number, final String key) {
        if (number % notJsonEvery == notJsonEvery - 1) {
            return ("not a trade record at all: " + key + " {").getBytes(StandardCharsets.UTF_8);
        }
        final String amount = number % badEvery == badEvery - 1 ? "\"a lot\"" : String.format(Locale.ROOT, "%d.%02d", 1001 + number % 50_000, number % 100);
        final LocalDate date = LocalDate.of(2025, 1, 1).plusDays(number % 365);
        return ("{\"trade_key\":\"" + key + "\",\"chamber\":\"house\",\"source\":\"drill\",\"filing_id\":\"drill filing " + number / 100
                + "\",\"member_full_name\":\"Drill Member " + number % 50 + "\",\"ticker\":\"T" + number % 97
                + "\",\"transaction_type\":\"purchase\",\"transaction_date\":\"" + date + "\",\"amount_min\":" + amount
                + ",\"amount_max\":15000.00}").getBytes(StandardCharsets.UTF_8);
    }

    /** Stops making records, and waits until every record made has been acknowledged (or {@code timeout} passed). */
    public void stopAndFlush(final Duration timeout) {
        running = false;
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            producer.flush();
            final Long number;
            synchronized (this) {
                number = resend.poll();
            }
            if (number == null) {
                if (acknowledged.size() >= made()) {
                    return;
                }
                NiFiApi.sleep(Duration.ofMillis(200));
                continue;
            }
            send(number);
        }
        throw new IllegalStateException("the load's records were not all acknowledged within " + timeout + ": " + acknowledged.size()
                + " of " + made());
    }

    @Override
    public void close() {
        running = false;
        producer.close(Duration.ofSeconds(10));
    }
}
