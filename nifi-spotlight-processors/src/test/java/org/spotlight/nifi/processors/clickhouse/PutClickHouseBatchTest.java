package org.spotlight.nifi.processors.clickhouse;

import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.ddl.TableEngine;
import org.spotlight.clickhouse.insert.BatchInserter;
import org.spotlight.clickhouse.insert.Deduplication;
import org.spotlight.clickhouse.insert.RecordFailures;
import org.spotlight.clickhouse.insert.RowBinaryWithNamesAndTypes;
import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.nifi.NullHandling;
import org.spotlight.nifi.SpotlightAttributes;
import org.spotlight.nifi.processors.typing.InferSchemaAndCast;
import org.spotlight.clickhouse.client.ClickHouseCapability;
import org.spotlight.testing.FakeClickHouse;


import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PutClickHouseBatch in a nifi-mock TestRunner with real JSON readers and writers and a scripted ClickHouse stand-in:
 * configuration, batching, routing and attributes. PutClickHouseBatchIT and the other *IT tests run the same processor
 * against the real server.
 */
class PutClickHouseBatchTest {

    private static final Map<String, String> TRADES = new LinkedHashMap<>();

    static {
        TRADES.put("id", "UInt64");
        TRADES.put("member", "String");
    }

    private final FakeClickHouse clickHouse = new FakeClickHouse(Map.of("id", ClickHouseType.of("UInt64"), "member", ClickHouseType.of("String")));
    private TestRunner runner;

    @BeforeEach
    void setUp() throws InitializationException {
        clickHouse.table("trades", TRADES, "MergeTree", "MergeTree ORDER BY id SETTINGS index_granularity = 8192");
        runner = TestRunners.newTestRunner(PutClickHouseBatch.class);
        runner.addControllerService("clickhouse", clickHouse);
        runner.enableControllerService(clickHouse);
        ClickHouseFixture.configure(runner, "clickhouse");
        runner.setProperty(PutClickHouseBatch.TABLE, "trades");
    }

    private static String trades(final int from, final int to) {
        final StringBuilder json = new StringBuilder();
        for (int id = from; id < to; id++) {
            json.append("{\"id\": ").append(id).append(", \"member\": \"Member ").append(id).append("\"}\n");
        }
        return json.toString();
    }

    @Test
    void validatesExpressionsMappingsAndSettings() {
        runner.assertValid();
        runner.setProperty(PutClickHouseBatch.CREATE_TABLE, "true");
        runner.setProperty(PutClickHouseBatch.ORDER_BY, "id; DROP TABLE trades");
        runner.assertNotValid();
        runner.setProperty(PutClickHouseBatch.ORDER_BY, "(id, member)");
        runner.assertValid();
        // "Empty for none": an empty string, as the UI's "Set empty string" or a flow definition gives it, is no sorting key.
        runner.setProperty(PutClickHouseBatch.ORDER_BY, "");
        runner.assertValid();
        runner.setProperty(PutClickHouseBatch.PARTITION_BY, " ");
        runner.assertValid();
        runner.removeProperty(PutClickHouseBatch.PARTITION_BY);
        runner.setProperty(PutClickHouseBatch.ORDER_BY, "(id, member)");
        runner.setProperty(PutClickHouseBatch.FIELD_MAPPING, "a=b, c");
        runner.assertNotValid();
        runner.setProperty(PutClickHouseBatch.FIELD_MAPPING, "Transaction Date=traded");
        runner.assertValid();
        runner.setProperty("max_insert_block_size", "1048576");
        runner.assertValid();
        runner.setProperty("async_insert", "1");
        runner.assertNotValid();
        runner.removeProperty("async_insert");
        runner.setProperty("max insert", "1");
        runner.assertNotValid();
    }

    @Test
    void settingsThatWouldSwitchOffDeduplicationOrErrorsAreRefused() {
        for (String setting : new String[]{"insert_deduplicate", "insert_deduplication_token", "async_insert", "wait_for_async_insert",
                "input_format_allow_errors_ratio", "input_format_defaults_for_omitted_fields"}) {
            runner.setProperty(setting, "0");
            runner.assertNotValid();
            runner.removeProperty(setting);
        }
        runner.setProperty("insert_quorum", "2");
        runner.assertValid();
    }

    @Test
    void aBatchLandsAndEveryFlowFileSaysWhere() {
        runner.setProperty("max_insert_block_size", "1048576");
        runner.enqueue(trades(0, 3), Map.of("record.count", "3"));
        runner.enqueue(trades(3, 5), Map.of("kafka.topic", "trades", "kafka.partition", "1", "kafka.offset", "40", "kafka.max.offset", "41"));

        runner.run();

        runner.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_SUCCESS, 2);
        assertEquals(1, clickHouse.accepted.size());
        assertEquals(5, clickHouse.acceptedRows().size());
        final FakeClickHouse.Insert insert = clickHouse.accepted.getFirst();
        assertEquals("`spotlight`.`trades`", insert.table());
        assertEquals("RowBinary", insert.format());
        assertEquals("1048576", insert.settings().get("max_insert_block_size"), "dynamic properties are passed through");
        assertFalse(insert.settings().containsKey("async_insert"), "18.16 has no async_insert: not sent");
        assertFalse(insert.settings().containsKey(BatchInserter.DEDUPLICATION_TOKEN));

        final MockFlowFile hashed = runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS).stream()
                .filter(flowFile -> flowFile.getAttribute("kafka.topic") == null).findFirst().orElseThrow();
        hashed.assertAttributeEquals(PutClickHouseBatch.ROWS_WRITTEN, "3");
        hashed.assertAttributeEquals(SpotlightAttributes.RECORD_COUNT, "3");
        hashed.assertAttributeEquals(SpotlightAttributes.TARGET_DATABASE, "spotlight");
        hashed.assertAttributeEquals(SpotlightAttributes.TARGET_TABLE, "trades");
        hashed.assertAttributeEquals(PutClickHouseBatch.DEDUPLICATION, Deduplication.NONE.description());
        assertTrue(hashed.getAttribute(PutClickHouseBatch.IDEMPOTENCY_KEY).startsWith("sha256:"));
        final MockFlowFile kafka = runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS).stream()
                .filter(flowFile -> flowFile.getAttribute("kafka.topic") != null).findFirst().orElseThrow();
        kafka.assertAttributeEquals(PutClickHouseBatch.IDEMPOTENCY_KEY, "kafka:trades/1/40-41");
        assertEquals(hashed.getAttribute(PutClickHouseBatch.BATCH_KEY), kafka.getAttribute(PutClickHouseBatch.BATCH_KEY));
        assertEquals(hashed.getAttribute(PutClickHouseBatch.QUERY_ID), kafka.getAttribute(PutClickHouseBatch.QUERY_ID));

        final List<ProvenanceEventRecord> sends = runner.getProvenanceEvents().stream()
                .filter(event -> event.getEventType() == ProvenanceEventType.SEND).toList();
        assertEquals(2, sends.size());
        assertTrue(sends.getFirst().getTransitUri().endsWith("/spotlight/trades"), sends.getFirst().getTransitUri());
        assertEquals(5, runner.getCounterValue("Records Written"));
        assertEquals(1, runner.getCounterValue("Inserts"));
    }

    @Test
    void modernServersGetTokensAsyncInsertOffAndRowBinaryWithDefaults() {
        clickHouse.serverInfo = FakeClickHouse.serverInfo(EnumSet.of(ClickHouseCapability.ROW_BINARY, ClickHouseCapability.ROW_BINARY_WITH_DEFAULTS,
                ClickHouseCapability.INSERT_DEDUPLICATION_TOKEN, ClickHouseCapability.ASYNC_INSERT));
        clickHouse.table("trades", TRADES, "MergeTree", "MergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 1000");
        runner.enqueue(trades(0, 2));

        runner.run();

        runner.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_SUCCESS, 1);
        final FakeClickHouse.Insert insert = clickHouse.accepted.getFirst();
        assertEquals("RowBinaryWithDefaults", insert.format());
        assertEquals(0, insert.settings().get("async_insert"));
        assertEquals(1, insert.settings().get("insert_deduplicate"));
        final MockFlowFile landed = runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS).getFirst();
        assertEquals(landed.getAttribute(PutClickHouseBatch.BATCH_KEY), insert.settings().get(BatchInserter.DEDUPLICATION_TOKEN));
        landed.assertAttributeEquals(PutClickHouseBatch.DEDUPLICATION, Deduplication.TOKEN.description());
    }

    @Test
    void whenTheServerIsUnreachableTheBatchGoesToRetryTogether() {
        clickHouse.failWhen(insert -> FakeClickHouse.connectionRefused());
        runner.enqueue(trades(0, 2));
        runner.enqueue(trades(2, 4));

        runner.run();

        runner.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_RETRY, 2);
        final List<MockFlowFile> retried = runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_RETRY);
        for (MockFlowFile flowFile : retried) {
            assertTrue(flowFile.isPenalized());
            flowFile.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "CONNECTION");
            flowFile.assertAttributeEquals(SpotlightAttributes.ERROR_RETRYABLE, "true");
            flowFile.assertAttributeEquals(SpotlightAttributes.ERROR_CLASS, "transient");
            flowFile.assertAttributeEquals(SpotlightAttributes.ERROR_SOURCE, "PutClickHouseBatch");
            // RouteToFailureDb, which decides about retries, counts them: once each.
            flowFile.assertAttributeNotExists(SpotlightAttributes.RETRY_COUNT);
            flowFile.assertAttributeEquals(PutClickHouseBatch.RETRY_BATCH_SIZE, "2");
        }
        assertEquals(retried.get(0).getAttribute(PutClickHouseBatch.RETRY_BATCH), retried.get(1).getAttribute(PutClickHouseBatch.RETRY_BATCH));

        runner.clearTransferState();
        retried.forEach(flowFile -> runner.enqueue(flowFile.getContent(), flowFile.getAttributes()));
        runner.run();
        runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_RETRY).forEach(flowFile ->
                flowFile.assertAttributeNotExists(SpotlightAttributes.RETRY_COUNT));
    }

    @Test
    void aRetriedBatchRepeatsTheTokensOfTheFirstAttempt() {
        clickHouse.serverInfo = FakeClickHouse.serverInfo(EnumSet.of(ClickHouseCapability.ROW_BINARY, ClickHouseCapability.INSERT_DEDUPLICATION_TOKEN));
        clickHouse.table("trades", TRADES, "ReplicatedMergeTree", "ReplicatedMergeTree('/t', '{replica}') ORDER BY id");
        final int[] attempts = {0};
        clickHouse.failWhen(insert -> attempts[0]++ == 0 ? FakeClickHouse.connectionRefused() : null);
        for (int i = 0; i < 4; i++) {
            runner.enqueue(trades(i * 10, i * 10 + 10));
        }
        runner.run();
        final List<MockFlowFile> retried = runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_RETRY);
        assertEquals(List.of("0", "1", "2", "3"), retried.stream().map(flowFile -> flowFile.getAttribute(PutClickHouseBatch.RETRY_BATCH_INDEX)).toList());

        runner.clearTransferState();
        // Back in another order (and, in nifi-mock, with new uuids): the batch is rebuilt in its original order.
        for (int i = retried.size() - 1; i >= 0; i--) {
            runner.enqueue(retried.get(i).getContent(), retried.get(i).getAttributes());
        }
        runner.run();

        runner.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_SUCCESS, 4);
        assertEquals(2, clickHouse.attempts.size());
        assertEquals(clickHouse.attempts.get(0).settings().get(BatchInserter.DEDUPLICATION_TOKEN),
                clickHouse.attempts.get(1).settings().get(BatchInserter.DEDUPLICATION_TOKEN));
        assertEquals(clickHouse.attempts.get(0).rows(), clickHouse.attempts.get(1).rows());
    }

    @Test
    void anIncompleteRetriedBatchWaitsForItsOtherMembers() {
        runner.enqueue(trades(0, 2), Map.of(PutClickHouseBatch.RETRY_BATCH, "abc", PutClickHouseBatch.RETRY_BATCH_SIZE, "2"));

        runner.run();

        runner.assertQueueNotEmpty();
        assertEquals(0, clickHouse.attempts.size());

        runner.enqueue(trades(2, 4), Map.of(PutClickHouseBatch.RETRY_BATCH, "abc", PutClickHouseBatch.RETRY_BATCH_SIZE, "2"));
        runner.run();

        runner.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_SUCCESS, 2);
        assertEquals(1, clickHouse.accepted.size());
    }

    @Test
    void aBatchThatIsNotFullWaitsUpToMaxBatchWait() {
        runner.setProperty(PutClickHouseBatch.MAX_BATCH_WAIT, "1 hour");
        runner.enqueue(trades(0, 2), Map.of("record.count", "2"));

        runner.run();

        runner.assertQueueNotEmpty();
        assertEquals(0, clickHouse.attempts.size());

        runner.setProperty(PutClickHouseBatch.MAX_BATCH_ROWS, "2");
        runner.run();
        runner.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_SUCCESS, 1);
    }

    @Test
    void recordsThatFailAreSplitOffTheLandedOnes() {
        runner.enqueue("{\"id\": 1, \"member\": \"a\"}\n{\"id\": -1, \"member\": \"b\"}\n{\"id\": 3, \"member\": \"c\"}\n");

        runner.run();

        runner.assertTransferCount(PutClickHouseBatch.REL_SUCCESS, 1);
        runner.assertTransferCount(PutClickHouseBatch.REL_FAILURE, 1);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, RecordFailures.CAST_FAILED);
        failed.assertAttributeEquals(SpotlightAttributes.RECORD_INDEXES, "1");
        failed.assertAttributeEquals(SpotlightAttributes.RECORD_COUNT, "1");
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_CLASS, "permanent");
        failed.assertAttributeEquals("mime.type", "application/json");
        assertEquals("[{\"id\":-1,\"member\":\"b\"}]", failed.getContent());
        final MockFlowFile landed = runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS).getFirst();
        landed.assertAttributeEquals(SpotlightAttributes.RECORD_COUNT, "2");
        landed.assertAttributeEquals(PutClickHouseBatch.ROWS_WRITTEN, "2");
        assertEquals("[{\"id\":1,\"member\":\"a\"},{\"id\":3,\"member\":\"c\"}]", landed.getContent());
        assertEquals(1, runner.getCounterValue("Records Failed"));
    }

    @Test
    void aFlowFileWhoseRecordsAllFailGoesToFailureUnchanged() {
        final String content = "{\"id\": \"x\", \"member\": \"a\"}\n{\"id\": \"y\", \"member\": \"b\"}\n";
        runner.enqueue(content);

        runner.run();

        final MockFlowFile failed = runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst();
        failed.assertContentEquals(content);
        failed.assertAttributeEquals(SpotlightAttributes.RECORD_INDEXES, "0,1");
        failed.assertAttributeEquals(PutClickHouseBatch.ROWS_WRITTEN, "0");
        assertEquals(0, clickHouse.acceptedRows().size());
    }

    @Test
    void targetsFromExpressionLanguageAreValidated() {
        runner.setProperty(PutClickHouseBatch.TABLE, "${kafka.topic}");
        runner.enqueue(trades(0, 1), Map.of("kafka.topic", "trades; DROP TABLE trades"));
        runner.enqueue(trades(0, 1));

        runner.run();

        runner.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_FAILURE, 2);
        final List<String> messages = runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).stream()
                .map(flowFile -> flowFile.getAttribute(SpotlightAttributes.ERROR_MESSAGE)).sorted().toList();
        assertEquals(List.of("Table name 'trades; DROP TABLE trades' is not allowed: names from data may only contain letters, digits, "
                + "'_', '-', '.', '$' and single spaces between them", "The Table property evaluated to an empty name"), messages);
        assertTrue(clickHouse.statements.isEmpty());
    }

    @Test
    void unmatchedFieldsCanFailTheFlowFile() {
        runner.setProperty(PutClickHouseBatch.UNMATCHED_FIELD_BEHAVIOR, PutClickHouseBatch.UnmatchedFields.FAIL.getValue());
        runner.enqueue("{\"id\": 1, \"member\": \"a\", \"owner\": \"Spouse\"}");
        runner.enqueue(trades(1, 2));

        runner.run();

        runner.assertTransferCount(PutClickHouseBatch.REL_SUCCESS, 1);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, PutClickHouseBatch.UNMATCHED_FIELDS);
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_MESSAGE, "Fields [owner] have no column in `spotlight`.`trades`");
    }

    @Test
    void fieldsAreMappedToColumnsOfAnotherName() {
        runner.setProperty(PutClickHouseBatch.FIELD_MAPPING, "Senator=member, trade id = id");
        runner.enqueue("{\"trade id\": 7, \"Senator\": \"Ron Wyden\"}");

        runner.run();

        runner.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_SUCCESS, 1);
        assertEquals(List.of(List.of(7L, "Ron Wyden")), clickHouse.acceptedRows());
    }

    @Test
    void aMissingTableIsCreatedFromTheRecordSchema() {
        runner.setProperty(PutClickHouseBatch.TABLE, "new_trades");
        runner.setProperty(PutClickHouseBatch.CREATE_TABLE, "true");
        runner.setProperty(PutClickHouseBatch.TABLE_ENGINE, TableEngine.REPLACING_MERGE_TREE.getValue());
        runner.setProperty(PutClickHouseBatch.ORDER_BY, "id");
        runner.setProperty(PutClickHouseBatch.REPLICATED, "true");
        runner.enqueue("{\"id\": 1, \"member\": \"a\"}");

        runner.run();

        assertEquals(List.of("CREATE TABLE IF NOT EXISTS `spotlight`.`new_trades` (`id` Int32, `member` Nullable(String)) "
                + "ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/spotlight.new_trades', '{replica}') ORDER BY id"), clickHouse.statements);
        // The stand-in does not really create tables: the processor finds none afterwards and says so.
        runner.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_FAILURE, 1);
        runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst()
                .assertAttributeEquals(SpotlightAttributes.ERROR_CODE, PutClickHouseBatch.TABLE_SETUP_FAILED);
    }

    @Test
    void withoutARecordReaderTheJsonIsReadDirectlyAndNeedsNoWriter() {
        runner.removeProperty(PutClickHouseBatch.RECORD_READER);
        runner.removeProperty(PutClickHouseBatch.RECORD_WRITER);
        runner.assertValid();
        runner.enqueue("[{\"id\": 1, \"member\": \"a\", \"extra\": {\"x\": [1, 2]}}, {\"member\": \"b\", \"id\": 2}]");
        runner.enqueue(trades(3, 5));

        runner.run();

        runner.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_SUCCESS, 2);
        assertEquals(1, clickHouse.accepted.size(), "one insert for both FlowFiles");
        // FlowFiles are ordered by uuid within a batch: compare the rows, not their order.
        assertEquals(4, clickHouse.acceptedRows().size());
        assertEquals(Set.of(List.of(1L, "a"), List.of(2L, "b"), List.of(3L, "Member 3"), List.of(4L, "Member 4")), Set.copyOf(clickHouse.acceptedRows()));
        assertEquals(4, runner.getCounterValue("Records Written"));
        runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS)
                .forEach(flowFile -> assertTrue(flowFile.getAttribute(PutClickHouseBatch.IDEMPOTENCY_KEY).startsWith("sha256:")));
    }

    @Test
    void withoutARecordReaderRejectedRecordsAreSplitOffAsJsonLines() {
        runner.removeProperty(PutClickHouseBatch.RECORD_READER);
        runner.enqueue("{\"id\": 1, \"member\": \"a\"}\n{\"id\": -1, \"member\": \"b\", \"note\": 1.50}\n{\"id\": 3, \"member\": \"c\"}\n");

        runner.run();

        final MockFlowFile failed = runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, RecordFailures.CAST_FAILED);
        failed.assertAttributeEquals(SpotlightAttributes.RECORD_INDEXES, "1");
        failed.assertAttributeEquals(SpotlightAttributes.RECORD_COUNT, "1");
        failed.assertAttributeEquals("mime.type", "application/json");
        assertEquals("{\"id\":-1,\"member\":\"b\",\"note\":1.50}\n", failed.getContent(), "the record as it came, decimals as written");
        final MockFlowFile landed = runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS).getFirst();
        landed.assertAttributeEquals(SpotlightAttributes.RECORD_COUNT, "2");
        assertEquals("{\"id\":1,\"member\":\"a\"}\n{\"id\":3,\"member\":\"c\"}\n", landed.getContent());
        assertEquals(List.of(List.of(1L, "a"), List.of(3L, "c")), clickHouse.acceptedRows());
    }

    @Test
    void withoutARecordReaderARecordNamingAFieldTwiceFailsAloneAndIsKeptAsItCame() {
        runner.removeProperty(PutClickHouseBatch.RECORD_READER);
        runner.enqueue("{\"id\": 1, \"member\": \"a\"}\n{\"id\": 2, \"member\": \"b\", \"id\": 20}\n{\"id\": 3, \"member\": \"c\"}\n");

        runner.run();

        // Neither 2 nor 20 lands: which one the producer meant cannot be known.
        assertEquals(List.of(List.of(1L, "a"), List.of(3L, "c")), clickHouse.acceptedRows());
        final MockFlowFile failed = runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "DUPLICATE_KEY");
        failed.assertAttributeEquals(SpotlightAttributes.RECORD_INDEXES, "1");
        assertTrue(failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE).contains("names field 'id' more than once"),
                failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE));
        assertEquals("{\"id\": 2, \"member\": \"b\", \"id\": 20}\n", failed.getContent(), "its bytes, as they came");
        runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS).getFirst().assertAttributeEquals(SpotlightAttributes.RECORD_COUNT, "2");
    }

    @Test
    void withoutARecordReaderAFieldAbsentFromARecordLeavesItsColumnToTheDefault() {
        runner.removeProperty(PutClickHouseBatch.RECORD_READER);
        runner.setProperty(PutClickHouseBatch.FIELD_MAPPING, "name=member");
        runner.enqueue("{\"id\": 1, \"name\": \"a\"}\n{\"id\": 2, \"member\": \"not mapped\"}\n");

        runner.run();

        runner.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_SUCCESS, 1);
        // member has no default expression: its default is String's, '', written in the same insert.
        assertEquals(List.of(List.of("id", "member")), clickHouse.accepted.stream().map(FakeClickHouse.Insert::columns).toList());
        assertEquals(List.of(List.of(1L, "a"), List.of(2L, "")), clickHouse.acceptedRows());
    }

    @Test
    void withoutARecordReaderMalformedJsonFailsAloneAndTheRecordsAroundItLand() {
        runner.removeProperty(PutClickHouseBatch.RECORD_READER);
        runner.enqueue("{\"id\": 1, \"member\": \"a\"}\n{\"id\": 2, \"member\": }\n{\"id\": 3, \"member\": \"c\"}\n");
        runner.enqueue(trades(5, 6));

        runner.run();

        // The batch's FlowFiles may go in either order.
        final List<List<Object>> rows = clickHouse.acceptedRows();
        assertEquals(3, rows.size(), rows.toString());
        assertTrue(rows.containsAll(List.of(List.of(1L, "a"), List.of(3L, "c"), List.of(5L, "Member 5"))), rows.toString());
        runner.assertTransferCount(PutClickHouseBatch.REL_SUCCESS, 2);
        runner.assertTransferCount(PutClickHouseBatch.REL_FAILURE, 1);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "INVALID_JSON");
        failed.assertAttributeEquals(SpotlightAttributes.RECORD_INDEXES, "1");
        failed.assertAttributeEquals(SpotlightAttributes.RECORD_COUNT, "1");
        assertTrue(failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE).contains("Record 1 (bytes 25 to 47)"),
                failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE));
        assertEquals("{\"id\": 2, \"member\": }\n", failed.getContent(), "the broken record's own bytes, as they came");
    }

    @Test
    void withoutARecordReaderValuesThatAreNoRecordsFailAloneAsTheyCame() {
        runner.removeProperty(PutClickHouseBatch.RECORD_READER);
        runner.enqueue("[{\"id\": 1, \"member\": \"a\"}, 42, \"x\", {\"id\": 2, \"member\": \"b\"}]");

        runner.run();

        assertEquals(List.of(List.of(1L, "a"), List.of(2L, "b")), clickHouse.acceptedRows());
        final MockFlowFile failed = runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "NOT_AN_OBJECT");
        failed.assertAttributeEquals(SpotlightAttributes.RECORD_INDEXES, "1,2");
        assertEquals("42\n\"x\"\n", failed.getContent());
        runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS).getFirst().assertAttributeEquals(SpotlightAttributes.RECORD_COUNT, "2");
    }

    @Test
    void withoutARecordReaderUnmatchedFieldsAreFoundByScanningTheJson() {
        runner.removeProperty(PutClickHouseBatch.RECORD_READER);
        runner.setProperty(PutClickHouseBatch.UNMATCHED_FIELD_BEHAVIOR, PutClickHouseBatch.UnmatchedFields.FAIL.getValue());
        runner.enqueue("{\"id\": 1, \"member\": \"a\"}\n{\"id\": 2, \"member\": \"b\", \"owner\": \"Spouse\"}");
        runner.enqueue(trades(1, 2));

        runner.run();

        runner.assertTransferCount(PutClickHouseBatch.REL_SUCCESS, 1);
        runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst()
                .assertAttributeEquals(SpotlightAttributes.ERROR_MESSAGE, "Fields [owner] have no column in `spotlight`.`trades`");
    }

    @Test
    void withoutARecordReaderAMissingTableIsCreatedFromTheScannedJson() {
        runner.removeProperty(PutClickHouseBatch.RECORD_READER);
        runner.setProperty(PutClickHouseBatch.TABLE, "new_trades");
        runner.setProperty(PutClickHouseBatch.CREATE_TABLE, "true");
        runner.setProperty(PutClickHouseBatch.ORDER_BY, "id");
        runner.enqueue("{\"id\": 1, \"member\": \"a\", \"price\": 1, \"tags\": [\"x\"], \"nested\": {\"a\": 1}, \"active\": true}\n"
                + "{\"id\": 2, \"member\": null, \"price\": 2.5, \"tags\": [], \"mixed\": 1}\n{\"id\": 3, \"mixed\": \"one\"}");

        runner.run();

        assertEquals(List.of("CREATE TABLE IF NOT EXISTS `spotlight`.`new_trades` (`id` Int64, `member` Nullable(String), "
                + "`price` Nullable(Float64), `tags` Array(String), `nested` Nullable(String), `active` Nullable(UInt8), "
                + "`mixed` Nullable(String)) ENGINE = MergeTree() ORDER BY id"), clickHouse.statements);
    }

    @Test
    void aFlowFileWithMoreFieldsThanMaxColumnsFailsAloneBeforeTheTableIsCreated() {
        runner.removeProperty(PutClickHouseBatch.RECORD_READER);
        runner.setProperty(PutClickHouseBatch.TABLE, "new_trades");
        runner.setProperty(PutClickHouseBatch.CREATE_TABLE, "true");
        runner.setProperty(PutClickHouseBatch.ORDER_BY, "tuple()");
        runner.setProperty(PutClickHouseBatch.UNMATCHED_FIELD_BEHAVIOR, PutClickHouseBatch.UnmatchedFields.FAIL.getValue());
        // The default bound, 1000 columns: a record of 1001 fields would make DDL that a server's max_query_size may refuse.
        final StringBuilder wide = new StringBuilder("{");
        for (int field = 0; field <= 1000; field++) {
            wide.append(field == 0 ? "" : ", ").append("\"f").append(field).append("\": ").append(field);
        }
        runner.enqueue(wide.append("}").toString());
        runner.enqueue("{\"id\": 1, \"member\": \"a\"}");

        runner.run();

        final MockFlowFile failed = runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "TOO_MANY_COLUMNS");
        assertEquals("The FlowFile's fields would give `spotlight`.`new_trades` 1001 columns, more than Max Columns (1000)",
                failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE));
        assertEquals(1, runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).stream()
                .filter(flowFile -> "TOO_MANY_COLUMNS".equals(flowFile.getAttribute(SpotlightAttributes.ERROR_CODE))).count());
        assertEquals(List.of("CREATE TABLE IF NOT EXISTS `spotlight`.`new_trades` (`id` Int64, `member` String) ENGINE = MergeTree() "
                + "ORDER BY tuple()"), clickHouse.statements);
    }

    @Test
    void fieldsThatWouldWidenATableBeyondMaxColumnsFailTheirFlowFileBeforeAnyColumnIsAdded() {
        runner.removeProperty(PutClickHouseBatch.RECORD_READER);
        runner.setProperty(PutClickHouseBatch.CREATE_TABLE, "true");
        runner.setProperty(PutClickHouseBatch.ADD_COLUMNS, "true");
        runner.setProperty(PutClickHouseBatch.MAX_COLUMNS, "3");
        runner.enqueue("{\"id\": 1, \"member\": \"a\", \"owner\": \"Spouse\", \"asset\": \"ACME\"}");
        runner.enqueue("{\"id\": 2, \"member\": \"b\", \"owner\": \"Self\"}");

        runner.run();

        final MockFlowFile failed = runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "TOO_MANY_COLUMNS");
        assertTrue(failed.getContent().contains("ACME"), failed.getContent());
        runner.assertTransferCount(PutClickHouseBatch.REL_FAILURE, 1);
        assertEquals(List.of("ALTER TABLE `spotlight`.`trades` ADD COLUMN `owner` Nullable(String)"), clickHouse.statements);
    }

    @Test
    void withoutARecordReaderTheColumnTypesInferSchemaAndCastWroteCreateTheTable() {
        runner.removeProperty(PutClickHouseBatch.RECORD_READER);
        runner.setProperty(PutClickHouseBatch.TABLE, "new_trades");
        runner.setProperty(PutClickHouseBatch.CREATE_TABLE, "true");
        runner.setProperty(PutClickHouseBatch.ORDER_BY, "(id, traded)");
        runner.enqueue("{\"id\": 1, \"traded\": \"2025-01-14\", \"amount\": 1.50}", Map.of(InferSchemaAndCast.ATTR_COLUMNS,
                "`id` Int64, `traded` Nullable(Date), `amount` Nullable(Decimal(16, 2)), `tags` Array(LowCardinality(String))"));

        runner.run();

        assertEquals(List.of("CREATE TABLE IF NOT EXISTS `spotlight`.`new_trades` (`id` Int64, `traded` Date, `amount` Nullable(Decimal(16, 2)), "
                + "`tags` Array(LowCardinality(String))) ENGINE = MergeTree() ORDER BY (id, traded)"), clickHouse.statements);
    }

    @Test
    void aColumnListThatCannotBeReadFailsItsFlowFile() {
        runner.removeProperty(PutClickHouseBatch.RECORD_READER);
        runner.setProperty(PutClickHouseBatch.ADD_COLUMNS, "true");
        runner.enqueue("{\"id\": 1}", Map.of(InferSchemaAndCast.ATTR_COLUMNS, "id Int64"));

        runner.run();

        final MockFlowFile failed = runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, RecordFailures.MALFORMED_RECORD);
        assertEquals("Cannot read the column list in spotlight.clickhouse.columns: Column 1 of 'id Int64' does not start with a back-quoted name",
                failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE));
    }

    /** InferSchemaAndCast's RowBinaryWithNamesAndTypes output, written with the same codec. */
    private static byte[] typedRows(final List<String> names, final List<String> types, final List<Object[]> rows) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (RowBinaryWithNamesAndTypes.Writer writer = new RowBinaryWithNamesAndTypes.Writer(bytes, names,
                types.stream().map(ClickHouseType::parse).toList())) {
            for (Object[] row : rows) {
                writer.write(row, null);
            }
        }
        return bytes.toByteArray();
    }

    private static final Map<String, String> ROW_BINARY = Map.of("mime.type", RowBinaryWithNamesAndTypes.MIME_TYPE);

    @Test
    void typedRowsAreReadByTheirMimeTypeWhateverRecordReaderIsSet() throws IOException {
        // The fixture configures a JSON Record Reader: it must not be asked to read binary rows.
        runner.enqueue(typedRows(List.of("id", "member"), List.of("UInt64", "String"), List.<Object[]>of(new Object[]{1L, "a"}, new Object[]{2L, "b"})), ROW_BINARY);
        // Nullable in the header, not in the table: a NULL takes String's default, as through value conversion.
        runner.enqueue(typedRows(List.of("id", "member"), List.of("UInt64", "Nullable(String)"), List.<Object[]>of(new Object[]{3L, null}, new Object[]{4L, "d"})),
                ROW_BINARY);
        // Another order than the table's: decoded and converted rather than forwarded, with the same result.
        runner.enqueue(typedRows(List.of("member", "id"), List.of("String", "Int64"), List.<Object[]>of(new Object[]{"e", 5L})), ROW_BINARY);

        runner.run();

        runner.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_SUCCESS, 3);
        assertEquals(1, clickHouse.accepted.size(), "one insert for all three FlowFiles");
        assertEquals(Set.of(List.of(1L, "a"), List.of(2L, "b"), List.of(3L, ""), List.of(4L, "d"), List.of(5L, "e")), Set.copyOf(clickHouse.acceptedRows()));
        assertEquals(5, clickHouse.acceptedRows().size());
        assertEquals(5, runner.getCounterValue("Records Written"));
    }

    @Test
    void aNullForANonNullableColumnIsItsDefaultByDefaultAndCounted() throws IOException {
        // A flow from before the property: NULL becomes the column's default, as it did (and as ClickHouse does), now counted.
        runner.removeProperty(PutClickHouseBatch.RECORD_READER);
        runner.enqueue("{\"id\": 1, \"member\": null}\n{\"id\": 2, \"member\": \"b\"}\n");
        runner.enqueue(typedRows(List.of("id", "member"), List.of("UInt64", "Nullable(String)"), List.<Object[]>of(new Object[]{3L, null})), ROW_BINARY);

        runner.run();

        runner.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_SUCCESS, 2);
        assertEquals(Set.of(List.of(1L, ""), List.of(2L, "b"), List.of(3L, "")), Set.copyOf(clickHouse.acceptedRows()));
        runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS)
                .forEach(flowFile -> flowFile.assertAttributeEquals(PutClickHouseBatch.NULLS_DEFAULTED, "1"));
    }

    @Test
    void aNullForANonNullableColumnFailsItsRecordWhenConfigured() throws IOException {
        runner.removeProperty(PutClickHouseBatch.RECORD_READER);
        runner.setProperty(PutClickHouseBatch.NULLS_IN_NON_NULLABLE, NullHandling.FAIL);
        runner.enqueue("{\"id\": 1, \"member\": null}\n{\"id\": 2, \"member\": \"b\"}\n");
        // Forwarded typed rows alike: a NULL in a Nullable header column is not written into the non-Nullable column.
        runner.enqueue(typedRows(List.of("id", "member"), List.of("UInt64", "Nullable(String)"),
                List.<Object[]>of(new Object[]{3L, "c"}, new Object[]{4L, null})), ROW_BINARY);

        runner.run();

        assertEquals(Set.of(List.of(2L, "b"), List.of(3L, "c")), Set.copyOf(clickHouse.acceptedRows()));
        final List<MockFlowFile> failed = runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE);
        assertEquals(2, failed.size());
        for (MockFlowFile flowFile : failed) {
            flowFile.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, RecordFailures.NULL_NOT_ALLOWED);
            flowFile.assertAttributeEquals(SpotlightAttributes.ERROR_MESSAGE, "Column `member`: NULL is not allowed in a non-Nullable column");
        }
        assertEquals(Set.of("0", "1"), Set.of(failed.get(0).getAttribute(SpotlightAttributes.RECORD_INDEXES),
                failed.get(1).getAttribute(SpotlightAttributes.RECORD_INDEXES)), "the JSON's first record, the typed rows' second");
        runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS)
                .forEach(flowFile -> flowFile.assertAttributeEquals(PutClickHouseBatch.NULLS_DEFAULTED, "0"));
    }

    @Test
    void typedRowsTheServerRejectsAreSplitOffAsJsonLines() throws IOException {
        runner.removeProperty(PutClickHouseBatch.RECORD_READER);
        // The server refuses any insert that holds row 2 (as it would a value its column cannot take).
        clickHouse.failWhen(insert -> insert.rows().stream().anyMatch(row -> row.getFirst().equals(2L))
                ? FakeClickHouse.serverError(53, "Type mismatch in row 2") : null);
        runner.enqueue(typedRows(List.of("id", "member"), List.of("UInt64", "Nullable(String)"),
                List.of(new Object[]{1L, "a"}, new Object[]{2L, null}, new Object[]{3L, "c"})), ROW_BINARY);

        runner.run();

        final MockFlowFile failed = runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(SpotlightAttributes.RECORD_INDEXES, "1");
        failed.assertAttributeEquals(SpotlightAttributes.RECORD_COUNT, "1");
        failed.assertAttributeEquals("mime.type", "application/json");
        assertEquals("{\"id\":2,\"member\":null}\n", failed.getContent(), "the typed record, readable by the failure store");
        final MockFlowFile landed = runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS).getFirst();
        landed.assertAttributeEquals(SpotlightAttributes.RECORD_COUNT, "2");
        assertEquals("{\"id\":1,\"member\":\"a\"}\n{\"id\":3,\"member\":\"c\"}\n", landed.getContent());
        assertEquals(List.of(List.of(1L, "a"), List.of(3L, "c")), clickHouse.acceptedRows());
    }

    @Test
    void typedRowsThatEndEarlyFailTheirFlowFileAlone() throws IOException {
        runner.removeProperty(PutClickHouseBatch.RECORD_READER);
        final byte[] whole = typedRows(List.of("id", "member"), List.of("UInt64", "String"), List.<Object[]>of(new Object[]{1L, "a"}, new Object[]{2L, "b"}));
        runner.enqueue(java.util.Arrays.copyOf(whole, whole.length - 2), ROW_BINARY);
        runner.enqueue(typedRows(List.of("id", "member"), List.of("UInt64", "String"), List.<Object[]>of(new Object[]{7L, "g"})), ROW_BINARY);

        runner.run();

        runner.assertTransferCount(PutClickHouseBatch.REL_SUCCESS, 1);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, RecordFailures.MALFORMED_RECORD);
        assertTrue(failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE).contains("Row 1 cannot be read"), failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE));
        assertEquals(List.of(List.of(7L, "g")), clickHouse.acceptedRows(), "the insert that held the cut FlowFile's first row was aborted");
    }

    @Test
    void aMissingTableIsCreatedFromTheTypedRowsHeader() throws IOException {
        runner.removeProperty(PutClickHouseBatch.RECORD_READER);
        runner.setProperty(PutClickHouseBatch.TABLE, "new_trades");
        runner.setProperty(PutClickHouseBatch.CREATE_TABLE, "true");
        runner.setProperty(PutClickHouseBatch.ORDER_BY, "id");
        runner.enqueue(typedRows(List.of("id", "traded", "amount"), List.of("Nullable(Int64)", "Nullable(Date)", "Nullable(Decimal(16, 2))"),
                List.<Object[]>of(new Object[]{1L, java.time.LocalDate.of(2025, 1, 14), new java.math.BigDecimal("1.50")})), ROW_BINARY);

        runner.run();

        // The key column is never Nullable; the rows still go in as bytes, the key's NULL flag stripped.
        assertEquals(List.of("CREATE TABLE IF NOT EXISTS `spotlight`.`new_trades` (`id` Int64, `traded` Nullable(Date), "
                + "`amount` Nullable(Decimal(16, 2))) ENGINE = MergeTree() ORDER BY id"), clickHouse.statements);
    }
}
