package org.spotlight.clickhouse.ddl;

import org.spotlight.DescribedOption;

/** The table engines Spotlight creates tables with; the display name is the engine's SQL name. */
public enum TableEngine implements DescribedOption {
    MERGE_TREE("MergeTree", "Keeps every row."),
    REPLACING_MERGE_TREE("ReplacingMergeTree",
            "Keeps one row per ORDER BY key (the one with the highest Version Column), eventually: after merges, or at once with FINAL.");

    private final Description describedAs;

    TableEngine(final String sqlName, final String description) {
        this.describedAs = new Description(sqlName, description);
    }

    public String sqlName(final boolean replicated) {
        return replicated ? "Replicated" + describedAs.displayName() : describedAs.displayName();
    }

    @Override
    public Description describedAs() {
        return describedAs;
    }
}
