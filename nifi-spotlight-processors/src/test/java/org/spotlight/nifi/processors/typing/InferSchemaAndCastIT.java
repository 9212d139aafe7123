package org.spotlight.nifi.processors.typing;

import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.clickhouse.ddl.ColumnDefinition;
import org.spotlight.nifi.SpotlightAttributes;
import org.spotlight.nifi.processors.clickhouse.PutClickHouseBatch;
import org.spotlight.nifi.service.clickhouse.StandardClickHouseConnectionService;
import org.spotlight.clickhouse.client.ClickHouseCapability;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;
import org.spotlight.testing.LocalServices;
import org.spotlight.testing.LocalStack;
import org.spotlight.testing.SharedData;
import org.spotlight.typing.TargetCapabilities;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * InferSchemaAndCast against the real ClickHouse of the local stack (18.16 on the build machines): the types it infers
 * for that server create a real table and the typed records land in it; in Cast To Table mode the columns come from the
 * server's system.columns and values that do not fit are routed record by record.
 */
class InferSchemaAndCastIT {

    private TestRunner runner;
    private StandardClickHouseConnectionService clickHouse;
    private final List<String> tables = new ArrayList<>();

    @BeforeEach
    void setUp() throws InitializationException {
        runner = TestRunners.newTestRunner(InferSchemaAndCast.class);
        clickHouse = LocalServices.clickHouse(runner, "clickhouse");

        // JSONEachRow as ClickHouse reads it: one object per line, dates and times as text, missing values left out.
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.setProperty(writer, "output-grouping", "output-oneline");
        runner.setProperty(writer, "suppress-nulls", "suppress-missing");
        runner.setProperty(writer, "Date Format", "yyyy-MM-dd");
        runner.setProperty(writer, "Timestamp Format", "yyyy-MM-dd HH:mm:ss");
        runner.enableControllerService(writer);
        runner.setProperty(TypingProperties.OUTPUT_FORMAT, TypingProperties.OutputFormat.RECORD_WRITER);
        runner.setProperty(TypingProperties.RECORD_WRITER, "writer");
        runner.setProperty(TypingProperties.CLICKHOUSE, "clickhouse");
    }

    @AfterEach
    void tearDown() {
        tables.forEach(table -> clickHouse.execute("DROP TABLE IF EXISTS " + ClickHouseIdentifiers.quote(table), Map.of()));
        runner.disableControllerService(clickHouse);
    }

    private String newTable(final String prefix) {
        final String table = LocalStack.uniqueName(prefix);
        tables.add(table);
        return table;
    }

    private void insert(final String table, final MockFlowFile typed) {
        final byte[] rows = typed.toByteArray();
        clickHouse.insert(ClickHouseIdentifiers.quote(table), List.of(), "JSONEachRow", out -> out.write(rows), Map.of(),
                "it-infer-" + table);
    }

    private List<List<String>> rows(final String sql) {
        return clickHouse.query(sql, org.spotlight.testing.ClickHouseOutput.settings(clickHouse)).rows();
    }

    @Test
    void capabilitiesComeFromTheServer() {
        final ClickHouseServerInfo server = clickHouse.getServerInfo();
        final TargetCapabilities capabilities = TargetCapabilities.of(server);
        if (!server.version().isAtLeast(19, 0)) {
            assertEquals(TypeInferenceDocTest.CLICKHOUSE_18_16, capabilities, server.summary());
        } else {
            assertTrue(capabilities.bool() == server.supportsDataType("Bool"), server.summary());
        }
    }

    @Test
    void inferredColumnsCreateATableOnThisServerAndTheTypedRecordsLandInIt() throws IOException {
        runner.enqueue(SharedData.path("congress/house_stock_watcher_community/all_transactions.json"));
        runner.run();
        runner.assertAllFlowFilesTransferred(InferSchemaAndCast.REL_SUCCESS, 1);
        final MockFlowFile typed = runner.getFlowFilesForRelationship(InferSchemaAndCast.REL_SUCCESS).getFirst();
        assertEquals("6542", typed.getAttribute(SpotlightAttributes.RECORD_COUNT));

        final String columns = typed.getAttribute(InferSchemaAndCast.ATTR_COLUMNS);
        final String table = newTable("it_infer_house");
        clickHouse.execute("CREATE TABLE " + ClickHouseIdentifiers.quote(table) + " (" + columns + ") ENGINE = MergeTree ORDER BY tuple()", Map.of());
        insert(table, typed);

        final List<List<String>> types = rows("SELECT name, type FROM system.columns WHERE database = "
                + ClickHouseIdentifiers.literal(LocalStack.clickHouseDatabase()) + " AND table = " + ClickHouseIdentifiers.literal(table));
        assertEquals(List.of(List.of("6542")), rows("SELECT count() FROM " + ClickHouseIdentifiers.quote(table)));
        assertEquals(List.of(List.of("$1,001 - $15,000", "1001.00", "15000.00")), rows("SELECT amount, amount_min, amount_max FROM "
                + ClickHouseIdentifiers.quote(table) + " WHERE filing_id = 20034616 AND ticker = 'FCNCA'"));
        if (clickHouse.getServerInfo().supportsDataType("Date32")) {
            // Date32 holds 1900-2299: the dates before 1970 are dates, and so is the garbled year, as written.
            assertEquals(List.of("transaction_date", "Date32"), types.getFirst());
            assertEquals(List.of(List.of("2202-09-19", "2022-09-19")), rows("SELECT transaction_date, disclosure_date FROM "
                    + ClickHouseIdentifiers.quote(table) + " WHERE toYear(transaction_date) = 2202"), "the garbled year survives as written");
            assertEquals(List.of(List.of("5")), rows("SELECT count() FROM " + ClickHouseIdentifiers.quote(table) + " WHERE disclosure_date = '1935-03-28'"));
        } else {
            assertEquals(List.of("transaction_date", "String"), types.getFirst(), "no Date32 on 18.16: the dates before 1970 keep their text");
            assertEquals(List.of(List.of("09/19/2202", "09/19/2022")), rows("SELECT transaction_date, disclosure_date FROM "
                    + ClickHouseIdentifiers.quote(table) + " WHERE transaction_date LIKE '%/2202'"), "the garbled year survives as written");
            assertEquals(List.of(List.of("5")), rows("SELECT count() FROM " + ClickHouseIdentifiers.quote(table) + " WHERE disclosure_date = '03/28/1935'"));
        }
    }

    @Test
    void withoutARecordWriterTheJsonLinesLandThroughPutClickHouseBatchInTheInferredColumns() throws Exception {
        runner.setProperty(TypingProperties.OUTPUT_FORMAT, TypingProperties.OutputFormat.JSON_LINES);
        runner.removeProperty(TypingProperties.RECORD_WRITER);
        runner.enqueue(SharedData.path("congress/house_stock_watcher_community/all_transactions.json"));
        runner.run();
        runner.assertAllFlowFilesTransferred(InferSchemaAndCast.REL_SUCCESS, 1);
        final MockFlowFile typed = runner.getFlowFilesForRelationship(InferSchemaAndCast.REL_SUCCESS).getFirst();
        assertEquals("6542", typed.getAttribute(SpotlightAttributes.RECORD_COUNT));

        // PutClickHouseBatch without a Record Reader: it creates the table from spotlight.clickhouse.columns.
        final String table = newTable("it_infer_lines");
        final TestRunner put = TestRunners.newTestRunner(PutClickHouseBatch.class);
        LocalServices.clickHouse(put, "clickhouse");
        put.setProperty(PutClickHouseBatch.CLICKHOUSE_SERVICE, "clickhouse");
        put.setProperty(PutClickHouseBatch.TABLE, table);
        put.setProperty(PutClickHouseBatch.CREATE_TABLE, "true");
        put.setProperty(PutClickHouseBatch.MAX_BATCH_WAIT, "0 sec");
        put.enqueue(typed);
        put.run();

        put.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_SUCCESS, 1);
        final String columns = rows("SELECT name, type FROM system.columns WHERE database = " + ClickHouseIdentifiers.literal(LocalStack.clickHouseDatabase())
                + " AND table = " + ClickHouseIdentifiers.literal(table)).stream()
                .map(column -> ClickHouseIdentifiers.quote(column.get(0)) + " " + column.get(1)).collect(Collectors.joining(", "));
        assertEquals(typed.getAttribute(InferSchemaAndCast.ATTR_COLUMNS), columns, "the inferred types, exactly");
        assertEquals(List.of(List.of("6542")), rows("SELECT count() FROM " + ClickHouseIdentifiers.quote(table)));
        assertEquals(List.of(List.of("$1,001 - $15,000", "1001.00", "15000.00")), rows("SELECT amount, amount_min, amount_max FROM "
                + ClickHouseIdentifiers.quote(table) + " WHERE filing_id = 20034616 AND ticker = 'FCNCA'"));
        // A Date32 column where the server has it (26.x), the text as written on 18.16.
        final String oldest = clickHouse.getServerInfo().supportsDataType("Date32") ? "1935-03-28" : "03/28/1935";
        assertEquals(List.of(List.of("5")), rows("SELECT count() FROM " + ClickHouseIdentifiers.quote(table) + " WHERE disclosure_date = '" + oldest + "'"));

        // The same records through the server's own JSONEachRow parser, from a Record Writer's output: the same rows.
        final String reference = newTable("it_infer_reference");
        clickHouse.execute("CREATE TABLE " + ClickHouseIdentifiers.quote(reference) + " (" + typed.getAttribute(InferSchemaAndCast.ATTR_COLUMNS)
                + ") ENGINE = MergeTree ORDER BY tuple()", Map.of());
        runner.clearTransferState();
        runner.setProperty(TypingProperties.OUTPUT_FORMAT, TypingProperties.OutputFormat.RECORD_WRITER);
        runner.setProperty(TypingProperties.RECORD_WRITER, "writer");
        runner.enqueue(SharedData.path("congress/house_stock_watcher_community/all_transactions.json"));
        runner.run();
        insert(reference, runner.getFlowFilesForRelationship(InferSchemaAndCast.REL_SUCCESS).getFirst());
        final String all = ColumnDefinition.parseList(typed.getAttribute(InferSchemaAndCast.ATTR_COLUMNS)).stream()
                .map(column -> ClickHouseIdentifiers.quote(column.name())).collect(Collectors.joining(", "));
        final List<List<String>> expected = rows("SELECT " + all + " FROM " + ClickHouseIdentifiers.quote(reference) + " ORDER BY " + all);
        assertEquals(6542, expected.size());
        assertEquals(expected, rows("SELECT " + all + " FROM " + ClickHouseIdentifiers.quote(table) + " ORDER BY " + all));
    }

    @Test
    void castsToTheColumnsOfARealTableAndRoutesWhatDoesNotFit() {
        assertEquals(ZoneId.of(clickHouse.getServerInfo().timezone()).getRules(), TimeZone.getDefault().toZoneId().getRules(),
                "the JSON writer formats times in the JVM's zone, which must be the server's for this test");
        final String table = newTable("it_cast_trades");
        clickHouse.execute("CREATE TABLE " + ClickHouseIdentifiers.quote(table) + " ("
                + "id UInt32, price Decimal(18, 2), traded Date, at DateTime, side Enum8('buy' = 1, 'sell' = 2), ticker String, "
                + "tags Array(String), note Nullable(String), amount_min UInt64, amount_max Nullable(UInt64), "
                + "loaded DateTime DEFAULT toDateTime('2000-01-01 00:00:00'), total Decimal(18, 2) MATERIALIZED price * 2"
                + ") ENGINE = MergeTree ORDER BY id", Map.of());
        runner.setProperty(TypingProperties.MODE, TypingProperties.MODE_TABLE);
        runner.setProperty(TypingProperties.TABLE, "${kafka.topic}");
        runner.enqueue("""
                {"id": 1, "price": "19.99", "traded": "11/10/2020", "at": "2020-11-10T12:00:00Z", "side": "buy", "ticker": "BYND", "tags": ["a"], "amount": "$1,001 - $15,000"}
                {"id": 2, "price": 5, "traded": "2020-11-11", "at": 1605052800, "side": "sell", "ticker": "BA", "tags": [], "note": "N/A", "amount": "Over $50,000,000"}
                {"id": -3, "price": 1, "traded": "2020-11-11", "at": 1605052800, "side": "buy", "ticker": "V", "amount": "$1 - $2"}
                {"id": 4, "price": 1.234, "traded": "2020-11-11", "at": 1605052800, "side": "buy", "ticker": "V", "amount": "$1 - $2"}
                {"id": 5, "price": 1, "traded": "2020-11-11", "at": 1605052800, "side": "hold", "ticker": "V", "amount": "$1 - $2"}
                {"id": 6, "price": 1, "traded": "2020-11-11", "at": 1605052800, "side": "buy", "Ticker": "COST", "amount": "$1 - $2", "extra": true}
                """, Map.of("kafka.topic", table));
        runner.run();

        final MockFlowFile typed = runner.getFlowFilesForRelationship(InferSchemaAndCast.REL_SUCCESS).getFirst();
        final List<MockFlowFile> failed = runner.getFlowFilesForRelationship(InferSchemaAndCast.REL_FAILURE);
        assertEquals(3, Integer.parseInt(typed.getAttribute(SpotlightAttributes.RECORD_COUNT)));
        assertEquals(3, failed.size());
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_ORIGIN, "table");
        typed.assertAttributeEquals(SpotlightAttributes.TARGET_TABLE, table);
        typed.assertAttributeEquals(InferSchemaAndCast.ATTR_COLUMNS, "`id` UInt32, `price` Decimal(18, 2), `traded` Date, `at` DateTime, "
                + "`side` Enum8('buy' = 1, 'sell' = 2), `ticker` String, `tags` Array(String), `note` Nullable(String), `amount_min` UInt64, "
                + "`amount_max` Nullable(UInt64), `loaded` DateTime");
        assertEquals(List.of("2", "3", "4"), failed.stream().map(flowFile -> flowFile.getAttribute(SpotlightAttributes.RECORD_INDEXES)).toList());
        assertEquals(List.of("id", "price", "side"), failed.stream().map(flowFile -> flowFile.getAttribute(InferSchemaAndCast.ATTR_FIELD)).toList());
        assertEquals(List.of("out of range [0, 4294967295]", "has more than 2 decimal places", "not one of [buy, sell]"),
                failed.stream().map(flowFile -> flowFile.getAttribute(InferSchemaAndCast.ATTR_REASON)).toList());
        failed.forEach(flowFile -> {
            flowFile.assertAttributeEquals(SpotlightAttributes.TARGET_DATABASE, LocalStack.clickHouseDatabase());
            flowFile.assertAttributeEquals(SpotlightAttributes.TARGET_TABLE, table);
        });

        insert(table, typed);
        // `loaded` is left out of every record: servers with input_format_defaults_for_omitted_fields fill in its DEFAULT,
        // older ones (18.16) the type's default. Either way the server, not the record, decides.
        final String loaded = clickHouse.getServerInfo().supports(ClickHouseCapability.DEFAULTS_FOR_OMITTED_FIELDS)
                ? "2000-01-01 00:00:00" : "0000-00-00 00:00:00";
        assertEquals(List.of(
                        List.of("1", "19.99", "2020-11-10", "2020-11-10 12:00:00", "buy", "BYND", "['a']", "\\N", "1001", "15000", loaded, "39.98"),
                        List.of("2", "5.00", "2020-11-11", "2020-11-11 00:00:00", "sell", "BA", "[]", "\\N", "50000001", "\\N", loaded, "10.00"),
                        List.of("6", "1.00", "2020-11-11", "2020-11-11 00:00:00", "buy", "COST", "[]", "\\N", "1", "2", loaded, "2.00")),
                rows("SELECT id, price, traded, at, side, ticker, tags, note, amount_min, amount_max, loaded, total FROM "
                        + ClickHouseIdentifiers.quote(table) + " ORDER BY id").stream()
                        .map(row -> row.stream().map(value -> value == null ? "\\N" : value).toList()).toList());
    }

    @Test
    void aMissingTableFailsTheFlowFileWithTheTableNamed() {
        runner.setProperty(TypingProperties.MODE, TypingProperties.MODE_TABLE);
        runner.setProperty(TypingProperties.TABLE, "no_such_table_for_infer_it");
        runner.enqueue("{\"id\": 1}");
        runner.run();
        runner.assertAllFlowFilesTransferred(InferSchemaAndCast.REL_FAILURE, 1);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(InferSchemaAndCast.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "TABLE_NOT_FOUND");
        failed.assertAttributeEquals(SpotlightAttributes.TARGET_TABLE, "no_such_table_for_infer_it");
        failed.assertContentEquals("{\"id\": 1}");
    }

    @Test
    void anUnreachableServerLeavesTheFlowFileQueued() throws Exception {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        final StandardClickHouseConnectionService unreachable = new StandardClickHouseConnectionService();
        runner.addControllerService("unreachable", unreachable);
        runner.setProperty(unreachable, StandardClickHouseConnectionService.URLS, "http://127.0.0.1:" + closedPort);
        runner.setProperty(unreachable, StandardClickHouseConnectionService.CONNECT_TIMEOUT, "1 sec");
        runner.enableControllerService(unreachable);
        runner.setProperty(TypingProperties.CLICKHOUSE, "unreachable");
        runner.setProperty(TypingProperties.MODE, TypingProperties.MODE_TABLE);
        runner.setProperty(TypingProperties.TABLE, "trades");
        runner.enqueue("{\"id\": 1}");
        runner.run();

        runner.assertTransferCount(InferSchemaAndCast.REL_SUCCESS, 0);
        runner.assertTransferCount(InferSchemaAndCast.REL_FAILURE, 0);
        assertEquals(1, runner.getQueueSize().getObjectCount(), "nothing lost: the FlowFile waits for the server");
        runner.disableControllerService(unreachable);
    }
}
