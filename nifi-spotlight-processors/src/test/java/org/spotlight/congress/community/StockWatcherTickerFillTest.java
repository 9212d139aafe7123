package org.spotlight.congress.community;

import org.junit.jupiter.api.Test;
import org.spotlight.congress.enrichment.TradeEnricher;
import org.spotlight.congress.legislators.MemberLookup;
import org.spotlight.congress.model.TradeField;
import org.spotlight.congress.model.TradeRecord;
import org.spotlight.congress.model.TradeSource;
import org.spotlight.testing.StockWatcherRecords;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Senate Stock Watcher aggregate: "--" tickers filled only where the whole dataset makes them certain. */
class StockWatcherTickerFillTest {

    @Test
    void aMissingTickerIsFilledFromTheSameAssetOfTheSameTypeElsewhereInTheDataset() throws Exception {
        final List<TradeRecord> records = StockWatcherRecords.read(TradeSource.SENATE_STOCK_WATCHER,
                "congress/senate_stock_watcher/all_transactions.json", MemberLookup.NONE).stream()
                .filter(record -> record.transaction() != null).toList();
        final List<TradeRecord> enriched = TradeEnricher.enrich(records);
        final Map<Object, Long> byMethod = enriched.stream().filter(record -> TradeField.TICKER_METHOD.valueOf(record) != null)
                .collect(Collectors.groupingBy(TradeField.TICKER_METHOD::valueOf, Collectors.counting()));
        // 35 "--" rows share name and type with rows of exactly one ticker; the rest of the fills are names written as tickers.
        assertEquals(35L, byMethod.get("same_asset_name"), byMethod.toString());
        assertTrue(byMethod.get("asset_name_is_ticker") > 100, byMethod.toString());
        final TradeRecord boeing = enriched.stream().filter(record -> "The Boeing Company".equals(record.transaction().assetName())
                && record.transaction().tickerAsFiled() == null).findFirst().orElseThrow();
        assertEquals("BA", TradeField.TICKER.valueOf(boeing));
        assertEquals("same_asset_name", TradeField.TICKER_METHOD.valueOf(boeing));
        // One Xerox Corp bond row (4.5%, matures 05/15/2021) is filed as XER.BE; the 3.5% 2020 bond is another asset, and the
        // other 4.5% row writes its maturity as 05/15/21: nothing makes a bond's ticker certain here.
        final List<TradeRecord> bondFills = enriched.stream().filter(record -> "Corporate Bond".equals(record.transaction().assetTypeLabel()))
                .filter(record -> TradeField.TICKER_METHOD.valueOf(record) != null && record.transaction().tickerAsFiled() == null).toList();
        assertEquals(List.of(), bondFills);
        assertTrue(enriched.stream().filter(record -> "Xerox Corp".equalsIgnoreCase(record.transaction().assetName()))
                .filter(record -> String.valueOf(record.transaction().description()).contains("3.5%"))
                .allMatch(record -> TradeField.TICKER.valueOf(record) == null), "another bond of the same issuer is another asset");
        assertEquals(8350 - 463, records.size());
    }
}
