package org.spotlight.flows.local;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What NiFi 2.3.0's ConsumeKafka with the Processing Strategy DEMARCATOR makes of one poll: the FlowFiles (content and
 * attributes) and the offsets it then commits. Written from its source (ConsumeKafka, ByteRecordBundler, BundleKey,
 * BundleValue, KafkaUtils.toAttributes, FlowFileStreamKafkaMessageConverter, OffsetTracker, Kafka3ConsumerService in
 * nifi-kafka-bundle 2.3.0), quirks included, so that the local stand-in hands the flow exactly what ConsumeKafka would:
 * <ul>
 *   <li>the messages of one poll are bundled per topic, partition and headers (all of them, unless a Header Name Pattern
 *   selects some), and per key with Separate By Key; a bundle's content is the values in offset order with the demarcator
 *   between them, except that it is not written while the content is still empty (leading empty values leave no trace);</li>
 *   <li>a bundle's attributes are those of its first message (offset, timestamp, headers) plus kafka.max.offset and
 *   kafka.count; kafka.header.count counts the first message's headers and those two; kafka.key only with Separate By Key;
 *   kafka.tombstone when the content is empty; no record.count and no mime.type;</li>
 *   <li>after the FlowFiles are committed, each partition's offset is committed as the offset attribute of its last bundle:
 *   2.3.0 commits the offset of the last record it processed, not the next one to read (NIFI-14598, fixed in 2.5.0), and a
 *   bundle is tracked by its first offset, so a restart reads that bundle again.</li>
 * </ul>
 */
public final class DemarcatedFlowFiles {

    /** ConsumeKafka's settings that shape its FlowFiles in DEMARCATOR mode. */
    public record Settings(byte[] demarcator, boolean separateByKey, Pattern headerNamePattern, Charset headerEncoding, boolean commitOffsets) {
        public Settings {
            Objects.requireNonNull(demarcator, "demarcator");
            Objects.requireNonNull(headerEncoding, "headerEncoding");
        }
    }

    /** One FlowFile: what ConsumeKafka writes as its content and attributes, and the messages it holds. */
    public record FlowFile(TopicPartition partition, long firstOffset, long lastOffset, int count, byte[] content, Map<String, String> attributes) {
    }

    private static final String KAFKA_MAX_OFFSET = "kafka.max.offset";
    private static final String KAFKA_COUNT = "kafka.count";

    private DemarcatedFlowFiles() {
    }

    /** The FlowFiles one poll becomes, in the order their first messages came. */
    public static List<FlowFile> of(final Iterable<ConsumerRecord<byte[], byte[]>> poll, final Settings settings) {
        final Map<BundleKey, Bundle> bundles = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : poll) {
            final List<SimpleHeader> headers = headers(record);
            final List<SimpleHeader> selected = settings.headerNamePattern() == null || headers.isEmpty() ? headers
                    : headers.stream().filter(header -> settings.headerNamePattern().matcher(header.key()).matches()).toList();
            final BundleKey key = new BundleKey(new TopicPartition(record.topic(), record.partition()), selected,
                    settings.separateByKey() ? record.key() : null);
            bundles.computeIfAbsent(key, k -> new Bundle(record, headers)).add(record, settings.demarcator());
        }
        final List<FlowFile> flowFiles = new ArrayList<>(bundles.size());
        bundles.forEach((key, bundle) -> flowFiles.add(bundle.flowFile(key, settings)));
        return flowFiles;
    }

    /** The offsets ConsumeKafka 2.3.0 commits once these FlowFiles are committed: per partition, its last FlowFile's kafka.offset. */
    public static Map<TopicPartition, Long> committedOffsets(final List<FlowFile> flowFiles) {
        final Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        for (FlowFile flowFile : flowFiles) {
            offsets.put(flowFile.partition(), flowFile.firstOffset());
        }
        return offsets;
    }

    private static List<SimpleHeader> headers(final ConsumerRecord<byte[], byte[]> record) {
        // Most messages have none: no list (nor filtering) per message then.
        if (!record.headers().iterator().hasNext()) {
            return List.of();
        }
        final List<SimpleHeader> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(new SimpleHeader(header.key(), header.value()));
        }
        return headers;
    }

    /** A header compared by name and bytes, as NiFi's RecordHeader is. */
    private record SimpleHeader(String key, byte[] value) {
        @Override
        public boolean equals(final Object other) {
            return other instanceof SimpleHeader that && key.equals(that.key) && Arrays.equals(value, that.value);
        }

        @Override
        public int hashCode() {
            return 31 * key.hashCode() + Arrays.hashCode(value);
        }
    }

    private record BundleKey(TopicPartition partition, List<SimpleHeader> headers, byte[] messageKey) {
        @Override
        public boolean equals(final Object other) {
            return other instanceof BundleKey that && partition.equals(that.partition) && headers.equals(that.headers)
                    && Arrays.equals(messageKey, that.messageKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(partition, headers, Arrays.hashCode(messageKey));
        }
    }

    private static final class Bundle {
        private final ConsumerRecord<byte[], byte[]> first;
        private final List<SimpleHeader> firstHeaders;
        /**
         * The values and demarcators in order, joined only once the bundle is complete: a growing byte array would copy a
         * poll of 10,000 messages some twenty times over, CPU that the benchmarks' stand-in takes from the NiFi it feeds.
         */
        private final List<byte[]> parts = new ArrayList<>();
        private int size;
        private long lastOffset;
        private int count;

        Bundle(final ConsumerRecord<byte[], byte[]> first, final List<SimpleHeader> firstHeaders) {
            this.first = first;
            this.firstHeaders = firstHeaders;
        }

        void add(final ConsumerRecord<byte[], byte[]> record, final byte[] demarcator) {
            // As BundleValue.update: the demarcator goes between values only once something has been written.
            if (size > 0) {
                parts.add(demarcator);
                size += demarcator.length;
            }
            if (record.value() != null) {
                parts.add(record.value());
                size += record.value().length;
            }
            lastOffset = record.offset();
            count++;
        }

        FlowFile flowFile(final BundleKey key, final Settings settings) {
            // ByteRecordBundler adds these two to the first message's headers; KafkaUtils.toAttributes then reads them back.
            final List<SimpleHeader> headers = new ArrayList<>(firstHeaders);
            headers.add(new SimpleHeader(KAFKA_MAX_OFFSET, Long.toString(lastOffset).getBytes(StandardCharsets.UTF_8)));
            headers.add(new SimpleHeader(KAFKA_COUNT, Long.toString(count).getBytes(StandardCharsets.UTF_8)));
            final byte[] bytes = new byte[size];
            int at = 0;
            for (byte[] part : parts) {
                System.arraycopy(part, 0, bytes, at, part.length);
                at += part.length;
            }

            // In the order FlowFileStreamKafkaMessageConverter sets them: later ones win over a header of the same name.
            final Map<String, String> attributes = new HashMap<>();
            if (bytes.length == 0) {
                attributes.put("kafka.tombstone", "true");
            }
            attributes.put("kafka.topic", first.topic());
            attributes.put("kafka.partition", Long.toString(first.partition()));
            attributes.put("kafka.offset", Long.toString(first.offset()));
            attributes.put("kafka.consumer.offsets.committed", String.valueOf(settings.commitOffsets()));
            attributes.put(KAFKA_MAX_OFFSET, Long.toString(lastOffset));
            attributes.put(KAFKA_COUNT, Long.toString(count));
            attributes.put("kafka.timestamp", Long.toString(first.timestamp()));
            if (key.messageKey() != null) {
                // Key Attribute Encoding keeps its default, UTF-8, in DEMARCATOR mode.
                attributes.put("kafka.key", new String(key.messageKey(), StandardCharsets.UTF_8));
            }
            attributes.put("kafka.header.count", Integer.toString(headers.size()));
            if (settings.headerNamePattern() != null) {
                for (SimpleHeader header : headers) {
                    if (settings.headerNamePattern().matcher(header.key()).matches()) {
                        attributes.put(header.key(), new String(header.value(), settings.headerEncoding()));
                    }
                }
            }
            return new FlowFile(key.partition(), first.offset(), lastOffset, count, bytes, Map.copyOf(attributes));
        }
    }
}
