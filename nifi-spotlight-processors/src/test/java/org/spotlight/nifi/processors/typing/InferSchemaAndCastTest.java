package org.spotlight.nifi.processors.typing;

import org.apache.nifi.avro.AvroReader;
import org.apache.nifi.avro.AvroRecordSetWriter;
import org.apache.nifi.csv.CSVReader;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.schema.access.SchemaAccessUtils;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.PropertyMigrationResult;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.ddl.ColumnDefinition;
import org.spotlight.clickhouse.insert.RowBinaryWithNamesAndTypes;
import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.clickhouse.types.ValueCaster;
import org.spotlight.nifi.SpotlightAttributes;
import org.spotlight.testing.SharedData;
import org.spotlight.typing.JsonRecordReader;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InferSchemaAndCastTest {

    private TestRunner runner;

    @BeforeEach
    void setUp() throws InitializationException {
        runner = TestRunners.newTestRunner(InferSchemaAndCast.class);
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.setProperty(writer, "Schema Write Strategy", "full-schema-attribute");
        runner.setProperty(writer, "suppress-nulls", "suppress-missing");
        runner.enableControllerService(writer);
        runner.setProperty(TypingProperties.OUTPUT_FORMAT, TypingProperties.OutputFormat.RECORD_WRITER);
        runner.setProperty(TypingProperties.RECORD_WRITER, "writer");
    }

    private MockFlowFile onlySuccess() {
        runner.assertTransferCount(InferSchemaAndCast.REL_SUCCESS, 1);
        return runner.getFlowFilesForRelationship(InferSchemaAndCast.REL_SUCCESS).getFirst();
    }

    private List<MockFlowFile> failures() {
        return runner.getFlowFilesForRelationship(InferSchemaAndCast.REL_FAILURE);
    }

    private static long records(final MockFlowFile flowFile) {
        return Long.parseLong(flowFile.getAttribute(SpotlightAttributes.RECORD_COUNT));
    }

    /** Column name to type from the spotlight.clickhouse.columns attribute. */
    static Map<String, ClickHouseType> columns(final MockFlowFile flowFile) {
        final Map<String, ClickHouseType> columns = new LinkedHashMap<>();
        ColumnDefinition.parseList(flowFile.getAttribute(InferSchemaAndCast.ATTR_COLUMNS)).forEach(column -> columns.put(column.name(), column.type()));
        return columns;
    }

    /** Reads the output back the way a downstream processor would: with the schema the writer put into avro.schema. */
    private List<Record> readBack(final MockFlowFile flowFile) throws Exception {
        final TestRunner readerRunner = TestRunners.newTestRunner(org.apache.nifi.util.NoOpProcessor.class);
        final JsonTreeReader reader = new JsonTreeReader();
        readerRunner.addControllerService("reader", reader);
        readerRunner.setProperty(reader, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, SchemaAccessUtils.SCHEMA_TEXT_PROPERTY);
        readerRunner.setProperty(reader, SchemaAccessUtils.SCHEMA_TEXT, flowFile.getAttribute("avro.schema"));
        readerRunner.enableControllerService(reader);
        return read(reader, flowFile.toByteArray());
    }

    private static List<Record> read(final RecordReaderFactory factory, final byte[] content) throws Exception {
        final ComponentLog log = new MockComponentLog("reader", factory);
        final List<Record> records = new ArrayList<>();
        try (RecordReader reader = factory.createRecordReader(Map.of(), new ByteArrayInputStream(content), content.length, log)) {
            Record record;
            while ((record = reader.nextRecord()) != null) {
                records.add(record);
            }
        }
        return records;
    }

    @Test
    void typesTheSenateDataForClickHouseAndPutClickHouseBatchCanCastItBack() throws Exception {
        runner.enqueue(SharedData.path("congress/senate_stock_watcher/all_transactions.json"));
        runner.run();

        final MockFlowFile typed = onlySuccess();
        assertTrue(failures().isEmpty());
        assertEquals(8350, records(typed));
        assertEquals("application/json", typed.getAttribute("mime.type"));
        assertEquals("infer", typed.getAttribute(InferSchemaAndCast.ATTR_MODE));
        assertEquals("inferred", typed.getAttribute(InferSchemaAndCast.ATTR_ORIGIN));
        assertEquals("8350", typed.getAttribute(InferSchemaAndCast.ATTR_SAMPLED));
        assertEquals("0", typed.getAttribute(InferSchemaAndCast.ATTR_FAILED));
        final Map<String, ClickHouseType> columns = columns(typed);
        assertEquals(List.of("transaction_date", "owner", "ticker", "asset_description", "asset_type", "type", "amount", "amount_min",
                "amount_max", "comment", "senator", "ptr_link"), List.copyOf(columns.keySet()));

        // What PutClickHouseBatch does with the output: read it with a record reader and cast each value to its column.
        final ValueCaster caster = ValueCaster.utc();
        final List<Record> records = readBack(typed);
        assertEquals(8350, records.size());
        for (Record record : records) {
            columns.forEach((column, type) -> caster.cast(record.getValue(column), type));
        }
        final Record first = records.getFirst();
        assertEquals(LocalDate.of(2020, 11, 10), caster.cast(first.getValue("transaction_date"), columns.get("transaction_date")));
        assertEquals(50001L, caster.cast(first.getValue("amount_min"), columns.get("amount_min")));
        assertEquals(100000L, caster.cast(first.getValue("amount_max"), columns.get("amount_max")));
        assertNull(first.getValue("comment"), "'--' is a null token");
        assertEquals("$50,001 - $100,000", first.getValue("amount"));
    }

    @Test
    void withoutARecordWriterTheTypedRecordsAreJsonLinesThatCastBackToTheSameValues() throws Exception {
        runner.enqueue(SharedData.path("congress/senate_stock_watcher/all_transactions.json"));
        runner.run();
        final MockFlowFile viaWriter = onlySuccess();
        final Map<String, ClickHouseType> columns = columns(viaWriter);
        final List<Record> written = readBack(viaWriter);

        runner.clearTransferState();
        runner.setProperty(TypingProperties.OUTPUT_FORMAT, TypingProperties.OutputFormat.JSON_LINES);
        runner.removeProperty(TypingProperties.RECORD_WRITER);
        runner.assertValid();
        runner.enqueue(SharedData.path("congress/senate_stock_watcher/all_transactions.json"));
        runner.run();

        final MockFlowFile lines = onlySuccess();
        assertEquals("application/json", lines.getAttribute("mime.type"));
        assertEquals("8350", lines.getAttribute(SpotlightAttributes.RECORD_COUNT));
        assertEquals(viaWriter.getAttribute(InferSchemaAndCast.ATTR_COLUMNS), lines.getAttribute(InferSchemaAndCast.ATTR_COLUMNS));
        assertEquals(8350, lines.getContent().lines().count(), "one record per line");
        // PutClickHouseBatch without a Record Reader reads these lines and casts each value to its column: the same values
        // as from the Record Writer's output.
        final ValueCaster caster = ValueCaster.utc();
        try (JsonRecordReader reader = new JsonRecordReader(new ByteArrayInputStream(lines.toByteArray()))) {
            for (Record expected : written) {
                final Map<String, Object> record = reader.next();
                columns.forEach((column, type) -> assertEquals(caster.cast(expected.getValue(column), type), caster.cast(record.get(column), type), column));
            }
            assertNull(reader.next());
        }
    }

    @Test
    void aRecordReaderNeedsARecordWriter() throws InitializationException {
        final JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
        runner.setProperty(TypingProperties.RECORD_READER, "reader");
        runner.removeProperty(TypingProperties.RECORD_WRITER);
        runner.assertNotValid();
        runner.setProperty(TypingProperties.RECORD_WRITER, "writer");
        runner.assertValid();
        for (TypingProperties.OutputFormat direct : List.of(TypingProperties.OutputFormat.JSON_LINES, TypingProperties.OutputFormat.ROW_BINARY)) {
            runner.setProperty(TypingProperties.OUTPUT_FORMAT, direct);
            runner.assertNotValid();
        }
    }

    @Test
    void aFlowFromBeforeOutputFormatKeepsWritingWithItsRecordWriter() {
        final TestRunner old = TestRunners.newTestRunner(InferSchemaAndCast.class);
        old.setProperty(TypingProperties.RECORD_WRITER.getName(), "writer");
        final PropertyMigrationResult migration = old.migrateProperties();
        assertEquals(Set.of(TypingProperties.OUTPUT_FORMAT.getName()), migration.getPropertiesUpdated());
        assertEquals(TypingProperties.OutputFormat.RECORD_WRITER.getValue(), old.getProcessContext().getProperty(TypingProperties.OUTPUT_FORMAT).getValue());

        final TestRunner withoutWriter = TestRunners.newTestRunner(InferSchemaAndCast.class);
        assertTrue(withoutWriter.migrateProperties().getPropertiesUpdated().isEmpty(), "without a Record Writer the default, JSON Lines, applies");
        assertEquals(TypingProperties.OutputFormat.JSON_LINES.getValue(), withoutWriter.getProcessContext().getProperty(TypingProperties.OUTPUT_FORMAT).getValue());
    }

    @Test
    void rowBinaryOutputHoldsTheSameTypedValuesAsTheJsonLines() throws Exception {
        runner.setProperty(TypingProperties.OUTPUT_FORMAT, TypingProperties.OutputFormat.JSON_LINES);
        runner.enqueue(SharedData.path("congress/senate_stock_watcher/all_transactions.json"));
        runner.run();
        final MockFlowFile lines = onlySuccess();
        final Map<String, ClickHouseType> columns = columns(lines);

        runner.clearTransferState();
        runner.setProperty(TypingProperties.OUTPUT_FORMAT, TypingProperties.OutputFormat.ROW_BINARY);
        runner.enqueue(SharedData.path("congress/senate_stock_watcher/all_transactions.json"));
        runner.run();
        final MockFlowFile binary = onlySuccess();
        assertEquals(RowBinaryWithNamesAndTypes.MIME_TYPE, binary.getAttribute("mime.type"));
        assertEquals("8350", binary.getAttribute(SpotlightAttributes.RECORD_COUNT));
        assertEquals(lines.getAttribute(InferSchemaAndCast.ATTR_COLUMNS), binary.getAttribute(InferSchemaAndCast.ATTR_COLUMNS));
        assertTrue(binary.getSize() < lines.getSize() * 0.7, "binary rows are smaller than JSON: " + binary.getSize() + " vs " + lines.getSize());

        final RowBinaryWithNamesAndTypes.Reader rows = new RowBinaryWithNamesAndTypes.Reader(new ByteArrayInputStream(binary.toByteArray()));
        assertEquals(List.copyOf(columns.keySet()), rows.names());
        assertEquals(List.copyOf(columns.values()), rows.types());
        final ValueCaster caster = ValueCaster.utc();
        final Object[] values = new Object[columns.size()];
        try (JsonRecordReader json = new JsonRecordReader(new ByteArrayInputStream(lines.toByteArray()))) {
            Map<String, Object> record;
            while ((record = json.next()) != null) {
                assertTrue(rows.next(values));
                int i = 0;
                for (Map.Entry<String, ClickHouseType> column : columns.entrySet()) {
                    final Object value = record.get(column.getKey());
                    assertEquals(value == null ? null : caster.cast(value, column.getValue()), values[i++], column.getKey());
                }
            }
        }
        assertFalse(rows.next(values));
        assertEquals(8350, rows.rows());
    }

    @Test
    void avroOutputCarriesTheTypesItself() throws Exception {
        final AvroRecordSetWriter avro = new AvroRecordSetWriter();
        runner.addControllerService("avro", avro);
        runner.enableControllerService(avro);
        runner.setProperty(TypingProperties.RECORD_WRITER, "avro");
        runner.enqueue("""
                {"day": "11/10/2020", "at": "2020-11-10T12:00:00.250Z", "price": 19.99, "big": 18446744073709551615, "ok": true, "tags": ["a"]}
                {"day": "2020-11-11", "at": "2020-11-10 13:00:00", "price": 5, "big": 1, "ok": false, "tags": []}
                """);
        runner.run();
        final MockFlowFile typed = onlySuccess();
        assertEquals("`day` Date, `at` DateTime64(3), `price` Decimal(9, 2), `big` UInt64, `ok` Bool, `tags` Array(String)",
                typed.getAttribute(InferSchemaAndCast.ATTR_COLUMNS));

        final AvroReader reader = new AvroReader();
        runner.addControllerService("avro-reader", reader);
        runner.enableControllerService(reader);
        final List<Record> records = read(reader, typed.toByteArray());
        final ValueCaster caster = ValueCaster.utc();
        final Map<String, ClickHouseType> columns = columns(typed);
        final Record first = records.getFirst();
        assertEquals(LocalDate.of(2020, 11, 10), caster.cast(first.getValue("day"), columns.get("day")));
        assertEquals(Instant.parse("2020-11-10T12:00:00.250Z"), caster.cast(first.getValue("at"), columns.get("at")));
        assertEquals(new BigDecimal("19.99"), caster.cast(first.getValue("price"), columns.get("price")));
        assertEquals(new java.math.BigInteger("18446744073709551615"), caster.cast(first.getValue("big"), columns.get("big")));
        assertEquals(true, caster.cast(first.getValue("ok"), columns.get("ok")));
        assertEquals(List.of("a"), caster.cast(first.getValue("tags"), columns.get("tags")));
        assertEquals(new BigDecimal("5.00"), caster.cast(records.get(1).getValue("price"), columns.get("price")));
    }

    @Test
    void csvFromAnyRecordReaderIsTypedFromItsStrings() throws Exception {
        final CSVReader csv = new CSVReader();
        runner.addControllerService("csv", csv);
        runner.setProperty(csv, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, "csv-header-derived");
        runner.enableControllerService(csv);
        runner.setProperty(TypingProperties.RECORD_READER, "csv");
        runner.enqueue(Files.readAllBytes(SharedData.path("congress/senate_stock_watcher/all_transactions.csv")));
        runner.run();

        final MockFlowFile typed = onlySuccess();
        assertEquals(8350, records(typed));
        final Map<String, ClickHouseType> columns = columns(typed);
        assertEquals("Date", columns.get("transaction_date").toString());
        assertEquals("Nullable(Int64)", columns.get("amount_min").toString());
    }

    @Test
    void recordsBeyondTheSampleThatDoNotFitGoToFailureAloneAndNothingIsLost() throws Exception {
        runner.setProperty(TypingProperties.SAMPLE_SIZE, "3");
        final StringBuilder json = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            final String id = i == 4 ? "\"four\"" : i == 7 ? "1.5" : String.valueOf(i);
            final String extra = i == 8 ? ", \"surprise\": true" : "";
            json.append("{\"id\": ").append(id).append(", \"day\": \"2020-01-0").append(i % 9 + 1).append('"').append(extra).append("}\n");
        }
        runner.enqueue(json.toString(), Map.of("kafka.topic", "trades"));
        runner.run();

        final MockFlowFile typed = onlySuccess();
        assertEquals(7, records(typed));
        assertEquals("3", typed.getAttribute(InferSchemaAndCast.ATTR_FAILED));
        assertEquals("trades", typed.getAttribute("kafka.topic"), "attributes are kept");
        final List<MockFlowFile> failed = failures();
        assertEquals(3, failed.size());
        assertEquals(10, records(typed) + failed.stream().mapToLong(InferSchemaAndCastTest::records).sum(), "records in = records out");

        final MockFlowFile four = failed.get(0);
        four.assertContentEquals("{\"id\": \"four\", \"day\": \"2020-01-05\"}"); // the record's bytes as they came
        four.assertAttributeEquals(SpotlightAttributes.ERROR_SOURCE, "InferSchemaAndCast");
        four.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "CAST_FAILED");
        four.assertAttributeEquals(SpotlightAttributes.ERROR_MESSAGE, "field 'id': 'four' cannot be cast to Int64: not a number");
        four.assertAttributeEquals(SpotlightAttributes.ERROR_RETRYABLE, "false");
        four.assertAttributeEquals(SpotlightAttributes.ERROR_CLASS, "permanent");
        four.assertAttributeEquals(SpotlightAttributes.RECORD_INDEXES, "4");
        four.assertAttributeEquals(InferSchemaAndCast.ATTR_FIELD, "id");
        four.assertAttributeEquals(InferSchemaAndCast.ATTR_VALUE, "four");
        four.assertAttributeEquals(InferSchemaAndCast.ATTR_TYPE, "Int64");
        four.assertAttributeEquals(InferSchemaAndCast.ATTR_REASON, "not a number");
        four.assertAttributeEquals("mime.type", "application/json");
        four.assertAttributeEquals("kafka.topic", "trades");

        failed.get(1).assertAttributeEquals(SpotlightAttributes.RECORD_INDEXES, "7");
        failed.get(1).assertAttributeEquals(InferSchemaAndCast.ATTR_REASON, "not a whole number");
        failed.get(2).assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "UNEXPECTED_FIELD");
        failed.get(2).assertAttributeEquals(InferSchemaAndCast.ATTR_FIELD, "surprise");
        failed.get(2).assertContentEquals("{\"id\": 8, \"day\": \"2020-01-09\", \"surprise\": true}");
    }

    @Test
    void failedRecordsFromARecordReaderAreWrittenInTheirOriginalForm() throws Exception {
        final CSVReader csv = new CSVReader();
        runner.addControllerService("csv", csv);
        runner.setProperty(csv, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, "csv-header-derived");
        runner.enableControllerService(csv);
        runner.setProperty(TypingProperties.RECORD_READER, "csv");
        runner.setProperty(TypingProperties.SAMPLE_SIZE, "2");
        runner.enqueue("id,amount\n1,$5\n2,$6\n3,lots\n");
        runner.run();

        assertEquals(2, records(onlySuccess()));
        final MockFlowFile failed = failures().getFirst();
        failed.assertContentEquals("[{\"id\":\"3\",\"amount\":\"lots\"}]");
        failed.assertAttributeEquals(InferSchemaAndCast.ATTR_FIELD, "amount");
        failed.assertAttributeEquals(InferSchemaAndCast.ATTR_COLUMN, "amount_min");
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "NULL_NOT_ALLOWED");
        failed.assertAttributeEquals(SpotlightAttributes.RECORD_INDEXES, "2");
    }

    @Test
    void contentThatIsNoRecordsFailsRecordByRecordAndTheRestIsTyped() {
        runner.enqueue("{\"id\": 1}\n{\"id\": }\n{\"id\": 3}\n");
        runner.run();
        assertEquals(2, records(onlySuccess()));
        MockFlowFile broken = failures().getFirst();
        broken.assertContentEquals("{\"id\": }\n"); // the broken line as it came
        broken.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "INVALID_JSON");
        broken.assertAttributeEquals(SpotlightAttributes.RECORD_INDEXES, "1");
        broken.assertAttributeEquals(SpotlightAttributes.ERROR_RETRYABLE, "false");
        broken.assertAttributeEquals(SpotlightAttributes.ERROR_SOURCE, "InferSchemaAndCast");
        assertTrue(broken.getAttribute(SpotlightAttributes.ERROR_MESSAGE).startsWith("Record 1 (bytes 10 to 19) is not valid JSON: Unexpected character"),
                broken.getAttribute(SpotlightAttributes.ERROR_MESSAGE));

        runner.clearTransferState();
        runner.enqueue("[{\"id\": 1}, {\"id\": 2}, {\"id\"");
        runner.run();
        assertEquals(2, records(onlySuccess()));
        failures().getFirst().assertContentEquals("{\"id\""); // inside an array the rest fails as one record
        failures().getFirst().assertAttributeEquals(SpotlightAttributes.RECORD_INDEXES, "2");

        runner.clearTransferState();
        final List<byte[]> garbage = List.of(
                new byte[]{(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R', (byte) 0xFF, 0},
                "42".getBytes(StandardCharsets.UTF_8));
        garbage.forEach(runner::enqueue);
        runner.run(garbage.size());
        runner.assertAllFlowFilesTransferred(InferSchemaAndCast.REL_FAILURE, garbage.size());
        final List<MockFlowFile> failed = failures();
        for (int i = 0; i < garbage.size(); i++) {
            assertArrayEquals(garbage.get(i), failed.get(i).toByteArray(), "content unchanged");
            failed.get(i).assertAttributeEquals(SpotlightAttributes.RECORD_INDEXES, "0");
        }
        failed.get(0).assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "INVALID_UTF8");
        failed.get(1).assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "NOT_AN_OBJECT");
        failed.get(1).assertAttributeEquals(SpotlightAttributes.ERROR_MESSAGE, "Record 0 (bytes 0 to 2) is not a JSON object but a number");
    }

    /**
     * Kafka messages as the shipped flow's ConsumeKafka hands them over (DEMARCATOR, LF RS between the values): a message
     * that is not JSON records fails alone, with its own text, and the messages around it are typed; values stay exact.
     */
    @Test
    void demarcatedKafkaMessagesFailOneByOne() {
        runner.setProperty(TypingProperties.OUTPUT_FORMAT, TypingProperties.OutputFormat.JSON_LINES);
        runner.setProperty(TypingProperties.SCHEMA_CACHE_KEY, "${kafka.topic}");
        for (int run = 0; run < 2; run++) {
            // The second time from the cached schema, which types without sampling.
            runner.clearTransferState();
            runner.enqueue(String.join("\n\u001E", "{\"id\":1,\"amount\":123456789012345678.12}", "not a record {",
                    "{\n  \"id\": 2,\n  \"amount\": 0.5\n}\n", "{\"id\":3,\"amount\":", "{\"id\":4,\"amount\":7}"),
                    Map.of("kafka.topic", "t", "kafka.count", "5"));
            runner.run();

            final MockFlowFile typed = onlySuccess();
            assertEquals(3, records(typed), "run " + run);
            typed.assertContentEquals("{\"id\":1,\"amount\":123456789012345678.12}\n{\"id\":2,\"amount\":0.50}\n{\"id\":4,\"amount\":7.00}\n");
            final List<MockFlowFile> failed = failures();
            assertEquals(2, failed.size(), "run " + run);
            failed.get(0).assertContentEquals("not a record {");
            failed.get(0).assertAttributeEquals(SpotlightAttributes.RECORD_INDEXES, "1");
            failed.get(1).assertContentEquals("{\"id\":3,\"amount\":");
            failed.get(1).assertAttributeEquals(SpotlightAttributes.RECORD_INDEXES, "3");
            for (MockFlowFile flowFile : failed) {
                flowFile.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "INVALID_JSON");
                flowFile.assertAttributeEquals(SpotlightAttributes.RECORD_COUNT, "1");
                assertTrue(flowFile.getAttribute(SpotlightAttributes.ERROR_MESSAGE).contains(" of message "), flowFile.getAttribute(SpotlightAttributes.ERROR_MESSAGE));
            }
        }
    }

    @Test
    void aTruncatedFileBeyondTheSampleLosesOnlyItsLastRecord() {
        runner.setProperty(TypingProperties.SAMPLE_SIZE, "1");
        runner.enqueue("{\"id\": 1}\n{\"id\": 2}\n{\"id\": ");
        runner.run();
        assertEquals(2, records(onlySuccess()));
        failures().getFirst().assertContentEquals("{\"id\": ");
        failures().getFirst().assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "INVALID_JSON");
    }

    @Test
    void emptyContentIsAnEmptyRecordSet() {
        runner.enqueue("");
        runner.run();
        final MockFlowFile typed = onlySuccess();
        assertEquals(0, records(typed));
        typed.assertContentEquals("[]");
    }

    @Test
    void emptyContentIsNoRowsInTheDirectFormats() {
        runner.setProperty(TypingProperties.OUTPUT_FORMAT, TypingProperties.OutputFormat.JSON_LINES);
        runner.enqueue("");
        runner.run();
        assertEquals(0, records(onlySuccess()));
        onlySuccess().assertContentEquals("");
    }

    @Test
    void aCachedStreamSchemaWidensOnDriftAndSaysHow() {
        runner.setProperty(TypingProperties.SCHEMA_CACHE_KEY, "${kafka.topic}");
        runner.enqueue("{\"id\": 1, \"price\": 2}\n{\"id\": 2, \"price\": 3}", Map.of("kafka.topic", "trades"));
        // The cache lives while the processor is scheduled: keep it scheduled between runs.
        runner.run(1, false, true);
        MockFlowFile typed = onlySuccess();
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_SCHEMA_KEY, "trades");
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_SCHEMA_VERSION, "1");
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_ORIGIN, "inferred");
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_COLUMNS, "`id` Int64, `price` Int64");
        runner.clearTransferState();

        runner.enqueue("{\"id\": 3, \"price\": 4}", Map.of("kafka.topic", "trades"));
        runner.run(1, false, false);
        typed = onlySuccess();
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_ORIGIN, "cached");
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_SCHEMA_VERSION, "1");
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_DRIFT, "false");
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_SAMPLED, "0");
        runner.clearTransferState();

        runner.enqueue("{\"id\": 4, \"price\": 4.25, \"Note\": \"new\"}\n{\"id\": 5, \"price\": 1}", Map.of("kafka.topic", "trades"));
        runner.run(1, false, false);
        typed = onlySuccess();
        assertEquals(2, records(typed));
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_ORIGIN, "widened");
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_SCHEMA_VERSION, "2");
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_DRIFT, "true");
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_DRIFT_ADDED, "`note` Nullable(String)");
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_DRIFT_CHANGED, "price: Int64 -> Decimal(9, 2)");
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_DRIFT_ALTER,
                "ADD COLUMN IF NOT EXISTS `note` Nullable(String), MODIFY COLUMN `price` Decimal(9, 2)");
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_COLUMNS, "`id` Int64, `price` Decimal(9, 2), `note` Nullable(String)");
        runner.clearTransferState();

        runner.enqueue("{\"id\": 6, \"price\": 7}", Map.of("kafka.topic", "trades"));
        runner.enqueue("{\"id\": \"x\"}", Map.of("kafka.topic", "other"));
        runner.run(2, true, false);
        final List<MockFlowFile> both = runner.getFlowFilesForRelationship(InferSchemaAndCast.REL_SUCCESS);
        both.get(0).assertAttributeEquals(InferSchemaAndCast.ATTR_COLUMNS, "`id` Int64, `price` Decimal(9, 2), `note` Nullable(String)");
        both.get(0).assertAttributeEquals(InferSchemaAndCast.ATTR_ORIGIN, "cached");
        both.get(1).assertAttributeEquals(InferSchemaAndCast.ATTR_COLUMNS, "`id` String");
        both.get(1).assertAttributeEquals(InferSchemaAndCast.ATTR_SCHEMA_VERSION, "1");
    }

    /** Issue 16: a bad value in a column a type hint fixes cannot be cured by widening, so the stream is not sampled again. */
    @Test
    void aValueThatDoesNotFitAHintedColumnFailsAloneWithoutSamplingTheStreamAgain() {
        runner.setProperty(TypingProperties.SCHEMA_CACHE_KEY, "${kafka.topic}");
        runner.setProperty("amount", "Nullable(Decimal(16, 2))");
        runner.enqueue("{\"id\": 1, \"amount\": 2.5}", Map.of("kafka.topic", "trades"));
        runner.run(1, false, true);
        onlySuccess().assertAttributeEquals(InferSchemaAndCast.ATTR_COLUMNS, "`id` Int64, `amount` Nullable(Decimal(16, 2))");
        runner.clearTransferState();

        runner.enqueue("{\"id\": 2, \"amount\": \"1e500000000\"}\n{\"id\": 3, \"amount\": 4}\n{\"id\": 4, \"amount\": 1e400}",
                Map.of("kafka.topic", "trades"));
        runner.run(1, false, false);
        final MockFlowFile typed = onlySuccess();
        assertEquals(1, records(typed));
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_ORIGIN, "cached");
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_SAMPLED, "0");
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_SCHEMA_VERSION, "1");
        assertEquals(List.of("0", "2"), failures().stream().map(failure -> failure.getAttribute(SpotlightAttributes.RECORD_INDEXES)).toList());
        failures().forEach(failure -> failure.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "CAST_FAILED"));
        runner.clearTransferState();

        // A misfit in a column no hint fixes still widens the schema.
        runner.enqueue("{\"id\": \"x5\", \"amount\": 1}", Map.of("kafka.topic", "trades"));
        runner.run(1, true, false);
        onlySuccess().assertAttributeEquals(InferSchemaAndCast.ATTR_ORIGIN, "widened");
    }

    /** The first symptom: {} first, with the shipped settings, made every later FlowFile of the stream throw. */
    @Test
    void aFirstFlowFileWithoutFieldsLeavesTheStreamAsItWas() throws Exception {
        runner.setProperty(TypingProperties.OUTPUT_FORMAT, TypingProperties.OutputFormat.ROW_BINARY);
        runner.setProperty(TypingProperties.SCHEMA_CACHE_KEY, "${kafka.topic}");
        runner.enqueue("{}", Map.of("kafka.topic", "trades"));
        runner.run(1, false, true);
        runner.assertTransferCount(InferSchemaAndCast.REL_SUCCESS, 0);
        final MockFlowFile empty = failures().getFirst();
        empty.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "EMPTY_RECORD");
        empty.assertAttributeEquals(SpotlightAttributes.RECORD_INDEXES, "0");
        empty.assertContentEquals("{}");
        runner.clearTransferState();

        runner.enqueue("{\"id\": 1}\n{\"id\": 2}", Map.of("kafka.topic", "trades"));
        runner.run(1, true, false);
        final MockFlowFile typed = onlySuccess();
        assertEquals(2, records(typed));
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_COLUMNS, "`id` Int64");
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_ORIGIN, "inferred");
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_SCHEMA_VERSION, "1");
    }

    @Test
    void aStreamsSchemaStaysWithinMaxColumns() {
        runner.setProperty(TypingProperties.MAX_COLUMNS, "3");
        runner.setProperty(TypingProperties.SCHEMA_CACHE_KEY, "${kafka.topic}");
        runner.enqueue("{\"a\": 1, \"b\": 2}\n{\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4}", Map.of("kafka.topic", "wide"));
        runner.run(1, false, true);
        assertEquals(1, records(onlySuccess()));
        onlySuccess().assertAttributeEquals(InferSchemaAndCast.ATTR_COLUMNS, "`a` Int64, `b` Int64");
        MockFlowFile tooWide = failures().getFirst();
        tooWide.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "TOO_MANY_COLUMNS");
        tooWide.assertAttributeEquals(InferSchemaAndCast.ATTR_FIELD, "c");
        tooWide.assertAttributeEquals(InferSchemaAndCast.ATTR_REASON,
                "the record has 2 field(s) the schema has no column for, and the schema has 2: together more than the maximum of 3 columns");
        runner.clearTransferState();

        runner.enqueue("{\"a\": 5, \"c\": 6}\n{\"a\": 7, \"e\": 8}", Map.of("kafka.topic", "wide"));
        runner.run(1, true, false);
        assertEquals(1, records(onlySuccess()), "c fits as the third column");
        onlySuccess().assertAttributeEquals(InferSchemaAndCast.ATTR_COLUMNS, "`a` Int64, `b` Nullable(Int64), `c` Nullable(Int64)");
        tooWide = failures().getFirst();
        tooWide.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "TOO_MANY_COLUMNS");
        tooWide.assertAttributeEquals(InferSchemaAndCast.ATTR_FIELD, "e");
    }

    @Test
    void aFieldFirstSeenOnlyAsNullIsTypedByItsFirstRealValues() {
        runner.setProperty(TypingProperties.SCHEMA_CACHE_KEY, "${kafka.topic}");
        runner.enqueue("{\"id\": 1, \"cap_gains\": null}\n{\"id\": 2, \"cap_gains\": null}", Map.of("kafka.topic", "trades"));
        runner.run(1, false, true);
        onlySuccess().assertAttributeEquals(InferSchemaAndCast.ATTR_COLUMNS, "`id` Int64, `cap_gains` Nullable(String)");
        runner.clearTransferState();

        // String would take the booleans as text and never widen again; the stand-in type gives way to the real one.
        runner.enqueue("{\"id\": 3, \"cap_gains\": true}\n{\"id\": 4, \"cap_gains\": false}", Map.of("kafka.topic", "trades"));
        runner.run(1, false, false);
        final MockFlowFile typed = onlySuccess();
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_ORIGIN, "widened");
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_DRIFT_CHANGED, "cap_gains: Nullable(String) -> Nullable(Bool)");
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_COLUMNS, "`id` Int64, `cap_gains` Nullable(Bool)");
        assertEquals(2, records(typed));
    }

    @Test
    void typeHintsNamesAndNullPolicy() {
        runner.setProperty("filing_id", "String");
        runner.setProperty("amount_min", "Decimal(18, 2)");
        runner.setProperty(TypingProperties.NULLABLE, TypingProperties.NULLABLE_NEVER);
        runner.enqueue("""
                {"filing_id": "20034616", "Amount": "$1,001 - $15,000", "amount": "x", "owner": "Self"}
                {"filing_id": "20034617", "Amount": "$15,001 - $50,000", "amount": "y", "owner": null}
                """);
        runner.run();
        final MockFlowFile typed = onlySuccess();
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_COLUMNS,
                "`filing_id` String, `amount` String, `amount_min` Decimal(18, 2), `amount_max` Int64, `amount_2` String, `owner` String");
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_COLLISIONS, "amount -> amount_2 ('amount' was already taken)");
        assertEquals(1, records(typed));
        failures().getFirst().assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "NULL_NOT_ALLOWED");
        failures().getFirst().assertAttributeEquals(InferSchemaAndCast.ATTR_FIELD, "owner");
    }

    /** The property is now shared with PutClickHouseBatch: the values flows have stored keep their meaning. */
    @Test
    void theNullPolicyKeepsTheValuesFlowsStoredAndCountsEveryDefault() {
        runner.setProperty(TypingProperties.NULLABLE, TypingProperties.NULLABLE_NEVER);
        runner.setProperty("NULL In Non-Nullable Columns", "column-default");
        runner.assertValid();
        runner.enqueue("{\"id\": 1, \"tags\": [\"a\"], \"owner\": \"Self\"}\n{\"id\": 2, \"tags\": null, \"owner\": null}\n");
        runner.run();
        final MockFlowFile typed = onlySuccess();
        assertEquals(2, records(typed));
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_NULLS_DEFAULTED, "2"); // owner's default and the empty array, both counted
        runner.clearTransferState();

        runner.setProperty("NULL In Non-Nullable Columns", "fail");
        runner.assertValid();
        runner.enqueue("{\"id\": 1, \"owner\": \"Self\"}\n{\"id\": 2, \"owner\": null}\n");
        runner.run();
        assertEquals(1, records(onlySuccess()));
        failures().getFirst().assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "NULL_NOT_ALLOWED");
    }

    @Test
    void invalidConfigurationIsRejected() {
        runner.setProperty("price", "Decimal(18");
        runner.assertNotValid();
        runner.removeProperty("price");
        runner.setProperty(TypingProperties.TIME_ZONE, "Mars/Olympus");
        runner.assertNotValid();
        runner.removeProperty(TypingProperties.TIME_ZONE);
        runner.setProperty(TypingProperties.MODE, TypingProperties.MODE_TABLE);
        runner.setProperty(TypingProperties.TABLE, "trades");
        runner.assertNotValid();
    }
}
