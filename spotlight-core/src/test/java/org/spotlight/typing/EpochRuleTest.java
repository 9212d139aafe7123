package org.spotlight.typing;

import org.junit.jupiter.api.Test;

import org.spotlight.format.text.FloatLiteral;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EpochRuleTest {

    private final EpochRule auto = new EpochRule(EpochRule.Unit.AUTO, EpochRule.DEFAULT_FIELD_PATTERN);

    @Test
    void onlyTimeLikeFieldNames() {
        assertTrue(auto.appliesTo("created_at"));
        assertTrue(auto.appliesTo("Timestamp"));
        assertTrue(auto.appliesTo("transaction_date"));
        assertTrue(auto.appliesTo("event_ts"));
        assertFalse(auto.appliesTo("amount"));
        assertFalse(auto.appliesTo("count"));
        assertFalse(EpochRule.disabled().appliesTo("created_at"));
    }

    @Test
    void automaticUnitsByPlausibleRange() {
        assertEquals(EpochRule.Unit.SECONDS, auto.unitFor(1_605_052_800, 1_700_000_000, true));
        assertEquals(EpochRule.Unit.MILLISECONDS, auto.unitFor(1_605_052_800_123d, 1_700_000_000_000d, true));
        assertEquals(EpochRule.Unit.DISABLED, auto.unitFor(42, 1_605_052_800, true), "1970 is not plausible");
        assertEquals(EpochRule.Unit.DISABLED, auto.unitFor(1_605_052_800, 1_605_052_800_123d, true), "mixed units");
        assertEquals(EpochRule.Unit.DISABLED, auto.unitFor(1_605_052_800.5, 1_605_052_801, false));
        assertEquals(EpochRule.Unit.MILLISECONDS, auto.unitForValue(1_605_052_800_123L));
        assertEquals(EpochRule.Unit.SECONDS, auto.unitForValue(1_605_052_800L));
    }

    @Test
    void instants() {
        assertEquals(Instant.parse("2020-11-11T00:00:00.123Z"), EpochRule.toInstant(1_605_052_800_123L, EpochRule.Unit.MILLISECONDS));
        assertEquals(Instant.parse("2020-11-11T00:00:00.5Z"), EpochRule.toInstant(new BigDecimal("1605052800.5"), EpochRule.Unit.SECONDS));
        assertEquals(Instant.parse("1969-12-31T23:59:59Z"), EpochRule.toInstant(-1L, EpochRule.Unit.SECONDS));
    }

    @Test
    void numbersThatAreNoInstantAreRefusedNotWrappedAround() {
        // A hang guard, not a timing: these values once expanded exponents for minutes.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            // longValue() of 2^64 + 1 seconds is 1: it used to become 1970-01-01T00:00:01Z.
            assertEquals("beyond any date-time ClickHouse stores", assertThrows(ArithmeticException.class,
                    () -> EpochRule.toInstant(new BigInteger("18446744073709551617"), EpochRule.Unit.SECONDS)).getMessage());
            assertEquals("beyond any date-time ClickHouse stores", assertThrows(ArithmeticException.class,
                    () -> EpochRule.toInstant(new FloatLiteral("1e500000000"), EpochRule.Unit.MILLISECONDS)).getMessage());
            assertEquals("not a finite number", assertThrows(ArithmeticException.class,
                    () -> EpochRule.toInstant(Double.NaN, EpochRule.Unit.SECONDS)).getMessage());
            assertEquals(Instant.parse("2020-11-11T00:00:00Z"), EpochRule.toInstant(new FloatLiteral("1.6050528e12"), EpochRule.Unit.MILLISECONDS));
        });
    }
}
