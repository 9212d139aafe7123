package org.spotlight.clickhouse.ddl;

import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.types.ClickHouseType;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TableDefinitionTest {

    private static final List<ColumnDefinition> COLUMNS = List.of(
            ColumnDefinition.forField("doc_id", ClickHouseType.of("String"), true, true),
            ColumnDefinition.forField("traded", ClickHouseType.of("Date"), true, true),
            ColumnDefinition.forField("amount", ClickHouseType.parse("Decimal(18, 2)"), true, false),
            ColumnDefinition.forField("tags", ClickHouseType.parse("Array(String)"), true, false));

    @Test
    void mergeTreeWithKeysAndDeduplicationWindow() {
        final TableDefinition table = new TableDefinition("spotlight", "house trades", COLUMNS, TableEngine.MERGE_TREE, null,
                "doc_id, traded", "toYYYYMM(traded)", null, null, 1000);

        assertEquals("CREATE TABLE IF NOT EXISTS `spotlight`.`house trades` (`doc_id` String, `traded` Date, "
                + "`amount` Nullable(Decimal(18, 2)), `tags` Array(String)) ENGINE = MergeTree() PARTITION BY toYYYYMM(traded) "
                + "ORDER BY (doc_id, traded) SETTINGS non_replicated_deduplication_window = 1000", table.createStatement());
    }

    @Test
    void replicatedReplacingMergeTreeWithVersionAndStoragePolicy() {
        final TableDefinition table = new TableDefinition("spotlight", "trades", COLUMNS, TableEngine.REPLACING_MERGE_TREE, "traded",
                "doc_id", null, new TableDefinition.Replication("/clickhouse/tables/{shard}/spotlight.trades", "{replica}"), "s3 main", 1000);

        assertEquals("CREATE TABLE IF NOT EXISTS `spotlight`.`trades` (`doc_id` String, `traded` Date, `amount` Nullable(Decimal(18, 2)), "
                + "`tags` Array(String)) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/spotlight.trades', '{replica}', `traded`) "
                + "ORDER BY doc_id SETTINGS storage_policy = 's3 main'", table.createStatement());
    }

    @Test
    void noOrderByMeansTuple() {
        final TableDefinition table = new TableDefinition("d", "t", COLUMNS.subList(0, 1), TableEngine.MERGE_TREE, null, null, null, null, null, 0);

        assertEquals("CREATE TABLE IF NOT EXISTS `d`.`t` (`doc_id` String) ENGINE = MergeTree() ORDER BY tuple()", table.createStatement());
    }

    @Test
    void namesAreQuotedAndLiteralsEscaped() {
        final TableDefinition table = new TableDefinition("d", "t`x", List.of(new ColumnDefinition("a`b", ClickHouseType.of("String"))),
                TableEngine.MERGE_TREE, null, null, null, new TableDefinition.Replication("/p/'x", "r"), null, 0);

        assertEquals("CREATE TABLE IF NOT EXISTS `d`.`t\\`x` (`a\\`b` String) ENGINE = ReplicatedMergeTree('/p/\\'x', 'r') ORDER BY tuple()",
                table.createStatement());
    }

    @Test
    void addColumn() {
        final ColumnDefinition column = ColumnDefinition.forField("new field", ClickHouseType.of("Int64"), true, false);
        assertEquals("ALTER TABLE `d`.`t` ADD COLUMN `new field` Nullable(Int64)", TableDefinition.addColumnStatement("d", "t", column, false));
        assertEquals("ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `new field` Nullable(Int64)", TableDefinition.addColumnStatement("d", "t", column, true));
    }

    @Test
    void rejectsInjectionThroughKeyExpressions() {
        assertThrows(IllegalArgumentException.class, () -> new TableDefinition("d", "t", COLUMNS, TableEngine.MERGE_TREE, null,
                "doc_id) ENGINE = Memory; DROP TABLE x; --", null, null, null, 0));
    }

    @Test
    void versionColumnOnlyForReplacingMergeTree() {
        assertThrows(IllegalArgumentException.class, () -> new TableDefinition("d", "t", COLUMNS, TableEngine.MERGE_TREE, "traded",
                null, null, null, null, 0));
    }
}
