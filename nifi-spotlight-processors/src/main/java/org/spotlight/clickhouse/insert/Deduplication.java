package org.spotlight.clickhouse.insert;

import org.spotlight.clickhouse.client.ClickHouseCapability;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a retried insert is kept from landing twice, for one server and one table.
 */
public enum Deduplication {

    /**
     * The insert carries insert_deduplication_token, derived from the batch key and the insert's row range; the
     * table remembers recent tokens (replicated tables, or non-replicated ones with non_replicated_deduplication_window).
     */
    TOKEN("insert_deduplication_token"),
    /**
     * The server has no tokens, but the table is replicated: it remembers the hashes of recent blocks and drops an
     * insert whose block it has seen. Spotlight's inserts are deterministic, so a retried insert forms the same block.
     */
    BLOCK_HASH("replicated block hashes"),
    /** Neither: a batch retried after the server stored it is stored again (at-least-once). */
    NONE("none (at-least-once)");

    private static final Pattern WINDOW = Pattern.compile("non_replicated_deduplication_window\\s*=\\s*(\\d+)");

    private final String description;

    Deduplication(final String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /**
     * @param engine        the table's engine from system.tables, e.g. {@code ReplicatedMergeTree}
     * @param engineFull    the engine clause with its settings (system.tables.engine_full), may be empty
     * @param defaultWindow the server's default non_replicated_deduplication_window (0 when it has none)
     */
    public static Deduplication decide(final ClickHouseServerInfo server, final String engine, final String engineFull,
                                       final long defaultWindow) {
        final boolean replicated = engine != null && engine.startsWith("Replicated");
        final boolean tokens = server.supports(ClickHouseCapability.INSERT_DEDUPLICATION_TOKEN);
        if (replicated) {
            return tokens ? TOKEN : BLOCK_HASH;
        }
        if (tokens && engine != null && engine.endsWith("MergeTree") && windowOf(engineFull, defaultWindow) > 0) {
            return TOKEN;
        }
        return NONE;
    }

    static long windowOf(final String engineFull, final long defaultWindow) {
        final Matcher matcher = WINDOW.matcher(engineFull == null ? "" : engineFull);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : defaultWindow;
    }
}
