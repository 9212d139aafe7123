package org.spotlight.failure;

import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.client.ClickHouseCapability;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;
import org.spotlight.clickhouse.client.ClickHouseVersion;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DDL for both kinds of server. 18.16 runs here and FailureStoreIT creates the table on it for real; the modern
 * server's capabilities are given as ClickHouse 24.8 reports them, since no modern server can run on the build machines.
 */
class FailureTableTest {

    /** What the connection service detects on the local 18.16.1 (LowCardinality is listed but experimental there). */
    static final ClickHouseServerInfo CLICKHOUSE_18_16 = new ClickHouseServerInfo(ClickHouseVersion.parse("18.16.1"), "UTC",
            EnumSet.of(ClickHouseCapability.ROW_BINARY), Set.of("String", "UInt64", "DateTime", "Nullable", "LowCardinality", "UUID"), List.of());

    static final ClickHouseServerInfo CLICKHOUSE_24_8 = new ClickHouseServerInfo(ClickHouseVersion.parse("24.8.4.13"), "UTC",
            EnumSet.of(ClickHouseCapability.ROW_BINARY, ClickHouseCapability.ASYNC_INSERT, ClickHouseCapability.INSERT_DEDUPLICATION_TOKEN),
            Set.of("String", "UInt64", "DateTime", "DateTime64", "Nullable", "LowCardinality", "Map", "UUID"), List.of("default"));

    @Test
    void ddlFor18_16UsesOnlyWhatItHas() {
        final FailureTable table = new FailureTable("spotlight", "spotlight_failures", CLICKHOUSE_18_16);
        final String ddl = table.createStatement();
        assertTrue(ddl.startsWith("CREATE TABLE IF NOT EXISTS `spotlight`.`spotlight_failures`\n(\n    `failure_id` String COMMENT "), ddl);
        assertTrue(ddl.contains("`ingested_at` DateTime('UTC') COMMENT"), ddl);
        assertTrue(ddl.contains("`error_class` String COMMENT"), ddl);
        assertFalse(ddl.contains("LowCardinality"), ddl);
        assertFalse(ddl.contains("DateTime64"), ddl);
        assertTrue(ddl.endsWith("ENGINE = ReplacingMergeTree()\nPARTITION BY toYYYYMM(ingested_at)\n"
                + "ORDER BY (target_database, target_table, failure_id)"), ddl);
        assertEquals("2025-01-14 10:30:00", table.timestamp(Instant.parse("2025-01-14T10:30:00.123Z")));

        final String replays = table.createReplaysStatement();
        assertTrue(replays.startsWith("CREATE TABLE IF NOT EXISTS `spotlight`.`spotlight_failures_replays`"), replays);
        assertTrue(replays.endsWith("ENGINE = MergeTree()\nPARTITION BY toYYYYMM(replayed_at)\nORDER BY (failure_id, replayed_at)"), replays);
    }

    @Test
    void ddlForModernServersUsesMillisecondsAndLowCardinality() {
        final FailureTable table = new FailureTable("spotlight", "spotlight_failures", CLICKHOUSE_24_8);
        final String ddl = table.createStatement();
        assertTrue(ddl.contains("`ingested_at` DateTime64(3, 'UTC') COMMENT"), ddl);
        assertTrue(ddl.contains("`error_class` LowCardinality(String) COMMENT"), ddl);
        assertTrue(ddl.contains("`payload` String COMMENT"), ddl);
        assertTrue(ddl.contains("`source_offset` Nullable(Int64) COMMENT"), ddl);
        assertEquals("2025-01-14 10:30:00.123", table.timestamp(Instant.parse("2025-01-14T10:30:00.123Z")));
        assertTrue(table.createReplaysStatement().contains("`replayed_at` DateTime64(3, 'UTC')"));
    }

    @Test
    void olderTablesGetTheColumnsTheyLack() {
        final FailureTable table = new FailureTable("spotlight", "spotlight_failures", CLICKHOUSE_18_16);
        final List<String> existing = table.columns().stream().map(FailureTable.Column::name)
                .filter(name -> !name.equals("replay_count") && !name.equals("parse_error")).toList();
        assertEquals(List.of(
                "ALTER TABLE `spotlight`.`spotlight_failures` ADD COLUMN `parse_error` String COMMENT 'Why the content was stored whole rather than as records (Record Reader error); empty otherwise'",
                "ALTER TABLE `spotlight`.`spotlight_failures` ADD COLUMN `replay_count` UInt32 COMMENT 'How often the record had been replayed before this failure (spotlight.replay.count)'"),
                table.addMissingColumns(existing));
        assertEquals(List.of(), table.addMissingReplayColumns(table.replayColumns().stream().map(FailureTable.Column::name).toList()));
    }

    @Test
    void namesAreQuotedAndChecked() {
        final FailureTable table = new FailureTable("ops db", "fail`ures", CLICKHOUSE_18_16);
        assertEquals("`ops db`.`fail\\`ures`", table.qualifiedName());
        assertEquals("`ops db`.`fail\\`ures_replays`", table.qualifiedReplaysName());
        assertThrows(IllegalArgumentException.class, () -> new FailureTable("spotlight", "bad\nname", CLICKHOUSE_18_16));
        assertThrows(IllegalArgumentException.class, () -> new FailureTable("spotlight", "", CLICKHOUSE_18_16));
    }
}
