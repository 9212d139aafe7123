package org.spotlight.format.text;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExactNumbersTest {

    @Test
    void decimalSyntaxIsDigitsWithOptionalSignFractionAndExponentOnly() {
        for (String number : List.of("0", "-1", "+1", "1.50", ".5", "5.", "1e3", "1.5E-3", "-0.0e+0", "9".repeat(1000))) {
            assertTrue(ExactNumbers.isDecimalSyntax(number), number);
        }
        for (String notNumber : List.of("", "-", ".", "e3", "1e", "1e+", "NaN", "Infinity", "0x10", "1f", "1d", "1L", "1_000", " 1", "1 ",
                "1,5", "--1", "1..2", "1e3.5", "9".repeat(1001))) {
            assertFalse(ExactNumbers.isDecimalSyntax(notNumber), notNumber);
        }
        assertNull(ExactNumbers.parse("1e99999999999"), "an exponent beyond an int");
        assertEquals(new BigDecimal("1.50"), ExactNumbers.parse("1.50"));
    }

    @Test
    void integersAndScalesWithoutExpandingExponents() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            assertEquals(BigInteger.valueOf(1500), ExactNumbers.toBigIntegerExact(new BigDecimal("1.5e3")));
            assertEquals(BigInteger.TEN.pow(78).subtract(BigInteger.ONE), ExactNumbers.toBigIntegerExact(new BigDecimal("9".repeat(78))));
            assertNull(ExactNumbers.toBigIntegerExact(new BigDecimal("1.5")));
            assertNull(ExactNumbers.toBigIntegerExact(new BigDecimal("1e-500000000")));
            assertEquals(BigInteger.ONE, ExactNumbers.toBigIntegerExact(new BigDecimal("1.000")));
            assertEquals("more than 78 digits: larger than any integer type",
                    assertThrows(ArithmeticException.class, () -> ExactNumbers.toBigIntegerExact(new BigDecimal("1e500000000"))).getMessage());
            assertEquals(new BigDecimal("12.30"), ExactNumbers.toScale(new BigDecimal("12.3000"), 9, 2));
            assertEquals(new BigDecimal("0.00"), ExactNumbers.toScale(new BigDecimal("0E-500000000"), 9, 2));
            assertEquals("has more than 2 decimal places",
                    assertThrows(ArithmeticException.class, () -> ExactNumbers.toScale(new BigDecimal("1e-500000000"), 9, 2)).getMessage());
            assertEquals("has more than 7 integer digits",
                    assertThrows(ArithmeticException.class, () -> ExactNumbers.toScale(new BigDecimal("1e500000000"), 9, 2)).getMessage());
            assertEquals("1E+500000000", ExactNumbers.toText(new BigDecimal("1e500000000")));
            assertEquals("0.0010", ExactNumbers.toText(new BigDecimal("1.0e-3")));
            assertEquals("1500", ExactNumbers.toText(new BigDecimal("1.5e3")));
        });
    }

    @Test
    void epochSecondsToInstantsWithinTheRangeOfDateTimes() {
        assertEquals(Instant.parse("2020-01-01T00:00:00.5Z"), ExactNumbers.epochSecondsToInstant(new BigDecimal("1577836800.5000000000000")));
        assertEquals(Instant.parse("1969-12-31T23:59:59.75Z"), ExactNumbers.epochSecondsToInstant(new BigDecimal("-0.25")));
        assertEquals("beyond any date-time ClickHouse stores",
                assertThrows(ArithmeticException.class, () -> ExactNumbers.epochSecondsToInstant(new BigDecimal("1e20"))).getMessage(),
                "not wrapped around to a date that fits");
        assertEquals("has more fractional seconds than nanoseconds",
                assertThrows(ArithmeticException.class, () -> ExactNumbers.epochSecondsToInstant(new BigDecimal("1.0000000001"))).getMessage());
    }

    @Test
    void floatLiteralsKeepTheirTextAndValue() {
        final FloatLiteral literal = new FloatLiteral("1.50e3");
        assertEquals("1.50e3", literal.toString());
        assertEquals(new BigDecimal("1.50e3"), literal.exact());
        assertEquals(1500.0, literal.doubleValue());
        assertTrue(new FloatLiteral("0.000e7").isZero());
        assertFalse(new FloatLiteral("1e-400").isZero());
        assertEquals(0.0, new FloatLiteral("1e-400").doubleValue());
        assertNull(new FloatLiteral("1e99999999999").exact());
        assertThrows(IllegalArgumentException.class, () -> new FloatLiteral("NaN"));
    }
}
