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
 *   <li>{@link TickerMethod#SAME_ASSET_NAME}: the same asset name and the same details as filed (case and spacing aside;
 *       details are what the filing writes under the name: a bond's coupon and maturity, an option's terms) of the same
 *       asset type has exactly one ticker elsewhere. Two different tickers for that asset, or none, fill nothing; two bonds
 *       of one issuer are two assets.</li>
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

    /** Notes a row that has a ticker; {@code details} is what the filing writes under the asset's name, or null. */
    public void learn(final String assetName, final String details, final String assetType, final String filedTicker) {
        final Optional<Tickers.Normalized> ticker = Tickers.normalize(filedTicker);
        if (assetName == null || ticker.isEmpty() || ticker.get().option() != null) {
            return;
        }
        tickersByAsset.computeIfAbsent(key(assetName, details, assetType), k -> new HashSet<>()).add(ticker.get().ticker());
        tickers.add(key(ticker.get().ticker(), null, assetType));
    }

    /** The ticker for a row filed without one, when the data makes it certain; {@code details} as in learn. */
    public Optional<Fill> fill(final String assetName, final String details, final String assetType) {
        if (assetName == null) {
            return Optional.empty();
        }
        final Set<String> named = tickersByAsset.getOrDefault(key(assetName, details, assetType), Set.of());
        if (named.size() == 1) {
            return Optional.of(new Fill(named.iterator().next(), TickerMethod.SAME_ASSET_NAME));
        }
        if (named.isEmpty() && details == null && Tickers.looksLikeTicker(assetName)) {
            final Optional<Tickers.Normalized> asTicker = Tickers.normalize(assetName);
            if (asTicker.isPresent() && tickers.contains(key(asTicker.get().ticker(), null, assetType))) {
                return Optional.of(new Fill(asTicker.get().ticker(), TickerMethod.ASSET_NAME_IS_TICKER));
            }
        }
        return Optional.empty();
    }

    private static String key(final String assetName, final String details, final String assetType) {
        return normalize(assetName) + '\u0000' + normalize(details) + '\u0000' + normalize(assetType);
    }

    private static String normalize(final String text) {
        return text == null ? "" : text.replace('\u00A0', ' ').replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
    }
}
