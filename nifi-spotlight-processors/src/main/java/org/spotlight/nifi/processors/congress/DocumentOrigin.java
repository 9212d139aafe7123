package org.spotlight.nifi.processors.congress;

import org.apache.nifi.components.DescribedValue;

/** Where FetchCongressTrades reads documents from. */
enum DocumentOrigin implements DescribedValue {
    WEB("Official sites", "Fetch indexes and documents from the House Clerk, the Senate eFD and the community dataset URLs."),
    REPLAY("Raw archive (replay)", "Read the documents archived earlier back from the Object Storage Service instead of the web, "
            + "e.g. to re-run a parse after an upgrade. Nothing is fetched from the web.");

    private final String displayName;
    private final String description;

    DocumentOrigin(final String displayName, final String description) {
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
