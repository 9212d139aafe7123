package org.spotlight.format.text;

import java.math.BigDecimal;

/**
 * A number written in exponent notation ({@code 1.5e3}, {@code 1e400}), kept as written. JSON readers hand such numbers
 * on like this rather than as a {@link Double}, so that nothing is rounded before a column asks for it: a Float64 column
 * gets the nearest double (and rejects what has none: {@code 1e400} is beyond Float64), a Decimal or integer column the
 * exact value, a String column the text. Inference reads the exponent as "this is a floating-point field", as ClickHouse
 * does.
 */
public final class FloatLiteral extends Number {

    private final String text;
    private transient BigDecimal exact;
    private transient boolean parsed;

    /** @param text a JSON number with an exponent, as written (at most {@link ExactNumbers#MAX_TEXT_LENGTH} characters) */
    public FloatLiteral(final String text) {
        if (!ExactNumbers.isDecimalSyntax(text)) {
            throw new IllegalArgumentException("not a decimal number: " + (text.length() > 40 ? text.substring(0, 40) + "..." : text));
        }
        this.text = text;
    }

    /** The number as written. */
    public String text() {
        return text;
    }

    /** The exact value, or null when the exponent is beyond the range of an int (no number type holds such a value). */
    public BigDecimal exact() {
        if (!parsed) {
            exact = ExactNumbers.parse(text);
            parsed = true;
        }
        return exact;
    }

    /** The nearest double: {@code Infinity} or {@code 0.0} when the value is beyond a double's range. */
    @Override
    public double doubleValue() {
        return Double.parseDouble(text);
    }

    /** The nearest float, as for {@link #doubleValue()}. */
    @Override
    public float floatValue() {
        return Float.parseFloat(text);
    }

    /** Whether the value is zero (so that a double of 0.0 is exact rather than an underflow). */
    public boolean isZero() {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == 'e' || c == 'E') {
                return true;
            }
            if (c >= '1' && c <= '9') {
                return false;
            }
        }
        return true;
    }

    /** Truncates like {@link Double#longValue()}; exact conversions go through {@link #exact()}. */
    @Override
    public long longValue() {
        return (long) doubleValue();
    }

    @Override
    public int intValue() {
        return (int) doubleValue();
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof FloatLiteral literal && literal.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
