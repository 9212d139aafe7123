package org.spotlight.congress.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Retry-After in every form servers send it (RFC 9110 section 10.2.3, and what sloppy servers do instead). */
class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2025-12-04T14:00:00Z");
    private static final Duration CAP = Duration.ofDays(1);

    @Test
    void readsDeltaSeconds() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse(" 120 ", NOW, CAP));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("0", NOW, CAP));
        assertEquals(Optional.of(Duration.ofSeconds(2)), RetryAfter.parse("1.5", NOW, CAP), "a fraction rounds up");
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("-30", NOW, CAP), "a negative wait means now");
    }

    @Test
    void capsAbsurdWaits() {
        assertEquals(Optional.of(CAP), RetryAfter.parse("31536000", NOW, CAP), "a year");
        assertEquals(Optional.of(CAP), RetryAfter.parse("99999999999999999999999999", NOW, CAP), "beyond a long");
        assertEquals(Optional.of(CAP), RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", NOW, CAP));
    }

    @Test
    void readsTheThreeHttpDateForms() {
        assertEquals(Optional.of(Duration.ofMinutes(5)), RetryAfter.parse("Thu, 04 Dec 2025 14:05:00 GMT", NOW, CAP), "IMF-fixdate");
        assertEquals(Optional.of(Duration.ofMinutes(5)), RetryAfter.parse("Thursday, 04-Dec-25 14:05:00 GMT", NOW, CAP), "RFC 850");
        assertEquals(Optional.of(Duration.ofMinutes(5)), RetryAfter.parse("Thu Dec  4 14:05:00 2025", NOW, CAP), "asctime");
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", NOW, CAP), "a past date means now");
    }

    @Test
    void ignoresWhatItCannotRead() {
        assertEquals(Optional.empty(), RetryAfter.parse("soon", NOW, CAP));
        assertEquals(Optional.empty(), RetryAfter.parse("", NOW, CAP));
        assertEquals(Optional.empty(), RetryAfter.parse("12 seconds", NOW, CAP));
        assertEquals(Optional.empty(), RetryAfter.parse((String) null, NOW, CAP));
    }

    @Test
    void theLongestOfSeveralHeadersWins() {
        assertEquals(Optional.of(Duration.ofSeconds(60)), RetryAfter.parse(List.of("10", "garbage", "60", "Thu, 04 Dec 2025 14:00:30 GMT"), NOW, CAP));
        assertEquals(Optional.empty(), RetryAfter.parse(List.of(), NOW, CAP));
    }
}
