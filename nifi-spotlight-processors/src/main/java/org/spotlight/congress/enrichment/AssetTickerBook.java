package org.spotlight.congress.enrichment;

import org.spotlight.congress.model.TickerMethod;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tickers the data itself makes certain for rows filed without one (the Senate's "--"): learned from every row of the
 * same data that has a ticker, then asked for the rows that have none. Two rules, both exact:
 * <ul>
 *   <li>{@link TickerMethod#SAME_ASSET_NAME}: the same asset name (case and spacing aside) of the same asset type has
 *       exactly one ticker elsewhere. Two different tickers for that name, or none, fill nothing.</li>
 *   <li>{@link TickerMethod#ASSET_NAME_IS_TICKER}: the asset name is itself written like a ticker ("aapl") and the same
 *       data uses that ticker for an asset of the same type.</li>
 * </ul>
 * A bond or a fund named like a company is never given the company's ticker: the asset type must agree.
 */
public final class AssetTickerBook {

    /** A filled ticker and the rule that gave it. */
    public record Fill(String ticker, TickerMethod method) {
    }

    private final Map<String, Set<String>> tickersByAsset = new HashMap<>();
    private final Set<String> tickers = new HashSet<>();

    /** Notes a row that has a ticker. */
    public void learn(final String assetName, final String assetType, final String filedTicker) {
        final Optional<Tickers.Normalized> ticker = Tickers.normalize(filedTicker);
        if (assetName == null || ticker.isEmpty() || ticker.get().option() != null) {
            return;
        }
        tickersByAsset.computeIfAbsent(key(assetName, assetType), k -> new HashSet<>()).add(ticker.get().ticker());
        tickers.add(key(ticker.get().ticker(), assetType));
    }

    /** The ticker for a row filed without one, when the data makes it certain. */
    public Optional<Fill> fill(final String assetName, final String assetType) {
        if (assetName == null) {
            return Optional.empty();
        }
        final Set<String> named = tickersByAsset.getOrDefault(key(assetName, assetType), Set.of());
        if (named.size() == 1) {
            return Optional.of(new Fill(named.iterator().next(), TickerMethod.SAME_ASSET_NAME));
        }
        if (named.isEmpty() && Tickers.looksLikeTicker(assetName)) {
            final Optional<Tickers.Normalized> asTicker = Tickers.normalize(assetName);
            if (asTicker.isPresent() && tickers.contains(key(asTicker.get().ticker(), assetType))) {
                return Optional.of(new Fill(asTicker.get().ticker(), TickerMethod.ASSET_NAME_IS_TICKER));
            }
        }
        return Optional.empty();
    }

    private static String key(final String assetName, final String assetType) {
        return normalize(assetName) + '\u0000' + normalize(assetType);
    }

    private static String normalize(final String text) {
        return text == null ? "" : text.replace('\u00A0', ' ').replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
    }
}
