package org.spotlight.clickhouse.ddl;

import org.apache.nifi.components.DescribedValue;

/** The table engines Spotlight creates tables with. */
public enum TableEngine implements DescribedValue {
    MERGE_TREE("MergeTree", "Keeps every row."),
    REPLACING_MERGE_TREE("ReplacingMergeTree",
            "Keeps one row per ORDER BY key (the one with the highest Version Column), eventually: after merges, or at once with FINAL.");

    private final String sqlName;
    private final String description;

    TableEngine(final String sqlName, final String description) {
        this.sqlName = sqlName;
        this.description = description;
    }

    public String sqlName(final boolean replicated) {
        return replicated ? "Replicated" + sqlName : sqlName;
    }

    @Override
    public String getValue() {
        return name();
    }

    @Override
    public String getDisplayName() {
        return sqlName;
    }

    @Override
    public String getDescription() {
        return description;
    }
}
