package org.spotlight.typing;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures as public-finance disclosures write them: dollar amounts and the value ranges of congressional
 * disclosures ({@code $1,001 - $15,000}, {@code Over $50,000,000}, {@code Spouse/DC Over $1,000,000}), and
 * percentages ({@code 5.0%}).
 */
public final class FinanceText {

    private static final String AMOUNT = "\\$\\s*(\\d{1,3}(?:,\\d{3})+|\\d+)(\\.\\d+)?";
    /** Line breaks inside a range come from PDF extraction ({@code "$15,001 -\n$50,000"}). */
    private static final Pattern RANGE = Pattern.compile(AMOUNT + "\\s*(?:-|\u2013|\u2014|to)\\s*" + AMOUNT, Pattern.CASE_INSENSITIVE);
    /** A range whose upper bound was cut off ("$15,001 -"): the lower bound is all that is known. */
    private static final Pattern CUT_RANGE = Pattern.compile(AMOUNT + "\\s*(?:-|\u2013|\u2014|to)", Pattern.CASE_INSENSITIVE);
    private static final Pattern OVER = Pattern.compile("(?:spouse/dc\\s+)?(?:over|more than|above)\\s+" + AMOUNT, Pattern.CASE_INSENSITIVE);
    private static final Pattern SINGLE = Pattern.compile(AMOUNT);
    private static final Pattern PERCENT = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*%");

    private FinanceText() {
    }

    /**
     * A dollar figure as a range.
     *
     * @param min the least amount the text allows
     * @param max the largest, or null when the text gives no upper bound ({@code Over $50,000,000}, {@code $15,001 -})
     */
    public record MoneyRange(BigDecimal min, BigDecimal max) {
    }

    /** @return the range, or null when the text is not a dollar amount, range or open range */
    public static MoneyRange money(final String text) {
        if (text.indexOf('$') < 0) {
            return null;
        }
        final String trimmed = text.strip();
        Matcher matcher = RANGE.matcher(trimmed);
        if (matcher.matches()) {
            final BigDecimal min = amount(matcher.group(1), matcher.group(2));
            final BigDecimal max = amount(matcher.group(3), matcher.group(4));
            return min.compareTo(max) <= 0 ? new MoneyRange(min, max) : null;
        }
        matcher = OVER.matcher(trimmed);
        if (matcher.matches()) {
            // The disclosure scales are inclusive ranges that start one dollar above the previous upper bound
            // ($1,001 - $15,000, $15,001 - $50,000 ...), so "Over $50,000,000" starts at $50,000,001.
            final BigDecimal bound = amount(matcher.group(1), matcher.group(2));
            return new MoneyRange(bound.scale() > 0 ? bound : bound.add(BigDecimal.ONE), null);
        }
        matcher = CUT_RANGE.matcher(trimmed);
        if (matcher.matches()) {
            return new MoneyRange(amount(matcher.group(1), matcher.group(2)), null);
        }
        matcher = SINGLE.matcher(trimmed);
        if (matcher.matches()) {
            final BigDecimal amount = amount(matcher.group(1), matcher.group(2));
            return new MoneyRange(amount, amount);
        }
        return null;
    }

    /** @return the percentage as written ({@code "5.0%"} is 5.0), or null when the text is not one */
    public static BigDecimal percent(final String text) {
        if (text.indexOf('%') < 0) {
            return null;
        }
        final Matcher matcher = PERCENT.matcher(text.strip());
        return matcher.matches() ? new BigDecimal(matcher.group(1)) : null;
    }

    private static BigDecimal amount(final String whole, final String fraction) {
        return new BigDecimal(whole.replace(",", "") + (fraction == null ? "" : fraction.toLowerCase(Locale.ROOT)));
    }
}
