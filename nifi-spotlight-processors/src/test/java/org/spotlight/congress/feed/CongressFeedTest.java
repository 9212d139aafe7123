package org.spotlight.congress.feed;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.document.ArchivedDocuments;
import org.spotlight.congress.document.WebDocuments;
import org.spotlight.congress.house.HouseClerkSource;
import org.spotlight.congress.http.HttpFetcher;
import org.spotlight.congress.legislators.MemberLookup;
import org.spotlight.congress.model.TradeRecord;
import org.spotlight.congress.model.TradeSource;
import org.spotlight.congress.senate.EfdSession;
import org.spotlight.congress.senate.SenateEfdSource;
import org.spotlight.congress.senate.StoredEfdIndex;
import org.spotlight.congress.testing.Fetchers;
import org.spotlight.congress.testing.InMemoryArchive;
import org.spotlight.testing.CongressSites;
import org.spotlight.testing.CongressSites.Scripted;
import org.spotlight.testing.HouseSnapshots;
import org.spotlight.testing.SharedPtrs;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The incremental feed against the House Clerk and Senate eFD as served by {@link CongressSites} (the local
 * stand-in for the official sites; there is no internet here), with the real index snapshots of 2025-02-17 and
 * 2025-12-04. The served indexes keep every row except PTRs whose PDF the shared data lacks, so every listed
 * filing can be fetched.
 */
class CongressFeedTest {

    private static final Path FEBRUARY = HouseSnapshots.FEBRUARY_2025;
    private static final Path DECEMBER = HouseSnapshots.DECEMBER_2025;
    private static final Predicate<String[]> AVAILABLE = HouseSnapshots.AVAILABLE;

    private CongressSites sites;
    private HttpFetcher fetcher;
    private final List<FilingResult> results = new ArrayList<>();
    private final List<String> indexFailures = new ArrayList<>();
    private final FeedListener listener = new FeedListener() {
        @Override
        public void onFiling(final FilingResult result) {
            results.add(result);
        }

        @Override
        public void onIndexFailure(final TradeSource source, final String scope, final SourceException error) {
            indexFailures.add(scope + ": " + error.codeName());
        }
    };

    @BeforeEach
    void start() {
        sites = CongressSites.start();
        fetcher = Fetchers.fast();
    }

    @AfterEach
    void stop() {
        fetcher.close();
        sites.close();
    }

    private CongressFeed houseFeed(final InMemoryArchive archive, final boolean retryFailed) {
        final Documents documents = new Documents(new WebDocuments(fetcher, sites.baseUrl(), Clock.systemUTC()), archive);
        return new CongressFeed(List.of(new HouseClerkSource(documents, true, List.of(2025), MemberLookup.NONE)), retryFailed);
    }

    @Test
    void aSecondRunEmitsNothingAndALaterIndexOnlyWhatIsNew() {
        final FeedState state = new FeedState();
        final CongressFeed feed = houseFeed(null, false);

        sites.houseIndex(2025, CongressSites.indexZip(2025, FEBRUARY, AVAILABLE));
        final RunSummary february = feed.run(state, 1000, listener, () -> true);
        final Set<String> februaryIds = filingIds();
        assertEquals(Set.of("20026489", "20026533", "20026590", "20026638", "20026647", "20026701", "20026731", "8220747"), februaryIds);
        assertEquals(8, february.succeeded());
        assertEquals(0, february.failed());
        assertEquals(1 + 55 + 9 + 8 + 2 + 5 + 18 + 1, february.records(), "the seven electronic PTRs' rows and one scanned filing");

        results.clear();
        final RunSummary again = feed.run(state, 1000, listener, () -> true);
        assertEquals(List.of(), results);
        assertEquals(1, again.unchangedIndexes(), "the index answered 304 Not Modified to the conditional request");
        assertNotNull(sites.requests().getLast().header("If-None-Match"));

        sites.houseIndex(2025, CongressSites.indexZip(2025, DECEMBER, AVAILABLE));
        final RunSummary december = feed.run(state, 1000, listener, () -> true);
        final Set<String> expectedNew = new TreeSet<>(SharedPtrs.allHouse());
        expectedNew.removeAll(februaryIds);
        assertEquals(expectedNew, filingIds(), "only the filings the February index did not list");
        assertEquals(19, december.listed());
        assertEquals(8, december.skipped());
        assertEquals(11, december.succeeded());
        assertEquals(890 - 98 + 3, december.records(), "all 890 electronic rows minus February's 98, and three more scanned filings");

        results.clear();
        feed.run(state, 1000, listener, () -> true);
        assertEquals(List.of(), results, "and again nothing");
    }

    @Test
    void aCorrectedIndexRowIsProcessedAgain() {
        final FeedState state = new FeedState();
        final CongressFeed feed = houseFeed(null, false);
        sites.houseIndex(2025, CongressSites.indexZip(2025, FEBRUARY, AVAILABLE));
        feed.run(state, 1000, listener, () -> true);

        results.clear();
        sites.houseIndex(2025, CongressSites.indexZip(2025, FEBRUARY, row -> {
            if ("20026647".equals(row[8])) {
                row[7] = "1/28/2025";
            }
            return AVAILABLE.test(row);
        }));
        final RunSummary corrected = feed.run(state, 1000, listener, () -> true);
        assertEquals(Set.of("20026647"), filingIds());
        assertEquals(LocalDate.of(2025, 1, 28), result("20026647").filing().filingDate());
        assertEquals(7, corrected.skipped());
    }

    @Test
    void failedFilingsDoNotStopTheOthersAndOnlyTransientOnesAreRetried() {
        final String corrupt = "20026590";
        final String throttled = "20026647";
        final String unpublished = "20026537";
        sites.houseIndex(2025, CongressSites.indexZip(2025, FEBRUARY, AVAILABLE.or(row -> unpublished.equals(row[8]))));
        sites.script("/public_disc/ptr-pdfs/2025/" + corrupt + ".pdf", Scripted.body(Arrays.copyOf(SharedPtrs.pdfBytes(corrupt), 20_000)));
        sites.script("/public_disc/ptr-pdfs/2025/" + throttled + ".pdf", Scripted.status(503, -1));
        final FeedState state = new FeedState();
        final InMemoryArchive archive = new InMemoryArchive();
        final CongressFeed feed = houseFeed(archive, false);

        final RunSummary first = feed.run(state, 1000, listener, () -> true);
        assertEquals(9, first.listed());
        assertEquals(6, first.succeeded());
        assertEquals(3, first.failed());
        final FilingResult truncated = result(corrupt);
        assertEquals("PDF_UNREADABLE", truncated.error().codeName());
        assertFalse(truncated.error().retryable());
        assertEquals(20_000, truncated.document().content().length, "the failed document travels with the failure");
        assertEquals("s3://raw-test/raw/congress/house/2025/20026590.pdf", truncated.document().rawObjectUri(), "and was archived first");
        assertEquals("HTTP_503", result(throttled).error().codeName());
        assertTrue(result(throttled).error().retryable());
        assertEquals("HTTP_404", result(unpublished).error().codeName());
        assertTrue(result(unpublished).error().retryable());

        results.clear();
        final RunSummary second = feed.run(state, 1000, listener, () -> true);
        assertEquals(Set.of(throttled, unpublished), filingIds(), "the index is read again (no validators were kept) and only transient failures are retried");
        assertEquals(0, second.unchangedIndexes());

        results.clear();
        sites.script("/public_disc/ptr-pdfs/2025/" + throttled + ".pdf", Scripted.status(503, 0));
        final RunSummary retry = houseFeed(archive, true).run(state, 1000, listener, () -> true);
        assertEquals(Set.of(corrupt, throttled, unpublished), filingIds(), "Retry Failed Filings also retries the permanent failure");
        assertTrue(result(throttled).succeeded());
        assertEquals(1, retry.succeeded());
    }

    @Test
    void aRunStopsAtItsLimitAndTheNextRunsContinueOldestFirst() {
        sites.houseIndex(2025, CongressSites.indexZip(2025, DECEMBER, AVAILABLE));
        final FeedState state = new FeedState();
        final CongressFeed feed = houseFeed(null, false);
        final List<RunSummary> runs = new ArrayList<>();
        do {
            runs.add(feed.run(state, 5, listener, () -> true));
        } while (runs.getLast().truncated());

        assertEquals(List.of(5, 5, 5, 4), runs.stream().map(RunSummary::processed).toList());
        assertEquals(890 + 4, runs.stream().mapToInt(RunSummary::records).sum());
        final List<String> order = results.stream().map(r -> r.filing().filingDate() + " " + r.filing().filingId()).toList();
        assertEquals(order.stream().sorted().toList(), order);
        assertEquals(1, feed.run(state, 5, listener, () -> true).unchangedIndexes(), "validators are kept once a pass completes");
    }

    @Test
    void anUnreadableIndexIsReportedAndTheOtherSourcesContinue() {
        sites.script("/public_disc/financial-pdfs/2025FD.zip", Scripted.body("<html>maintenance</html>".getBytes()));
        sites.efdRows(CongressSites.delawareRows(row -> row.get(3).asText().contains("2f4e395e")));
        final EfdSession session = new EfdSession(fetcher, sites.baseUrl(), Clock.systemUTC());
        final CongressFeed feed = new CongressFeed(List.of(
                new HouseClerkSource(new Documents(new WebDocuments(fetcher, sites.baseUrl(), Clock.systemUTC()), null), true, List.of(2025), MemberLookup.NONE),
                new SenateEfdSource(session, new Documents(session, null), null, List.of(2019), MemberLookup.NONE, Clock.systemUTC())), false);

        final RunSummary summary = feed.run(new FeedState(), 100, listener, () -> true);
        assertEquals(List.of("house_clerk/2025: INDEX_UNREADABLE"), indexFailures);
        assertEquals(1, summary.succeeded());
        assertEquals(6, summary.records());
    }

    @Test
    void senateFilingsComeWithPaperFilingsFlaggedAndCanBeReplayedFromTheArchive() {
        // Electronic PTRs whose pages the shared data has, and every paper PTR.
        sites.efdRows(CongressSites.delawareRows(row -> row.get(3).asText().contains("/search/view/paper/")
                || SharedPtrs.senatePage(row.get(3).asText().replaceAll(".*/search/view/ptr/([^/]+)/.*", "$1")) != null));
        final InMemoryArchive archive = new InMemoryArchive();
        final EfdSession session = new EfdSession(fetcher, sites.baseUrl(), Clock.systemUTC());
        final List<Integer> years = List.of(2013, 2019);
        final CongressFeed live = new CongressFeed(List.of(new SenateEfdSource(session, new Documents(session, archive), archive, years,
                MemberLookup.NONE, Clock.systemUTC())), false);

        final RunSummary summary = live.run(new FeedState(), 100, listener, () -> true);
        final List<TradeRecord> records = results.stream().flatMap(r -> r.records().stream()).toList();
        final List<TradeRecord> scanned = records.stream().filter(r -> r.filing().scanned()).toList();
        assertEquals(7, records.size() - scanned.size(), "Carper's 6 and Coons's 1 transactions");
        assertEquals(summary.succeeded() - 2, scanned.size(), "one record per paper PTR");
        assertFalse(scanned.isEmpty());
        assertTrue(scanned.stream().allMatch(r -> r.transaction() == null && r.filing().documentUrl().contains("/search/view/paper/")));
        assertTrue(archive.objects().containsKey("raw/congress/senate/2019/efd-ptr-search.json"));
        assertTrue(archive.objects().containsKey("raw/congress/senate/2019/2f4e395e-7637-45c7-a85a-72823a87918c.html"));
        assertEquals("s3://raw-test/raw/congress/senate/2019/2f4e395e-7637-45c7-a85a-72823a87918c.html",
                records.stream().filter(r -> r.filing().filingId().startsWith("2f4e395e")).findFirst().orElseThrow().rawObjectUri());

        // Replay: the same filings from the archive alone, with the site gone.
        final List<TradeRecord> live7 = records.stream().filter(r -> !r.filing().scanned()).toList();
        sites.close();
        results.clear();
        final ArchivedDocuments archived = new ArchivedDocuments(archive, session);
        final CongressFeed replay = new CongressFeed(List.of(new SenateEfdSource(StoredEfdIndex.archived(archived), new Documents(archived, null),
                null, years, MemberLookup.NONE, Clock.systemUTC())), false);
        final RunSummary replayed = replay.run(new FeedState(), 100, listener, () -> true);
        assertEquals(summary.succeeded(), replayed.succeeded());
        assertEquals(0, replayed.failed());
        final List<TradeRecord> again = results.stream().flatMap(r -> r.records().stream()).filter(r -> !r.filing().scanned()).toList();
        assertEquals(live7.stream().map(r -> r.transaction()).toList(), again.stream().map(r -> r.transaction()).toList());
        sites = CongressSites.start();
    }

    private Set<String> filingIds() {
        final Set<String> ids = new HashSet<>();
        results.forEach(result -> ids.add(result.filing().filingId()));
        return new TreeSet<>(ids);
    }

    private FilingResult result(final String filingId) {
        return results.stream().filter(r -> r.filing().filingId().equals(filingId)).findFirst().orElseThrow();
    }
}
