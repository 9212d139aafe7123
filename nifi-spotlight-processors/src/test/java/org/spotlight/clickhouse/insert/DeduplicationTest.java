package org.spotlight.clickhouse.insert;

import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.client.ClickHouseCapability;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;
import org.spotlight.clickhouse.client.ClickHouseVersion;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The choice of deduplication, with server answers recorded from 18.16 (no tokens) and 24.8 (tokens). */
class DeduplicationTest {

    private static final ClickHouseServerInfo V18 = new ClickHouseServerInfo(ClickHouseVersion.parse("18.16.1"), "UTC",
            EnumSet.of(ClickHouseCapability.ROW_BINARY), Set.of(), List.of());
    private static final ClickHouseServerInfo V24 = new ClickHouseServerInfo(ClickHouseVersion.parse("24.8.4.13"), "UTC",
            EnumSet.of(ClickHouseCapability.ROW_BINARY, ClickHouseCapability.INSERT_DEDUPLICATION_TOKEN,
                    ClickHouseCapability.NON_REPLICATED_DEDUPLICATION_WINDOW), Set.of(), List.of());

    @Test
    void oldServersDeduplicateOnlyReplicatedTablesByBlockHash() {
        assertEquals(Deduplication.BLOCK_HASH, Deduplication.decide(V18, "ReplicatedMergeTree",
                "ReplicatedMergeTree('/clickhouse/tables/{shard}/spotlight.t', '{replica}') ORDER BY id SETTINGS index_granularity = 8192", 0));
        assertEquals(Deduplication.BLOCK_HASH, Deduplication.decide(V18, "ReplicatedReplacingMergeTree", "", 0));
        assertEquals(Deduplication.NONE, Deduplication.decide(V18, "MergeTree", "MergeTree ORDER BY id SETTINGS index_granularity = 8192", 0));
    }

    @Test
    void modernServersUseTokensWhereTheTableRemembersThem() {
        assertEquals(Deduplication.TOKEN, Deduplication.decide(V24, "ReplicatedMergeTree", "", 0));
        assertEquals(Deduplication.TOKEN, Deduplication.decide(V24, "MergeTree",
                "MergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 1000, index_granularity = 8192", 0));
        assertEquals(Deduplication.TOKEN, Deduplication.decide(V24, "MergeTree", "MergeTree ORDER BY id", 100));
        assertEquals(Deduplication.NONE, Deduplication.decide(V24, "MergeTree", "MergeTree ORDER BY id SETTINGS index_granularity = 8192", 0));
        assertEquals(Deduplication.NONE, Deduplication.decide(V24, "MergeTree",
                "MergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 0", 100));
        assertEquals(Deduplication.NONE, Deduplication.decide(V24, "Memory", "Memory", 100));
    }
}
