package org.spotlight.congress.feed;

/** A filing an index lists, not yet processed: its identity for state, and how to process it. */
public interface PendingFiling {

    String id();

    /** Changes when the index row changes (a correction, a different document). */
    String fingerprint();

    /** Fetches, archives and parses the filing. Never throws: failures come back as {@link FilingResult#failure}. */
    FilingResult process();
}
