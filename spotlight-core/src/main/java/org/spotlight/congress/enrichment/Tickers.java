package org.spotlight.congress.enrichment;

import org.spotlight.congress.model.OptionType;
import org.spotlight.congress.model.TickerMethod;
import org.spotlight.congress.model.TradeDetails.OptionTerms;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One spelling per ticker across sources. The House writes BRK.B, Yahoo-style datasets BRK-B, some filers BRK/B or brk b:
 * all become BRK.B (upper case, a dot before a one-letter share class). Longer suffixes are left as filed, because
 * they mean different things in different notations (DD-PA is a preferred series, ADT.F a Frankfurt listing). An OCC
 * option symbol filed as the ticker (SPY160219P00180000) gives its underlying and the option's terms.
 */
public final class Tickers {

    /** What normalisation made of a filed ticker. */
    public record Normalized(String ticker, TickerMethod method, OptionTerms option) {
    }

    /** Written where there is no ticker: the eFD's "--", the datasets' N/A for paper filings. */
    private static final Set<String> NONE = Set.of("", "--", "-", "N/A", "NA", "NONE", "NULL");
    private static final Pattern CLASS_SHARE = Pattern.compile("^([A-Z]{1,6})\\s*[./\\- ]\\s*([A-Z])$");
    private static final Pattern PLAIN = Pattern.compile("^[A-Z][A-Z0-9]{0,5}(\\.[A-Z]{1,2})?$");
    private static final Pattern OCC = Pattern.compile("^([A-Z]{1,6})(\\d{2})(\\d{2})(\\d{2})([CP])(\\d{8})$");

    private Tickers() {
    }

    /** The ticker as Spotlight writes it, or empty when the filed text means "none". */
    public static Optional<Normalized> normalize(final String filed) {
        if (filed == null) {
            return Optional.empty();
        }
        final String trimmed = filed.strip();
        final String upper = trimmed.replaceFirst("^\\$", "").toUpperCase(Locale.ROOT);
        if (NONE.contains(upper)) {
            return Optional.empty();
        }
        final Matcher occ = OCC.matcher(upper);
        if (occ.matches()) {
            try {
                final LocalDate expiration = LocalDate.of(2000 + Integer.parseInt(occ.group(2)), Integer.parseInt(occ.group(3)),
                        Integer.parseInt(occ.group(4)));
                final BigDecimal strike = new BigDecimal(occ.group(6)).movePointLeft(3).stripTrailingZeros();
                return Optional.of(new Normalized(occ.group(1), TickerMethod.OPTION_SYMBOL, new OptionTerms(
                        "C".equals(occ.group(5)) ? OptionType.CALL : OptionType.PUT, strike.scale() < 0 ? strike.setScale(0) : strike, expiration)));
            } catch (final java.time.DateTimeException | NumberFormatException e) {
                // Not a real date: not an option symbol after all; kept as filed below.
            }
        }
        final Matcher share = CLASS_SHARE.matcher(upper);
        final String normalized = share.matches() ? share.group(1) + "." + share.group(2) : upper;
        return Optional.of(new Normalized(normalized, normalized.equals(trimmed) ? TickerMethod.AS_FILED : TickerMethod.NORMALIZED, null));
    }

    /** True for text shaped like a ticker (AAPL, BRK.B, aapl): what an asset name must look like to be taken as one. */
    static boolean looksLikeTicker(final String text) {
        return text != null && text.length() <= 8 && PLAIN.matcher(text.strip().toUpperCase(Locale.ROOT)).matches()
                && !NONE.contains(text.strip().toUpperCase(Locale.ROOT));
    }
}
