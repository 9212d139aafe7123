package org.spotlight.congress.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What Spotlight derives from a trade record beyond the filing's own cells: the normalised ticker, the option terms
 * and quantity written in the text, and how timely the filing was. Computed by org.spotlight.congress.enrichment.
 *
 * @param ticker       the ticker to query by (normalised, or filled where the data makes it certain); null when none
 * @param tickerMethod where {@code ticker} comes from; null when there is none
 * @param option       option terms, or null when the record names no option
 * @param quantity     how many shares or contracts the text says were traded, or null
 * @param timeliness   days to file and lateness under the STOCK Act rule, or null for records without a trade
 * @param warnings     what looked meaningful but could not be read (e.g. option text without a strike); empty when none
 */
public record TradeDetails(String ticker, TickerMethod tickerMethod, OptionTerms option, Quantity quantity, Timeliness timeliness,
                           List<String> warnings) {

    public TradeDetails {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /**
     * An option's terms as written; each may be missing.
     *
     * @param type null when the text says neither call nor put
     */
    public record OptionTerms(OptionType type, BigDecimal strike, LocalDate expiration) {
    }

    /** A number of shares or of option contracts. */
    public record Quantity(BigDecimal amount, Unit unit) {
        public enum Unit {
            SHARES,
            CONTRACTS;

            public String code() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }
    }

    /**
     * How long the filer took, against the STOCK Act's deadline: 30 days after notification, and no later than 45 days
     * after the transaction (whichever comes first). Fields are null where a date they need is missing.
     *
     * @param deadline                 the last day the report was due; null for transactions before the rule took effect
     * @param daysToFile               filing date minus transaction date
     * @param daysFromNotification     filing date minus notification date
     * @param late                     filed after the deadline
     * @param daysLate                 days after the deadline; 0 when on time
     */
    public record Timeliness(LocalDate deadline, Integer daysToFile, Integer daysFromNotification, Boolean late, Integer daysLate) {
    }
}
