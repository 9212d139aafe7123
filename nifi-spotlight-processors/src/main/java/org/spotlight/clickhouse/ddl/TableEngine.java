package org.spotlight.clickhouse.ddl;

/** The table engines Spotlight creates tables with. */
public enum TableEngine {
    /** Keeps every row. */
    MERGE_TREE("MergeTree"),
    /** Keeps the last row (or the one with the highest version) for each ORDER BY key, eventually: on merges and with FINAL. */
    REPLACING_MERGE_TREE("ReplacingMergeTree");

    private final String sqlName;

    TableEngine(final String sqlName) {
        this.sqlName = sqlName;
    }

    public String sqlName(final boolean replicated) {
        return replicated ? "Replicated" + sqlName : sqlName;
    }
}
