package org.spotlight.clickhouse.ddl;

import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.TargetTable;
import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.clickhouse.client.ClickHouseCapability;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;
import org.spotlight.clickhouse.client.ClickHouseVersion;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table planned for a batch whose table is missing, with server answers as 18.16 and 24.8 give them. */
class TablePlannerTest {

    private static final ClickHouseServerInfo V18 = new ClickHouseServerInfo(ClickHouseVersion.parse("18.16.1"), "UTC",
            EnumSet.of(ClickHouseCapability.ROW_BINARY), Set.of(), List.of());
    private static final ClickHouseServerInfo V24 = new ClickHouseServerInfo(ClickHouseVersion.parse("24.8.4.13"), "UTC",
            EnumSet.of(ClickHouseCapability.NON_REPLICATED_DEDUPLICATION_WINDOW), Set.of(), List.of("default", "s3"));
    private static final TargetTable TRADES = new TargetTable("spotlight", "trades");

    private static TablePlanner planner(final String orderBy, final String storagePolicy, final boolean replicated) {
        return new TablePlanner(TableEngine.MERGE_TREE, null, orderBy, "toYYYYMM(traded)", storagePolicy, replicated,
                "/clickhouse/tables/{shard}/{database}.{table}", "{replica}", 1000);
    }

    @Test
    void columnsAreTheUnionOfTheFieldsInOrderOfAppearanceWithMappedNamesAndNonNullableKeys() {
        final List<SourceField> first = List.of(new SourceField("Doc Id", ClickHouseType.of("String"), true),
                new SourceField("amount", ClickHouseType.of("Int64"), true));
        final List<SourceField> second = List.of(new SourceField("amount", ClickHouseType.of("Float64"), true),
                new SourceField("traded", ClickHouseType.of("Date"), true));
        final TableDefinition table = planner("doc_id", null, false).plan(V24, TRADES, Map.of("Doc Id", "doc_id"), List.of(first, second));

        assertEquals(List.of("doc_id String", "amount Nullable(Int64)", "traded Date"),
                table.columns().stream().map(column -> column.name() + " " + column.type()).toList(),
                "the first field of a name decides its type; ORDER BY and PARTITION BY columns are not Nullable");
        assertEquals(1000, table.nonReplicatedDeduplicationWindow());
        assertNull(table.replication());
    }

    @Test
    void serversWithoutTheWindowGetNoneAndReplicatedTablesTheirOwnPath() {
        final TableDefinition table = planner(null, null, true).plan(V18, TRADES, Map.of(),
                List.of(List.of(new SourceField("traded", ClickHouseType.of("Date"), false))));
        assertEquals(0, table.nonReplicatedDeduplicationWindow());
        assertEquals("/clickhouse/tables/{shard}/spotlight.trades", table.replication().zooKeeperPath());
        assertTrue(table.createStatement().contains("Replicated"), table.createStatement());
    }

    @Test
    void refusesAStoragePolicyTheServerLacksAndNamesThatCannotBeColumns() {
        final List<List<SourceField>> fields = List.of(List.of(new SourceField("id", ClickHouseType.of("Int64"), false)));
        assertEquals("Storage policy 'cold' is not one of the server's policies [default, s3]",
                assertThrows(IllegalArgumentException.class, () -> planner(null, "cold", false).plan(V24, TRADES, Map.of(), fields)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> planner(null, "s3", false).plan(V18, TRADES, Map.of(), fields))
                .getMessage().contains("ClickHouse 18.16.1 has none"));
        assertThrows(IllegalArgumentException.class, () -> planner(null, null, false).plan(V24, TRADES, Map.of(),
                List.of(List.of(new SourceField("a`; DROP TABLE x", ClickHouseType.of("Int64"), false)))));
    }
}
