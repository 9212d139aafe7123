package org.spotlight.congress.model;

import java.util.Locale;

/** How a filer's Bioguide id was found, or why there is none: recorded with every trade as {@code member_match}. */
public enum MemberMatch {
    /** A legislator with a term in the filing's chamber (and state, district when filed) covering the filing date. */
    TERM,
    /**
     * A former legislator known only by their last term (legislators-historical.csv): that term's chamber and state, and the
     * filed name; party and state are the last term's.
     */
    LAST_TERM,
    /** The source names the Bioguide id itself (the Senate Stock Watcher's daily files). */
    DATASET,
    /** Several legislators fit the filing equally well: the id is left empty rather than guessed. */
    AMBIGUOUS,
    /** No legislator fits the filed name, chamber, state and date. */
    UNMATCHED,
    /** No legislators list was configured. */
    NO_LOOKUP;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
