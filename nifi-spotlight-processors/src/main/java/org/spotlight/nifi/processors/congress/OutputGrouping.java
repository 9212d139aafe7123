package org.spotlight.nifi.processors.congress;

import org.apache.nifi.components.DescribedValue;

/** How FetchCongressTrades groups records into FlowFiles. */
enum OutputGrouping implements DescribedValue {
    PER_FILING("One FlowFile per filing", "Each filing's records in their own FlowFile, with the filing's attributes (id, member, document URL)."),
    PER_RUN("One FlowFile per run", "All records of one run in a single FlowFile: fewer, larger FlowFiles for backfills.");

    private final String displayName;
    private final String description;

    OutputGrouping(final String displayName, final String description) {
        this.displayName = displayName;
        this.description = description;
    }

    @Override
    public String getValue() {
        return name();
    }

    @Override
    public String getDisplayName() {
        return displayName;
    }

    @Override
    public String getDescription() {
        return description;
    }
}
