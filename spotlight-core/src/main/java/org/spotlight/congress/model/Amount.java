package org.spotlight.congress.model;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A disclosed amount as numbers. Disclosures give value ranges ({@code $1,001 - $15,000}), sometimes an exact
 * amount ({@code $800.00}, then min = max) and for the top bracket an open range ({@code Over $50,000,000},
 * then max is null and min is the next whole dollar, like the lower bounds of the other brackets).
 *
 * @param text the amount as filed, with line breaks and repeated spaces collapsed
 */
public record Amount(BigDecimal min, BigDecimal max, String text) {

    private static final String MONEY = "\\$\\s?([0-9][0-9,]*(?:\\.[0-9]{1,2})?)";
    private static final Pattern RANGE = Pattern.compile("^" + MONEY + "\\s*-\\s*" + MONEY + "$");
    private static final Pattern EXACT = Pattern.compile("^" + MONEY + "$");
    private static final Pattern OVER = Pattern.compile("^(?:.*\\s)?over\\s+" + MONEY + "$", Pattern.CASE_INSENSITIVE);

    /** Collapses whitespace, including the line breaks of amounts that wrap inside their table cell. */
    public static String normalizeText(final String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").replaceAll("-\\s*(?=\\$)", "- ").trim();
    }

    /** The amount, or empty when the text is not an amount this class understands. */
    public static Optional<Amount> parse(final String filed) {
        final String text = normalizeText(filed);
        Matcher matcher = RANGE.matcher(text);
        if (matcher.matches()) {
            final BigDecimal min = money(matcher.group(1));
            final BigDecimal max = money(matcher.group(2));
            return min.compareTo(max) <= 0 ? Optional.of(new Amount(min, max, text)) : Optional.empty();
        }
        matcher = EXACT.matcher(text);
        if (matcher.matches()) {
            final BigDecimal exact = money(matcher.group(1));
            return Optional.of(new Amount(exact, exact, text));
        }
        matcher = OVER.matcher(text);
        if (matcher.matches()) {
            return Optional.of(new Amount(money(matcher.group(1)).add(BigDecimal.ONE), null, text));
        }
        return Optional.empty();
    }

    private static BigDecimal money(final String digits) {
        return new BigDecimal(digits.replace(",", ""));
    }
}
