package org.spotlight.nifi.processors.congress;

import org.spotlight.nifi.DescribedEnum;

/** Where FetchCongressTrades reads documents from. */
enum DocumentOrigin implements DescribedEnum {
    WEB("Official sites", "Fetch indexes and documents from the House Clerk, the Senate eFD and the community dataset URLs."),
    REPLAY("Raw archive (replay)", "Read the documents archived earlier back from the Object Storage Service instead of the web, "
            + "e.g. to re-run a parse after an upgrade. Nothing is fetched from the web.");

    private final Description describedAs;

    DocumentOrigin(final String displayName, final String description) {
        this.describedAs = new Description(displayName, description);
    }

    @Override
    public Description describedAs() {
        return describedAs;
    }
}
