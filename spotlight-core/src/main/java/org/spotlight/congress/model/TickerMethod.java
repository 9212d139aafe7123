package org.spotlight.congress.model;

import java.util.Locale;

/** Where a record's ticker comes from: recorded as {@code ticker_method}. */
public enum TickerMethod {
    /** The filing's ticker, unchanged. */
    AS_FILED,
    /** The filing's ticker written the common way: upper case, class shares with a dot (BRK/B, BRK-B, brk.b: BRK.B). */
    NORMALIZED,
    /** The underlying of an OCC option symbol filed as the ticker (SPY160219P00180000: SPY). */
    OPTION_SYMBOL,
    /** None filed ("--"); the same asset name, of the same asset type, has exactly one ticker elsewhere in the same data. */
    SAME_ASSET_NAME,
    /** None filed; the asset name is itself a ticker ("aapl") that the same data uses for an asset. */
    ASSET_NAME_IS_TICKER;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
