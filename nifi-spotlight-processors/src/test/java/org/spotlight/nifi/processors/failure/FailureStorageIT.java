package org.spotlight.nifi.processors.failure;

import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.nifi.SpotlightAttributes;
import org.spotlight.nifi.processors.clickhouse.ClickHouseFixture;
import org.spotlight.nifi.processors.clickhouse.PutClickHouseBatch;
import org.spotlight.nifi.service.clickhouse.StandardClickHouseConnectionService;
import org.spotlight.clickhouse.client.ClickHouseQueryResult;
import org.spotlight.testing.LocalServices;
import org.spotlight.testing.LocalStack;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A FlowFile of N failed records stores O(N) bytes: N records rejected by the real PutClickHouseBatch travel to
 * RouteToFailureDb with the attributes PutClickHouseBatch writes, and the failure table on the real ClickHouse holds
 * one row per record whose size does not grow with N. Prints the figures docs/failure-table.md quotes
 * ({@code -Dspotlight.failures.records=N} to measure another N).
 */
class FailureStorageIT {

    private static final int RECORDS = Integer.getInteger("spotlight.failures.records", 100_000);
    /** What one failure row may cost, whatever N: its payload, ids, error and the FlowFile's attributes. */
    private static final long MAX_BYTES_PER_ROW = 2_048;

    private TestRunner put;
    private TestRunner route;
    private StandardClickHouseConnectionService clickHouse;
    private String database;
    private String target;
    private String failureTable;

    @BeforeEach
    void setUp() throws Exception {
        database = LocalStack.clickHouseDatabase();
        target = LocalStack.uniqueName("it_storage_target");
        failureTable = LocalStack.uniqueName("it_storage_failures");
        put = TestRunners.newTestRunner(PutClickHouseBatch.class);
        LocalServices.clickHouse(put, "clickhouse");
        ClickHouseFixture.configure(put, "clickhouse");
        put.removeProperty(PutClickHouseBatch.RECORD_READER);
        put.setProperty(PutClickHouseBatch.TABLE, target);
        put.setProperty(PutClickHouseBatch.MAX_BATCH_ROWS, String.valueOf(RECORDS));

        route = TestRunners.newTestRunner(RouteToFailureDb.class);
        clickHouse = LocalServices.clickHouse(route, "clickhouse");
        LiveServices.jsonReader(route, "json-reader");
        route.setProperty(RouteToFailureDb.CLICKHOUSE_SERVICE, "clickhouse");
        route.setProperty(RouteToFailureDb.FAILURE_TABLE, failureTable);
        route.setProperty(RouteToFailureDb.RECORD_READER, "json-reader");
        clickHouse.execute("CREATE TABLE " + ClickHouseIdentifiers.qualified(database, target)
                + " (id UInt64, member String, shares UInt8) ENGINE = MergeTree ORDER BY id", Map.of());
    }

    @AfterEach
    void tearDown() {
        for (String table : List.of(target, failureTable, failureTable + "_replays")) {
            clickHouse.execute("DROP TABLE IF EXISTS " + ClickHouseIdentifiers.qualified(database, table), Map.of());
        }
    }

    @Test
    void aFlowFileOfManyFailedRecordsStoresBytesProportionalToItsRecords() {
        // Every record's shares are beyond UInt8: PutClickHouseBatch fails all of them with one error.
        final String content = IntStream.range(0, RECORDS)
                .mapToObj(i -> "{\"id\":" + i + ",\"member\":\"Member " + i + "\",\"shares\":" + (1000 + i) + "}")
                .collect(Collectors.joining("\n"));
        put.enqueue(content, Map.of("kafka.topic", "spotlight.congress.trades", "kafka.partition", "0", "kafka.offset", "0",
                "record.count", String.valueOf(RECORDS)));
        put.run();
        put.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_FAILURE, 1);
        final MockFlowFile failed = put.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "CAST_FAILED");
        final String indexes = failed.getAttribute(SpotlightAttributes.RECORD_INDEXES);
        final long attributeBytes = failed.getAttributes().entrySet().stream()
                .mapToLong(entry -> entry.getKey().length() + entry.getValue().getBytes(StandardCharsets.UTF_8).length).sum();

        route.enqueue(failed.toByteArray(), failed.getAttributes());
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long allocatedBefore = threads.getTotalThreadAllocatedBytes();
        final long started = System.nanoTime();
        route.run();
        final long millis = (System.nanoTime() - started) / 1_000_000;
        final long allocated = threads.getTotalThreadAllocatedBytes() - allocatedBefore;
        route.assertAllFlowFilesTransferred(RouteToFailureDb.REL_STORED, 1);

        final String qualified = ClickHouseIdentifiers.qualified(database, failureTable);
        final ClickHouseQueryResult stored = clickHouse.query("SELECT count() AS rows, sum(length(attributes)) AS attributes,"
                + " sum(length(payload)) AS payload, countIf(source_record_index IS NOT NULL) AS indexed FROM " + qualified, Map.of());
        final long rows = Long.parseLong(stored.column("rows").getFirst());
        final long attributesStored = Long.parseLong(stored.column("attributes").getFirst());
        final long payloadStored = Long.parseLong(stored.column("payload").getFirst());
        final ClickHouseQueryResult parts = clickHouse.query("SELECT sum(data_uncompressed_bytes) AS uncompressed,"
                + " sum(data_compressed_bytes) AS compressed FROM system.parts WHERE active AND database = "
                + ClickHouseIdentifiers.literal(database) + " AND table = " + ClickHouseIdentifiers.literal(failureTable), Map.of());
        final long uncompressed = Long.parseLong(parts.column("uncompressed").getFirst());
        final long compressed = Long.parseLong(parts.column("compressed").getFirst());

        System.out.printf("RESULT failure-storage records=%d index_attribute_bytes=%d flowfile_attribute_bytes=%d rows=%d"
                        + " attributes_column_bytes=%d payload_bytes=%d table_uncompressed_bytes=%d table_compressed_bytes=%d"
                        + " uncompressed_bytes_per_row=%d allocated_bytes=%d millis=%d%n",
                RECORDS, indexes.length(), attributeBytes, rows, attributesStored, payloadStored, uncompressed, compressed,
                uncompressed / Math.max(1, rows), allocated, millis);

        assertEquals(RECORDS, rows);
        assertEquals(String.valueOf(RECORDS), stored.column("indexed").getFirst(), "every row knows its record's index");
        assertTrue(uncompressed / rows <= MAX_BYTES_PER_ROW, uncompressed / rows + " bytes per failure row");
        assertTrue(attributeBytes <= 4_096, "the failure FlowFile's attributes take " + attributeBytes + " bytes for " + RECORDS + " records");
    }
}
