package org.spotlight.clickhouse.insert;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Idempotency keys: what makes a retried batch recognisable as the same batch. A source's key comes from Kafka
 * coordinates when the input says where in Kafka it came from, otherwise from a hash of its content; a batch's key is
 * a hash of its table, its columns and its sources' keys in order.
 */
public final class IdempotencyKeys {

    public static final String KAFKA_TOPIC = "kafka.topic";
    public static final String KAFKA_PARTITION = "kafka.partition";
    public static final String KAFKA_OFFSET = "kafka.offset";
    public static final String KAFKA_MAX_OFFSET = "kafka.max.offset";
    public static final String KAFKA_COUNT = "kafka.count";
    /** The first message's timestamp, as ConsumeKafka writes it: what tells a re-created topic's offsets from the old ones. */
    public static final String KAFKA_TIMESTAMP = "kafka.timestamp";
    /** Split children of one Kafka FlowFile share its kafka.* attributes; the fragment index tells them apart. */
    public static final String FRAGMENT_INDEX = "fragment.index";

    private static final HexFormat HEX = HexFormat.of();

    private IdempotencyKeys() {
    }

    /**
     * The Kafka range a FlowFile holds, as written by NiFi's ConsumeKafka:
     * {@code kafka:<topic>/<partition>/<first>-<last>@<timestamp>}, plus {@code #<fragment.index>} for split children.
     * <p>
     * The timestamp is {@code kafka.timestamp}, the first message's: offsets alone do not name messages for ever, since a
     * topic that is deleted and created again starts again at offset 0, and its new messages would take the keys (and so
     * the deduplication tokens) of old ones, and be dropped by the server as repeats of inserts it remembers. The first
     * message's timestamp tells the two apart (the producer's clock, or the broker's with LogAppendTime), and it is the
     * same for every delivery of the same range, so a retried or re-read range keeps its key. Only a producer that sets
     * the timestamps itself and publishes different messages with the same first timestamp at the same offsets of a
     * re-created topic would defeat it. The topic's id would be exact, but ConsumeKafka does not write it.
     *
     * @return null when the attributes do not name a topic, a partition and an offset
     */
    public static String fromKafka(final Map<String, String> attributes) {
        final String topic = attributes.get(KAFKA_TOPIC);
        final String partition = attributes.get(KAFKA_PARTITION);
        final String offset = attributes.get(KAFKA_OFFSET);
        if (isBlank(topic) || isBlank(partition) || isBlank(offset)) {
            return null;
        }
        final StringBuilder key = new StringBuilder("kafka:").append(topic).append('/').append(partition.strip()).append('/').append(offset.strip());
        final String maxOffset = attributes.get(KAFKA_MAX_OFFSET);
        final String count = attributes.get(KAFKA_COUNT);
        if (!isBlank(maxOffset)) {
            key.append('-').append(maxOffset.strip());
        } else if (!isBlank(count)) {
            try {
                key.append('-').append(Long.parseLong(offset.strip()) + Long.parseLong(count.strip()) - 1);
            } catch (final NumberFormatException e) {
                key.append("+").append(count.strip());
            }
        }
        final String timestamp = attributes.get(KAFKA_TIMESTAMP);
        if (!isBlank(timestamp)) {
            key.append('@').append(timestamp.strip());
        }
        final String fragment = attributes.get(FRAGMENT_INDEX);
        if (!isBlank(fragment)) {
            key.append('#').append(fragment.strip());
        }
        return key.toString();
    }

    /** {@code sha256:<hex>} of the whole stream. */
    public static String fromContent(final InputStream content) throws IOException {
        final ContentHash hash = new ContentHash();
        hash.wrap(content).transferTo(java.io.OutputStream.nullOutputStream());
        return hash.key();
    }

    /** A content key taken from a stream as it is read by someone else. */
    public static final class ContentHash {
        private final MessageDigest digest = sha256();

        /** The stream to read instead of {@code content}; everything read through it counts. */
        public InputStream wrap(final InputStream content) {
            return new java.security.DigestInputStream(content, digest);
        }

        /** {@code sha256:<hex>} of what was read. */
        public String key() {
            return "sha256:" + HEX.formatHex(digest.digest());
        }
    }

    /**
     * @param sourceKeys the sources' keys in batch order
     */
    public static String forBatch(final String database, final String table, final List<String> columns, final List<String> sourceKeys) {
        final MessageDigest digest = sha256();
        update(digest, database);
        update(digest, table);
        columns.forEach(column -> update(digest, column));
        sourceKeys.forEach(key -> update(digest, key));
        return HEX.formatHex(digest.digest(), 0, 16);
    }

    /** 8 hex characters identifying a text, e.g. a list of column names inside a token. */
    static String shortHash(final String text) {
        return HEX.formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)), 0, 4);
    }

    private static void update(final MessageDigest digest, final String value) {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        // Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
        digest.update((byte) (bytes.length >>> 24));
        digest.update((byte) (bytes.length >>> 16));
        digest.update((byte) (bytes.length >>> 8));
        digest.update((byte) bytes.length);
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    private static boolean isBlank(final String value) {
        return value == null || value.isBlank();
    }
}
