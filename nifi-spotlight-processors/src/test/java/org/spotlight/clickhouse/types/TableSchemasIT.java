package org.spotlight.clickhouse.types;

import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.nifi.service.clickhouse.StandardClickHouseConnectionService;
import org.spotlight.testing.LocalServices;
import org.spotlight.testing.LocalStack;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Column metadata and type strings exactly as the real server reports them. */
class TableSchemasIT {

    private StandardClickHouseConnectionService clickHouse;
    private String table;

    @BeforeEach
    void setUp() throws InitializationException {
        final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
        clickHouse = LocalServices.clickHouse(runner, "clickhouse");
        table = LocalStack.uniqueName("it_schema");
    }

    @AfterEach
    void tearDown() {
        clickHouse.execute("DROP TABLE IF EXISTS " + ClickHouseIdentifiers.quote(table), Map.of());
    }

    @Test
    void readsColumnsInTableOrderWithParsedTypesAndDefaults() {
        clickHouse.execute("CREATE TABLE " + ClickHouseIdentifiers.quote(table) + " ("
                + " id UInt64, amount Nullable(Decimal(18, 2)), owner Enum8('self' = 1, 'spouse' = 2, 'o''brien' = 3),"
                + " traded DateTime('America/New_York'), tags Array(LowCardinality(String)), pair Tuple(UInt8, String),"
                + " `amount max` Nullable(Float64), fetched_at DateTime DEFAULT now(), year UInt16 MATERIALIZED toYear(traded)"
                + ") ENGINE = MergeTree ORDER BY id", Map.of());

        final List<ClickHouseColumn> columns = TableSchemas.columns(clickHouse, LocalStack.clickHouseDatabase(), table).orElseThrow();

        assertEquals(List.of("id", "amount", "owner", "traded", "tags", "pair", "amount max", "fetched_at", "year"),
                columns.stream().map(ClickHouseColumn::name).toList());
        assertEquals("Nullable(Decimal(18, 2))", columns.get(1).type().toString());
        assertEquals(Map.of("self", 1, "spouse", 2, "o'brien", 3), columns.get(2).type().enumValues());
        assertEquals("America/New_York", columns.get(3).type().stringParameter(0, null));
        assertEquals("LowCardinality", columns.get(4).type().argument(0).family());
        assertEquals("DEFAULT", columns.get(7).defaultKind());
        assertTrue(columns.get(7).hasDefaultExpression());
        assertTrue(columns.get(7).isInsertable());
        assertFalse(columns.get(8).isInsertable(), "MATERIALIZED columns cannot be inserted");
    }

    @Test
    void missingTableIsEmpty() {
        assertTrue(TableSchemas.columns(clickHouse, LocalStack.clickHouseDatabase(), table + "_missing").isEmpty());
    }
}
