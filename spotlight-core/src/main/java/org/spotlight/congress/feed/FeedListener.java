package org.spotlight.congress.feed;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.model.TradeSource;

import java.time.Instant;

/** Receives the feed's results as they come, so records are written out filing by filing. */
public interface FeedListener {

    /**
     * A filing was read, or failed for a reason that will not change ({@link FilingResult#succeeded()} tells which).
     * Either way it is done: the state records it right after. Exceptions thrown here stop the run.
     */
    void onFiling(FilingResult result);

    /** A scope's index could not be read; the feed continues with the other scopes. */
    void onIndexFailure(TradeSource source, String scope, SourceException error);

    /**
     * A filing failed for a reason that may pass (throttling, a challenge page, a server error, a timeout, a broken
     * connection, a document not published yet); it is tried again by the first run after {@code due}.
     *
     * @param failures how many times in a row it has failed so far
     */
    default void onRetryLater(final FilingResult result, final Instant due, final int failures) {
    }

    /**
     * A site refused, throttled or kept failing: it is left alone until {@code until}; its filings not yet tried in
     * this run wait for a later run.
     */
    default void onSitePaused(final TradeSource source, final Instant until, final SourceException cause) {
    }

    /** A site left alone by an earlier run is still not asked in this run. */
    default void onSiteWaiting(final TradeSource source, final FeedState.SitePause pause) {
    }

    /**
     * The state now holds everything handed to the listener so far: a good moment to save it together with the
     * output (the processor commits its session here). Exceptions thrown here stop the run.
     */
    default void checkpoint(final FeedState state) {
    }
}
