package org.spotlight.flows.local;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.nifi.util.FlowFileUnpackagerV3;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The FlowFiles of NiFi 2.3.0's ConsumeKafka with Processing Strategy DEMARCATOR, as its source makes them
 * (ByteRecordBundler, BundleValue, KafkaUtils.toAttributes, OffsetTracker): what the local stand-in must reproduce.
 */
class DemarcatedFlowFilesTest {

    private static final byte[] LF_RS = "\n\u001E".getBytes(StandardCharsets.UTF_8);
    /** The flow's settings: LF RS, not by key, a header pattern that matches nothing, offsets committed. */
    private static final DemarcatedFlowFiles.Settings FLOW = new DemarcatedFlowFiles.Settings(LF_RS, false, Pattern.compile("(?!)"),
            StandardCharsets.UTF_8, true);

    private static ConsumerRecord<byte[], byte[]> message(final int partition, final long offset, final String key, final String value,
                                                          final RecordHeader... headers) {
        return new ConsumerRecord<>("spotlight.trades", partition, offset, 1_700_000_000_000L + offset, TimestampType.CREATE_TIME, -1, -1,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value == null ? null : value.getBytes(StandardCharsets.UTF_8),
                new RecordHeaders(headers), Optional.empty());
    }

    private static RecordHeader header(final String name, final String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(final DemarcatedFlowFiles.FlowFile flowFile) {
        return new String(flowFile.content(), StandardCharsets.UTF_8);
    }

    @Test
    void onePollBecomesOneFlowFilePerPartitionWithTheValuesAsPublished() {
        final List<DemarcatedFlowFiles.FlowFile> flowFiles = DemarcatedFlowFiles.of(List.of(
                message(0, 10, "k1", "{\"n\":123456789012345678.12}"),
                message(1, 3, "k2", "{\"a\":1,\"a\":2}"),
                message(0, 11, "k3", "{\n  \"pretty\": true\n}"),
                message(0, 12, null, "{\"n\":1}")), FLOW);

        assertEquals(2, flowFiles.size());
        final DemarcatedFlowFiles.FlowFile first = flowFiles.get(0);
        assertEquals("{\"n\":123456789012345678.12}\n\u001E{\n  \"pretty\": true\n}\n\u001E{\"n\":1}", text(first), "values untouched, LF RS between");
        assertEquals(Map.of("kafka.topic", "spotlight.trades", "kafka.partition", "0", "kafka.offset", "10", "kafka.max.offset", "12",
                "kafka.count", "3", "kafka.timestamp", "1700000000010", "kafka.header.count", "2",
                "kafka.consumer.offsets.committed", "true"), first.attributes(), "no kafka.key without Separate By Key; no record.count");
        assertEquals(new TopicPartition("spotlight.trades", 0), first.partition());
        assertEquals("{\"a\":1,\"a\":2}", text(flowFiles.get(1)), "duplicate keys reach the flow as published");
        assertEquals("1", flowFiles.get(1).attributes().get("kafka.count"));
        assertEquals("3", flowFiles.get(1).attributes().get("kafka.max.offset"), "a single message has a range too");
        assertEquals(Map.of(new TopicPartition("spotlight.trades", 0), 10L, new TopicPartition("spotlight.trades", 1), 3L),
                DemarcatedFlowFiles.committedOffsets(flowFiles), "2.3.0 commits each partition's last FlowFile's first offset");
    }

    @Test
    void withoutAHeaderPatternEveryDistinctSetOfHeadersMakesAFlowFileOfItsOwn() {
        final DemarcatedFlowFiles.Settings allHeaders = new DemarcatedFlowFiles.Settings(LF_RS, false, null, StandardCharsets.UTF_8, true);
        final List<ConsumerRecord<byte[], byte[]>> poll = List.of(
                message(0, 1, null, "{\"a\":1}", header("trace", "x")),
                message(0, 2, null, "{\"a\":2}", header("trace", "y")),
                message(0, 3, null, "{\"a\":3}", header("trace", "x")));
        final List<DemarcatedFlowFiles.FlowFile> split = DemarcatedFlowFiles.of(poll, allHeaders);
        assertEquals(2, split.size());
        assertEquals("{\"a\":1}\n\u001E{\"a\":3}", text(split.get(0)));
        assertEquals(Map.of("kafka.offset", "1", "kafka.max.offset", "3", "kafka.count", "2", "kafka.header.count", "3"),
                pick(split.get(0).attributes(), "kafka.offset", "kafka.max.offset", "kafka.count", "kafka.header.count"),
                "the range spans a message of the other FlowFile; the header count is the first message's plus two");

        final List<DemarcatedFlowFiles.FlowFile> together = DemarcatedFlowFiles.of(poll, FLOW);
        assertEquals(1, together.size(), "the flow's pattern matches no header: one FlowFile per partition");
        assertFalse(together.getFirst().attributes().containsKey("trace"));
    }

    @Test
    void headersTheyMatchBecomeAttributesOfTheFirstMessage() {
        final DemarcatedFlowFiles.Settings traced = new DemarcatedFlowFiles.Settings(LF_RS, false, Pattern.compile("trace"), StandardCharsets.UTF_8, true);
        final List<DemarcatedFlowFiles.FlowFile> flowFiles = DemarcatedFlowFiles.of(List.of(
                message(0, 1, null, "{}", header("trace", "x"), header("other", "1")),
                message(0, 2, null, "{}", header("trace", "x"), header("other", "2"))), traced);
        assertEquals(1, flowFiles.size(), "only the selected headers separate FlowFiles");
        assertEquals("x", flowFiles.getFirst().attributes().get("trace"));
        assertFalse(flowFiles.getFirst().attributes().containsKey("other"));
    }

    @Test
    void separateByKeyNamesTheKey() {
        final DemarcatedFlowFiles.Settings byKey = new DemarcatedFlowFiles.Settings(LF_RS, true, null, StandardCharsets.UTF_8, true);
        final List<DemarcatedFlowFiles.FlowFile> flowFiles = DemarcatedFlowFiles.of(List.of(
                message(0, 1, "a", "{}"), message(0, 2, "b", "{}"), message(0, 3, "a", "{}")), byKey);
        assertEquals(List.of("a", "b"), flowFiles.stream().map(flowFile -> flowFile.attributes().get("kafka.key")).toList());
        assertEquals("2", flowFiles.getFirst().attributes().get("kafka.count"));
    }

    @Test
    void emptyValuesLeaveNoSeparatorUntilSomethingWasWritten() {
        final List<DemarcatedFlowFiles.FlowFile> leading = DemarcatedFlowFiles.of(List.of(
                message(0, 1, null, null), message(0, 2, null, ""), message(0, 3, null, "{\"a\":3}"), message(0, 4, null, null)), FLOW);
        assertEquals("{\"a\":3}\n\u001E", text(leading.getFirst()), "as BundleValue: the demarcator goes in only after content");
        assertEquals("4", leading.getFirst().attributes().get("kafka.count"));
        assertFalse(leading.getFirst().attributes().containsKey("kafka.tombstone"));

        final DemarcatedFlowFiles.FlowFile tombstones = DemarcatedFlowFiles.of(List.of(message(0, 7, null, null), message(0, 8, null, null)), FLOW)
                .getFirst();
        assertEquals(0, tombstones.content().length);
        assertEquals("true", tombstones.attributes().get("kafka.tombstone"));
    }

    @Test
    void aPollTravelsToListenHttpAsFlowFilePackagesThatUnpackToTheSameContentAndAttributes() throws Exception {
        final List<DemarcatedFlowFiles.FlowFile> flowFiles = DemarcatedFlowFiles.of(List.of(
                message(0, 1, null, "{\"a\":\"line\\nbreak\"}"), message(1, 5, null, "not json \u0000 at all"), message(0, 2, null, "{}")), FLOW);
        final byte[] body = ConsumeKafkaStandIn.packaged(flowFiles);

        final FlowFileUnpackagerV3 unpackager = new FlowFileUnpackagerV3();
        final ByteArrayInputStream in = new ByteArrayInputStream(body);
        final List<Map<String, String>> attributes = new ArrayList<>();
        final List<byte[]> contents = new ArrayList<>();
        do {
            final ByteArrayOutputStream content = new ByteArrayOutputStream();
            attributes.add(unpackager.unpackageFlowFile(in, content));
            contents.add(content.toByteArray());
        } while (unpackager.hasMoreData());
        assertEquals(flowFiles.size(), attributes.size());
        for (int i = 0; i < flowFiles.size(); i++) {
            assertEquals(flowFiles.get(i).attributes(), attributes.get(i));
            assertArrayEquals(flowFiles.get(i).content(), contents.get(i));
        }
    }

    private static Map<String, String> pick(final Map<String, String> attributes, final String... names) {
        final Map<String, String> picked = new java.util.HashMap<>();
        for (String name : names) {
            picked.put(name, attributes.get(name));
        }
        return picked;
    }
}
