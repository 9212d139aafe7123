package org.spotlight.typing;

import org.spotlight.format.text.ExactNumbers;
import org.spotlight.format.text.FloatLiteral;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * When a number is a point in time. Numbers are only ever read as epoch values in fields whose name matches
 * {@link #fieldPattern()} (e.g. {@code created_at}, {@code timestamp}), because a count or an amount can fall into
 * any plausible epoch range by accident.
 *
 * @param unit         how to read the numbers
 * @param fieldPattern which field names may hold epoch values
 */
public record EpochRule(Unit unit, Pattern fieldPattern) {

    /** 2000-01-01T00:00:00Z and 2100-01-01T00:00:00Z in seconds: the range {@link Unit#AUTO} accepts. */
    static final double AUTO_MIN_SECONDS = 946_684_800d;
    static final double AUTO_MAX_SECONDS = 4_102_444_800d;

    public static final Pattern DEFAULT_FIELD_PATTERN = Pattern.compile("(?i).*(_at|_ts|time|timestamp|epoch|date)");

    public enum Unit {
        /** Numbers stay numbers (ClickHouse's behaviour). */
        DISABLED,
        /** Numbers are seconds since 1970-01-01T00:00:00Z. */
        SECONDS,
        /** Numbers are milliseconds since 1970-01-01T00:00:00Z. */
        MILLISECONDS,
        /**
         * Whole numbers between 2000 and 2100 in seconds are seconds, in milliseconds are milliseconds; anything
         * else stays a number.
         */
        AUTO
    }

    public static EpochRule disabled() {
        return new EpochRule(Unit.DISABLED, DEFAULT_FIELD_PATTERN);
    }

    public boolean appliesTo(final String fieldName) {
        return unit != Unit.DISABLED && fieldPattern.matcher(fieldName).matches();
    }

    /**
     * The unit in which a field's numbers are epoch values, given their range, or {@link Unit#DISABLED} when they are
     * not.
     */
    public Unit unitFor(final double min, final double max, final boolean integral) {
        return switch (unit) {
            case DISABLED -> Unit.DISABLED;
            case SECONDS -> min >= 0 ? Unit.SECONDS : Unit.DISABLED;
            case MILLISECONDS -> integral && min >= 0 ? Unit.MILLISECONDS : Unit.DISABLED;
            case AUTO -> {
                if (!integral) {
                    yield Unit.DISABLED;
                }
                if (min >= AUTO_MIN_SECONDS && max < AUTO_MAX_SECONDS) {
                    yield Unit.SECONDS;
                }
                yield min >= AUTO_MIN_SECONDS * 1000 && max < AUTO_MAX_SECONDS * 1000 ? Unit.MILLISECONDS : Unit.DISABLED;
            }
        };
    }

    /**
     * Reads a number in the given unit (SECONDS or MILLISECONDS) as an instant, exactly.
     *
     * @throws ArithmeticException when the number is no instant ClickHouse stores (beyond 1900..2299 by far, finer than
     *                             nanoseconds, not finite); the message says which
     */
    public static Instant toInstant(final Number number, final Unit unit) {
        final BigDecimal value = switch (number) {
            case BigDecimal decimal -> decimal;
            case Long whole -> BigDecimal.valueOf(whole);
            case Integer whole -> BigDecimal.valueOf(whole);
            case BigInteger whole -> new BigDecimal(whole);
            case FloatLiteral literal -> literal.exact();
            default -> Double.isFinite(number.doubleValue()) ? new BigDecimal(number.toString()) : null;
        };
        if (value == null) {
            throw new ArithmeticException("not a finite number");
        }
        // scaleByPowerOfTen only changes the scale; movePointLeft would expand 1E+500000000 to a scale of 0 first.
        return ExactNumbers.epochSecondsToInstant(unit == Unit.MILLISECONDS ? value.scaleByPowerOfTen(-3) : value);
    }

    /** For a value being cast into a DateTime column: the unit it is in under this rule, judged by its magnitude. */
    public Unit unitForValue(final Number number) {
        final double value = number.doubleValue();
        return switch (unit) {
            case DISABLED, SECONDS -> Unit.SECONDS;
            case MILLISECONDS -> Unit.MILLISECONDS;
            case AUTO -> Math.abs(value) >= AUTO_MIN_SECONDS * 100 ? Unit.MILLISECONDS : Unit.SECONDS;
        };
    }
}
