package org.spotlight.typing;

import org.spotlight.format.text.TemporalText;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What a sample of strings could be typed as. Each candidate type (date, date-time, number, boolean, percentage,
 * dollar figure) stays possible only while every string seen parses as it, ClickHouse's rule for inference from
 * strings; once a candidate is ruled out it costs nothing more.
 */
final class StringStats {

    long count;

    boolean temporal;
    boolean dates;
    int maxFractionDigits;
    long minEpochDay = Long.MAX_VALUE;
    long maxEpochDay = Long.MIN_VALUE;
    long minEpochSecond = Long.MAX_VALUE;
    long maxEpochSecond = Long.MIN_VALUE;

    boolean numeric;
    final NumberStats numbers;

    boolean booleans;

    boolean percent;
    final NumberStats percents;

    /** No string with a dollar sign failed to parse as a dollar figure. */
    boolean moneyConsistent;
    long moneyValues;
    boolean openRange;
    final NumberStats money;

    StringStats(final TypingOptions options) {
        temporal = options.temporalFromStrings();
        dates = temporal;
        numeric = options.numbersFromStrings();
        booleans = options.numbersFromStrings();
        percent = options.percentages();
        moneyConsistent = options.dollarAmounts();
        numbers = new NumberStats();
        percents = new NumberStats();
        money = new NumberStats();
    }

    void observe(final String value, final TypingOptions options) {
        count++;
        if (temporal) {
            observeTemporal(value, options);
        }
        if (numeric) {
            final Number number = NumberText.parse(value);
            if (number == null) {
                numeric = false;
            } else {
                numbers.observe(number);
            }
        }
        if (booleans) {
            booleans = value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
        }
        if (percent) {
            final BigDecimal number = FinanceText.percent(value);
            if (number == null) {
                percent = false;
            } else {
                percents.observe(number);
            }
        }
        if (moneyConsistent && value.indexOf('$') >= 0) {
            final FinanceText.MoneyRange range = FinanceText.money(value);
            if (range == null) {
                moneyConsistent = false;
            } else {
                moneyValues++;
                money.observe(range.min());
                if (range.max() == null) {
                    openRange = true;
                } else {
                    money.observe(range.max());
                }
            }
        }
    }

    private void observeTemporal(final String value, final TypingOptions options) {
        final TemporalText.Parsed parsed = TemporalText.parse(value);
        if (parsed == null) {
            temporal = false;
            dates = false;
            return;
        }
        if (parsed.isDate()) {
            final long day = parsed.date().toEpochDay();
            minEpochDay = Math.min(minEpochDay, day);
            maxEpochDay = Math.max(maxEpochDay, day);
        } else {
            dates = false;
            maxFractionDigits = Math.max(maxFractionDigits, parsed.fractionDigits());
        }
        final Instant instant = parsed.toInstant(options.timeZone());
        minEpochSecond = Math.min(minEpochSecond, instant.getEpochSecond());
        maxEpochSecond = Math.max(maxEpochSecond, instant.getEpochSecond());
    }

    boolean isMoney() {
        return moneyConsistent && moneyValues > 0;
    }

    void merge(final StringStats other) {
        count += other.count;
        temporal &= other.temporal;
        dates &= other.dates;
        maxFractionDigits = Math.max(maxFractionDigits, other.maxFractionDigits);
        minEpochDay = Math.min(minEpochDay, other.minEpochDay);
        maxEpochDay = Math.max(maxEpochDay, other.maxEpochDay);
        minEpochSecond = Math.min(minEpochSecond, other.minEpochSecond);
        maxEpochSecond = Math.max(maxEpochSecond, other.maxEpochSecond);
        numeric &= other.numeric;
        numbers.merge(other.numbers);
        booleans &= other.booleans;
        percent &= other.percent;
        percents.merge(other.percents);
        moneyConsistent &= other.moneyConsistent;
        moneyValues += other.moneyValues;
        openRange |= other.openRange;
        money.merge(other.money);
    }
}
