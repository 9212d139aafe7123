package org.spotlight.nifi.processors.clickhouse;

import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.clickhouse.ddl.TableEngine;
import org.spotlight.clickhouse.insert.Deduplication;
import org.spotlight.clickhouse.insert.RecordFailures;
import org.spotlight.clickhouse.insert.RowBinaryWithNamesAndTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.nifi.SpotlightAttributes;
import org.spotlight.nifi.processors.typing.InferSchemaAndCast;
import org.spotlight.testing.SharedData;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PutClickHouseBatch against the real ClickHouse of the local stack. */
class PutClickHouseBatchIT {

    private static final String TRADE_SCHEMA = """
            {"type": "record", "name": "trade", "fields": [
              {"name": "id", "type": "long"}, {"name": "member", "type": "string"},
              {"name": "amount", "type": "string"}, {"name": "traded", "type": "string"}]}""";

    private ClickHouseFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ClickHouseFixture();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** The table the records of {@link #jsonLines} go to. */
    private void createTradeTable(final String table) {
        fixture.execute("CREATE TABLE " + table + " (id UInt64, member String, amount Decimal(18, 2), traded Date) ENGINE = MergeTree ORDER BY id");
    }

    /**
     * A table for {@link #jsonLines} whose server rejects the row of 'Member 6789'. The guard column stands in for a CHECK
     * constraint, which 18.16 lacks: the server evaluates it for every inserted row.
     */
    private String guardedTradeTable(final String prefix) {
        final String table = fixture.table(prefix);
        fixture.execute("CREATE TABLE " + table + " (id UInt64, member String, amount Decimal(18, 2), traded Date,"
                + " guard UInt8 MATERIALIZED throwIf(member = 'Member 6789')) ENGINE = MergeTree ORDER BY id");
        return table;
    }

    /** Trades with ids from {@code from} to {@code to} (exclusive) as JSON Lines: id, member, amount, traded. */
    static String jsonLines(final int from, final int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> String.format("{\"id\": %d, \"member\": \"Member %d\", \"amount\": \"%d.50\", \"traded\": \"2025-01-%02d\"}",
                        i, i, i * 10, 1 + i % 28))
                .collect(Collectors.joining("\n"));
    }

    @Test
    void batchesManyFlowFilesIntoOneInsert() {
        final String table = fixture.table("it_batch");
        createTradeTable(table);
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, table);
        for (int f = 0; f < 5; f++) {
            fixture.runner.enqueue(jsonLines(f * 100, f * 100 + 100), Map.of("record.count", "100"));
        }
        fixture.runner.run();

        fixture.runner.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_SUCCESS, 5);
        assertEquals(500, fixture.count(table));
        final List<MockFlowFile> success = fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS);
        assertEquals(1, success.stream().map(flowFile -> flowFile.getAttribute(PutClickHouseBatch.QUERY_ID)).distinct().count(),
                "one insert for the five FlowFiles");
        success.forEach(flowFile -> flowFile.assertAttributeEquals(PutClickHouseBatch.ROWS_WRITTEN, "100"));
        assertEquals(List.of(List.of("1", "Member 1", "10.50", "2025-01-02")),
                fixture.rows("SELECT id, member, amount, traded FROM " + table + " WHERE id = 1"));
        fixture.assertRecordsAccountedFor(500);
    }

    @Test
    void oneRowTheServerRejectsAmongTenThousandIsIsolatedAndTheRestLands() {
        final String table = guardedTradeTable("it_bad_row");
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, table);
        fixture.runner.enqueue(jsonLines(0, 10_000), Map.of("record.count", "10000"));

        fixture.runner.run();

        assertEquals(9_999, fixture.count(table));
        assertEquals(List.of(), fixture.rows("SELECT id FROM " + table + " WHERE id = 6789"));
        final MockFlowFile failed = fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "395");
        failed.assertAttributeEquals(SpotlightAttributes.RECORD_INDEXES, "6789");
        failed.assertAttributeEquals(SpotlightAttributes.RECORD_COUNT, "1");
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_RETRYABLE, "false");
        assertTrue(failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE).contains("throwIf"), failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE));
        assertTrue(failed.getContent().contains("\"id\":6789"), failed.getContent());
        final MockFlowFile landed = fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS).getFirst();
        landed.assertAttributeEquals(SpotlightAttributes.RECORD_COUNT, "9999");
        landed.assertAttributeEquals(PutClickHouseBatch.ROWS_WRITTEN, "9999");
        assertTrue(fixture.runner.getCounterValue("Inserts") < 40, "inserts: " + fixture.runner.getCounterValue("Inserts"));
        fixture.assertRecordsAccountedFor(10_000);
    }

    @Test
    void valuesThatDoNotFitTheColumnFailTheirRecordOnly() {
        final String table = fixture.table("it_cast");
        createTradeTable(table);
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, table);
        fixture.runner.enqueue("""
                {"id": 1, "member": "a", "amount": "10.50", "traded": "2025-01-02"}
                {"id": 2, "member": "b", "amount": "10.505", "traded": "2025-01-02"}
                {"id": 3, "member": "c", "amount": "1", "traded": "2025-02-30"}
                {"id": 4, "member": "d", "amount": "2", "traded": "1/14/2025"}
                """);

        fixture.runner.run();

        assertEquals(List.of(List.of("1", "10.50", "2025-01-02"), List.of("4", "2.00", "2025-01-14")),
                fixture.rows("SELECT id, amount, traded FROM " + table + " ORDER BY id"));
        final MockFlowFile failed = fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, RecordFailures.CAST_FAILED);
        failed.assertAttributeEquals(SpotlightAttributes.RECORD_INDEXES, "1,2");
        assertEquals("Column `amount`: '10.505' cannot be cast to Decimal(18, 2): has more than 2 decimal places",
                failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE));
        fixture.assertRecordsAccountedFor(4);
    }

    @Test
    void createsAMissingTableFromTheRecordsAndAddsColumnsForNewFields() {
        final String table = fixture.table("it_create");
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, "${target}");
        fixture.runner.setProperty(PutClickHouseBatch.CREATE_TABLE, "true");
        fixture.runner.setProperty(PutClickHouseBatch.ADD_COLUMNS, "true");
        fixture.runner.setProperty(PutClickHouseBatch.ORDER_BY, "id, member");
        fixture.runner.setProperty(PutClickHouseBatch.PARTITION_BY, "toYYYYMM(traded)");
        fixture.runner.setProperty(PutClickHouseBatch.FIELD_MAPPING, "Transaction Date=traded");
        fixture.readerProperty("Date Format", "yyyy-MM-dd");
        fixture.runner.enqueue("{\"id\": 1, \"member\": \"Ron Wyden\", \"Transaction Date\": \"2020-11-10\", \"amount\": 15000.5, \"tags\": [\"a\"]}",
                Map.of("target", table));

        fixture.runner.run();

        fixture.assertAllSucceeded(1);
        final String where = " WHERE database = " + ClickHouseIdentifiers.literal(fixture.database) + " AND ";
        // Dates become Date32 where the server has it (the full range of dates a record may carry), Date on 18.16.
        assertEquals(List.of(List.of("id", "Int32"), List.of("member", "String"), List.of("traded", fixture.serverHas("Date32") ? "Date32" : "Date"),
                        List.of("amount", "Nullable(Float64)"), List.of("tags", "Array(String)")),
                fixture.rows("SELECT name, type FROM system.columns" + where + "table = " + ClickHouseIdentifiers.literal(table)));
        assertEquals(List.of(List.of("MergeTree", "toYYYYMM(traded)", "id, member")), fixture.rows(
                "SELECT engine, partition_key, sorting_key FROM system.tables" + where + "name = " + ClickHouseIdentifiers.literal(table)));
        assertEquals(List.of(List.of("1", "Ron Wyden", "2020-11-10", "15000.5", "['a']")),
                fixture.rows("SELECT id, member, traded, amount, tags FROM " + table));

        fixture.runner.clearTransferState();
        fixture.runner.enqueue("{\"id\": 2, \"member\": \"Pat Roberts\", \"Transaction Date\": \"2020-11-16\", \"owner\": \"Spouse\", \"amount\": 1}",
                Map.of("target", table));
        fixture.runner.run();

        fixture.runner.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_SUCCESS, 1);
        assertEquals(List.of(List.of("Nullable(String)")), fixture.rows("SELECT type FROM system.columns WHERE database = "
                + ClickHouseIdentifiers.literal(fixture.database) + " AND table = " + ClickHouseIdentifiers.literal(table) + " AND name = 'owner'"));
        assertEquals(List.of(Arrays.asList("1", null, "['a']"), List.of("2", "Spouse", "[]")),
                fixture.rows("SELECT id, owner, tags FROM " + table + " ORDER BY id"));
    }

    @Test
    void createsAReplicatedReplacingTableWhoseRetriesAreDeduplicated() {
        org.junit.jupiter.api.Assumptions.assumeTrue(fixture.replicates(),
                "this server has no Keeper: the chDB engine cannot replicate, so replicated tables are tested on 18.16 only");
        final String table = fixture.table("it_create_replicated");
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, table);
        fixture.runner.setProperty(PutClickHouseBatch.CREATE_TABLE, "true");
        fixture.runner.setProperty(PutClickHouseBatch.TABLE_ENGINE, TableEngine.REPLACING_MERGE_TREE.getValue());
        fixture.runner.setProperty(PutClickHouseBatch.VERSION_COLUMN, "version");
        fixture.runner.setProperty(PutClickHouseBatch.ORDER_BY, "id");
        fixture.runner.setProperty(PutClickHouseBatch.REPLICATED, "true");
        fixture.runner.enqueue("{\"id\": 1, \"version\": 1, \"member\": \"a\"}\n{\"id\": 1, \"version\": 2, \"member\": \"b\"}");

        fixture.runner.run();

        fixture.assertAllSucceeded(1);
        fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS).getFirst()
                .assertAttributeEquals(PutClickHouseBatch.DEDUPLICATION, Deduplication.BLOCK_HASH.description());
        assertEquals(List.of(List.of("ReplicatedReplacingMergeTree", "id")), fixture.rows("SELECT engine, sorting_key FROM system.tables WHERE database = "
                + ClickHouseIdentifiers.literal(fixture.database) + " AND name = " + ClickHouseIdentifiers.literal(table)));
        assertEquals(List.of(List.of("b")), fixture.rows("SELECT member FROM " + table + " FINAL"));
    }

    @Test
    void theReadersCoercionStillAppliesAndFieldsOutsideItsSchemaAreIgnored() {
        // Records are read without dropping the fields their schema lacks (dropping makes JSON readers copy every record).
        // What must hold regardless: the reader's schema and Date Format decide the values, and a field outside the
        // schema reaches no column, even one of its name.
        final String table = fixture.table("it_reader_schema");
        createTradeTable(table);
        fixture.execute("ALTER TABLE " + table + " ADD COLUMN extra String DEFAULT 'not from the record'");
        fixture.readWithSchema("""
                {"type": "record", "name": "trade", "fields": [
                  {"name": "id", "type": "long"}, {"name": "member", "type": "string"},
                  {"name": "amount", "type": "string"}, {"name": "traded", "type": {"type": "int", "logicalType": "date"}}]}""");
        fixture.readerProperty("Date Format", "MM/dd/yyyy");
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, table);
        fixture.runner.enqueue("""
                {"id": 1, "member": "a", "amount": "1.50", "traded": "03/14/2025", "extra": "from the record"}
                {"extra": "from the record", "traded": "12/31/2024", "amount": "2.50", "member": "b", "id": 2}
                """, Map.of("record.count", "2"));

        fixture.runner.run();

        fixture.runner.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_SUCCESS, 1);
        assertEquals(List.of(
                        List.of("1", "a", "1.50", "2025-03-14", "not from the record"),
                        List.of("2", "b", "2.50", "2024-12-31", "not from the record")),
                fixture.rows("SELECT id, member, amount, traded, extra FROM " + table + " ORDER BY id"));
        fixture.assertRecordsAccountedFor(2);
    }

    @Test
    void columnsLeftOutOfARecordTakeTheirDefaultExpression() {
        final String table = fixture.table("it_defaults");
        fixture.execute("CREATE TABLE " + table + " (id UInt64, member String DEFAULT 'unknown', source String DEFAULT concat('row ', toString(id)),"
                + " note Nullable(String) DEFAULT 'n/a') ENGINE = MergeTree ORDER BY id");
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, table);
        fixture.runner.enqueue("""
                {"id": 1, "member": "a", "note": "x"}
                {"id": 2, "member": null, "note": null}
                """);
        fixture.runner.enqueue("{\"id\": 3}");

        fixture.runner.run();

        fixture.runner.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_SUCCESS, 2);
        if (fixture.clickHouse.getServerInfo().supports(org.spotlight.clickhouse.client.ClickHouseCapability.ROW_BINARY_WITH_DEFAULTS)) {
            // RowBinaryWithDefaults: the server fills each row's defaults, so one insert serves every combination of fields.
            assertEquals(1, fixture.runner.getCounterValue("Inserts"), "one RowBinaryWithDefaults insert");
        }
        assertEquals(List.of(
                        List.of("1", "a", "row 1", "x"),
                        Arrays.asList("2", "unknown", "row 2", null),
                        List.of("3", "unknown", "row 3", "n/a")),
                fixture.rows("SELECT id, member, source, note FROM " + table + " ORDER BY id"));
    }

    @Test
    void columnsWithoutADefaultExpressionGetWhatTheServerWouldStoreInTheSameInsert() {
        final String table = fixture.table("it_type_defaults");
        fixture.execute("CREATE TABLE " + table + " (id UInt64, member String, amount Int64, price Decimal(18, 2), traded Date,"
                + " at DateTime, tags Array(String), note Nullable(String), kind Enum8('b' = 2, 'a' = 1)) ENGINE = MergeTree ORDER BY id");
        // What the server stores for columns an insert leaves out: the reference.
        fixture.execute("INSERT INTO " + table + " (id, kind) VALUES (1, 'a')");
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, table);
        fixture.runner.enqueue("{\"id\": 2, \"member\": null, \"kind\": \"a\"}\n{\"id\": 3, \"kind\": \"a\"}");

        fixture.runner.run();

        fixture.assertAllSucceeded(1);
        assertEquals(1, fixture.runner.getCounterValue("Inserts"), "no insert of their own for rows with type defaults");
        final List<List<String>> rows = fixture.rows("SELECT member, amount, price, traded, at, tags, note, kind FROM " + table + " ORDER BY id");
        assertEquals(3, rows.size());
        assertEquals(rows.get(0), rows.get(1));
        assertEquals(rows.get(0), rows.get(2));
    }

    @Test
    void aMalformedFlowFileFailsWholeAndTheOthersLand() {
        final String table = fixture.table("it_malformed");
        createTradeTable(table);
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, table);
        fixture.readWithSchema(TRADE_SCHEMA);
        fixture.runner.enqueue(jsonLines(0, 100), Map.of("record.count", "100"));
        fixture.runner.enqueue(jsonLines(100, 150) + "\n{\"id\": 150, \"member\": \n" + jsonLines(151, 200));
        fixture.runner.enqueue(jsonLines(200, 300), Map.of("record.count", "100"));

        fixture.runner.run();

        assertEquals(200, fixture.count(table));
        assertEquals(List.of(), fixture.rows("SELECT id FROM " + table + " WHERE id >= 100 AND id < 200"));
        final MockFlowFile failed = fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, RecordFailures.MALFORMED_RECORD);
        assertTrue(failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE).startsWith("Record 50 and those after it cannot be read"),
                failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE));
        fixture.runner.assertTransferCount(PutClickHouseBatch.REL_SUCCESS, 2);
    }

    @Test
    void jsonThatBreaksOffAfterTypedRowsWentOutLeavesNothingOfTheAbortedInsertBehind() throws java.io.IOException {
        final String table = fixture.table("it_typed_abort");
        createTradeTable(table);
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, table);
        final List<String> names = List.of("id", "member", "amount", "traded");
        final List<String> types = List.of("UInt64", "String", "Decimal(18, 2)", "Date");
        final java.util.function.LongFunction<Object[]> trade = id -> new Object[]{id, "Member " + id, new java.math.BigDecimal("1.50"),
                java.time.LocalDate.of(2025, 1, 14)};
        // The batch's order is fixed (by the index a retried batch carries): typed rows go out whole, then JSON that
        // breaks off. An insert given up there must not store what went out, or the repeated insert stores it again.
        fixture.readWithSchema(TRADE_SCHEMA);
        fixture.runner.enqueue(typedRows(names, types, 0, trade), Map.of("mime.type", RowBinaryWithNamesAndTypes.MIME_TYPE, PutClickHouseBatch.RETRY_BATCH_INDEX, "0"));
        fixture.runner.enqueue(jsonLines(5000, 5050) + "\n{\"id\": 5050, \"member\": \n", Map.of(PutClickHouseBatch.RETRY_BATCH_INDEX, "1"));
        fixture.runner.enqueue(typedRows(names, types, 1000, trade), Map.of("mime.type", RowBinaryWithNamesAndTypes.MIME_TYPE, PutClickHouseBatch.RETRY_BATCH_INDEX, "2"));

        fixture.runner.run();

        fixture.runner.assertTransferCount(PutClickHouseBatch.REL_SUCCESS, 2);
        fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst()
                .assertAttributeEquals(SpotlightAttributes.ERROR_CODE, RecordFailures.MALFORMED_RECORD);
        assertEquals(List.of(List.of("2000", "2000")), fixture.rows("SELECT count(), uniqExact(id) FROM " + table));
    }

    @Test
    void typedRowsCutShortInsideARowStoreNothingOfTheAbortedInsert() throws java.io.IOException {
        final String table = fixture.table("it_typed_cut");
        fixture.execute("CREATE TABLE " + table + " (id UInt64, flag UInt8) ENGINE = MergeTree ORDER BY id");
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, table);
        final List<String> names = List.of("id", "flag");
        final List<String> types = List.of("UInt64", "UInt8");
        final java.util.function.LongFunction<Object[]> flagged = id -> new Object[]{id, 1L};
        // The second FlowFile breaks off after the id of its 1001st row. Had that id gone out, the one byte that makes an
        // abandoned insert end inside a row would have completed it as (2000, 0), and the server would have stored the
        // whole aborted insert: the first FlowFile's rows twice once the batch is repeated without the broken one.
        final byte[] second = typedRows(names, types, 1000, flagged);
        final java.io.ByteArrayOutputStream cut = new java.io.ByteArrayOutputStream();
        cut.writeBytes(second);
        cut.writeBytes(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(2000L).array());
        fixture.runner.enqueue(typedRows(names, types, 0, flagged), Map.of("mime.type", RowBinaryWithNamesAndTypes.MIME_TYPE, PutClickHouseBatch.RETRY_BATCH_INDEX, "0"));
        fixture.runner.enqueue(cut.toByteArray(), Map.of("mime.type", RowBinaryWithNamesAndTypes.MIME_TYPE, PutClickHouseBatch.RETRY_BATCH_INDEX, "1"));

        fixture.runner.run();

        fixture.runner.assertTransferCount(PutClickHouseBatch.REL_SUCCESS, 1);
        fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst()
                .assertAttributeEquals(SpotlightAttributes.ERROR_CODE, RecordFailures.MALFORMED_RECORD);
        assertEquals(List.of(List.of("1000", "1000", "999", "1")), fixture.rows("SELECT count(), uniqExact(id), max(id), min(flag) FROM " + table));
    }

    /** InferSchemaAndCast-style typed content: 1,000 rows, with ids from {@code from}, each made by {@code row}. */
    private static byte[] typedRows(final List<String> names, final List<String> types, final long from,
                                    final java.util.function.LongFunction<Object[]> row) throws java.io.IOException {
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (RowBinaryWithNamesAndTypes.Writer writer = new RowBinaryWithNamesAndTypes.Writer(bytes, names,
                types.stream().map(org.spotlight.clickhouse.types.ClickHouseType::parse).toList())) {
            for (long id = from; id < from + 1000; id++) {
                writer.write(row.apply(id), null);
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void injectionThroughTableNamesFailsClearlyAndTouchesNothing() {
        final String victim = fixture.table("it_victim");
        fixture.execute("CREATE TABLE " + victim + " (id UInt64) ENGINE = MergeTree ORDER BY id");
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, "${kafka.topic}");
        fixture.runner.setProperty(PutClickHouseBatch.CREATE_TABLE, "true");
        fixture.runner.enqueue("{\"id\": 1}", Map.of("kafka.topic", victim + "` (id UInt64) ENGINE = Memory; DROP TABLE " + victim + "; --"));
        fixture.runner.enqueue("{\"id\": 1}", Map.of("kafka.topic", "x'); DROP TABLE " + victim));

        fixture.runner.run();

        fixture.runner.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_FAILURE, 2);
        for (MockFlowFile failed : fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE)) {
            failed.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, PutClickHouseBatch.INVALID_TARGET);
            assertTrue(failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE).startsWith("Table name '"), failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE));
        }
        assertEquals(0, fixture.count(victim), "the victim table still exists");
        assertEquals(List.of(), fixture.rows("SELECT name FROM system.tables WHERE database = " + ClickHouseIdentifiers.literal(fixture.database)
                + " AND (name LIKE '%DROP%' OR name LIKE '%Memory%')"));
    }

    @Test
    void injectionThroughFieldNamesNeitherCreatesNorAltersAnything() {
        final String table = fixture.table("it_fields");
        fixture.execute("CREATE TABLE " + table + " (id UInt64) ENGINE = MergeTree ORDER BY id");
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, table);
        fixture.runner.setProperty(PutClickHouseBatch.ADD_COLUMNS, "true");
        fixture.runner.enqueue("{\"id\": 1, \"x` String) ENGINE = Memory; DROP TABLE " + table + "; --\": \"boom\"}");

        fixture.runner.run();

        final MockFlowFile failed = fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, PutClickHouseBatch.INVALID_TARGET);
        assertTrue(failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE).startsWith("Cannot add columns for these fields: Column name 'x` String)"),
                failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE));
        assertEquals(List.of(List.of("id")), fixture.rows("SELECT name FROM system.columns WHERE database = "
                + ClickHouseIdentifiers.literal(fixture.database) + " AND table = " + ClickHouseIdentifiers.literal(table)));
    }

    @Test
    void aMissingTableIsAFailureUnlessCreationIsOn() {
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, fixture.table("it_missing"));
        fixture.runner.enqueue("{\"id\": 1}");

        fixture.runner.run();

        final MockFlowFile failed = fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, PutClickHouseBatch.UNKNOWN_TABLE);
        assertTrue(failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE).contains("does not exist"));
    }

    @Test
    void aStoragePolicyTheServerDoesNotHaveIsRefusedBeforeAnythingIsCreated() {
        final String table = fixture.table("it_policy");
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, table);
        fixture.runner.setProperty(PutClickHouseBatch.CREATE_TABLE, "true");
        // 18.16 has no storage policies at all; 26.x has the deployment's (s3_main, hot_to_s3), but not this one.
        fixture.runner.setProperty(PutClickHouseBatch.STORAGE_POLICY, "no_such_policy");
        fixture.runner.enqueue("{\"id\": 1}");

        fixture.runner.run();

        final MockFlowFile failed = fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst();
        assertTrue(failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE).startsWith("Storage policy 'no_such_policy' is not one of the server's policies"),
                failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE));
        assertEquals(List.of(), fixture.rows("SELECT name FROM system.tables WHERE name = " + ClickHouseIdentifiers.literal(table)));
    }

    @Test
    void flowFilesForSeveralTablesGoInOneInsertPerTable() {
        final String first = fixture.table("it_multi_a");
        final String second = fixture.table("it_multi_b");
        for (String table : List.of(first, second)) {
            createTradeTable(table);
        }
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, "${kafka.topic}");
        for (int i = 0; i < 6; i++) {
            fixture.runner.enqueue(jsonLines(i * 10, i * 10 + 10), Map.of("kafka.topic", i % 2 == 0 ? first : second,
                    "kafka.partition", "0", "kafka.offset", Integer.toString(i * 10), "kafka.max.offset", Integer.toString(i * 10 + 9)));
        }

        fixture.runner.run();

        fixture.runner.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_SUCCESS, 6);
        assertEquals(30, fixture.count(first));
        assertEquals(30, fixture.count(second));
        assertEquals(2, fixture.runner.getCounterValue("Inserts"));
        final MockFlowFile flowFile = fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS).getFirst();
        assertTrue(flowFile.getAttribute(PutClickHouseBatch.IDEMPOTENCY_KEY).startsWith("kafka:"), flowFile.getAttribute(PutClickHouseBatch.IDEMPOTENCY_KEY));
        assertEquals(2, fixture.runner.getProvenanceEvents().stream().filter(event -> event.getEventType() == org.apache.nifi.provenance.ProvenanceEventType.SEND)
                .map(event -> event.getTransitUri()).distinct().count());
    }

    /** PutClickHouseBatch reading the JSON itself: no Record Reader, no Record Writer. */
    private void readRawJson() {
        fixture.runner.removeProperty(PutClickHouseBatch.RECORD_READER);
        fixture.runner.removeProperty(PutClickHouseBatch.RECORD_WRITER);
        fixture.runner.assertValid();
    }

    @Test
    void withoutARecordReaderJsonValuesAreTypedByTheColumnsAndAbsentFieldsTakeTheDefault() {
        final String table = fixture.table("it_raw_types");
        fixture.execute("CREATE TABLE " + table + " (id UInt64, member String, amount Decimal(18, 2), traded Date, price Float64,"
                + " tags Array(String), note Nullable(String), active UInt8, big Int64, source String DEFAULT concat('row ', toString(id)))"
                + " ENGINE = MergeTree ORDER BY id");
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, table);
        readRawJson();
        fixture.runner.enqueue("""
                [{"id": 1, "member": "a", "amount": "10.50", "traded": "2025-01-02", "price": 1, "tags": ["x", "y"], "note": null,
                  "active": true, "big": -9007199254740993, "ignored": {"deep": [1]}},
                 {"traded": "1/14/2025", "id": 2, "member": "b", "amount": 7.25, "price": 2.5e3, "tags": [], "note": "n", "active": false,
                  "big": 0, "source": "given"}]""");
        fixture.runner.enqueue("{\"id\": 3, \"member\": \"c\", \"amount\": 0, \"traded\": \"2025-02-01\", \"price\": 0.1, \"tags\": [\"z\"], \"active\": 1, \"big\": 3}");

        fixture.runner.run();

        fixture.assertAllSucceeded(2);
        assertEquals(List.of(
                        Arrays.asList("1", "a", "10.50", "2025-01-02", "1", "['x','y']", null, "1", "-9007199254740993", "row 1"),
                        List.of("2", "b", "7.25", "2025-01-14", "2500", "[]", "n", "0", "0", "given"),
                        Arrays.asList("3", "c", "0.00", "2025-02-01", "0.1", "['z']", null, "1", "3", "row 3")),
                fixture.rows("SELECT id, member, amount, traded, price, tags, note, active, big, source FROM " + table + " ORDER BY id"));
        fixture.assertRecordsAccountedFor(3);
    }

    @Test
    void withoutARecordReaderOneRowTheServerRejectsAmongTenThousandIsIsolatedAsJsonLines() {
        final String table = guardedTradeTable("it_raw_bad_row");
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, table);
        readRawJson();
        fixture.runner.enqueue(jsonLines(0, 10_000), Map.of("record.count", "10000"));

        fixture.runner.run();

        assertEquals(9_999, fixture.count(table));
        final MockFlowFile failed = fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "395");
        failed.assertAttributeEquals(SpotlightAttributes.RECORD_INDEXES, "6789");
        failed.assertContentEquals("{\"id\":6789,\"member\":\"Member 6789\",\"amount\":\"67890.50\",\"traded\":\"2025-01-14\"}\n");
        final MockFlowFile landed = fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS).getFirst();
        landed.assertAttributeEquals(SpotlightAttributes.RECORD_COUNT, "9999");
        assertEquals(9_999, landed.getContent().lines().count());
        fixture.assertRecordsAccountedFor(10_000);
    }

    @Test
    void withoutARecordReaderAMissingTableIsCreatedFromTheJsonAndNewFieldsGetColumns() {
        final String table = fixture.table("it_raw_create");
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, table);
        fixture.runner.setProperty(PutClickHouseBatch.CREATE_TABLE, "true");
        fixture.runner.setProperty(PutClickHouseBatch.ADD_COLUMNS, "true");
        fixture.runner.setProperty(PutClickHouseBatch.ORDER_BY, "id");
        readRawJson();
        fixture.runner.enqueue("{\"id\": 1, \"member\": \"a\", \"amount\": 1.5, \"tags\": [\"t\"]}\n{\"id\": 2, \"member\": null, \"amount\": 2}");

        fixture.runner.run();

        fixture.assertAllSucceeded(1);
        final String columns = "SELECT name, type FROM system.columns WHERE database = " + ClickHouseIdentifiers.literal(fixture.database)
                + " AND table = " + ClickHouseIdentifiers.literal(table);
        assertEquals(List.of(List.of("id", "Int64"), List.of("member", "Nullable(String)"), List.of("amount", "Float64"), List.of("tags", "Array(String)")),
                fixture.rows(columns));

        fixture.runner.clearTransferState();
        fixture.runner.enqueue("{\"id\": 3, \"member\": \"c\", \"owner\": \"Spouse\", \"amount\": 3}");
        fixture.runner.run();

        fixture.assertAllSucceeded(1);
        assertEquals(List.of("owner", "Nullable(String)"), fixture.rows(columns).getLast());
        assertEquals(List.of(Arrays.asList("1", "a", "1.5", "['t']", null), Arrays.asList("2", null, "2", "[]", null),
                        List.of("3", "c", "3", "[]", "Spouse")),
                fixture.rows("SELECT id, member, amount, tags, owner FROM " + table + " ORDER BY id"));
    }

    /** InferSchemaAndCast's output for the Senate disclosures in one format, as PutClickHouseBatch receives it. */
    private static MockFlowFile typed(final String outputFormat) throws java.io.IOException {
        final TestRunner infer = TestRunners.newTestRunner(InferSchemaAndCast.class);
        infer.setProperty("Output Format", outputFormat);
        infer.enqueue(SharedData.path("congress/senate_stock_watcher/all_transactions.json"));
        infer.run();
        infer.assertAllFlowFilesTransferred(InferSchemaAndCast.REL_SUCCESS, 1);
        return infer.getFlowFilesForRelationship(InferSchemaAndCast.REL_SUCCESS).getFirst();
    }

    @Test
    void typedRowsLandAsBytesWithTheValuesTheirJsonLinesGive() throws java.io.IOException {
        final MockFlowFile rows = typed("ROW_BINARY");
        final MockFlowFile lines = typed("JSON_LINES");
        final String binaryTable = fixture.table("it_typed_rows");
        final String jsonTable = fixture.table("it_typed_json");
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, binaryTable);
        fixture.runner.setProperty(PutClickHouseBatch.CREATE_TABLE, "true");
        // The key column is never Nullable: its header type is, so the rows go in with that NULL flag stripped.
        fixture.runner.setProperty(PutClickHouseBatch.ORDER_BY, "senator");
        fixture.runner.enqueue(rows.toByteArray(), rows.getAttributes());
        fixture.runner.run();
        fixture.assertAllSucceeded(1);
        assertEquals(8350, fixture.count(binaryTable));

        fixture.execute("CREATE TABLE " + jsonTable + " AS " + binaryTable);
        fixture.runner.clearTransferState();
        readRawJson();
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, jsonTable);
        fixture.runner.enqueue(lines.toByteArray(), lines.getAttributes());
        fixture.runner.run();
        fixture.assertAllSucceeded(1);

        final java.util.function.Function<String, List<String>> content = table -> fixture.rows("SELECT * FROM " + table).stream()
                .map(String::valueOf).sorted().toList();
        final List<String> fromRows = content.apply(binaryTable);
        assertEquals(8350, fromRows.size());
        assertEquals(content.apply(jsonTable), fromRows, "every value the same whichever way the typed records travelled");
        assertEquals(List.of(List.of("senator", "String"), List.of("amount_min", "Nullable(Int64)")),
                fixture.rows("SELECT name, type FROM system.columns WHERE database = " + ClickHouseIdentifiers.literal(fixture.database)
                        + " AND table = " + ClickHouseIdentifiers.literal(binaryTable) + " AND name IN ('senator', 'amount_min') ORDER BY name DESC"));
    }
}
