package org.spotlight.congress.feed;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.model.TradeSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The incremental feed: for every scope of every source, read the index, skip the filings the state has
 * handled, process the rest (up to a limit per run) and hand each result to the listener as it comes. The state
 * advances for a filing only after the listener has taken its result; a scope's index validators are kept only
 * after a complete pass, so a conditional request never hides filings a truncated or failed run left behind.
 * FetchCongressTrades and the {@code spotlight fetch} command both run this class.
 */
public final class CongressFeed {

    private final List<FilingSource> sources;
    private final boolean retryFailed;

    /**
     * @param retryFailed also process filings whose earlier failure was permanent (after a parser upgrade, say)
     */
    public CongressFeed(final List<FilingSource> sources, final boolean retryFailed) {
        this.sources = List.copyOf(sources);
        this.retryFailed = retryFailed;
    }

    /**
     * @param maxFilings at most this many filings are processed (fetched and parsed) in this run
     * @param keepGoing  asked before each filing; false stops the run early (the processor is being stopped)
     */
    public RunSummary run(final FeedState state, final int maxFilings, final FeedListener listener, final BooleanSupplier keepGoing) {
        int scopes = 0;
        int unchanged = 0;
        int indexFailures = 0;
        int listed = 0;
        int skipped = 0;
        int succeeded = 0;
        int failed = 0;
        int records = 0;
        boolean truncated = false;
        final List<String> allScopes = new ArrayList<>();
        for (FilingSource source : sources) {
            for (String scope : source.scopes()) {
                allScopes.add(scope);
                scopes++;
                if (truncated) {
                    continue;
                }
                final Catalog catalog;
                try {
                    catalog = source.open(scope, state);
                } catch (final SourceException e) {
                    indexFailures++;
                    listener.onIndexFailure(source.source(), scope, e);
                    continue;
                }
                if (!catalog.fresh()) {
                    unchanged++;
                    continue;
                }
                boolean complete = true;
                final Set<String> ids = new HashSet<>();
                for (PendingFiling filing : catalog.filings()) {
                    listed++;
                    ids.add(filing.id());
                    if (state.isHandled(scope, filing.id(), filing.fingerprint(), retryFailed)) {
                        skipped++;
                        continue;
                    }
                    if (succeeded + failed >= maxFilings || !keepGoing.getAsBoolean()) {
                        truncated = true;
                        complete = false;
                        continue;
                    }
                    final FilingResult result = filing.process();
                    listener.onFiling(result);
                    if (result.succeeded()) {
                        succeeded++;
                        records += result.records().size();
                        state.markProcessed(scope, filing.id(), filing.fingerprint());
                    } else {
                        failed++;
                        if (result.error().retryable()) {
                            complete = false;
                        } else {
                            state.markFailed(scope, filing.id(), filing.fingerprint());
                        }
                    }
                }
                state.retainFilings(scope, ids);
                if (complete) {
                    catalog.onComplete().accept(state);
                }
            }
        }
        state.retainScopes(allScopes);
        return new RunSummary(scopes, unchanged, indexFailures, listed, skipped, succeeded, failed, records, truncated);
    }

    public List<TradeSource> sources() {
        return sources.stream().map(FilingSource::source).toList();
    }
}
