package org.spotlight.format.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemporalTextTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void isoAndUsDates() {
        assertEquals(LocalDate.of(2020, 11, 10), TemporalText.parse("2020-11-10").date());
        assertTrue(TemporalText.parse("2020-11-10").isDate());
        assertEquals(LocalDate.of(2020, 11, 10), TemporalText.parse("11/10/2020").date(), "month first, as U.S. disclosures write it");
        assertEquals(LocalDate.of(2021, 1, 5), TemporalText.parse("1/5/2021").date());
        assertEquals(LocalDate.of(1935, 3, 28), TemporalText.parse("03/28/1935").date(), "out of Date's range, still a date");
        assertEquals(LocalDate.of(2024, 2, 29), TemporalText.parse("2024-02-29").date());
    }

    @Test
    void dateTimesWithFractionsAndOffsets() {
        final TemporalText.Parsed plain = TemporalText.parse("2022-01-01 10:15:30");
        assertEquals(0, plain.fractionDigits());
        assertEquals(Instant.parse("2022-01-01T15:15:30Z"), plain.toInstant(NEW_YORK), "no offset: read in the given zone");

        final TemporalText.Parsed millis = TemporalText.parse("2018-06-08T01:02:03.000Z");
        assertEquals(3, millis.fractionDigits());
        assertEquals(Instant.parse("2018-06-08T01:02:03Z"), millis.toInstant(NEW_YORK), "an offset wins over the zone");

        assertEquals(Instant.parse("2020-01-01T09:00:00.123456789Z"), TemporalText.parse("2020-01-01T10:00:00.123456789+01:00").toInstant(NEW_YORK));
        assertEquals(9, TemporalText.parse("2020-01-01T10:00:00.123456789+01:00").fractionDigits());
        assertEquals(Instant.parse("2020-01-01T11:30:00Z"), TemporalText.parse("2020-01-01T10:00:00-0130").toInstant(NEW_YORK));
        assertEquals(Instant.parse("2020-01-01T08:00:00Z"), TemporalText.parse("2020-01-01T10:00+02").toInstant(NEW_YORK));
        assertEquals(ZoneOffset.UTC, TemporalText.parse("2020-01-01T10:00:00Z").offset());
        assertEquals(Instant.parse("2020-01-01T10:00:00Z"), TemporalText.parse("2020-01-01T10:00").toInstant(ZoneOffset.UTC), "seconds are optional");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2020", "2021-02-30", "2020-13-01", "13/01/2020", "1/5/20", "2020-01-01T25:00:00", "2020-01-01T10:61",
            "2020-01-01T10:00:00.", "2020-01-01T10:00:00.1234567890", "2020-01-01T10:00:00+25:00", "2020-01-01X10:00", "20200101",
            "1605052800", "N/A", "11/10/2020 extra", "2020-01-01 10:00:00 UTC", "abcd-ef-gh"})
    void rejectsEverythingElse(final String text) {
        assertNull(TemporalText.parse(text), text);
    }
}
