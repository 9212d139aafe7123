package org.spotlight.nifi.processors.failure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processors.standard.ConvertRecord;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.clickhouse.types.CastException;
import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.clickhouse.types.ValueCaster;
import org.spotlight.failure.FailureIds;
import org.spotlight.nifi.service.clickhouse.StandardClickHouseConnectionService;
import org.spotlight.nifi.service.storage.S3ObjectStorageService;
import org.spotlight.clickhouse.client.ClickHouseException;
import org.spotlight.clickhouse.client.ClickHouseQueryResult;
import org.spotlight.storage.StoredObject;
import org.spotlight.testing.HouseTrades;
import org.spotlight.testing.LocalServices;
import org.spotlight.testing.LocalStack;
import org.spotlight.testing.SharedData;
import org.spotlight.testing.MutableClock;
import org.spotlight.testing.TcpProxy;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RouteToFailureDb against the local stack's real ClickHouse 18.16 and S3 server (S3Proxy), with NiFi's real
 * JsonTreeReader and ConvertRecord producing failures the way a flow does.
 */
class RouteToFailureDbIT {

    private TestRunner runner;
    private StandardClickHouseConnectionService clickHouse;
    private S3ObjectStorageService s3;
    private String database;
    private String failureTable;
    private String bucket;
    private final List<String> tablesToDrop = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        runner = TestRunners.newTestRunner(RouteToFailureDb.class);
        clickHouse = LocalServices.clickHouse(runner, "clickhouse", null, LiveServices.CLICKHOUSE_TIMEOUTS);
        s3 = LocalServices.s3(runner, "s3", null);
        LiveServices.jsonReader(runner, "json-reader");
        database = LocalStack.clickHouseDatabase();
        failureTable = LocalStack.uniqueName("it_failures");
        bucket = LocalStack.uniqueName("it-failures").replace('_', '-');
        tablesToDrop.add(failureTable);
        tablesToDrop.add(failureTable + "_replays");
        runner.setProperty(RouteToFailureDb.CLICKHOUSE_SERVICE, "clickhouse");
        runner.setProperty(RouteToFailureDb.FAILURE_TABLE, failureTable);
        runner.setProperty(RouteToFailureDb.FLOW_NAME, "kafka-to-clickhouse");
        runner.setProperty(RouteToFailureDb.RECORD_READER, "json-reader");
        runner.setProperty(RouteToFailureDb.OBJECT_STORAGE_SERVICE, "s3");
        runner.setProperty(RouteToFailureDb.FAILURE_BUCKET, bucket);
    }

    @AfterEach
    void tearDown() {
        if (!runner.isControllerServiceEnabled(clickHouse)) {
            return;
        }
        for (String table : tablesToDrop) {
            clickHouse.execute("DROP TABLE IF EXISTS " + ClickHouseIdentifiers.qualified(database, table), Map.of());
        }
    }

    private List<Map<String, String>> failureRows(final String where) {
        final ClickHouseQueryResult result = clickHouse.query("SELECT * FROM " + ClickHouseIdentifiers.qualified(database, failureTable)
                + " FINAL" + (where == null ? "" : " WHERE " + where) + " ORDER BY flowfile_uuid, record_index", Map.of());
        final List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> row : result.rows()) {
            final Map<String, String> named = new LinkedHashMap<>();
            for (int i = 0; i < row.size(); i++) {
                named.put(result.columnNames().get(i), row.get(i));
            }
            rows.add(named);
        }
        return rows;
    }

    private List<Map<String, String>> rowsOf(final MockFlowFile flowFile) {
        return failureRows("flowfile_uuid = " + ClickHouseIdentifiers.literal(flowFile.getAttribute("uuid")));
    }

    private static String sha256(final byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** What NiFi's ConvertRecord routes to failure when the JSON is cut off: its real record.error.message. */
    private static MockFlowFile convertRecordFailure(final byte[] content) throws Exception {
        final TestRunner convert = TestRunners.newTestRunner(ConvertRecord.class);
        LiveServices.jsonReader(convert, "reader");
        LiveServices.jsonLinesWriter(convert, "writer");
        convert.setProperty("Record Reader", "reader");
        convert.setProperty("Record Writer", "writer");
        convert.enqueue(content, Map.of("filename", "trades-0007.json", "kafka.topic", "spotlight.congress.trades",
                "kafka.partition", "0", "kafka.offset", "7000"));
        convert.run();
        convert.assertAllFlowFilesTransferred("failure", 1);
        return convert.getFlowFilesForRelationship("failure").getFirst();
    }

    /**
     * Records the local ClickHouse really rejects, found one by one as PutClickHouseBatch isolates bad rows: returns
     * index -> exception for the records that failed.
     */
    private Map<Integer, ClickHouseException> insertOneByOne(final String table, final List<ObjectNode> records) {
        final Map<Integer, ClickHouseException> rejected = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            final byte[] row = records.get(i).toString().getBytes(StandardCharsets.UTF_8);
            try {
                clickHouse.insert(ClickHouseIdentifiers.qualified(database, table), List.of(), "JSONEachRow",
                        out -> out.write(row), Map.of("input_format_skip_unknown_fields", 1), null);
            } catch (final ClickHouseException e) {
                rejected.put(i, e);
            }
        }
        return rejected;
    }

    /** A trades table whose Enum knows purchases and sales but not exchanges, which some real filings contain. */
    private String createTradesTable() {
        final String table = LocalStack.uniqueName("it_trades");
        tablesToDrop.add(table);
        clickHouse.execute("CREATE TABLE " + ClickHouseIdentifiers.qualified(database, table) + " (transaction_date String, ticker String,"
                + " type Enum8('Purchase' = 1, 'Sale' = 2), amount String, representative String, filing_id String)"
                + " ENGINE = MergeTree ORDER BY (filing_id, ticker)", Map.of());
        return table;
    }

    @Test
    void mixedFailuresAreStoredWithTheirClassAndContent() throws Exception {
        // 1. Malformed JSON: real trades cut off mid-record, as NiFi's ConvertRecord routes it to failure.
        final byte[] fullJson = HouseTrades.jsonArray(HouseTrades.range(0, 40));
        final byte[] truncated = Arrays.copyOf(fullJson, fullJson.length - 25);
        final MockFlowFile converted = convertRecordFailure(truncated);
        final String convertMessage = converted.getAttribute("record.error.message");
        assertTrue(convertMessage != null && !convertMessage.isBlank(), converted.getAttributes().toString());
        final MockFlowFile malformed = runner.enqueue(truncated, converted.getAttributes());

        // 2. Binary garbage: a PDF on a failure connection, with nothing but its file name.
        final byte[] pdf = Files.readAllBytes(SharedData.path("congress/house_ptr_pdfs/2025/electronic/20026590.pdf"));
        final MockFlowFile binary = runner.enqueue(pdf, Map.of("filename", "20026590.pdf"));

        // 3. Valid JSON whose values cannot be cast: disclosure dates with a garbled year, in a 12-record FlowFile
        //    (records 7..11 failed), as InferSchemaAndCast's cast-to-table mode reports them with the real ValueCaster.
        final List<ObjectNode> original = HouseTrades.range(6530, 12);
        final List<ObjectNode> uncastable = original.subList(7, 12);
        final String castMessage = castFailure(uncastable.getFirst().get("disclosure_date").asText());
        final MockFlowFile cast = runner.enqueue(HouseTrades.jsonArray(uncastable), Map.of(
                "spotlight.error.source", "InferSchemaAndCast", "spotlight.error.code", "CAST_FAILED",
                "spotlight.error.message", castMessage, "spotlight.error.class", "permanent", "spotlight.error.retryable", "false",
                "spotlight.record.indexes", "7,8,9,10,11", "spotlight.target.table", "trades", "record.count", "5"));

        // 4. PutClickHouseBatch's per-row failures: the rows the real server rejected, with its real code and message.
        //    The table's Enum did not foresee 'Exchange' transactions; records 6, 9 and 10 of the batch are exchanges.
        final String trades = createTradesTable();
        final List<ObjectNode> batch = HouseTrades.range(450, 20);
        final Map<Integer, ClickHouseException> rejected = insertOneByOne(trades, batch);
        assertEquals(List.of(6, 9, 10), List.copyOf(rejected.keySet()));
        final ClickHouseException serverError = rejected.get(6);
        assertFalse(serverError.isRetryable(), serverError.getMessage());
        final Map<String, String> perRowAttributes = new HashMap<>(Map.of(
                "spotlight.error.source", "PutClickHouseBatch", "spotlight.error.code", String.valueOf(serverError.getErrorCode()),
                "spotlight.error.message", serverError.getMessage(), "spotlight.error.retryable", "false",
                "spotlight.error.class", "permanent", "spotlight.record.indexes", "6,9,10",
                "spotlight.target.database", database, "spotlight.target.table", trades, "record.count", "3"));
        perRowAttributes.putAll(Map.of("kafka.topic", "spotlight.congress.trades", "kafka.partition", "1", "kafka.offset", "4100"));
        final MockFlowFile perRow = runner.enqueue(HouseTrades.jsonArray(List.of(batch.get(6), batch.get(9), batch.get(10))), perRowAttributes);

        // 5. A stock InvokeHTTP failure that may pass: 503. (No backoff here: it goes back to retry at once.)
        runner.setProperty(RouteToFailureDb.RETRY_BACKOFF, "0 sec");
        final MockFlowFile unavailable = runner.enqueue("{\"doc\":\"20026590\"}", Map.of("invokehttp.status.code", "503",
                "invokehttp.status.message", "Service Unavailable", "invokehttp.request.url", "https://disclosures-clerk.house.gov/x"));

        runner.run();

        runner.assertTransferCount(RouteToFailureDb.REL_STORED, 4);
        runner.assertTransferCount(RouteToFailureDb.REL_RETRY, 1);
        runner.assertTransferCount(RouteToFailureDb.REL_FAILURE, 0);
        assertEquals(0, runner.getQueueSize().getObjectCount());

        final MockFlowFile retried = runner.getFlowFilesForRelationship(RouteToFailureDb.REL_RETRY).getFirst();
        assertEquals(unavailable.getAttribute("uuid"), retried.getAttribute("uuid"));
        retried.assertAttributeEquals("spotlight.retry.count", "1");
        retried.assertAttributeEquals("spotlight.failure.class", "transient");

        final Map<String, MockFlowFile> stored = new HashMap<>();
        runner.getFlowFilesForRelationship(RouteToFailureDb.REL_STORED).forEach(flowFile -> stored.put(flowFile.getAttribute("uuid"), flowFile));
        stored.get(perRow.getAttribute("uuid")).assertAttributeEquals("spotlight.failure.rows", "3");
        stored.get(cast.getAttribute("uuid")).assertAttributeEquals("spotlight.failure.rows", "5");
        stored.get(binary.getAttribute("uuid")).assertAttributeEquals("spotlight.failure.table", database + "." + failureTable);

        assertEquals(10, failureRows(null).size(), "1 malformed + 1 binary + 5 uncastable + 3 rejected rows");

        final Map<String, String> malformedRow = rowsOf(malformed).getFirst();
        assertEquals("permanent", malformedRow.get("error_class"), malformedRow.toString());
        assertEquals("text", malformedRow.get("payload_kind"));
        assertEquals(new String(truncated, StandardCharsets.UTF_8), malformedRow.get("payload"));
        assertEquals(sha256(truncated), malformedRow.get("payload_sha256"));
        assertEquals(convertMessage, malformedRow.get("error_message"));
        assertEquals("spotlight.congress.trades", malformedRow.get("source_topic"));
        assertEquals("7000", malformedRow.get("source_offset"));
        assertTrue(malformedRow.get("parse_error").startsWith("the Record Reader"), malformedRow.get("parse_error"));
        assertEquals("kafka-to-clickhouse", malformedRow.get("flow"));

        final Map<String, String> binaryRow = rowsOf(binary).getFirst();
        assertEquals("unknown", binaryRow.get("error_class"));
        assertEquals("binary", binaryRow.get("payload_kind"));
        assertArrayEquals(pdf, Base64.getDecoder().decode(binaryRow.get("payload")));
        assertEquals(String.valueOf(pdf.length), binaryRow.get("payload_size"));
        assertEquals("", binaryRow.get("payload_uri"), "75 KB is below the 1 MB inline limit");

        final List<Map<String, String>> castRows = rowsOf(cast);
        assertEquals(List.of("7", "8", "9", "10", "11"), castRows.stream().map(row -> row.get("source_record_index")).toList());
        for (int i = 0; i < castRows.size(); i++) {
            final Map<String, String> row = castRows.get(i);
            assertEquals("permanent", row.get("error_class"));
            assertEquals("InferSchemaAndCast", row.get("component"));
            assertEquals("CAST_FAILED", row.get("error_code"));
            assertEquals("record", row.get("payload_kind"));
            assertEquals(uncastable.get(i), HouseTrades.JSON.readTree(row.get("payload")));
            assertEquals(FailureIds.failureId(cast.getAttribute("uuid"), i), row.get("failure_id"));
        }

        final List<Map<String, String>> perRowRows = rowsOf(perRow);
        assertEquals(List.of("6", "9", "10"), perRowRows.stream().map(row -> row.get("source_record_index")).toList());
        for (Map<String, String> row : perRowRows) {
            assertEquals("PutClickHouseBatch", row.get("component"));
            assertEquals(String.valueOf(serverError.getErrorCode()), row.get("error_code"));
            assertEquals("permanent", row.get("error_class"));
            assertEquals(trades, row.get("target_table"));
            assertEquals(database, row.get("target_database"));
            assertEquals("4100", row.get("source_offset"));
            assertEquals("1", row.get("source_partition"));
        }
        assertEquals(batch.get(9), HouseTrades.JSON.readTree(perRowRows.get(1).get("payload")));
    }

    private static String castFailure(final String value) {
        try {
            ValueCaster.utc().cast(value, ClickHouseType.parse("Date"));
        } catch (final CastException e) {
            return e.getMessage();
        }
        throw new AssertionError(value + " was expected not to cast to Date");
    }

    @Test
    void aFiftyMegabytePayloadGoesToObjectStorageAndTheRowKeepsUriSizeAndHash() throws Exception {
        // 50 MB of real trade records, cut off at the end: not readable as records, too large for a row.
        final byte[] payload = fiftyMegabytesOfTruncatedTrades();
        final MockFlowFile large = runner.enqueue(payload, Map.of("record.error.message", "Unexpected end-of-input", "filename", "bulk.json"));

        runner.run();

        runner.assertAllFlowFilesTransferred(RouteToFailureDb.REL_STORED, 1);
        final Map<String, String> row = rowsOf(large).getFirst();
        final String key = "failures/" + FailureIds.failureId(large.getAttribute("uuid"), 0) + ".txt";
        assertEquals("s3://" + bucket + "/" + key, row.get("payload_uri"));
        assertEquals("", row.get("payload"));
        assertEquals(String.valueOf(payload.length), row.get("payload_size"));
        assertEquals(sha256(payload), row.get("payload_sha256"));
        assertEquals("text", row.get("payload_kind"));
        final StoredObject object = s3.statObject(bucket, key).orElseThrow();
        assertEquals(payload.length, object.size());
        try (InputStream in = s3.getObject(bucket, key)) {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            final byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            assertEquals(sha256(payload), HexFormat.of().formatHex(digest.digest()), "the object holds exactly the payload");
        }
    }

    static byte[] fiftyMegabytesOfTruncatedTrades() {
        final byte[] trades = HouseTrades.jsonArray(HouseTrades.range(0, 6000));
        final byte[] payload = new byte[50 * 1024 * 1024];
        payload[0] = '[';
        int position = 1;
        while (position < payload.length) {
            final int length = Math.min(trades.length - 2, payload.length - position);
            System.arraycopy(trades, 1, payload, position, length);
            position += length;
            if (position < payload.length) {
                payload[position++] = ',';
            }
        }
        return payload;
    }

    @Test
    void transientFailuresAreRetriedUntilTheMaximumRetryDurationThenStoredKeepingTheirClass() {
        runner.setProperty(RouteToFailureDb.MAX_RETRY_DURATION, "1 min");
        final MutableClock clock = MutableClock.startingNow();
        ((RouteToFailureDb) runner.getProcessor()).setClock(clock);
        final Map<String, String> attributes = Map.of("spotlight.error.source", "PutClickHouseBatch", "spotlight.error.code", "252",
                "spotlight.error.message", "Too many parts (300). Merges are processing significantly slower than inserts",
                "spotlight.error.retryable", "true", "spotlight.error.class", "transient", "spotlight.target.table", "trades");
        runner.enqueue(HouseTrades.jsonArray(HouseTrades.range(0, 2)), attributes);

        int retries = 0;
        while (runner.getFlowFilesForRelationship(RouteToFailureDb.REL_STORED).isEmpty()) {
            runner.run();
            for (MockFlowFile retried : runner.getFlowFilesForRelationship(RouteToFailureDb.REL_RETRY)) {
                retries++;
                retried.assertAttributeEquals("spotlight.retry.count", String.valueOf(retries));
                runner.clearTransferState();
                // The retry connection leads back to PutClickHouseBatch, which fails the same way again.
                runner.enqueue(retried.toByteArray(), retried.getAttributes());
            }
            clock.advance(Duration.ofSeconds(10));
            assertTrue(retries < 10, "retries: " + retries);
        }

        // 10 s, 20 s and 40 s of backoff reach the minute: three retries, then the failure is stored.
        assertEquals(3, retries);
        final List<Map<String, String>> rows = failureRows(null);
        assertEquals(2, rows.size());
        for (Map<String, String> row : rows) {
            assertEquals("transient", row.get("error_class"), "an outage is not a fault of the records");
            assertEquals("3", row.get("retry_count"));
            assertEquals("252", row.get("error_code"));
            assertTrue(row.get("classification").startsWith("transient failure outlasted the Maximum Retry Duration of 1 min (3 retries since "),
                    row.get("classification"));
        }
    }

    @Test
    void whileTheFailureDatabaseIsUnreachableEveryFlowFileStaysQueued() throws Exception {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        final TestRunner down = TestRunners.newTestRunner(RouteToFailureDb.class);
        LocalServices.clickHouse(down, "clickhouse", "http://127.0.0.1:" + closedPort, LiveServices.CLICKHOUSE_TIMEOUTS);
        down.setProperty(RouteToFailureDb.CLICKHOUSE_SERVICE, "clickhouse");
        down.setProperty(RouteToFailureDb.FAILURE_TABLE, failureTable);
        for (int i = 0; i < 5; i++) {
            down.enqueue(HouseTrades.jsonArray(HouseTrades.range(i, 1)), Map.of("spotlight.error.class", "permanent"));
        }

        down.run(3, false, true);

        assertEquals(5, down.getQueueSize().getObjectCount(), "kept in the incoming queue");
        down.assertTransferCount(RouteToFailureDb.REL_STORED, 0);
        down.assertTransferCount(RouteToFailureDb.REL_FAILURE, 0);
        assertEquals(1, down.getLogger().getWarnMessages().size() + down.getLogger().getErrorMessages().size(),
                "one attempt, then the processor leaves the store alone for its backoff");

        // Or, when the flow designer prefers it, routed to failure with the reason.
        down.setProperty(RouteToFailureDb.UNAVAILABLE_STRATEGY, RouteToFailureDb.UnavailableStrategy.ROUTE_TO_FAILURE.getValue());
        down.run();
        down.assertAllFlowFilesTransferred(RouteToFailureDb.REL_FAILURE, 5);
        final String reason = down.getFlowFilesForRelationship(RouteToFailureDb.REL_FAILURE).getFirst().getAttribute("spotlight.failure.store.error");
        assertTrue(reason.contains("could not reach ClickHouse"), reason);
    }

    @Test
    void clickHouseGoingAwayMidInsertLosesNothingAndStoresEachRecordOnce() throws Exception {
        final URI url = URI.create(LocalStack.clickHouseUrl());
        try (TcpProxy proxy = new TcpProxy(url.getHost(), url.getPort())) {
            final TestRunner flaky = TestRunners.newTestRunner(RouteToFailureDb.class);
            final StandardClickHouseConnectionService viaProxy = LocalServices.clickHouse(flaky, "clickhouse", "http://127.0.0.1:" + proxy.port(), LiveServices.CLICKHOUSE_TIMEOUTS);
            LiveServices.jsonReader(flaky, "json-reader");
            flaky.setProperty(RouteToFailureDb.CLICKHOUSE_SERVICE, "clickhouse");
            flaky.setProperty(RouteToFailureDb.FAILURE_TABLE, failureTable);
            flaky.setProperty(RouteToFailureDb.RECORD_READER, "json-reader");
            flaky.setProperty(RouteToFailureDb.BATCH_SIZE, "10");
            int records = 0;
            for (int i = 0; i < 10; i++) {
                final List<ObjectNode> trades = HouseTrades.range(i * 300, 300);
                records += trades.size();
                flaky.enqueue(HouseTrades.jsonArray(trades), Map.of("spotlight.error.source", "PutClickHouseBatch",
                        "spotlight.error.class", "permanent", "spotlight.error.code", "27"));
            }
            // Create the table through the proxy first, then cut the connection 200 KB into the insert body.
            viaProxy.getServerInfo();
            new org.spotlight.failure.FailureStore(viaProxy, database, failureTable).ensureTables();
            proxy.cutAfter(200 * 1024);

            flaky.run();

            assertEquals(10, flaky.getQueueSize().getObjectCount(), () -> "every FlowFile back in the queue; stored "
                    + flaky.getFlowFilesForRelationship(RouteToFailureDb.REL_STORED).size() + ", failed "
                    + flaky.getFlowFilesForRelationship(RouteToFailureDb.REL_FAILURE).size() + "; logged "
                    + flaky.getLogger().getWarnMessages() + " " + flaky.getLogger().getErrorMessages());
            flaky.assertTransferCount(RouteToFailureDb.REL_STORED, 0);
            flaky.assertTransferCount(RouteToFailureDb.REL_FAILURE, 0);

            proxy.resume();
            flaky.run();

            flaky.assertAllFlowFilesTransferred(RouteToFailureDb.REL_STORED, 10);
            final ClickHouseQueryResult counts = clickHouse.query("SELECT count() AS rows, uniqExact(failure_id) AS ids FROM "
                    + ClickHouseIdentifiers.qualified(database, failureTable) + " FINAL", Map.of());
            assertEquals(String.valueOf(records), counts.column("rows").getFirst());
            assertEquals(String.valueOf(records), counts.column("ids").getFirst());
        }
    }

    @Test
    void everyFlowFileEndsUpStoredRetriedOrFailedAndEveryRecordIsARow() {
        final Random random = new Random(6);
        int expectedRows = 0;
        int transient_ = 0;
        for (int i = 0; i < 40; i++) {
            final int kind = random.nextInt(4);
            switch (kind) {
                case 0 -> {
                    final int count = 1 + random.nextInt(30);
                    runner.enqueue(HouseTrades.jsonArray(HouseTrades.range(random.nextInt(6000), count)),
                            Map.of("spotlight.error.source", "PutClickHouseBatch", "spotlight.error.class", "permanent"));
                    expectedRows += count;
                }
                case 1 -> {
                    final byte[] garbage = new byte[1 + random.nextInt(4096)];
                    random.nextBytes(garbage);
                    runner.enqueue(garbage, Map.of("filename", "garbage-" + i));
                    expectedRows++;
                }
                case 2 -> {
                    runner.enqueue("{\"ticker\": \"NVDA\", \"amount\": ", Map.of("record.error.message", "Unexpected end-of-input"));
                    expectedRows++;
                }
                default -> {
                    runner.enqueue("{}", Map.of("error.message", "Connection refused", "error.sql.state", "08001"));
                    transient_++;
                }
            }
        }
        runner.setProperty(RouteToFailureDb.BATCH_SIZE, "7");
        runner.setProperty(RouteToFailureDb.RETRY_BACKOFF, "0 sec");

        runner.run(10);

        final int stored = runner.getFlowFilesForRelationship(RouteToFailureDb.REL_STORED).size();
        final int retried = runner.getFlowFilesForRelationship(RouteToFailureDb.REL_RETRY).size();
        final int failed = runner.getFlowFilesForRelationship(RouteToFailureDb.REL_FAILURE).size();
        assertEquals(40, stored + retried + failed + runner.getQueueSize().getObjectCount(), "FlowFiles in == FlowFiles out");
        assertEquals(0, runner.getQueueSize().getObjectCount());
        assertEquals(0, failed);
        assertEquals(transient_, retried);
        assertEquals(expectedRows, failureRows(null).size(), "one row per failed record, one per unreadable content");
        final long rowsByAttribute = runner.getFlowFilesForRelationship(RouteToFailureDb.REL_STORED).stream()
                .mapToLong(flowFile -> Long.parseLong(flowFile.getAttribute("spotlight.failure.rows"))).sum();
        assertEquals(expectedRows, rowsByAttribute);
        assertFalse(runner.getCounterValue("Failure rows stored") == null);
    }
}
