package org.spotlight.nifi.processors.typing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spotlight.clickhouse.ddl.ColumnDefinition;
import org.spotlight.clickhouse.insert.RowBinaryWithNamesAndTypes;
import org.spotlight.format.text.ExactNumbers;
import org.spotlight.failure.FailedContent;
import org.spotlight.failure.FailureClass;
import org.spotlight.failure.FailureContext;
import org.spotlight.failure.FailureRecorder;
import org.spotlight.failure.RecordParser;
import org.spotlight.SpotlightAttributes;
import org.spotlight.testing.FakeClickHouse;
import org.spotlight.testing.HostileInputs;
import org.spotlight.testing.HostileInputs.HostileInput;
import org.spotlight.typing.TypingOptions;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every case of the hostile-input corpus ({@link HostileInputs}) through InferSchemaAndCast in nifi-mock, in every
 * Output Format and Typing Mode, with and without a Schema Cache Key and a Record Reader. For each case:
 * <ul>
 *     <li>it is routed: onTrigger does not throw, the FlowFile leaves the queue, every failure says what and where
 *     ({@code spotlight.error.*}, the record's index, the reason), and nothing fails for an unexpected reason;</li>
 *     <li>nothing is lost: records in = records on success + records on failure, failures counted as RouteToFailureDb
 *     stores them (its own {@link FailureRecorder} with the flow's JsonTreeReader: one row per failed record it can
 *     read, one for content it cannot);</li>
 *     <li>where the corpus says how many records are good, that many are on success, and their plain values are the
 *     values that were written;</li>
 *     <li>nothing is broken for the FlowFiles after it: a good FlowFile right after it (same processor, same stream
 *     key) gives the same rows as when it is typed alone, and the stream stays within its maximum of columns;</li>
 *     <li>in bounded time (a generous hang guard, not a timing).</li>
 * </ul>
 * With a Record Reader the reader decides what the records are: content it cannot read goes to failure whole
 * (INVALID_INPUT), one stored failure; the corpus's record counts and good records are those of raw JSON, which
 * InferSchemaAndCast reads record by record itself.
 */
class InferSchemaAndCastHostileInputTest {

    private static final String TOPIC = "corpus";
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
    /** Fields that the corpus uses too: the good FlowFile must keep its values whatever the corpus did to these columns. */
    private static final String GOOD = """
            {"id": 1, "a": 1, "n": 2.5, "member": "Ann", "day": "2020-01-02"}
            {"id": 2, "a": 2, "n": 3.75, "member": "Bob", "day": "2020-01-03"}
            """;
    private static final int GOOD_RECORDS = 2;
    private static final Map<String, String> TABLE = new LinkedHashMap<>();

    static {
        TABLE.put("id", "Nullable(Int64)");
        TABLE.put("a", "Nullable(String)");
        TABLE.put("b", "Nullable(String)");
        TABLE.put("c", "Array(Int64)");
        TABLE.put("n", "Nullable(Decimal(38, 2))");
        TABLE.put("x", "Nullable(String)");
        TABLE.put("member", "Nullable(String)");
        TABLE.put("day", "Nullable(Date)");
    }

    /** A configuration of the processor. */
    enum Setup {
        INFER_JSON_LINES(true, TypingProperties.OutputFormat.JSON_LINES, false, false),
        INFER_JSON_LINES_STREAM(true, TypingProperties.OutputFormat.JSON_LINES, true, false),
        INFER_ROW_BINARY(true, TypingProperties.OutputFormat.ROW_BINARY, false, false),
        /** The shipped kafka-to-clickhouse settings. */
        INFER_ROW_BINARY_STREAM(true, TypingProperties.OutputFormat.ROW_BINARY, true, false),
        INFER_RECORD_WRITER_STREAM(true, TypingProperties.OutputFormat.RECORD_WRITER, true, false),
        INFER_RECORD_READER(true, TypingProperties.OutputFormat.RECORD_WRITER, false, true),
        INFER_RECORD_READER_STREAM(true, TypingProperties.OutputFormat.RECORD_WRITER, true, true),
        TABLE_JSON_LINES(false, TypingProperties.OutputFormat.JSON_LINES, false, false),
        TABLE_ROW_BINARY(false, TypingProperties.OutputFormat.ROW_BINARY, false, false),
        TABLE_RECORD_READER(false, TypingProperties.OutputFormat.RECORD_WRITER, false, true);

        final boolean infer;
        final TypingProperties.OutputFormat format;
        final boolean stream;
        final boolean reader;

        Setup(final boolean infer, final TypingProperties.OutputFormat format, final boolean stream, final boolean reader) {
            this.infer = infer;
            this.format = format;
            this.stream = stream;
            this.reader = reader;
        }

        TestRunner runner() throws InitializationException {
            final TestRunner runner = TestRunners.newTestRunner(InferSchemaAndCast.class);
            runner.setProperty(TypingProperties.OUTPUT_FORMAT, format);
            if (format == TypingProperties.OutputFormat.RECORD_WRITER) {
                final JsonRecordSetWriter writer = new JsonRecordSetWriter();
                runner.addControllerService("writer", writer);
                runner.setProperty(writer, "Schema Write Strategy", "full-schema-attribute");
                runner.setProperty(writer, "suppress-nulls", "suppress-missing");
                runner.enableControllerService(writer);
                runner.setProperty(TypingProperties.RECORD_WRITER, "writer");
            }
            if (reader) {
                final JsonTreeReader jsonReader = new JsonTreeReader();
                runner.addControllerService("reader", jsonReader);
                runner.enableControllerService(jsonReader);
                runner.setProperty(TypingProperties.RECORD_READER, "reader");
            }
            if (stream) {
                runner.setProperty(TypingProperties.SCHEMA_CACHE_KEY, "${kafka.topic}");
            }
            if (!infer) {
                final FakeClickHouse clickHouse = new FakeClickHouse(Map.of());
                clickHouse.table(TOPIC, TABLE, "MergeTree", "MergeTree ORDER BY tuple()");
                runner.addControllerService("clickhouse", clickHouse);
                runner.enableControllerService(clickHouse);
                runner.setProperty(TypingProperties.CLICKHOUSE, "clickhouse");
                runner.setProperty(TypingProperties.MODE, TypingProperties.MODE_TABLE);
                runner.setProperty(TypingProperties.TABLE, "${kafka.topic}");
            }
            runner.assertValid();
            return runner;
        }
    }

    static Stream<Arguments> everyCaseInEverySetup() {
        return Stream.of(Setup.values()).flatMap(setup -> HostileInputs.all().stream().map(input -> Arguments.of(setup, input)));
    }

    /** What one FlowFile became. */
    private record Outcome(List<Map<String, Object>> rows, long successRecords, List<MockFlowFile> failures, List<String> columns,
                           long defaults) {
    }

    private static final Map<Setup, Outcome> GOOD_ALONE = new EnumMap<>(Setup.class);

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyCaseInEverySetup")
    void everyCaseIsRoutedAccountedForAndLeavesTheStreamAsItWas(final Setup setup, final HostileInput input) {
        try {
            check(setup, input);
        } catch (final AssertionError e) {
            throw new AssertionError(setup + " " + input + ": " + e.getMessage(), e);
        }
    }

    private static void check(final Setup setup, final HostileInput input) {
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            final TestRunner runner = setup.runner();
            final byte[] content = input.bytes();
            // Scheduled once for both FlowFiles: the schema cache lives while the processor is scheduled.
            final Outcome outcome = run(runner, content, true, false);

            final boolean failedWhole = outcome.failures().stream().anyMatch(flowFile -> "INVALID_INPUT".equals(flowFile.getAttribute(SpotlightAttributes.ERROR_CODE)));
            if (failedWhole) {
                // Only a Record Reader gives up on a content as a whole; it is then one stored failure, unchanged.
                assertTrue(setup.reader, "raw JSON is read record by record: " + outcome.failures().getFirst().getAttributes());
                assertEquals(0, outcome.successRecords());
                assertEquals(1, outcome.failures().size());
                assertArrayEquals(content, outcome.failures().getFirst().toByteArray(), "the content, unchanged");
                assertEquals(1, stored(outcome.failures().getFirst()));
            } else {
                final long failed = outcome.failures().stream().mapToLong(InferSchemaAndCastHostileInputTest::stored).sum();
                if (!setup.reader) {
                    assertEquals(input.records(), outcome.successRecords() + failed, "records in = records on success + stored failures "
                            + describe(outcome));
                }
                if (!setup.reader && input.good().isPresent()) {
                    assertEquals(input.good().getAsInt(), outcome.successRecords(), "good records on success " + describe(outcome));
                }
                if (!setup.reader && input.good().isPresent() && input.good().getAsInt() == input.records()) {
                    assertPlainValuesKept(content, outcome);
                }
            }
            for (MockFlowFile failure : outcome.failures()) {
                assertSaysWhatAndWhere(failure, failedWhole);
            }

            // A good FlowFile right after it, in the same stream: typed as when it comes alone.
            final Outcome good = run(runner, GOOD.getBytes(StandardCharsets.UTF_8), false, true);
            final Outcome alone = goodAlone(setup);
            assertEquals(GOOD_RECORDS, good.successRecords(), "the good FlowFile after " + input + ": " + describe(good));
            assertEquals(List.of(), good.failures().stream().map(MockFlowFile::getAttributes).toList());
            assertSameRows(alone.rows(), good.rows());
            assertTrue(good.columns().size() <= TypingOptions.DEFAULT_MAX_COLUMNS, good.columns().size() + " columns");
        });
    }

    private static Outcome goodAlone(final Setup setup) throws Exception {
        synchronized (GOOD_ALONE) {
            Outcome alone = GOOD_ALONE.get(setup);
            if (alone == null) {
                alone = run(setup.runner(), GOOD.getBytes(StandardCharsets.UTF_8), true, true);
                assertEquals(GOOD_RECORDS, alone.successRecords());
                GOOD_ALONE.put(setup, alone);
            }
            return alone;
        }
    }

    private static Outcome run(final TestRunner runner, final byte[] content, final boolean schedule, final boolean stop) throws IOException {
        runner.clearTransferState();
        runner.enqueue(content, Map.of("kafka.topic", TOPIC));
        // An exception out of onTrigger fails the run; a rollback would leave the FlowFile queued.
        runner.run(1, stop, schedule);
        runner.assertQueueEmpty();
        final List<MockFlowFile> successes = runner.getFlowFilesForRelationship(InferSchemaAndCast.REL_SUCCESS);
        assertTrue(successes.size() <= 1, "one typed FlowFile at most");
        final List<MockFlowFile> failures = runner.getFlowFilesForRelationship(InferSchemaAndCast.REL_FAILURE);
        if (successes.isEmpty()) {
            return new Outcome(List.of(), 0, failures, List.of(), 0);
        }
        final MockFlowFile success = successes.getFirst();
        final List<Map<String, Object>> rows = rows(success);
        assertEquals(rows.size(), Long.parseLong(success.getAttribute(SpotlightAttributes.RECORD_COUNT)), "record.count");
        assertEquals(String.valueOf(failures.size()), success.getAttribute(InferSchemaAndCast.ATTR_FAILED));
        final List<String> columns = ColumnDefinition.parseList(success.getAttribute(InferSchemaAndCast.ATTR_COLUMNS)).stream()
                .map(ColumnDefinition::name).toList();
        return new Outcome(rows, rows.size(), failures, columns, Long.parseLong(success.getAttribute(InferSchemaAndCast.ATTR_NULLS_DEFAULTED)));
    }

    /** The typed records, read back as the next processor would, in whatever format they were written. */
    private static List<Map<String, Object>> rows(final MockFlowFile success) throws IOException {
        final List<Map<String, Object>> rows = new ArrayList<>();
        final byte[] content = success.toByteArray();
        if (RowBinaryWithNamesAndTypes.isMimeType(success.getAttribute("mime.type"))) {
            if (content.length > 0) {
                final RowBinaryWithNamesAndTypes.Reader reader = new RowBinaryWithNamesAndTypes.Reader(new ByteArrayInputStream(content));
                Map<String, Object> row;
                while ((row = reader.nextRecord()) != null) {
                    rows.add(row);
                }
            }
            return rows;
        }
        final Iterator<JsonNode> values = JSON.readerFor(JsonNode.class).readValues(content);
        while (values.hasNext()) {
            final JsonNode value = values.next();
            for (JsonNode row : value.isArray() ? value : List.of(value)) {
                rows.add(JSON.convertValue(row, JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class)));
            }
        }
        return rows;
    }

    /** How many rows RouteToFailureDb stores for a failed FlowFile, by its own recorder and the flow's JsonTreeReader. */
    private static long stored(final MockFlowFile failure) {
        final FailureContext context = new FailureContext(failure.getAttribute("uuid"), Instant.EPOCH, "corpus", "InferSchemaAndCast",
                FailureClass.PERMANENT, "", failure.getAttribute(SpotlightAttributes.ERROR_CODE), failure.getAttribute(SpotlightAttributes.ERROR_MESSAGE),
                0, TOPIC, null, null, null, null, 0, Map.of());
        final FailedContent content = new FailedContent() {
            @Override
            public long size() {
                return failure.getSize();
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(failure.toByteArray());
            }
        };
        try {
            return new FailureRecorder(null, Long.MAX_VALUE).prepare(context, content, FailureReader.PARSER,
                    failure.getAttribute(SpotlightAttributes.RECORD_INDEXES)).rows();
        } catch (final IOException e) {
            throw new AssertionError("RouteToFailureDb could not prepare " + failure.getAttributes(), e);
        }
    }

    /** The flow's failure reader: JsonTreeReader inferring its schema, read as RouteToFailureDb reads (no coercion). */
    private static final class FailureReader {
        static final RecordParser PARSER = parser();

        private static RecordParser parser() {
            final TestRunner holder = TestRunners.newTestRunner(org.apache.nifi.util.NoOpProcessor.class);
            final JsonTreeReader reader = new JsonTreeReader();
            try {
                holder.addControllerService("failure-reader", reader);
            } catch (final InitializationException e) {
                throw new IllegalStateException(e);
            }
            holder.enableControllerService(reader);
            final RecordReaderFactory factory = reader;
            final ComponentLog log = new MockComponentLog("failure-reader", reader);
            return content -> {
                final RecordReader records = factory.createRecordReader(Map.of(), content, -1, log);
                return new RecordParser.RecordCursor() {
                    @Override
                    public Map<String, Object> next() throws Exception {
                        final Record record = records.nextRecord(false, false);
                        return record == null ? null : new LinkedHashMap<>(record.toMap());
                    }

                    @Override
                    public void close() throws IOException {
                        records.close();
                    }
                };
            };
        }
    }

    private static void assertSaysWhatAndWhere(final MockFlowFile failure, final boolean whole) {
        final Map<String, String> attributes = failure.getAttributes();
        assertEquals("InferSchemaAndCast", attributes.get(SpotlightAttributes.ERROR_SOURCE), attributes.toString());
        final String code = attributes.get(SpotlightAttributes.ERROR_CODE);
        assertNotNull(code, attributes.toString());
        assertNotEquals(InferSchemaAndCast.PROCESSING_ERROR, code, "nothing fails for an unexpected reason: " + attributes);
        assertFalse(attributes.getOrDefault(SpotlightAttributes.ERROR_MESSAGE, "").isBlank(), attributes.toString());
        assertEquals("false", attributes.get(SpotlightAttributes.ERROR_RETRYABLE));
        assertTrue(failure.getSize() > 0, "a failure holds what failed");
        if (!whole) {
            assertTrue(attributes.get(SpotlightAttributes.RECORD_INDEXES).matches("\\d+"), attributes.toString());
            assertFalse(attributes.getOrDefault(InferSchemaAndCast.ATTR_REASON, "").isBlank(), attributes.toString());
        }
    }

    /** Records whose every value was good: each plain value on success is the value that was written. */
    private static void assertPlainValuesKept(final byte[] content, final Outcome outcome) throws IOException {
        final List<Map<String, Object>> rows = outcome.rows();
        long emptied = 0;
        final List<Map<String, Object>> written = new ArrayList<>();
        final String text = new String(content, StandardCharsets.UTF_8).replace("\uFEFF", "");
        final Iterator<JsonNode> values = JSON.readerFor(JsonNode.class).readValues(text);
        while (values.hasNext()) {
            final JsonNode value = values.next();
            for (JsonNode record : value.isArray() ? value : List.of(value)) {
                written.add(JSON.convertValue(record, JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class)));
            }
        }
        assertEquals(written.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            for (Map.Entry<String, Object> field : written.get(i).entrySet()) {
                final Object value = field.getValue();
                if (value instanceof Map<?, ?> || value instanceof List<?> || !rows.get(i).containsKey(field.getKey())) {
                    continue;
                }
                if (value == null && rows.get(i).get(field.getKey()) instanceof List<?> list && list.isEmpty()) {
                    // An array column cannot be NULL: it is empty, and that must be counted.
                    emptied++;
                    continue;
                }
                assertEquals(canonical(value), canonical(rows.get(i).get(field.getKey())), "record " + i + " field " + field.getKey());
            }
        }
        assertTrue(outcome.defaults() >= emptied, "NULLs that became empty arrays are counted in " + InferSchemaAndCast.ATTR_NULLS_DEFAULTED);
    }

    /** Rows of the good FlowFile: every column it has alone holds the same value; columns others added hold nothing. */
    private static void assertSameRows(final List<Map<String, Object>> alone, final List<Map<String, Object>> inStream) {
        assertEquals(alone.size(), inStream.size());
        for (int i = 0; i < alone.size(); i++) {
            for (Map.Entry<String, Object> column : alone.get(i).entrySet()) {
                assertEquals(canonical(column.getValue()), canonical(inStream.get(i).get(column.getKey())), "column " + column.getKey());
            }
            for (Map.Entry<String, Object> column : inStream.get(i).entrySet()) {
                if (!alone.get(i).containsKey(column.getKey())) {
                    assertNull(column.getValue() instanceof List<?> list && list.isEmpty() ? null : column.getValue(),
                            "column " + column.getKey() + " came from elsewhere");
                }
            }
        }
    }

    /** A value as text that does not depend on the column type that holds it: 1, 1.0 and "1.00" are all 1. */
    private static Object canonical(final Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(InferSchemaAndCastHostileInputTest::canonical).toList();
        }
        if (value instanceof Map<?, ?> map) {
            final Map<String, Object> canonical = new LinkedHashMap<>();
            map.forEach((key, entry) -> canonical.put(String.valueOf(key), canonical(entry)));
            return canonical;
        }
        final String text = value instanceof BigDecimal decimal ? decimal.toString() : value.toString();
        final BigDecimal number = ExactNumbers.parse(text);
        return number == null ? text : ExactNumbers.toText(number.stripTrailingZeros());
    }

    private static String describe(final Outcome outcome) {
        return "(" + outcome.successRecords() + " on success; failures: "
                + outcome.failures().stream().map(flowFile -> flowFile.getAttribute(SpotlightAttributes.ERROR_CODE) + " "
                + flowFile.getAttribute(SpotlightAttributes.ERROR_MESSAGE)).toList() + ")";
    }
}
