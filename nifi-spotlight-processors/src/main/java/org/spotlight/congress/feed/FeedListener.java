package org.spotlight.congress.feed;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.model.TradeSource;

/** Receives the feed's results as they come, so records are written out filing by filing. */
public interface FeedListener {

    /** A filing was processed, successfully or not. Exceptions thrown here stop the run. */
    void onFiling(FilingResult result);

    /** A scope's index could not be read; the feed continues with the other scopes. */
    void onIndexFailure(TradeSource source, String scope, SourceException error);
}
