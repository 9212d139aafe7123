package org.spotlight.congress.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code Retry-After} as servers actually send it: delta-seconds (RFC 9110), the three HTTP-date forms
 * (IMF-fixdate, the obsolete RFC 850 and asctime forms), fractions and negative numbers from sloppy servers, values
 * too large for a {@code long}, and several headers at once (the longest wait wins). A date in the past means now;
 * anything longer than {@code cap} is capped; what cannot be read is ignored, leaving the caller's own backoff.
 */
public final class RetryAfter {

    private static final Pattern NUMBER = Pattern.compile("^([+-]?)(\\d+)(?:\\.(\\d*))?$");
    /** More digits than this cannot be a sensible number of seconds; such values are simply "very long". */
    private static final int MAX_DIGITS = 12;
    private static final List<DateTimeFormatter> DATES = List.of(
            DateTimeFormatter.RFC_1123_DATE_TIME,
            new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("EEEE, dd-MMM-")
                    .appendValueReduced(ChronoField.YEAR, 2, 2, 1970).appendPattern(" HH:mm:ss z").toFormatter(Locale.US),
            new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("EEE MMM")
                    .appendLiteral(' ').optionalStart().appendLiteral(' ').optionalEnd()
                    .appendPattern("d HH:mm:ss yyyy").toFormatter(Locale.US).withZone(ZoneOffset.UTC));

    private RetryAfter() {
    }

    /** The wait the values ask for, at most {@code cap}; empty when none can be read. */
    public static Optional<Duration> parse(final List<String> values, final Instant now, final Duration cap) {
        Duration longest = null;
        for (String value : values) {
            final Optional<Duration> wait = parse(value, now, cap);
            if (wait.isPresent() && (longest == null || wait.get().compareTo(longest) > 0)) {
                longest = wait.get();
            }
        }
        return Optional.ofNullable(longest);
    }

    public static Optional<Duration> parse(final String value, final Instant now, final Duration cap) {
        if (value == null) {
            return Optional.empty();
        }
        final String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            return Optional.empty();
        }
        final Matcher number = NUMBER.matcher(trimmed);
        if (number.matches()) {
            if (number.group(1).equals("-")) {
                return Optional.of(Duration.ZERO);
            }
            final String digits = number.group(2).replaceFirst("^0+(?=\\d)", "");
            if (digits.length() > MAX_DIGITS) {
                return Optional.of(cap);
            }
            long seconds = Long.parseLong(digits);
            if (number.group(3) != null && !number.group(3).isEmpty() && number.group(3).chars().anyMatch(c -> c != '0')) {
                seconds++;
            }
            return Optional.of(min(Duration.ofSeconds(seconds), cap));
        }
        for (DateTimeFormatter format : DATES) {
            try {
                final Instant at = ZonedDateTime.parse(trimmed, format).toInstant();
                final Duration until = Duration.between(now, at);
                return Optional.of(until.isNegative() ? Duration.ZERO : min(until, cap));
            } catch (final DateTimeParseException e) {
                // Try the next form.
            }
        }
        return Optional.empty();
    }

    private static Duration min(final Duration a, final Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
