package org.spotlight.nifi.processors.clickhouse;

import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.nifi.SpotlightAttributes;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PutClickHouseBatch against the real ClickHouse of the local stack. */
class PutClickHouseBatchIT {

    private ClickHouseFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ClickHouseFixture();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private static String jsonLines(final int from, final int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> String.format("{\"id\": %d, \"member\": \"Member %d\", \"amount\": \"%d.50\", \"traded\": \"2025-01-%02d\"}",
                        i, i, i * 10, 1 + i % 28))
                .collect(Collectors.joining("\n"));
    }

    @Test
    void batchesManyFlowFilesIntoOneInsert() {
        final String table = fixture.table("it_batch");
        fixture.execute("CREATE TABLE " + table + " (id UInt64, member String, amount Decimal(18, 2), traded Date) ENGINE = MergeTree ORDER BY id");
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
}
