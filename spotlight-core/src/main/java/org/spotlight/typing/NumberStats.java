package org.spotlight.typing;

import org.spotlight.clickhouse.types.ClickHouseType;

import org.spotlight.format.text.ExactNumbers;
import org.spotlight.format.text.FloatLiteral;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * What a sample of numbers needs from a column type: integer range, decimal digits, whether anything was only ever
 * a floating-point number. Resolves to the narrowest type of the widening lattice
 * Int64 &rarr; UInt64 &rarr; Decimal(P, S) &rarr; Float64 &rarr; String that holds every value exactly: Float64 where a
 * value was written in exponent notation (a floating-point number by declaration, as in ClickHouse), String where some
 * value fits no number type (more digits than any Decimal, or beyond Float64's range), so that its text is kept.
 * Observing a number costs what reading it did: magnitudes come from precision and scale, never from expanding them.
 */
final class NumberStats {

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger UINT64_MAX = new BigInteger("18446744073709551615");
    private static final int[] DECIMAL_PRECISIONS = {9, 18, 38, 76};
    /** Bits of the widest integer type, UInt256: a BigInteger with more has more digits than any number type holds. */
    private static final int MAX_BITS = 256;

    long count;
    boolean integral = true;
    /** Some value was written in exponent notation or came typed as a float: only Float64 fits. */
    boolean floating;
    /** Some value fits no number type exactly (more than 76 digits, beyond Float64's range, NaN or infinite): only String keeps it. */
    boolean beyondNumbers;
    boolean zeroOrOne = true;
    BigInteger minInteger;
    BigInteger maxInteger;
    long minLong = Long.MAX_VALUE;
    long maxLong = Long.MIN_VALUE;
    int maxIntegerDigits;
    int maxScale;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;

    void observe(final Number number) {
        count++;
        switch (number) {
            case Long value -> observeLong(value);
            case Integer value -> observeLong(value);
            case Short value -> observeLong(value);
            case Byte value -> observeLong(value);
            case BigInteger value -> observeInteger(value);
            case BigDecimal value -> observeDecimal(value);
            case FloatLiteral value -> observeFloat(value.doubleValue(), value.isZero());
            default -> observeFloat(number.doubleValue(), number.doubleValue() == 0);
        }
    }

    private void observeLong(final long value) {
        minLong = Math.min(minLong, value);
        maxLong = Math.max(maxLong, value);
        zeroOrOne &= value == 0 || value == 1;
        maxIntegerDigits = Math.max(maxIntegerDigits, digits(value));
        track(value);
    }

    private void observeInteger(final BigInteger value) {
        if (value.bitLength() < 64) {
            observeLong(value.longValue());
            return;
        }
        if (value.bitLength() > MAX_BITS) {
            // More digits than any Decimal or integer type: decided from the bit length, without printing the number.
            beyondNumbers = true;
            zeroOrOne = false;
            return;
        }
        minInteger = minInteger == null || value.compareTo(minInteger) < 0 ? value : minInteger;
        maxInteger = maxInteger == null || value.compareTo(maxInteger) > 0 ? value : maxInteger;
        zeroOrOne = false;
        maxIntegerDigits = Math.max(maxIntegerDigits, value.abs().toString().length());
        track(value.doubleValue());
    }

    private void observeDecimal(final BigDecimal value) {
        final long integerDigits = ExactNumbers.integerDigits(value);
        if (value.scale() <= 0) {
            if (integerDigits > ExactNumbers.MAX_INTEGER_DIGITS) {
                // 1E+500000000 from a record reader: expanding it to an integer would take minutes.
                beyondNumbers = true;
                zeroOrOne = false;
                return;
            }
            observeInteger(value.toBigInteger());
            return;
        }
        integral = false;
        zeroOrOne = false;
        if (Math.max(integerDigits, 0) + value.scale() > ExactNumbers.MAX_INTEGER_DIGITS) {
            beyondNumbers = true;
            return;
        }
        maxScale = Math.max(maxScale, value.scale());
        maxIntegerDigits = Math.max(maxIntegerDigits, (int) Math.max(integerDigits, 0));
        track(value.doubleValue());
    }

    private void observeFloat(final double value, final boolean zero) {
        integral = false;
        zeroOrOne = false;
        floating = true;
        if (Double.isFinite(value) && (value != 0 || zero)) {
            track(value);
        } else {
            beyondNumbers = true;
        }
    }

    private void track(final double value) {
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    void merge(final NumberStats other) {
        count += other.count;
        integral &= other.integral;
        floating |= other.floating;
        beyondNumbers |= other.beyondNumbers;
        zeroOrOne &= other.zeroOrOne;
        minLong = Math.min(minLong, other.minLong);
        maxLong = Math.max(maxLong, other.maxLong);
        if (other.minInteger != null) {
            minInteger = minInteger == null || other.minInteger.compareTo(minInteger) < 0 ? other.minInteger : minInteger;
        }
        if (other.maxInteger != null) {
            maxInteger = maxInteger == null || other.maxInteger.compareTo(maxInteger) > 0 ? other.maxInteger : maxInteger;
        }
        maxIntegerDigits = Math.max(maxIntegerDigits, other.maxIntegerDigits);
        maxScale = Math.max(maxScale, other.maxScale);
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    NumberStats copy() {
        final NumberStats copy = new NumberStats();
        copy.merge(this);
        return copy;
    }

    /** The narrowest exact type for every value seen. */
    ClickHouseType type(final TargetCapabilities capabilities) {
        if (beyondNumbers) {
            return ClickHouseType.of("String");
        }
        if (floating) {
            return ClickHouseType.of("Float64");
        }
        if (integral) {
            final BigInteger low = minInteger == null ? BigInteger.valueOf(minLong) : minInteger.min(BigInteger.valueOf(minLong));
            final BigInteger high = maxInteger == null ? BigInteger.valueOf(maxLong) : maxInteger.max(BigInteger.valueOf(maxLong));
            if (low.compareTo(LONG_MIN) >= 0 && high.compareTo(LONG_MAX) <= 0) {
                return ClickHouseType.of("Int64");
            }
            if (low.signum() >= 0 && high.compareTo(UINT64_MAX) <= 0) {
                return ClickHouseType.of("UInt64");
            }
        }
        final int needed = Math.max(maxIntegerDigits + maxScale, 1);
        for (int precision : DECIMAL_PRECISIONS) {
            if (needed <= precision && precision <= capabilities.maxDecimalPrecision()) {
                return new ClickHouseType("Decimal", List.of(String.valueOf(precision), String.valueOf(maxScale)), List.of(), List.of());
            }
        }
        // More digits than any Decimal the server has: a float would round them, the text keeps them.
        return ClickHouseType.of("String");
    }

    private static int digits(final long value) {
        if (value == Long.MIN_VALUE) {
            return 19;
        }
        long magnitude = Math.abs(value);
        int digits = 1;
        while (magnitude >= 10) {
            magnitude /= 10;
            digits++;
        }
        return digits;
    }
}
