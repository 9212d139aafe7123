package org.spotlight.congress.enrichment;

import org.spotlight.congress.model.TickerMethod;
import org.spotlight.congress.model.TradeDetails;
import org.spotlight.congress.model.TradeDetails.OptionTerms;
import org.spotlight.congress.model.TradeRecord;
import org.spotlight.congress.model.Transaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Adds what Spotlight derives to a filing's trade records ({@link TradeDetails}): one spelling per ticker, tickers the
 * filing makes certain where a row has none (the same asset with a ticker in another row), option terms and quantities
 * from the text, and the days to file against the STOCK Act's deadline. Run on each filing's records before they are
 * written, by FetchCongressTrades and by {@code spotlight fetch}; sources that hold a whole dataset fill tickers across
 * it themselves with an {@link AssetTickerBook}.
 */
public final class TradeEnricher {

    private TradeEnricher() {
    }

    /** The records of one filing, enriched, in the same order. */
    public static List<TradeRecord> enrich(final List<TradeRecord> filingRecords) {
        final AssetTickerBook filing = new AssetTickerBook();
        for (TradeRecord record : filingRecords) {
            final Transaction tx = record.transaction();
            if (tx != null && tx.ticker() != null) {
                filing.learn(tx.assetName(), tx.description(), tx.assetTypeLabel(), tx.ticker());
            }
        }
        final List<TradeRecord> enriched = new ArrayList<>(filingRecords.size());
        for (TradeRecord record : filingRecords) {
            enriched.add(record.withDetails(details(record, filing)));
        }
        return enriched;
    }

    static TradeDetails details(final TradeRecord record, final AssetTickerBook filing) {
        final Transaction tx = record.transaction();
        if (tx == null) {
            return new TradeDetails(null, null, null, null, null, List.of());
        }
        final List<String> warnings = new ArrayList<>();
        String ticker = null;
        TickerMethod method = null;
        OptionTerms fromSymbol = null;
        final Optional<Tickers.Normalized> normalized = Tickers.normalize(tx.ticker());
        if (normalized.isPresent()) {
            ticker = normalized.get().ticker();
            method = tx.tickerFill() != null ? tx.tickerFill() : normalized.get().method();
            fromSymbol = normalized.get().option();
        } else {
            final Optional<AssetTickerBook.Fill> fill = filing.fill(tx.assetName(), tx.description(), tx.assetTypeLabel());
            if (fill.isPresent()) {
                ticker = fill.get().ticker();
                method = fill.get().method();
            }
        }
        final OptionText.Reading reading = OptionText.read(tx, fromSymbol);
        warnings.addAll(reading.warnings());
        final TradeDetails.Timeliness timeliness = FilingDeadline.of(record.filing().filingDate(), tx.transactionDate(),
                tx.notificationDate(), warnings);
        return new TradeDetails(ticker, method, reading.option(), reading.quantity(), timeliness, warnings);
    }
}
