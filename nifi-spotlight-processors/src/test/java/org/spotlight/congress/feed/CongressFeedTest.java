package org.spotlight.congress.feed;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.document.ArchivedDocuments;
import org.spotlight.congress.document.DocumentLimits;
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
import org.spotlight.testing.MisbehavingSite;
import org.spotlight.testing.MutableClock;
import org.spotlight.testing.SharedPtrs;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
    private final List<FilingResult> retried = new ArrayList<>();
    private final List<String> indexFailures = new ArrayList<>();
    private final List<String> pauses = new ArrayList<>();
    private final MutableClock clock = MutableClock.startingNow();
    private final FeedListener listener = new FeedListener() {
        @Override
        public void onFiling(final FilingResult result) {
            results.add(result);
        }

        @Override
        public void onIndexFailure(final TradeSource source, final String scope, final SourceException error) {
            indexFailures.add(scope + ": " + error.codeName());
        }

        @Override
        public void onRetryLater(final FilingResult result, final Instant due, final int failures) {
            retried.add(result);
        }

        @Override
        public void onSitePaused(final TradeSource source, final Instant until, final SourceException cause) {
            pauses.add(source.code() + " " + cause.codeName() + " for " + Duration.between(clock.instant(), until));
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
        return new CongressFeed(List.of(new HouseClerkSource(documents, true, List.of(2025), MemberLookup.NONE)), retryFailed,
                Backoff.DEFAULT, clock);
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
    void failedFilingsDoNotStopTheOthersAndOnlyTransientOnesAreRetriedAfterTheirBackoff() {
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
        assertEquals(2, first.failed(), "failures that will not change");
        assertEquals(1, first.retryLater(), "the 503");
        final FilingResult truncated = result(corrupt);
        assertEquals("PDF_UNREADABLE", truncated.error().codeName());
        assertFalse(truncated.error().retryable());
        assertEquals(20_000, truncated.document().content().length, "the failed document travels with the failure");
        assertEquals("s3://raw-test/raw/congress/house/2025/20026590.pdf", truncated.document().rawObjectUri(), "and was archived first");
        assertEquals("HTTP_404", result(unpublished).error().codeName());
        assertFalse(result(unpublished).error().retryable(), "filed in January 2025: missing for good");
        assertTrue(result(unpublished).error().getMessage().contains("taken as missing"), result(unpublished).error().getMessage());
        assertEquals(List.of(throttled), retried.stream().map(r -> r.filing().filingId()).toList());
        assertEquals("HTTP_503", state.entry("house_clerk/2025", throttled).code());
        assertEquals(List.of(), pauses, "one server error is not the site failing");

        results.clear();
        retried.clear();
        final RunSummary tooSoon = feed.run(state, 1000, listener, () -> true);
        assertEquals(List.of(), results);
        assertEquals(List.of(), retried);
        assertEquals(1, tooSoon.waiting(), "its backoff has not run out");
        assertEquals(0, tooSoon.unchangedIndexes(), "no validators are kept while a filing waits");

        clock.advance(Backoff.DEFAULT.initial());
        final RunSummary again = feed.run(state, 1000, listener, () -> true);
        assertEquals(1, again.retryLater());
        assertEquals(2, state.entry("house_clerk/2025", throttled).attempts(), "failure two in a row: the next wait doubles");
        clock.advance(Backoff.DEFAULT.initial());
        assertEquals(1, feed.run(state, 1000, listener, () -> true).waiting());

        results.clear();
        clock.advance(Backoff.DEFAULT.initial());
        sites.script("/public_disc/ptr-pdfs/2025/" + throttled + ".pdf", Scripted.status(503, 0));
        final RunSummary retry = houseFeed(archive, true).run(state, 1000, listener, () -> true);
        assertEquals(Set.of(corrupt, throttled, unpublished), filingIds(), "Retry Failed Filings also retries the permanent failures");
        assertTrue(result(throttled).succeeded());
        assertEquals(1, retry.succeeded());
    }

    @Test
    void aDocumentDamagedOnItsWayIsFetchedAgainAndOnlyTheSameBytesConfirmAFailure() {
        sites.houseIndex(2025, CongressSites.indexZip(2025, FEBRUARY, AVAILABLE));
        final String pdf = "/public_disc/ptr-pdfs/2025/20026590.pdf";
        sites.script(pdf, new Scripted(200, Arrays.copyOf(SharedPtrs.pdfBytes("20026590"), 30_000), java.util.Map.of(), 0, 1));
        final FeedState state = new FeedState();
        final RunSummary summary = houseFeed(null, false).run(state, 1000, listener, () -> true);
        assertEquals(8, summary.succeeded(), "the truncated copy came once; the second fetch brought the whole PDF");
        assertEquals(0, summary.failed());
        assertEquals(2, sites.requests(r -> r.path().equals(pdf)).size());
    }

    @Test
    void anHtmlPageAboveItsBoundFailsBeforeJsoupReadsIt() {
        sites.efdRows(CongressSites.delawareRows(row -> row.get(3).asText().contains("2f4e395e")));
        final EfdSession session = new EfdSession(fetcher, sites.baseUrl(), Clock.systemUTC());
        final DocumentLimits limits = new DocumentLimits(DocumentLimits.DEFAULT_MAX_DOCUMENT_BYTES, 1000, DocumentLimits.DEFAULT_MAX_PDF_DECODED_BYTES,
                10_000, DocumentLimits.DEFAULT_MAX_ZIP_ENTRIES, DocumentLimits.DEFAULT_MAX_ZIP_UNPACKED_BYTES);
        final RunSummary summary = new CongressFeed(List.of(new SenateEfdSource(session, new Documents(session, null), null, List.of(2019),
                MemberLookup.NONE, Clock.systemUTC(), limits)), false, Backoff.DEFAULT, clock).run(new FeedState(), 10, listener, () -> true);
        assertEquals(1, summary.failed());
        final SourceException error = results.getFirst().error();
        assertEquals("DOCUMENT_TOO_LARGE", error.codeName());
        assertTrue(error.getMessage().endsWith("has 19100 bytes, more than the 10000 an HTML page may have"), error.getMessage());
        assertEquals(1, sites.requests(r -> r.path().contains("2f4e395e")).size(), "a size verdict needs no second fetch");
    }

    @Test
    void aSiteThatRefusesIsLeftAloneAndItsFilingsWaitUntouched() {
        sites.houseIndex(2025, CongressSites.indexZip(2025, FEBRUARY, AVAILABLE));
        final String firewalled = "/public_disc/ptr-pdfs/2025/.*\\.pdf";
        final FeedState state = new FeedState();
        final CongressFeed feed = houseFeed(null, false);
        try (MisbehavingSite site = new MisbehavingSite(sites.baseUrl())) {
            site.on("challenge", firewalled, 1, MisbehavingSite.cloudflareChallenge(403));
            final Documents documents = new Documents(new WebDocuments(fetcher, site.baseUrl(), Clock.systemUTC()), null);
            final CongressFeed throughFirewall = new CongressFeed(List.of(new HouseClerkSource(documents, true, List.of(2025), MemberLookup.NONE)),
                    false, Backoff.DEFAULT, clock);
            final RunSummary refused = throughFirewall.run(state, 1000, listener, () -> true);
            assertEquals(1, refused.retryLater());
            assertEquals(7, refused.deferred(), "asked for nothing more in this run");
            assertEquals(List.of("house_clerk CHALLENGE for PT10M"), pauses);
            assertEquals(2, site.requests().size(), "the index and one PDF");

            clock.advance(Duration.ofMinutes(5));
            final RunSummary stillPaused = throughFirewall.run(state, 1000, listener, () -> true);
            assertEquals(1, stillPaused.pausedSites());
            assertEquals(2, site.requests().size(), "not even the index is asked while the site is left alone");

            clock.advance(Duration.ofMinutes(6));
            final RunSummary resumed = throughFirewall.run(state, 1000, listener, () -> true);
            assertEquals(8, resumed.succeeded(), "the challenged filing and the seven that waited");
            assertTrue(state.sitePause("house_clerk").isEmpty());
        }
        assertEquals(8, filingIds().size());
        assertEquals(0, feed.run(state, 1000, listener, () -> true).succeeded());
    }

    @Test
    void aSiteThatKeepsFailingIsLeftAloneAfterThreeFailuresInARow() {
        sites.houseIndex(2025, CongressSites.indexZip(2025, FEBRUARY, AVAILABLE));
        try (MisbehavingSite site = new MisbehavingSite(sites.baseUrl())) {
            site.on("down", "/public_disc/ptr-pdfs/.*", -1, MisbehavingSite.status(502, "text/html", "<html><body>Bad Gateway</body></html>"));
            final Documents documents = new Documents(new WebDocuments(fetcher, site.baseUrl(), Clock.systemUTC()), null);
            final CongressFeed feed = new CongressFeed(List.of(new HouseClerkSource(documents, true, List.of(2025), MemberLookup.NONE)),
                    false, Backoff.DEFAULT, clock);
            final RunSummary down = feed.run(new FeedState(), 1000, listener, () -> true);
            assertEquals(3, down.retryLater());
            assertEquals(5, down.deferred());
            assertEquals(List.of("house_clerk HTTP_502 for PT10M"), pauses);
        }
    }

    @Test
    void anExceptionNobodyAnticipatedFailsOneFilingAlone() {
        final FilingSource source = new FilingSource() {
            @Override
            public TradeSource source() {
                return TradeSource.HOUSE_CLERK;
            }

            @Override
            public List<String> scopes() {
                return List.of("house_clerk/2025");
            }

            @Override
            public Catalog open(final String scope, final FeedState state) {
                return new Catalog(scope, true, List.of(pending("1", () -> {
                    throw new IllegalStateException("a bug");
                }), pending("2", () -> FilingResult.success(filing("2"), List.of(), null))), done -> {
                });
            }
        };
        final FeedState state = new FeedState();
        final RunSummary summary = new CongressFeed(List.of(source), false, Backoff.DEFAULT, clock).run(state, 10, listener, () -> true);
        assertEquals(1, summary.succeeded());
        assertEquals(1, summary.failed());
        assertEquals("UNEXPECTED_ERROR", result("1").error().codeName());
        assertTrue(result("1").error().getMessage().contains("IllegalStateException: a bug"), result("1").error().getMessage());
        assertEquals("UNEXPECTED_ERROR", state.entry("house_clerk/2025", "1").code());
    }

    private static PendingFiling pending(final String id, final java.util.function.Supplier<FilingResult> process) {
        return new PendingFiling() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String fingerprint() {
                return Fingerprint.of(id);
            }

            @Override
            public FilingResult process() {
                return process.get();
            }
        };
    }

    private static org.spotlight.congress.model.Filing filing(final String id) {
        return new org.spotlight.congress.model.Filing(TradeSource.HOUSE_CLERK, id, null, null, false, null, null, null, false);
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
        assertEquals(List.of("house_clerk/2025: UNEXPECTED_CONTENT"), indexFailures, "a maintenance page where the zip should be");
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
