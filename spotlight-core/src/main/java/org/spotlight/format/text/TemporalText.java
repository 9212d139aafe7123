package org.spotlight.format.text;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Recognises the date and date-time spellings found in public data, without exceptions on the (common) miss, so that
 * every string value can be tried cheaply:
 * <ul>
 *     <li>dates: ISO {@code 2020-11-10} and U.S. {@code 11/10/2020} or {@code 1/5/2020} (month first, four-digit year);</li>
 *     <li>date-times: {@code 2020-11-10T12:34}, {@code 2020-11-10 12:34:56}, with up to nine fractional digits and
 *     an optional zone: {@code Z}, {@code +01:00}, {@code +0100} or {@code +01}.</li>
 * </ul>
 * Inference and casting use this one parser, so a value inference accepted always casts.
 */
public final class TemporalText {

    private TemporalText() {
    }

    /**
     * A recognised date or date-time.
     *
     * @param date           the calendar date
     * @param time           the local time of day in nanoseconds, or -1 for a plain date
     * @param fractionDigits how many fractional-second digits were written (0 when none)
     * @param offset         the written zone offset, or null when the text has none
     */
    public record Parsed(LocalDate date, long time, int fractionDigits, ZoneOffset offset) {

        public boolean isDate() {
            return time < 0;
        }

        /** The instant, reading text without an offset in {@code zone}. */
        public Instant toInstant(final ZoneId zone) {
            final LocalDateTime local = date.atStartOfDay().plusNanos(Math.max(time, 0));
            return offset != null ? local.toInstant(offset) : local.atZone(zone).toInstant();
        }
    }

    /** @return the parsed value, or null when the text is not a date or date-time in a recognised spelling */
    public static Parsed parse(final String text) {
        final int length = text.length();
        if (length < 8 || length > 40 || !isDigit(text.charAt(0))) {
            return null;
        }
        if (length >= 10 && text.charAt(4) == '-') {
            return iso(text);
        }
        return usDate(text);
    }

    private static Parsed iso(final String text) {
        if (text.charAt(7) != '-') {
            return null;
        }
        final int year = digits(text, 0, 4);
        final int month = digits(text, 5, 7);
        final int day = digits(text, 8, 10);
        final LocalDate date = date(year, month, day);
        if (date == null) {
            return null;
        }
        if (text.length() == 10) {
            return new Parsed(date, -1, 0, null);
        }
        final char separator = text.charAt(10);
        if ((separator != 'T' && separator != ' ') || text.length() < 16 || text.charAt(13) != ':') {
            return null;
        }
        final int hour = digits(text, 11, 13);
        final int minute = digits(text, 14, 16);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
            return null;
        }
        int position = 16;
        int second = 0;
        long nanos = 0;
        int fractionDigits = 0;
        if (position < text.length() && text.charAt(position) == ':') {
            second = digits(text, position + 1, position + 3);
            if (second < 0 || second > 59) {
                return null;
            }
            position += 3;
            if (position < text.length() && (text.charAt(position) == '.' || text.charAt(position) == ',')) {
                position++;
                final int start = position;
                while (position < text.length() && isDigit(text.charAt(position))) {
                    position++;
                }
                fractionDigits = position - start;
                if (fractionDigits == 0 || fractionDigits > 9) {
                    return null;
                }
                nanos = digits(text, start, position);
                for (int i = fractionDigits; i < 9; i++) {
                    nanos *= 10;
                }
            }
        }
        final long time = ((hour * 60L + minute) * 60L + second) * 1_000_000_000L + nanos;
        if (position == text.length()) {
            return new Parsed(date, time, fractionDigits, null);
        }
        final ZoneOffset offset = offset(text, position);
        return offset == null ? null : new Parsed(date, time, fractionDigits, offset);
    }

    private static ZoneOffset offset(final String text, final int position) {
        final int remaining = text.length() - position;
        final char sign = text.charAt(position);
        if (remaining == 1 && (sign == 'Z' || sign == 'z')) {
            return ZoneOffset.UTC;
        }
        if (sign != '+' && sign != '-') {
            return null;
        }
        final int hours;
        int minutes = 0;
        if (remaining == 3) {
            hours = digits(text, position + 1, position + 3);
        } else if (remaining == 5) {
            hours = digits(text, position + 1, position + 3);
            minutes = digits(text, position + 3, position + 5);
        } else if (remaining == 6 && text.charAt(position + 3) == ':') {
            hours = digits(text, position + 1, position + 3);
            minutes = digits(text, position + 4, position + 6);
        } else {
            return null;
        }
        if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59) {
            return null;
        }
        final int seconds = (hours * 3600 + minutes * 60) * (sign == '-' ? -1 : 1);
        return seconds == 0 ? ZoneOffset.UTC : ZoneOffset.ofTotalSeconds(seconds);
    }

    /** M/D/YYYY with one- or two-digit month and day. */
    private static Parsed usDate(final String text) {
        final int firstSlash = text.indexOf('/');
        if (firstSlash < 1 || firstSlash > 2) {
            return null;
        }
        final int secondSlash = text.indexOf('/', firstSlash + 1);
        if (secondSlash - firstSlash < 2 || secondSlash - firstSlash > 3 || text.length() - secondSlash != 5) {
            return null;
        }
        final LocalDate date = date(digits(text, secondSlash + 1, text.length()), digits(text, 0, firstSlash),
                digits(text, firstSlash + 1, secondSlash));
        return date == null ? null : new Parsed(date, -1, 0, null);
    }

    private static LocalDate date(final int year, final int month, final int day) {
        if (year < 1 || month < 1 || month > 12 || day < 1) {
            return null;
        }
        final LocalDate first = LocalDate.of(year, month, 1);
        return day > first.lengthOfMonth() ? null : first.withDayOfMonth(day);
    }

    /** The non-negative number written in text[from, to), or -1 when that is not all digits. */
    private static int digits(final String text, final int from, final int to) {
        if (to > text.length() || from >= to) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            final char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(final char c) {
        return c >= '0' && c <= '9';
    }
}
