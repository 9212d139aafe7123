package org.spotlight.clickhouse.insert;

import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.client.ClickHouseCapability;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;
import org.spotlight.clickhouse.client.ClickHouseVersion;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The settings pinned on every insert, for an 18.16 server (none of the newer settings) and a 24.8 one. */
class InsertSettingsTest {

    private static final ClickHouseServerInfo V18 = new ClickHouseServerInfo(ClickHouseVersion.parse("18.16.1"), "UTC",
            EnumSet.of(ClickHouseCapability.ROW_BINARY, ClickHouseCapability.DEFAULTS_FOR_OMITTED_FIELDS), Set.of(), List.of());
    private static final ClickHouseServerInfo V24 = new ClickHouseServerInfo(ClickHouseVersion.parse("24.8.4.13"), "UTC",
            EnumSet.of(ClickHouseCapability.ROW_BINARY, ClickHouseCapability.ASYNC_INSERT, ClickHouseCapability.DEFAULTS_FOR_OMITTED_FIELDS),
            Set.of(), List.of());

    @Test
    void asyncInsertIsPinnedOffWhereTheServerHasIt() {
        assertEquals(Map.of("max_insert_block_size", "1048576", "async_insert", 0, "insert_deduplicate", 1),
                InsertSettings.of(Map.of("max_insert_block_size", "1048576"), V24, false, Deduplication.TOKEN, InsertFormat.ROW_BINARY));
        assertEquals(Map.of("max_insert_block_size", "1048576"),
                InsertSettings.of(Map.of("max_insert_block_size", "1048576"), V18, false, Deduplication.NONE, InsertFormat.ROW_BINARY));
    }

    @Test
    void asyncInsertsWaitAndDeduplicateWhenRetriesAre() {
        assertEquals(Map.of("async_insert", 1, "wait_for_async_insert", 1, "async_insert_deduplicate", 1, "insert_deduplicate", 1),
                InsertSettings.of(Map.of(), V24, true, Deduplication.TOKEN, InsertFormat.ROW_BINARY));
        assertEquals(Map.of("async_insert", 1, "wait_for_async_insert", 1),
                InsertSettings.of(Map.of(), V24, true, Deduplication.NONE, InsertFormat.ROW_BINARY));
    }

    @Test
    void jsonEachRowOmissionsTakeTheColumnDefault() {
        assertEquals(Map.of("insert_deduplicate", 1, "input_format_defaults_for_omitted_fields", 1),
                InsertSettings.of(Map.of(), V18, false, Deduplication.BLOCK_HASH, InsertFormat.JSON_EACH_ROW));
    }
}
