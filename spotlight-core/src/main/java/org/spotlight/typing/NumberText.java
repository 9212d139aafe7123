package org.spotlight.typing;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Numbers written inside strings. Only spellings that survive the round trip to a number and back are accepted:
 * {@code 42}, {@code -7}, {@code 1.50}. Leading zeros ({@code 007}, ZIP codes like {@code 02134}), a leading
 * {@code +}, exponents, thousands separators and surrounding spaces mean the text is an identifier or a formatted
 * figure, not a number, and it stays a String.
 */
public final class NumberText {

    private static final int LONG_SAFE_DIGITS = 18;

    private NumberText() {
    }

    /** @return a Long, BigInteger or BigDecimal, or null when the text is not a plain number */
    public static Number parse(final String text) {
        final int length = text.length();
        if (length == 0 || length > 200) {
            return null;
        }
        int position = text.charAt(0) == '-' ? 1 : 0;
        final int integerStart = position;
        while (position < length && isDigit(text.charAt(position))) {
            position++;
        }
        final int integerDigits = position - integerStart;
        if (integerDigits == 0 || (integerDigits > 1 && text.charAt(integerStart) == '0')) {
            return null;
        }
        if (position == length) {
            return integerDigits <= LONG_SAFE_DIGITS ? (Number) Long.parseLong(text) : new BigInteger(text);
        }
        if (text.charAt(position) != '.') {
            return null;
        }
        position++;
        final int fractionStart = position;
        while (position < length && isDigit(text.charAt(position))) {
            position++;
        }
        if (position == fractionStart || position != length) {
            return null;
        }
        return new BigDecimal(text);
    }

    private static boolean isDigit(final char c) {
        return c >= '0' && c <= '9';
    }
}
