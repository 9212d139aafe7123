package org.spotlight.congress.feed;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.SourceException.Reach;
import org.spotlight.congress.model.Filing;
import org.spotlight.congress.model.TradeSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The incremental feed: for every scope of every source, read the index, skip the filings the state has handled,
 * process the rest (up to a limit per run) and hand each result to the listener as it comes.
 *
 * <p>What becomes of a filing:
 * <ul>
 *   <li>read: handed to the listener, remembered as done;</li>
 *   <li>failed for a reason that will not change (the document does not parse, is too large, the index row is
 *   malformed, the site has no such document long after the filing date): handed to the listener once with the
 *   reason, remembered as failed with the reason's code;</li>
 *   <li>failed for a reason that may pass (the site refuses, throttles, fails or stalls; a challenge page; a document
 *   not published yet): remembered as waiting, tried again by the first run after a backoff that doubles with each
 *   failure in a row ({@link Backoff}); such failures never turn into permanent ones by repetition.</li>
 * </ul>
 * A site that refuses or throttles (403, 429, a challenge page) is asked nothing more in the run, and a site that
 * fails {@value #SITE_FAILURES_BEFORE_PAUSE} times in a row (server errors, timeouts, broken connections) is left
 * alone too; its remaining filings wait, untouched, for the run after its backoff (or its Retry-After). One filing
 * that fails, for whatever reason, including an exception nobody anticipated, fails alone: the others go on.
 *
 * <p>The state advances for a filing right after the listener has taken its result, and the listener is told after
 * each one ({@link FeedListener#checkpoint}), so the caller can save state and output together as the run goes. A
 * scope's index validators are kept only after a complete pass, so a conditional request never hides filings a
 * truncated or failed run left behind. FetchCongressTrades and the {@code spotlight fetch} command both run this class.
 */
public final class CongressFeed {

    /** Site failures in a row (server errors, timeouts, broken connections) after which the site is left alone for the run. */
    public static final int SITE_FAILURES_BEFORE_PAUSE = 3;
    /**
     * A document the index lists but the site answers 404 or 410 for may not be published yet; once its filing date
     * is this far in the past, the document is taken as missing for good.
     */
    public static final Duration PUBLICATION_GRACE = Duration.ofDays(30);

    private final List<FilingSource> sources;
    private final boolean retryFailed;
    private final Backoff backoff;
    private final Clock clock;

    /**
     * @param retryFailed also process filings whose earlier failure was permanent (after a parser upgrade, say)
     */
    public CongressFeed(final List<FilingSource> sources, final boolean retryFailed) {
        this(sources, retryFailed, Backoff.DEFAULT, Clock.systemUTC());
    }

    public CongressFeed(final List<FilingSource> sources, final boolean retryFailed, final Backoff backoff, final Clock clock) {
        this.sources = List.copyOf(sources);
        this.retryFailed = retryFailed;
        this.backoff = backoff;
        this.clock = clock;
    }

    /**
     * @param maxFilings at most this many filings are processed (fetched and parsed) in this run
     * @param keepGoing  asked before each filing; false stops the run early (the processor is being stopped)
     */
    public RunSummary run(final FeedState state, final int maxFilings, final FeedListener listener, final BooleanSupplier keepGoing) {
        final Counts counts = new Counts();
        final List<String> allScopes = new ArrayList<>();
        final List<String> allSources = new ArrayList<>();
        for (FilingSource source : sources) {
            allSources.add(source.source().code());
            allScopes.addAll(source.scopes());
            counts.scopes += source.scopes().size();
            if (counts.truncated) {
                continue;
            }
            final Optional<FeedState.SitePause> pause = state.sitePause(source.source().code());
            if (pause.isPresent() && pause.get().until().isAfter(clock.instant())) {
                counts.pausedSites++;
                listener.onSiteWaiting(source.source(), pause.get());
                continue;
            }
            final Site site = new Site(source.source(), state, listener, counts);
            for (String scope : source.scopes()) {
                if (counts.truncated || site.paused) {
                    break;
                }
                readScope(source, scope, site, state, maxFilings, listener, keepGoing, counts);
            }
            site.finish();
        }
        state.retainScopes(allScopes);
        state.retainSites(allSources);
        return new RunSummary(counts.scopes, counts.unchanged, counts.indexFailures, counts.listed, counts.skipped, counts.succeeded,
                counts.failed, counts.records, counts.retryLater, counts.waiting, counts.deferred, counts.pausedSites, counts.truncated);
    }

    private void readScope(final FilingSource source, final String scope, final Site site, final FeedState state, final int maxFilings,
                           final FeedListener listener, final BooleanSupplier keepGoing, final Counts counts) {
        final Catalog catalog;
        try {
            catalog = source.open(scope, state);
        } catch (final SourceException e) {
            counts.indexFailures++;
            listener.onIndexFailure(source.source(), scope, e);
            site.failed(e);
            return;
        } catch (final RuntimeException | StackOverflowError e) {
            counts.indexFailures++;
            listener.onIndexFailure(source.source(), scope, new SourceException(Code.UNEXPECTED_ERROR, scope, "Reading the " + scope
                    + " index failed unexpectedly: " + e, false, e));
            return;
        }
        site.answered(false);
        if (!catalog.fresh()) {
            counts.unchanged++;
            return;
        }
        boolean complete = true;
        final Set<String> ids = new HashSet<>();
        for (PendingFiling filing : catalog.filings()) {
            counts.listed++;
            ids.add(filing.id());
            if (state.isHandled(scope, filing.id(), filing.fingerprint(), retryFailed)) {
                counts.skipped++;
                continue;
            }
            final Optional<FeedState.Entry> waiting = state.waiting(scope, filing.id(), filing.fingerprint());
            if (waiting.isPresent() && waiting.get().due().isAfter(clock.instant())) {
                counts.waiting++;
                complete = false;
                continue;
            }
            if (site.paused) {
                counts.deferred++;
                complete = false;
                continue;
            }
            if (counts.processed() >= maxFilings || !keepGoing.getAsBoolean()) {
                counts.truncated = true;
                complete = false;
                continue;
            }
            final FilingResult result = process(source.source(), filing);
            if (result.succeeded()) {
                listener.onFiling(result);
                state.markProcessed(scope, filing.id(), filing.fingerprint());
                counts.succeeded++;
                counts.records += result.records().size();
                site.answered(true);
            } else {
                final Optional<SourceException> permanent = permanent(result);
                if (permanent.isPresent()) {
                    final FilingResult failure = FilingResult.failure(result.filing(), result.document(), permanent.get());
                    listener.onFiling(failure);
                    state.markFailed(scope, filing.id(), filing.fingerprint(), permanent.get().codeName());
                    counts.failed++;
                    site.answered(result.document() != null);
                } else {
                    final int failures = waiting.map(FeedState.Entry::attempts).orElse(0) + 1;
                    final Instant due = clock.instant().plus(backoff.after(failures, result.error().retryAfter().orElse(null)));
                    state.markWaiting(scope, filing.id(), filing.fingerprint(), failures, due, result.error().codeName());
                    listener.onRetryLater(result, due, failures);
                    counts.retryLater++;
                    complete = false;
                    site.failed(result.error());
                }
            }
            listener.checkpoint(state);
        }
        state.retainFilings(scope, ids);
        if (complete) {
            catalog.onComplete().accept(state);
        }
    }

    /** Processes a filing; an exception nobody anticipated fails this filing alone, with the exception as its reason. */
    private static FilingResult process(final TradeSource source, final PendingFiling filing) {
        try {
            return filing.process();
        } catch (final RuntimeException | StackOverflowError e) {
            return FilingResult.failure(new Filing(source, filing.id(), null, null, false, null, null, null, false), null,
                    new SourceException(Code.UNEXPECTED_ERROR, filing.id(), "Reading " + source.code() + " filing " + filing.id()
                            + " failed unexpectedly: " + e, false, e));
        }
    }

    /** The failure as a permanent one, or empty when it may pass. */
    private Optional<SourceException> permanent(final FilingResult result) {
        final SourceException error = result.error();
        if (!error.retryable()) {
            return Optional.of(error);
        }
        final boolean missing = error.code() == Code.HTTP_STATUS && (error.httpStatus() == 404 || error.httpStatus() == 410);
        final LocalDate filed = result.filing().filingDate();
        if (missing && error.reach() == Reach.DOCUMENT && filed != null
                && filed.plusDays(PUBLICATION_GRACE.toDays()).isBefore(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))) {
            return Optional.of(new SourceException(error.code(), error.httpStatus(), error.document(), error.getMessage() + "; the filing is "
                    + "dated " + filed + ", more than " + PUBLICATION_GRACE.toDays() + " days ago, so the document is taken as missing",
                    false, error.getCause()));
        }
        return Optional.empty();
    }

    public List<TradeSource> sources() {
        return sources.stream().map(FilingSource::source).toList();
    }

    /** The run's view of one site: failures in a row, and whether it is left alone for the rest of the run. */
    private final class Site {
        private final TradeSource source;
        private final FeedState state;
        private final FeedListener listener;
        private final Counts counts;
        private int failuresInARow;
        private boolean failedAtAll;
        private boolean paused;

        Site(final TradeSource source, final FeedState state, final FeedListener listener, final Counts counts) {
            this.source = source;
            this.state = state;
            this.listener = listener;
            this.counts = counts;
        }

        /** @param delivered a document came: the site works again, and a later refusal starts its backoff afresh */
        void answered(final boolean delivered) {
            failuresInARow = 0;
            if (delivered) {
                state.clearSitePause(source.code());
            }
        }

        void failed(final SourceException error) {
            if (!error.retryable() || error.reach() == Reach.DOCUMENT || paused) {
                return;
            }
            failedAtAll = true;
            failuresInARow++;
            if (error.reach() == Reach.SITE_REFUSES || failuresInARow >= SITE_FAILURES_BEFORE_PAUSE) {
                final int pauses = state.sitePause(source.code()).map(FeedState.SitePause::attempts).orElse(0) + 1;
                final Instant until = clock.instant().plus(backoff.after(pauses, error.retryAfter().orElse(null)));
                state.pauseSite(source.code(), new FeedState.SitePause(pauses, until, error.codeName()));
                paused = true;
                counts.pausedSites++;
                listener.onSitePaused(source, until, error);
            }
        }

        /** A run over the site without trouble ends what is left of an earlier pause. */
        void finish() {
            if (!failedAtAll) {
                state.clearSitePause(source.code());
            }
        }
    }

    private static final class Counts {
        int scopes;
        int unchanged;
        int indexFailures;
        int listed;
        int skipped;
        int succeeded;
        int failed;
        int records;
        int retryLater;
        int waiting;
        int deferred;
        int pausedSites;
        boolean truncated;

        int processed() {
            return succeeded + failed + retryLater;
        }
    }
}
