package org.spotlight.typing;

import org.spotlight.format.text.ExactNumbers;

import java.math.BigDecimal;

/**
 * Figures as public-finance disclosures write them: dollar amounts and the value ranges of congressional
 * disclosures ({@code $1,001 - $15,000}, {@code Over $50,000,000}, {@code Spouse/DC Over $1,000,000}, and ranges cut
 * short by PDF extraction such as {@code $15,001 -}), and percentages ({@code 5.0%}).
 * <p>
 * Hand-written scanners rather than regular expressions: every string of a sampled column is tried, and most are not
 * figures.
 */
public final class FinanceText {

    private static final int MAX_DIGITS = 30;

    private FinanceText() {
    }

    /**
     * A dollar figure as a range. Whole-dollar bounds are {@link Long}s, others {@link BigDecimal}s as written.
     *
     * @param min the least amount the text allows
     * @param max the largest, or null when the text gives no upper bound ({@code Over $50,000,000}, {@code $15,001 -})
     */
    public record MoneyRange(Number min, Number max) {

        public boolean isExact() {
            return max != null && new BigDecimal(min.toString()).compareTo(new BigDecimal(max.toString())) == 0;
        }
    }

    /** @return the range, or null when the text is not a dollar amount, range or open range */
    public static MoneyRange money(final String text) {
        if (text.indexOf('$') < 0) {
            return null;
        }
        final Scanner scanner = new Scanner(text);
        scanner.skipSpaces();
        if (scanner.peek() != '$') {
            return over(scanner);
        }
        final Number min = scanner.amount();
        if (min == null) {
            return null;
        }
        scanner.skipSpaces();
        if (scanner.atEnd()) {
            return new MoneyRange(min, min);
        }
        if (!scanner.rangeSeparator()) {
            return null;
        }
        scanner.skipSpaces();
        if (scanner.atEnd()) {
            // The upper bound was cut off; the lower bound is all that is known.
            return new MoneyRange(min, null);
        }
        final Number max = scanner.amount();
        scanner.skipSpaces();
        if (max == null || !scanner.atEnd() || compare(min, max) > 0) {
            return null;
        }
        return new MoneyRange(min, max);
    }

    /** {@code Over $X} (optionally after {@code Spouse/DC}); also {@code More than $X}, {@code Above $X}. */
    private static MoneyRange over(final Scanner scanner) {
        scanner.word("spouse/dc");
        scanner.skipSpaces();
        if (!(scanner.word("over") || (scanner.word("more") && scanner.skipSpaces() && scanner.word("than")) || scanner.word("above"))) {
            return null;
        }
        scanner.skipSpaces();
        final Number bound = scanner.amount();
        scanner.skipSpaces();
        if (bound == null || !scanner.atEnd()) {
            return null;
        }
        // The disclosure scales are inclusive ranges that start one dollar above the previous upper bound
        // ($1,001 - $15,000, $15,001 - $50,000 ...), so "Over $50,000,000" starts at $50,000,001.
        return new MoneyRange(bound instanceof Long whole ? (Number) (whole + 1) : bound, null);
    }

    /** @return the percentage as written ({@code "5.0%"} is 5.0), or null when the text is not one */
    public static BigDecimal percent(final String text) {
        final int percent = text.indexOf('%');
        // Longer numbers are no percentages anyone writes, and parsing them would cost time quadratic in their length.
        if (percent < 0 || percent > ExactNumbers.MAX_TEXT_LENGTH || text.length() - percent > ExactNumbers.MAX_TEXT_LENGTH) {
            return null;
        }
        final String number = text.substring(0, percent).strip();
        if (!text.substring(percent + 1).isBlank() || number.isEmpty()) {
            return null;
        }
        final int start = number.charAt(0) == '-' ? 1 : 0;
        boolean dot = false;
        boolean digits = false;
        for (int i = start; i < number.length(); i++) {
            final char c = number.charAt(i);
            if (c == '.' && !dot && digits) {
                dot = true;
            } else if (c >= '0' && c <= '9') {
                digits = true;
            } else {
                return null;
            }
        }
        return digits && number.charAt(number.length() - 1) != '.' ? new BigDecimal(number) : null;
    }

    private static int compare(final Number a, final Number b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
    }

    /** Reads a figure left to right. */
    private static final class Scanner {
        private final String text;
        private int position;

        Scanner(final String text) {
            this.text = text;
        }

        char peek() {
            return position < text.length() ? text.charAt(position) : '\0';
        }

        boolean atEnd() {
            return position >= text.length();
        }

        /** Always true, so that it can sit inside a condition. */
        boolean skipSpaces() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
            return true;
        }

        boolean word(final String word) {
            if (text.regionMatches(true, position, word, 0, word.length())) {
                position += word.length();
                return true;
            }
            return false;
        }

        boolean rangeSeparator() {
            final char c = peek();
            if (c == '-' || c == '\u2013' || c == '\u2014') {
                position++;
                return true;
            }
            return word("to");
        }

        /**
         * {@code $1,001}, {@code $1001}, {@code $800.00}: thousands groups of exactly three digits, or none.
         *
         * @return a Long for whole dollars, a BigDecimal otherwise, null when the text is no amount
         */
        Number amount() {
            if (peek() != '$') {
                return null;
            }
            position++;
            skipSpaces();
            final int start = position;
            long whole = 0;
            int digits = 0;
            int groupDigits = 0;
            boolean grouped = false;
            while (position < text.length()) {
                final char c = text.charAt(position);
                if (c >= '0' && c <= '9') {
                    whole = whole * 10 + (c - '0');
                    digits++;
                    groupDigits++;
                } else if (c == ',') {
                    if ((grouped ? groupDigits != 3 : groupDigits < 1 || groupDigits > 3)) {
                        return null;
                    }
                    grouped = true;
                    groupDigits = 0;
                } else {
                    break;
                }
                position++;
            }
            if (digits == 0 || digits > MAX_DIGITS || (grouped && groupDigits != 3) || text.charAt(position - 1) == ',') {
                return null;
            }
            if (peek() != '.') {
                return digits <= 18 ? (Number) whole : new BigDecimal(text.substring(start, position).replace(",", ""));
            }
            final int dot = position++;
            while (position < text.length() && text.charAt(position) >= '0' && text.charAt(position) <= '9') {
                position++;
            }
            if (position == dot + 1) {
                return null;
            }
            return new BigDecimal(text.substring(start, dot).replace(",", "") + text.substring(dot, position));
        }
    }
}
