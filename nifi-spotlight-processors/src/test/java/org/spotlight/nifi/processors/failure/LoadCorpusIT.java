package org.spotlight.nifi.processors.failure;

import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.clickhouse.insert.RowBinaryWithNamesAndTypes;
import org.spotlight.SpotlightAttributes;
import org.spotlight.nifi.processors.clickhouse.ClickHouseFixture;
import org.spotlight.nifi.processors.clickhouse.PutClickHouseBatch;
import org.spotlight.nifi.service.clickhouse.StandardClickHouseConnectionService;
import org.spotlight.testing.HostileInputs;
import org.spotlight.testing.HostileInputs.HostileInput;
import org.spotlight.testing.HostileRowBinary;
import org.spotlight.testing.LocalServices;
import org.spotlight.testing.LocalStack;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every case of the hostile-input corpus, and every hostile RowBinaryWithNamesAndTypes content, loaded by the real
 * PutClickHouseBatch into the local stack's real ClickHouse, its failures stored by the real RouteToFailureDb, as the
 * kafka-to-clickhouse flow wires them: raw JSON (Spotlight's own parser), through NiFi's JsonTreeReader, and as typed
 * rows. Each hostile FlowFile shares its batch with a good one, which must land whatever its neighbour holds. Per case:
 * nothing goes to retry, every failure says what and where, and the rows landed plus the records the stored failures
 * stand for are the records the corpus counts; with Spotlight's parser, the good ones land. A case that wedges the
 * processor (a value whose conversion does not end) fails on the timeout instead of holding up the run.
 *
 * <p>Cases whose outcome is a known limitation of a component that is not Spotlight's are named in {@link #KNOWN}, with
 * the reason, and reported as skipped (not passed): NiFi's JsonTreeReader skips top-level values that are not objects
 * without an error, before PutClickHouseBatch sees them (raw JSON, Spotlight's parser, is the loss-free path and runs
 * the same cases without exclusion).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LoadCorpusIT {

    private static final String TABLE_ATTRIBUTE = "corpus.table";

    private static final String JSON_TREE_READER_SKIPS = "NiFi's JsonTreeReader skips top-level values that are not objects "
            + "without an error, so they reach neither a row nor a failure; documented in PutClickHouseBatch's additionalDetails.md "
            + "(raw JSON, without a Record Reader, is the loss-free path)";

    /** Corpus cases through a Record Reader whose loss is the reader's, not Spotlight's: case name → why. */
    static final Map<String, String> KNOWN = Map.of(
            "json-null", JSON_TREE_READER_SKIPS,
            "scalar-number", JSON_TREE_READER_SKIPS,
            "scalar-string", JSON_TREE_READER_SKIPS,
            "scalar-boolean", JSON_TREE_READER_SKIPS,
            "array-of-scalars", JSON_TREE_READER_SKIPS,
            "array-mixed", JSON_TREE_READER_SKIPS);

    private TestRunner put;
    private TestRunner route;
    private StandardClickHouseConnectionService clickHouse;
    private String database;
    private String failureTable;
    private final List<String> tables = new ArrayList<>();

    @BeforeAll
    void setUp() throws Exception {
        database = LocalStack.clickHouseDatabase();
        failureTable = LocalStack.uniqueName("it_load_corpus_failures");

        put = TestRunners.newTestRunner(PutClickHouseBatch.class);
        LocalServices.clickHouse(put, "clickhouse", null, LiveServices.CLICKHOUSE_TIMEOUTS);
        ClickHouseFixture.configure(put, "clickhouse");
        put.setProperty(PutClickHouseBatch.TABLE, "${" + TABLE_ATTRIBUTE + "}");
        put.setProperty(PutClickHouseBatch.CREATE_TABLE, "true");
        // Loss-free: a field without a column fails its FlowFile rather than being left out (the default ignores it).
        put.setProperty(PutClickHouseBatch.UNMATCHED_FIELD_BEHAVIOR, PutClickHouseBatch.UnmatchedFields.FAIL);

        route = TestRunners.newTestRunner(RouteToFailureDb.class);
        clickHouse = LiveServices.failureStore(route, failureTable, LocalStack.uniqueName("it-load-corpus").replace('_', '-'));
        route.setProperty(RouteToFailureDb.RECORD_READER, "json-reader");
    }

    @AfterAll
    void tearDown() {
        tables.add(failureTable);
        tables.add(failureTable + "_replays");
        for (String table : tables) {
            clickHouse.execute("DROP TABLE IF EXISTS " + ClickHouseIdentifiers.qualified(database, table), Map.of());
        }
    }

    static List<HostileInput> corpus() {
        return HostileInputs.all();
    }

    static List<HostileRowBinary.Case> rowBinary() {
        return HostileRowBinary.all();
    }

    private long count(final String sql) {
        return Long.parseLong(clickHouse.query(sql, Map.of()).rows().getFirst().getFirst());
    }

    private boolean exists(final String table) {
        return !clickHouse.query("SELECT name FROM system.tables WHERE database = " + ClickHouseIdentifiers.literal(database)
                + " AND name = " + ClickHouseIdentifiers.literal(table), Map.of()).rows().isEmpty();
    }

    /** What became of one hostile FlowFile loaded in one batch with a good one. */
    private record Outcome(long landed, long failedRecords, List<String> failures) {
    }

    /**
     * Loads the hostile content and a good FlowFile in one batch into a table of their own, stores what failed, and
     * counts: the hostile FlowFile's rows landed, and the records its stored failures stand for.
     *
     * @param createdBy the table's DDL columns, or null to let PutClickHouseBatch create it from the records
     */
    private Outcome load(final String name, final byte[] hostile, final Map<String, String> hostileAttributes, final byte[] good,
                         final Map<String, String> goodAttributes, final boolean withReader, final String createdBy) {
        final String table = LocalStack.uniqueName("it_load_" + name.replace('-', '_'));
        tables.add(table);
        if (createdBy != null) {
            clickHouse.execute("CREATE TABLE " + ClickHouseIdentifiers.qualified(database, table) + " " + createdBy
                    + " ENGINE = MergeTree ORDER BY tuple()", Map.of());
        }
        if (withReader) {
            put.setProperty(PutClickHouseBatch.RECORD_READER, "reader");
        } else {
            put.removeProperty(PutClickHouseBatch.RECORD_READER);
        }
        // A case that failed part-way leaves its FlowFiles behind; they must not count for the next one.
        put.clearQueue();
        route.clearQueue();
        put.clearTransferState();
        route.clearTransferState();
        final Map<String, String> hostileAll = new HashMap<>(hostileAttributes);
        hostileAll.put(TABLE_ATTRIBUTE, table);
        hostileAll.put("corpus.hostile", "true");
        final Map<String, String> goodAll = new HashMap<>(goodAttributes);
        goodAll.put(TABLE_ATTRIBUTE, table);
        put.enqueue(hostile, hostileAll);
        put.enqueue(good, goodAll);
        // A FlowFile larger than a batch goes alone, so the good one may need a trigger of its own; a few are plenty.
        for (int trigger = 0; trigger < 4 && !put.isQueueEmpty(); trigger++) {
            put.run();
        }
        assertTrue(put.isQueueEmpty(), name + ": nothing is left in the queue (rolled back or wedged)");

        assertEquals(List.of(), put.getFlowFilesForRelationship(PutClickHouseBatch.REL_RETRY).stream()
                .map(flowFile -> flowFile.getAttribute(SpotlightAttributes.ERROR_MESSAGE)).toList(), name + ": nothing to retry");
        final List<MockFlowFile> failed = put.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE);
        for (MockFlowFile failure : failed) {
            assertFalse(failure.getAttribute(SpotlightAttributes.ERROR_CODE).isBlank(), name);
            assertFalse(failure.getAttribute(SpotlightAttributes.ERROR_MESSAGE).isBlank(), name);
        }
        assertTrue(put.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS).stream()
                        .anyMatch(flowFile -> flowFile.getAttribute("corpus.hostile") == null),
                name + ": the good FlowFile of the same batch lands: " + failed.stream()
                        .map(flowFile -> flowFile.getAttribute(SpotlightAttributes.ERROR_MESSAGE)).toList());

        failed.forEach(failure -> route.enqueue(failure.toByteArray(), failure.getAttributes()));
        route.run(Math.max(1, failed.size()));
        assertEquals(List.of(), route.getFlowFilesForRelationship(RouteToFailureDb.REL_FAILURE).stream()
                .map(flowFile -> flowFile.getAttribute(RouteToFailureDb.STORE_ERROR)).toList(), name + ": every failure is stored");
        route.assertAllFlowFilesTransferred(RouteToFailureDb.REL_STORED, failed.size());
        final String uuids = route.getFlowFilesForRelationship(RouteToFailureDb.REL_STORED).stream()
                .map(flowFile -> ClickHouseIdentifiers.literal(flowFile.getAttribute("uuid"))).collect(Collectors.joining(", ", "(", ")"));
        final long failedRecords = failed.isEmpty() ? 0 : count("SELECT sum(records) FROM "
                + ClickHouseIdentifiers.qualified(database, failureTable) + " FINAL WHERE flowfile_uuid IN " + uuids);
        final long rows = exists(table) ? count("SELECT count() FROM " + ClickHouseIdentifiers.qualified(database, table)) : 0;
        return new Outcome(rows - 1, failedRecords, failed.stream().map(flowFile -> flowFile.getAttribute(SpotlightAttributes.ERROR_CODE)
                + ": " + flowFile.getAttribute(SpotlightAttributes.ERROR_MESSAGE)).toList());
    }

    private static final byte[] GOOD_JSON = "{\"corpus_good\": \"yes\"}".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @MethodSource("corpus")
    void rawJsonEveryRecordLandsOrIsAStoredFailure(final HostileInput input) {
        final Outcome outcome = load(input.name(), input.bytes(), Map.of(), GOOD_JSON, Map.of(), false, null);
        assertEquals(input.records(), outcome.landed() + outcome.failedRecords(), input.name() + ": " + outcome);
        input.good().ifPresent(good -> assertEquals(good, outcome.landed(), input.name() + " lands its good records: " + outcome));
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void throughARecordReaderEveryRecordLandsOrIsAStoredFailure(final HostileInput input) {
        Assumptions.assumeFalse(KNOWN.containsKey(input.name()), () -> input.name() + ": known limitation: " + KNOWN.get(input.name()));
        final Outcome outcome = load(input.name(), input.bytes(), Map.of(), GOOD_JSON, Map.of(), true, null);
        assertEquals(input.records(), outcome.landed() + outcome.failedRecords(), input.name() + ": " + outcome);
    }

    @ParameterizedTest
    @MethodSource("rowBinary")
    void typedRowsEveryRecordLandsOrIsAStoredFailure(final HostileRowBinary.Case hostile) {
        final byte[] good = HostileRowBinary.header(List.of("a"), List.of("String"));
        final byte[] goodRow = new byte[good.length + 3];
        System.arraycopy(good, 0, goodRow, 0, good.length);
        goodRow[good.length] = 2;
        goodRow[good.length + 1] = 'o';
        goodRow[good.length + 2] = 'k';
        final Map<String, String> typed = Map.of("mime.type", RowBinaryWithNamesAndTypes.MIME_TYPE);
        final Outcome outcome = load(hostile.name(), hostile.content(), typed, goodRow, typed, false, HostileRowBinary.TABLE_COLUMNS);
        assertEquals(hostile.records(), outcome.landed() + outcome.failedRecords(), hostile.name() + ": " + outcome);
        assertEquals(hostile.good(), outcome.landed(), hostile.name() + ": " + outcome);
    }
}
