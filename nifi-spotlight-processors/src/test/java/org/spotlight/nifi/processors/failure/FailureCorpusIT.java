package org.spotlight.nifi.processors.failure;

import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.clickhouse.insert.RowBinaryWithNamesAndTypes;
import org.spotlight.nifi.service.clickhouse.StandardClickHouseConnectionService;
import org.spotlight.testing.HostileInputs;
import org.spotlight.testing.HostileInputs.HostileInput;
import org.spotlight.testing.HostileRowBinary;
import org.spotlight.testing.LocalServices;
import org.spotlight.testing.LocalStack;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every case of the hostile-input corpus, and every hostile RowBinaryWithNamesAndTypes content, as a failure that
 * RouteToFailureDb stores (content stored whole, and records read with NiFi's JsonTreeReader) in the local stack's
 * real ClickHouse and S3 server, then ReplayFailures gives back. Per case: the FlowFile is stored, the failure rows stand
 * for exactly the records the corpus counts, and a failure stored whole comes back byte for byte, invalid UTF-8, NUL bytes
 * and 100 MB strings included.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailureCorpusIT {

    private TestRunner route;
    private TestRunner replay;
    private StandardClickHouseConnectionService clickHouse;
    private String database;
    private String failureTable;

    @BeforeAll
    void setUp() throws Exception {
        database = LocalStack.clickHouseDatabase();
        failureTable = LocalStack.uniqueName("it_corpus_failures");
        final String bucket = LocalStack.uniqueName("it-corpus").replace('_', '-');

        route = TestRunners.newTestRunner(RouteToFailureDb.class);
        clickHouse = LiveServices.failureStore(route, failureTable, bucket);

        replay = TestRunners.newTestRunner(ReplayFailures.class);
        LocalServices.clickHouse(replay, "clickhouse", null, LiveServices.CLICKHOUSE_TIMEOUTS);
        LocalServices.s3(replay, "s3", null);
        replay.setProperty(ReplayFailures.CLICKHOUSE_SERVICE, "clickhouse");
        replay.setProperty(ReplayFailures.FAILURE_TABLE, failureTable);
        replay.setProperty(ReplayFailures.OBJECT_STORAGE_SERVICE, "s3");
        replay.setProperty(ReplayFailures.REPLAY_FILTER, "flowfile_uuid = '${replay.uuid}'");
        replay.setIncomingConnection(true);
    }

    @AfterAll
    void tearDown() {
        for (String table : List.of(failureTable, failureTable + "_replays")) {
            clickHouse.execute("DROP TABLE IF EXISTS " + ClickHouseIdentifiers.qualified(database, table), Map.of());
        }
    }

    static Stream<HostileInput> corpus() {
        return HostileInputs.all().stream();
    }

    static List<HostileRowBinary.Case> rowBinary() {
        return HostileRowBinary.all();
    }

    /** Stores one failed FlowFile; returns it as stored. */
    private MockFlowFile store(final byte[] content, final Map<String, String> attributes, final boolean withReader) {
        if (withReader) {
            route.setProperty(RouteToFailureDb.RECORD_READER, "json-reader");
        } else {
            route.removeProperty(RouteToFailureDb.RECORD_READER);
        }
        route.clearTransferState();
        final java.util.Map<String, String> all = new java.util.HashMap<>(attributes);
        all.putIfAbsent("spotlight.error.class", "permanent");
        all.putIfAbsent("spotlight.error.source", "FailureCorpusIT");
        final MockFlowFile failed = route.enqueue(content, all);
        route.run();
        route.assertAllFlowFilesTransferred(RouteToFailureDb.REL_STORED, 1);
        return failed;
    }

    private List<List<String>> rows(final MockFlowFile failed) {
        return clickHouse.query("SELECT payload_kind, toString(records) AS records, payload_size, parse_error FROM "
                + ClickHouseIdentifiers.qualified(database, failureTable) + " FINAL WHERE flowfile_uuid = "
                + ClickHouseIdentifiers.literal(failed.getAttribute("uuid")) + " ORDER BY record_index", Map.of()).rows();
    }

    private static long records(final List<List<String>> rows) {
        return rows.stream().mapToLong(row -> Long.parseLong(row.get(1))).sum();
    }

    /** Replays the FlowFile's stored failures and returns what came back. */
    private List<MockFlowFile> replayed(final MockFlowFile failed) {
        replay.clearTransferState();
        replay.enqueue("", Map.of("replay.uuid", failed.getAttribute("uuid")));
        replay.run();
        replay.assertTransferCount(ReplayFailures.REL_ORIGINAL, 1);
        return new ArrayList<>(replay.getFlowFilesForRelationship(ReplayFailures.REL_SUCCESS));
    }

    private static String sha256(final byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void storedWholeEveryCaseComesBackByteForByte(final HostileInput input) throws Exception {
        final byte[] content = input.bytes();
        final MockFlowFile failed = store(content, Map.of(), false);

        final List<List<String>> rows = rows(failed);
        assertEquals(1, rows.size(), input.name());
        assertEquals(input.records(), records(rows), input.name() + ": the row stands for the records the corpus counts");
        final List<MockFlowFile> back = replayed(failed);
        assertEquals(1, back.size(), input.name());
        assertEquals(content.length, back.getFirst().getSize(), input.name());
        assertEquals(sha256(content), sha256(back.getFirst().toByteArray()), input.name() + ": the very bytes that failed");
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void readWithARecordReaderEveryRecordIsAccountedFor(final HostileInput input) throws Exception {
        final byte[] content = input.bytes();
        final MockFlowFile failed = store(content, Map.of(), true);

        final List<List<String>> rows = rows(failed);
        assertEquals(input.records(), records(rows), input.name() + ": " + rows.stream().map(row -> row.get(0) + "/" + row.get(3)).toList());
        final List<MockFlowFile> back = replayed(failed);
        if (rows.size() == 1 && !"record".equals(rows.getFirst().get(0))) {
            assertArrayEquals(content, back.getFirst().toByteArray(), input.name() + ": stored whole, it comes back whole");
        } else {
            final long lines = back.stream().mapToLong(flowFile -> flowFile.getContent().lines().count()).sum();
            assertEquals(rows.size(), lines, input.name() + ": one line per stored record");
        }
    }

    @ParameterizedTest
    @MethodSource("rowBinary")
    void hostileTypedRowsAreStoredAndAccountedFor(final HostileRowBinary.Case hostile) throws Exception {
        final MockFlowFile failed = store(hostile.content(), Map.of("mime.type", RowBinaryWithNamesAndTypes.MIME_TYPE), true);

        final List<List<String>> rows = rows(failed);
        assertEquals(hostile.records(), records(rows), hostile.name() + ": " + rows.stream().map(row -> row.get(0) + "/" + row.get(3)).toList());
        final List<MockFlowFile> back = replayed(failed);
        if (rows.size() == 1 && !"record".equals(rows.getFirst().get(0))) {
            assertArrayEquals(hostile.content(), back.getFirst().toByteArray(), hostile.name() + ": the very bytes that failed");
        } else {
            assertTrue(back.stream().allMatch(flowFile -> "application/json".equals(flowFile.getAttribute("mime.type"))), hostile.name());
        }
    }
}
