package org.spotlight.congress.legislators;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.house.HouseIndex;
import org.spotlight.congress.house.HouseIndexEntry;
import org.spotlight.congress.http.HttpFetcher;
import org.spotlight.congress.model.Chamber;
import org.spotlight.congress.model.Member;
import org.spotlight.congress.model.MemberMatch;
import org.spotlight.congress.model.TradeRecord;
import org.spotlight.congress.model.TradeSource;
import org.spotlight.congress.testing.Fetchers;
import org.spotlight.testing.SharedData;
import org.spotlight.testing.StockWatcherRecords;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bioguide coverage on the real filers in ../shared/data: every PTR filer in the House Clerk's 2024 and 2025 indexes,
 * the House and Senate Stock Watcher datasets. At least 99% of the records must be identified, and every record that is
 * not must say why.
 */
class MemberCoverageTest {

    static final String CURRENT = SharedData.path("congress/congress_legislators/legislators-current.yaml").toString();
    static final String HISTORICAL = SharedData.path("congress/congress_legislators/legislators-historical.csv").toString();
    static LegislatorDirectory directory;

    @BeforeAll
    static void load() throws SourceException {
        try (HttpFetcher fetcher = Fetchers.fast()) {
            directory = LegislatorDirectory.load(List.of(CURRENT, HISTORICAL), fetcher);
        }
    }

    @Test
    void everyHouseIndexPtrFilerOf2024And2025() throws Exception {
        final List<Member> filers = new ArrayList<>();
        for (String snapshot : List.of("2024_snapshot-2024-07-05/2024FD.txt", "2025_snapshot-2025-12-04/2025FD.txt")) {
            final int year = Integer.parseInt(snapshot.substring(0, 4));
            for (HouseIndexEntry entry : HouseIndex.readText(Files.readAllBytes(SharedData.path("congress/house_clerk_index/" + snapshot)),
                    year, snapshot).entries()) {
                if (entry.isPeriodicTransactionReport()) {
                    filers.add(directory.resolve(Chamber.HOUSE, new Member(entry.first(), entry.last(),
                            Member.joinName(entry.first(), entry.last(), entry.suffix()), entry.state(), entry.district(), null), entry.filingDate()));
                }
            }
        }
        assertEquals(229 + 475, filers.size());
        assertCoverage("House index PTR filers", filers, member -> member);
        assertTrue(filers.stream().filter(m -> m.bioguideId() != null).allMatch(m -> m.match() == MemberMatch.TERM || m.match() == MemberMatch.LAST_TERM));
    }

    @Test
    void everySenateStockWatcherRecord() throws Exception {
        assertCoverage("Senate Stock Watcher records", records(TradeSource.SENATE_STOCK_WATCHER, "congress/senate_stock_watcher/all_transactions.json"),
                record -> record.filing().member());
    }

    @Test
    void everyHouseStockWatcherRecord() throws Exception {
        assertCoverage("House Stock Watcher records", records(TradeSource.HOUSE_STOCK_WATCHER, "congress/house_stock_watcher_community/all_transactions.json"),
                record -> record.filing().member());
    }

    static <T> void assertCoverage(final String what, final List<T> items, final Function<T, Member> member) {
        final List<Member> unidentified = items.stream().map(member).filter(m -> m.bioguideId() == null).toList();
        final Map<String, Long> why = unidentified.stream().collect(Collectors.groupingBy(
                m -> m.fullName() + " [" + m.state() + "]: " + m.match() + ": " + m.matchNote(), TreeMap::new, Collectors.counting()));
        final double coverage = 1.0 - (double) unidentified.size() / items.size();
        System.out.printf("%s: %d of %d identified (%.2f%%)%n", what, items.size() - unidentified.size(), items.size(), 100 * coverage);
        why.forEach((reason, count) -> System.out.println("  " + count + " x " + reason));
        assertTrue(coverage >= 0.99, what + ": only " + coverage + " identified; unidentified: " + why);
        assertTrue(unidentified.stream().allMatch(m -> m.match() != null && m.matchNote() != null), "every unidentified filer says why");
    }

    static List<TradeRecord> records(final TradeSource kind, final String sharedFile) throws Exception {
        return StockWatcherRecords.read(kind, sharedFile, directory);
    }
}
