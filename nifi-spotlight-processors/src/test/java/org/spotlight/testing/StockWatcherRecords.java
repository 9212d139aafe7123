package org.spotlight.testing;

import org.spotlight.congress.community.StockWatcherSource;
import org.spotlight.congress.document.WebDocuments;
import org.spotlight.congress.feed.Catalog;
import org.spotlight.congress.feed.Documents;
import org.spotlight.congress.feed.FeedState;
import org.spotlight.congress.feed.PendingFiling;
import org.spotlight.congress.http.HttpFetcher;
import org.spotlight.congress.legislators.MemberLookup;
import org.spotlight.congress.model.TradeRecord;
import org.spotlight.congress.model.TradeSource;
import org.spotlight.congress.testing.Fetchers;

import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every record a community dataset of ../shared/data yields through StockWatcherSource, served by the local stand-in sites. */
public final class StockWatcherRecords {

    private StockWatcherRecords() {
    }

    public static List<TradeRecord> read(final TradeSource kind, final String sharedFile, final MemberLookup members) throws Exception {
        try (CongressSites sites = CongressSites.start(); HttpFetcher fetcher = Fetchers.fast()) {
            final String path = "/datasets/" + kind.code() + ".json";
            sites.script(path, new CongressSites.Scripted(200, Files.readAllBytes(SharedData.path(sharedFile)), Map.of(), 0, -1));
            final StockWatcherSource source = new StockWatcherSource(kind, new Documents(new WebDocuments(fetcher, sites.baseUrl(),
                    Clock.systemUTC()), null), sites.baseUrl().resolve(path.substring(1)).toString(), false, members);
            final Catalog catalog = source.open(source.scopes().getFirst(), new FeedState());
            final List<TradeRecord> records = new ArrayList<>();
            for (PendingFiling filing : catalog.filings()) {
                records.addAll(filing.process().records());
            }
            return records;
        }
    }
}
