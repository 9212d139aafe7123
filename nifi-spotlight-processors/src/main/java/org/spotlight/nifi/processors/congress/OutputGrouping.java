package org.spotlight.nifi.processors.congress;

import org.spotlight.nifi.DescribedEnum;

/** How FetchCongressTrades groups records into FlowFiles. */
enum OutputGrouping implements DescribedEnum {
    PER_FILING("One FlowFile per filing", "Each filing's records in their own FlowFile, with the filing's attributes (id, member, document URL)."),
    PER_RUN("One FlowFile per run", "All records of one run in a single FlowFile: fewer, larger FlowFiles for backfills.");

    private final Description describedAs;

    OutputGrouping(final String displayName, final String description) {
        this.describedAs = new Description(displayName, description);
    }

    @Override
    public Description describedAs() {
        return describedAs;
    }
}
