package org.spotlight.congress.feed;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.model.TradeSource;

import java.util.List;

/** One source of filings (House Clerk, Senate eFD, a community dataset), divided into scopes read separately. */
public interface FilingSource {

    TradeSource source();

    /** The scopes this source covers, e.g. {@code house_clerk/2024} and {@code house_clerk/2025}. */
    List<String> scopes();

    /** Reads a scope's index (conditionally, where the state has validators) and lists its filings. */
    Catalog open(String scope, FeedState state) throws SourceException;
}
