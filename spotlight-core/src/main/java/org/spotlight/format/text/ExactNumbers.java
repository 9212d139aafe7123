package org.spotlight.format.text;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;

/**
 * Exact arithmetic on numbers from data at a bounded cost. {@link BigDecimal} keeps any number exactly, but a few
 * characters can ask it for unbounded work: {@code 1e500000000} is one digit with an exponent, and turning it into a
 * {@link BigInteger}, a plain string or a value of fixed scale builds a number of 500 million digits. Every conversion
 * here looks at the magnitude first (digits before the point, {@code precision - scale}, which costs nothing) and
 * refuses what no ClickHouse type could hold anyway, before any digit is expanded.
 */
public final class ExactNumbers {

    /**
     * The longest numeric text parsed: the same as Jackson's default {@code maxNumberLength} for JSON numbers. ClickHouse's
     * widest exact types need 78 digits (UInt256), and a double is fully described by 17 significant digits, so longer
     * text is not a number any column takes without loss; parsing it would cost time quadratic in its length.
     */
    public static final int MAX_TEXT_LENGTH = 1000;

    /** Digits of the widest integer ClickHouse has (UInt256: 115792...639935, 78 digits). */
    public static final int MAX_INTEGER_DIGITS = 78;

    /** Digits after the point of the finest value ClickHouse stores exactly (Decimal256 with scale 76). */
    public static final int MAX_SCALE = 76;

    /**
     * Seconds since the epoch beyond which no ClickHouse date-time lies (DateTime64 ends in 2299, 10,000,000,000 seconds
     * after 1970; the magnitude also keeps milliseconds within range).
     */
    private static final BigDecimal MAX_EPOCH_SECONDS = BigDecimal.valueOf(100_000_000_000L);

    /** The range of Int128, UInt128, Int256 and UInt256. */
    public static final BigInteger INT128_MIN = BigInteger.TWO.pow(127).negate();
    public static final BigInteger INT128_MAX = BigInteger.TWO.pow(127).subtract(BigInteger.ONE);
    public static final BigInteger UINT128_MAX = BigInteger.TWO.pow(128).subtract(BigInteger.ONE);
    public static final BigInteger INT256_MIN = BigInteger.TWO.pow(255).negate();
    public static final BigInteger INT256_MAX = BigInteger.TWO.pow(255).subtract(BigInteger.ONE);
    public static final BigInteger UINT256_MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    private ExactNumbers() {
    }

    /**
     * Digits before the decimal point, negative for values below 0.1 ({@code 0.001} has -2); 1 for zero. Computed from
     * precision and scale without touching the digits, in long arithmetic because the scale can be any int.
     */
    public static long integerDigits(final BigDecimal value) {
        return value.signum() == 0 ? 1 : (long) value.precision() - value.scale();
    }

    /**
     * A decimal number as text: optional sign, digits with an optional fraction ({@code 1}, {@code -1.50}, {@code .5},
     * {@code 5.}), optional exponent ({@code 1.5e3}). Anything else, Java's and other languages' extras included
     * ({@code NaN}, {@code Infinity}, {@code 0x10}, {@code 1f}, {@code 1d}, {@code 1_000}, inner spaces), is not a number.
     *
     * @return the exact value, or null when the text is not a decimal number or longer than {@link #MAX_TEXT_LENGTH}
     *         (also for an exponent beyond the range of an int, which no number type reaches anyway)
     */
    public static BigDecimal parse(final String text) {
        if (!isDecimalSyntax(text)) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (final NumberFormatException e) {
            // The exponent does not fit an int (1e99999999999): no type holds such a number.
            return null;
        }
    }

    /** Whether the text is a decimal number as {@link #parse(String)} accepts it, checked without allocating. */
    public static boolean isDecimalSyntax(final String text) {
        final int length = text.length();
        if (length == 0 || length > MAX_TEXT_LENGTH) {
            return false;
        }
        int position = text.charAt(0) == '-' || text.charAt(0) == '+' ? 1 : 0;
        final int integerStart = position;
        while (position < length && isDigit(text.charAt(position))) {
            position++;
        }
        int digits = position - integerStart;
        if (position < length && text.charAt(position) == '.') {
            position++;
            final int fractionStart = position;
            while (position < length && isDigit(text.charAt(position))) {
                position++;
            }
            digits += position - fractionStart;
        }
        if (digits == 0) {
            return false;
        }
        if (position < length && (text.charAt(position) == 'e' || text.charAt(position) == 'E')) {
            position++;
            if (position < length && (text.charAt(position) == '-' || text.charAt(position) == '+')) {
                position++;
            }
            final int exponentStart = position;
            while (position < length && isDigit(text.charAt(position))) {
                position++;
            }
            if (position == exponentStart) {
                return false;
            }
        }
        return position == length;
    }

    /**
     * The value as an integer, if it is one.
     *
     * @return the integer, or null when the value has a fractional part
     * @throws ArithmeticException when it has more than {@link #MAX_INTEGER_DIGITS} digits (no integer type holds it)
     */
    public static BigInteger toBigIntegerExact(final BigDecimal value) {
        if (value.signum() == 0) {
            return BigInteger.ZERO;
        }
        final long integerDigits = integerDigits(value);
        if (integerDigits > MAX_INTEGER_DIGITS) {
            throw new ArithmeticException("more than " + MAX_INTEGER_DIGITS + " digits: larger than any integer type");
        }
        if (integerDigits <= 0) {
            // Not zero, and below 1 in magnitude.
            return null;
        }
        if (value.scale() <= 0) {
            // At most MAX_INTEGER_DIGITS digits after the expansion.
            return value.toBigInteger();
        }
        // 0 < scale < precision <= the digits the value was written with: stripping costs what reading it did.
        final BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() > 0 ? null : stripped.toBigIntegerExact();
    }

    /**
     * The value at a fixed scale, exactly, for a Decimal(P, S) column.
     *
     * @return the value with scale {@code scale}
     * @throws ArithmeticException naming what does not fit: more than {@code precision - scale} integer digits, or
     *                             more than {@code scale} decimal places (other than zeros)
     */
    public static BigDecimal toScale(final BigDecimal value, final int precision, final int scale) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO.setScale(scale);
        }
        if (integerDigits(value) > precision - scale) {
            throw new ArithmeticException("has more than " + (precision - scale) + " integer digits");
        }
        // Every digit lies beyond the last place the column keeps: the value cannot be exact at this scale. Checked
        // first because setScale would otherwise divide by a power of ten as large as the scale difference.
        if ((long) value.scale() - scale >= value.precision()) {
            throw new ArithmeticException("has more than " + scale + " decimal places");
        }
        try {
            // Bounded: the scale changes by less than the precision (down), or by at most precision + scale (up).
            return value.setScale(scale, java.math.RoundingMode.UNNECESSARY);
        } catch (final ArithmeticException e) {
            throw new ArithmeticException("has more than " + scale + " decimal places");
        }
    }

    /**
     * The value as text without an exponent where that text has a bounded length (as written, {@code 1.50} stays
     * {@code 1.50}); in scientific notation otherwise ({@code 1E+500000000}), which is just as exact.
     */
    public static String toText(final BigDecimal value) {
        final long integerDigits = integerDigits(value);
        return integerDigits > MAX_TEXT_LENGTH || (long) value.scale() > MAX_TEXT_LENGTH ? value.toString() : value.toPlainString();
    }

    /**
     * Seconds since 1970-01-01T00:00:00Z as an instant, exactly.
     *
     * @throws ArithmeticException when the number is beyond any date-time ClickHouse stores, or has more than nine
     *                             fractional digits (finer than nanoseconds)
     */
    public static Instant epochSecondsToInstant(final BigDecimal seconds) {
        if (seconds.abs().compareTo(MAX_EPOCH_SECONDS) > 0) {
            throw new ArithmeticException("beyond any date-time ClickHouse stores");
        }
        // Below the bound above the integer part is small, so only the scale can be large: strip what is zeros.
        final BigDecimal exact = seconds.scale() > 9 ? seconds.stripTrailingZeros() : seconds;
        if (exact.scale() > 9) {
            throw new ArithmeticException("has more fractional seconds than nanoseconds");
        }
        final BigDecimal whole = exact.setScale(0, java.math.RoundingMode.FLOOR);
        final long nanos = exact.subtract(whole).scaleByPowerOfTen(9).longValueExact();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    }

    private static boolean isDigit(final char c) {
        return c >= '0' && c <= '9';
    }
}
