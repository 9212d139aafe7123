package org.spotlight.typing;

import org.spotlight.clickhouse.types.ClickHouseType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * What a sample of numbers needs from a column type: integer range, decimal digits, whether anything was only ever
 * a floating-point number. Resolves to the narrowest type of the widening lattice
 * Int64 &rarr; UInt64 &rarr; Decimal(P, S) &rarr; Float64 that holds every value exactly.
 */
final class NumberStats {

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger UINT64_MAX = new BigInteger("18446744073709551615");
    private static final int[] DECIMAL_PRECISIONS = {9, 18, 38, 76};

    long count;
    boolean integral = true;
    /** Some value was written in exponent notation, was NaN/Infinity, or came typed as a float: only Float64 fits. */
    boolean floating;
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
            default -> observeFloat(number.doubleValue());
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
        minInteger = minInteger == null || value.compareTo(minInteger) < 0 ? value : minInteger;
        maxInteger = maxInteger == null || value.compareTo(maxInteger) > 0 ? value : maxInteger;
        zeroOrOne = false;
        maxIntegerDigits = Math.max(maxIntegerDigits, value.abs().toString().length());
        track(value.doubleValue());
    }

    private void observeDecimal(final BigDecimal value) {
        if (value.scale() <= 0) {
            observeInteger(value.toBigIntegerExact());
            return;
        }
        integral = false;
        zeroOrOne = false;
        maxScale = Math.max(maxScale, value.scale());
        maxIntegerDigits = Math.max(maxIntegerDigits, Math.max(value.precision() - value.scale(), 0));
        track(value.doubleValue());
    }

    private void observeFloat(final double value) {
        integral = false;
        zeroOrOne = false;
        floating = true;
        if (Double.isFinite(value)) {
            track(value);
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
        // More digits than any Decimal holds: a JSON number that only a float can carry.
        return ClickHouseType.of("Float64");
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
