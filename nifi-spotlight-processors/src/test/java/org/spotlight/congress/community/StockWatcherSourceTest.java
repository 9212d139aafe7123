package org.spotlight.congress.community;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.document.WebDocuments;
import org.spotlight.congress.feed.Catalog;
import org.spotlight.congress.feed.CongressFeed;
import org.spotlight.congress.feed.Documents;
import org.spotlight.congress.feed.FeedListener;
import org.spotlight.congress.feed.FeedState;
import org.spotlight.congress.feed.FilingResult;
import org.spotlight.congress.feed.PendingFiling;
import org.spotlight.congress.feed.RunSummary;
import org.spotlight.congress.http.HttpFetcher;
import org.spotlight.congress.legislators.MemberLookup;
import org.spotlight.congress.model.Owner;
import org.spotlight.congress.model.TradeRecord;
import org.spotlight.congress.model.TradeSource;
import org.spotlight.congress.model.TransactionType;
import org.spotlight.congress.testing.Fetchers;
import org.spotlight.testing.CongressSites;
import org.spotlight.testing.CongressSites.Scripted;
import org.spotlight.testing.SharedData;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The community datasets in ../shared/data, served by the local stand-in (no internet here). */
class StockWatcherSourceTest {

    private CongressSites sites;
    private HttpFetcher fetcher;

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

    private StockWatcherSource source(final TradeSource kind, final String sharedFile) throws Exception {
        final String path = "/datasets/" + kind.code() + ".json";
        sites.script(path, new Scripted(200, Files.readAllBytes(SharedData.path(sharedFile)), Map.of("ETag", "\"v1\""), 0, -1));
        final String url = sites.baseUrl().resolve(path.substring(1)).toString();
        return new StockWatcherSource(kind, new Documents(new WebDocuments(fetcher, sites.baseUrl(), Clock.systemUTC()), null), url, true,
                MemberLookup.NONE);
    }

    @Test
    void theSenateAggregateBecomesFilingsWithPaperFilingsFlagged() throws Exception {
        final List<TradeRecord> records = run(source(TradeSource.SENATE_STOCK_WATCHER, "congress/senate_stock_watcher/all_transactions.json"));

        // 8350 rows in 1413 filings; 463 filings were paper ("PDF Disclosed Filing") and become one scanned record each.
        assertEquals(8350, records.size());
        assertEquals(463, records.stream().filter(r -> r.filing().scanned()).count());
        assertEquals(1413, records.stream().map(r -> r.filing().filingId()).distinct().count());
        final TradeRecord beyond = records.getFirst();
        assertEquals("a0010f4a-c31a-4824-8b6d-6399b3ccb6f0", beyond.filing().filingId());
        assertEquals("Ron L Wyden", beyond.filing().member().fullName());
        assertEquals("Wyden", beyond.filing().member().lastName());
        assertEquals("BYND", beyond.transaction().ticker());
        assertEquals(TransactionType.SALE, beyond.transaction().type());
        assertEquals(Owner.SPOUSE, beyond.transaction().owner());
        assertEquals(new BigDecimal("50001"), beyond.transaction().amount().min());
        assertEquals("ST", beyond.transaction().assetTypeCode());
    }

    @Test
    void theSenateDailyFileCarriesFilingDatesAndBioguideIds() throws Exception {
        final List<TradeRecord> records = run(source(TradeSource.SENATE_STOCK_WATCHER, "congress/senate_stock_watcher/daily/transaction_report_for_10_01_2019.json"));
        assertEquals(6, records.size());
        final TradeRecord first = records.getFirst();
        assertEquals(LocalDate.of(2019, 10, 1), first.filing().filingDate());
        assertEquals("C000174", first.filing().member().bioguideId());
        assertEquals("CS Contingent Autocall on MSFT", first.transaction().assetName());
        assertEquals("Rate/Coupon: 8.25% Matures: 09/30/2022", first.transaction().description());
        assertNull(first.transaction().ticker());

        final List<TradeRecord> paperDay = run(source(TradeSource.SENATE_STOCK_WATCHER, "congress/senate_stock_watcher/daily/transaction_report_for_01_02_2013.json"));
        assertEquals(2, paperDay.size(), "two filings without transactions: kept as filing records, not dropped");
        assertTrue(paperDay.stream().allMatch(r -> r.filing().scanned()));
    }

    @Test
    void theHouseDatasetsDefectsAreKeptAsFiledWithWarnings() throws Exception {
        final List<TradeRecord> records = run(source(TradeSource.HOUSE_STOCK_WATCHER, "congress/house_stock_watcher_community/all_transactions.json"));

        assertEquals(6542, records.size());
        assertEquals(834, records.stream().map(r -> r.filing().filingId()).distinct().count());
        final List<TradeRecord> cutAmounts = records.stream().filter(r -> r.transaction().amount() == null).toList();
        assertEquals(9, cutAmounts.size(), "amounts cut off after the dash");
        assertTrue(cutAmounts.stream().allMatch(r -> r.parseWarnings().stream().anyMatch(w -> w.startsWith("amount '"))));
        assertEquals(0, records.stream().filter(r -> r.transaction().amountText().contains("\n")).count(), "line breaks collapsed");
        final TradeRecord future = records.stream().filter(r -> r.transaction().transactionDate() != null
                && r.transaction().transactionDate().getYear() == 2202).findFirst().orElseThrow();
        assertTrue(future.parseWarnings().getFirst().contains("after the filing date"), future.parseWarnings().toString());
        final TradeRecord kean = records.getFirst();
        assertEquals("20034616", kean.filing().filingId());
        assertEquals("NJ", kean.filing().member().state());
        assertEquals(7, kean.filing().member().district());
        assertEquals("Kean", kean.filing().member().lastName());
        assertEquals(LocalDate.of(2026, 5, 17), kean.filing().filingDate());
        assertEquals("https://disclosures-clerk.house.gov/public_disc/ptr-pdfs/2026/20034616.pdf", kean.filing().documentUrl());
    }

    @Test
    void anUnchangedDatasetEmitsNothingTheSecondTimeAndIsAskedForConditionally() throws Exception {
        final StockWatcherSource source = source(TradeSource.SENATE_STOCK_WATCHER, "congress/senate_stock_watcher/daily/transaction_report_for_07_02_2019.json");
        final FeedState state = new FeedState();
        final CongressFeed feed = new CongressFeed(List.of(source), false);
        assertEquals(3, feed.run(state, 100, listener(new ArrayList<>()), () -> true).records());
        final RunSummary again = feed.run(state, 100, listener(new ArrayList<>()), () -> true);
        assertEquals(0, again.records());
        assertEquals("\"v1\"", sites.requests().getLast().header("If-None-Match"));
    }

    @Test
    void aDatasetThatIsNotAnArrayFailsClearly() throws Exception {
        sites.script("/datasets/broken.json", Scripted.body("{\"message\": \"rate limited\"}".getBytes()));
        final StockWatcherSource source = new StockWatcherSource(TradeSource.HOUSE_STOCK_WATCHER,
                new Documents(new WebDocuments(fetcher, sites.baseUrl(), Clock.systemUTC()), null), sites.baseUrl() + "datasets/broken.json",
                false, MemberLookup.NONE);
        final SourceException failure = assertThrows(SourceException.class,
                () -> source.open(source.scopes().getFirst(), new FeedState()));
        assertEquals("JSON_UNREADABLE", failure.codeName());
    }

    private List<TradeRecord> run(final StockWatcherSource source) throws Exception {
        final Catalog catalog = source.open(source.scopes().getFirst(), new FeedState());
        final List<TradeRecord> records = new ArrayList<>();
        for (PendingFiling filing : catalog.filings()) {
            final FilingResult result = filing.process();
            assertTrue(result.succeeded());
            records.addAll(result.records());
        }
        return records;
    }

    private static FeedListener listener(final List<FilingResult> results) {
        return new FeedListener() {
            @Override
            public void onFiling(final FilingResult result) {
                results.add(result);
            }

            @Override
            public void onIndexFailure(final TradeSource source, final String scope, final SourceException error) {
                throw new AssertionError(error);
            }
        };
    }
}
