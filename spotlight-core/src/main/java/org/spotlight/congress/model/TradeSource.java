package org.spotlight.congress.model;

import java.util.Locale;

/** Where a trade record came from. Official sources are authoritative; community datasets serve backfill. */
public enum TradeSource {
    /** The House Clerk's yearly financial disclosure index and its PTR PDFs. */
    HOUSE_CLERK(Chamber.HOUSE, true),
    /** The Senate's electronic Financial Disclosure (eFD) search and its PTR pages. */
    SENATE_EFD(Chamber.SENATE, true),
    /** A community dataset in the House Stock Watcher JSON format. */
    HOUSE_STOCK_WATCHER(Chamber.HOUSE, false),
    /** A community dataset in the Senate Stock Watcher JSON format. */
    SENATE_STOCK_WATCHER(Chamber.SENATE, false);

    private final Chamber chamber;
    private final boolean official;

    TradeSource(final Chamber chamber, final boolean official) {
        this.chamber = chamber;
        this.official = official;
    }

    public Chamber chamber() {
        return chamber;
    }

    public boolean official() {
        return official;
    }

    /** The value written to records and state keys, e.g. {@code house_clerk}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TradeSource fromCode(final String code) {
        final String normalized = code.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (TradeSource source : values()) {
            if (source.code().equals(normalized)) {
                return source;
            }
        }
        throw new IllegalArgumentException("Unknown source '" + code + "' (expected house-clerk, senate-efd, "
                + "house-stock-watcher or senate-stock-watcher)");
    }
}
