package org.spotlight.congress.house;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spotlight.congress.model.Amount;
import org.spotlight.congress.model.Owner;
import org.spotlight.congress.model.Transaction;
import org.spotlight.congress.model.TransactionType;
import org.spotlight.testing.SharedData;
import org.spotlight.testing.SharedPtrs;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Our parse of the shared House PTRs against the community House Stock Watcher dataset (an independent parse of
 * the same PDFs by another project, with known defects). The figures asserted here are the ones reported in
 * docs/congress-house-vs-community.md.
 */
class HouseCommunityComparisonTest {

    private static final DateTimeFormatter US = DateTimeFormatter.ofPattern("MM/dd/yyyy");
    private static final Map<String, List<Transaction>> PARSED = new LinkedHashMap<>();
    private static final List<JsonNode> COMMUNITY = new ArrayList<>();

    @BeforeAll
    static void parseAndLoad() throws Exception {
        for (String docId : SharedPtrs.electronic()) {
            final List<Transaction> transactions = new ArrayList<>();
            for (HousePtrRow row : HousePtrParser.parse(SharedPtrs.pdfBytes(docId), docId).rows()) {
                transactions.add(HouseTransactions.interpret(row, docId).transaction());
            }
            PARSED.put(docId, transactions);
        }
        for (JsonNode row : new ObjectMapper().readTree(SharedData.path("congress/house_stock_watcher_community/all_transactions.json").toFile())) {
            if (PARSED.containsKey(row.get("filing_id").asText())) {
                COMMUNITY.add(row);
            }
        }
    }

    @Test
    void everyCommunityRowOfTheSharedFilingsAgreesWithOurParse() {
        final Map<Transaction, JsonNode> matches = match();
        assertEquals(365, COMMUNITY.size(), "community rows for the 15 shared electronic PTRs");
        assertEquals(8, COMMUNITY.stream().map(row -> row.get("filing_id").asText()).distinct().count());
        assertEquals(365, matches.size(), "rows matched on date, ticker, type, amount and owner");
        int identical = 0;
        int amountsWithLineBreaks = 0;
        for (Map.Entry<Transaction, JsonNode> match : matches.entrySet()) {
            final Transaction ours = match.getKey();
            final JsonNode theirs = match.getValue();
            if (theirs.get("amount").asText().contains("\n")) {
                amountsWithLineBreaks++;
            }
            if (ours.assetName().equals(theirs.get("asset_description").asText())
                    && ours.notificationDate().equals(LocalDate.parse(theirs.get("disclosure_date").asText(), US))
                    && "Stock".equals(theirs.get("asset_type").asText()) && "ST".equals(ours.assetTypeCode())) {
                identical++;
            }
        }
        assertEquals(365, identical, "asset name, disclosure date and asset type agree too");
        assertEquals(8, amountsWithLineBreaks, "equal only after collapsing the line break the community kept");
    }

    @Test
    void theCommunityDatasetLacksMoreThanHalfTheStockTrades() {
        final Map<Transaction, JsonNode> matches = match();
        final Set<String> communityFilings = new TreeSet<>();
        COMMUNITY.forEach(row -> communityFilings.add(row.get("filing_id").asText()));
        final List<Transaction> stockInThoseFilings = new ArrayList<>();
        communityFilings.forEach(id -> PARSED.get(id).stream().filter(t -> "ST".equals(t.assetTypeCode())).forEach(stockInThoseFilings::add));
        assertEquals(820, stockInThoseFilings.size());
        final List<Transaction> missing = stockInThoseFilings.stream().filter(t -> !matches.containsKey(t)).toList();
        assertEquals(455, missing.size());
        assertEquals(88, missing.stream().filter(t -> t.type() == TransactionType.SALE_PARTIAL).count(), "every partial sale");
        assertEquals(0, matches.keySet().stream().filter(t -> t.type() == TransactionType.SALE_PARTIAL).count());

        final Set<String> absent = new TreeSet<>(PARSED.keySet());
        absent.removeAll(communityFilings);
        assertEquals(Set.of("20016861", "20026489", "20026590", "20026638", "20030336", "20030876", "20032062"), absent);
        assertEquals(7, absent.stream().mapToLong(id -> PARSED.get(id).stream().filter(t -> "ST".equals(t.assetTypeCode())).count()).sum());
        assertEquals(890, PARSED.values().stream().mapToInt(List::size).sum());
    }

    /** Pairs each community row with one of our transactions of the same filing (each used once). */
    private static Map<Transaction, JsonNode> match() {
        final Map<Transaction, JsonNode> matches = new IdentityHashMap<>();
        for (JsonNode row : COMMUNITY) {
            for (Transaction ours : PARSED.get(row.get("filing_id").asText())) {
                if (!matches.containsKey(ours) && sameTrade(ours, row)) {
                    matches.put(ours, row);
                    break;
                }
            }
        }
        return matches;
    }

    private static boolean sameTrade(final Transaction ours, final JsonNode theirs) {
        final TransactionType type = TransactionType.fromWords(theirs.get("type").asText()).orElseThrow();
        final boolean typeAgrees = type == ours.type() || (type == TransactionType.SALE && ours.type() == TransactionType.SALE_PARTIAL);
        return typeAgrees
                && theirs.get("ticker").asText().equals(ours.ticker())
                && LocalDate.parse(theirs.get("transaction_date").asText(), US).equals(ours.transactionDate())
                && Amount.normalizeText(theirs.get("amount").asText()).equals(ours.amountText())
                && Owner.fromWords(theirs.get("owner").asText()).orElseThrow() == ours.owner();
    }
}
