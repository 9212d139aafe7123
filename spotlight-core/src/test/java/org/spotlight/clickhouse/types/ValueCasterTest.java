package org.spotlight.clickhouse.types;

import org.spotlight.format.text.FloatLiteral;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueCasterTest {

    private final ValueCaster caster = new ValueCaster(ZoneId.of("America/New_York"));

    private Object cast(final Object value, final String type) {
        return caster.cast(value, ClickHouseType.parse(type));
    }

    private String failure(final Object value, final String type) {
        return assertThrows(CastException.class, () -> cast(value, type)).getMessage();
    }

    @Test
    void integersAreRangeChecked() {
        assertEquals(255L, cast("255", "UInt8"));
        assertEquals(-128L, cast(-128, "Int8"));
        assertEquals(42L, cast(42.0, "Int32"));
        assertEquals(1L, cast(true, "UInt8"));
        assertEquals(new BigInteger("18446744073709551615"), cast("18446744073709551615", "UInt64"));
        assertEquals("'256' cannot be cast to UInt8: out of range [0, 255]", failure("256", "UInt8"));
        assertEquals("'-1' cannot be cast to UInt64: out of range [0, 18446744073709551615]", failure(-1L, "UInt64"));
        assertEquals("'1.5' cannot be cast to Int64: not a whole number", failure(1.5, "Int64"));
        assertEquals("'abc' cannot be cast to Int32: not a number", failure("abc", "Int32"));
        assertEquals("'9223372036854775808' cannot be cast to Int64: out of range [-9223372036854775808, 9223372036854775807]",
                failure("9223372036854775808", "Int64"));
    }

    @Test
    void decimalsKeepEveryDigitOrFail() {
        assertEquals(new BigDecimal("1001.00"), cast("1001", "Decimal(18, 2)"));
        assertEquals(new BigDecimal("0.10"), cast(0.1, "Decimal(9, 2)"), "doubles go through their shortest decimal text");
        assertEquals(new BigDecimal("15000.50"), cast(new BigDecimal("15000.500"), "Decimal64(2)"));
        assertEquals("'1.234' cannot be cast to Decimal(18, 2): has more than 2 decimal places", failure("1.234", "Decimal(18, 2)"));
        assertEquals("'123456' cannot be cast to Decimal(6, 2): has more than 4 integer digits", failure(123456, "Decimal(6, 2)"));
    }

    @Test
    void floatsBooleansStringsAndUuids() {
        assertEquals(1.5, cast("1.5", "Float64"));
        assertEquals(true, cast("TRUE", "Bool"));
        assertEquals(false, cast(0, "Bool"));
        assertEquals("'yes' cannot be cast to Bool: not a boolean (true/false/1/0)", failure("yes", "Bool"));
        assertEquals("12.50", cast(new BigDecimal("12.50"), "String"));
        final Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("min", 1001);
        nested.put("max", Arrays.asList("a", null));
        assertEquals("{\"min\":1001,\"max\":[\"a\",null]}", cast(nested, "String"));
        assertEquals("abc", cast("abc", "FixedString(3)"));
        assertEquals("'abcd' cannot be cast to FixedString(3): 4 bytes do not fit into 3", failure("abcd", "FixedString(3)"));
        assertEquals(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), cast("123e4567-e89b-12d3-a456-426614174000", "UUID"));
    }

    @Test
    void datesFromIsoAndUsNotation() {
        assertEquals(LocalDate.of(2025, 1, 14), cast("2025-01-14", "Date"));
        assertEquals(LocalDate.of(2025, 1, 14), cast("1/14/2025", "Date"));
        assertEquals(LocalDate.of(1935, 3, 28), cast("03/28/1935", "Date32"));
        assertEquals("'03/28/1935' cannot be cast to Date: outside the range 1970-01-01 to 2149-06-06", failure("03/28/1935", "Date"));
        assertEquals("'2025-13-01' cannot be cast to Date: not a date or time Spotlight recognises (ISO-8601, YYYY-MM-DD hh:mm:ss, M/D/YYYY, epoch seconds)",
                failure("2025-13-01", "Date"));
        assertEquals("'20250114' cannot be cast to Date: a Integer is not a calendar date", failure(20250114, "Date"));
    }

    @Test
    void dateTimesUseTheColumnZoneThenTheServerZone() {
        assertEquals(Instant.parse("2025-01-14T15:30:00Z"), cast("2025-01-14 10:30:00", "DateTime"), "server zone America/New_York");
        assertEquals(Instant.parse("2025-01-14T10:30:00Z"), cast("2025-01-14 10:30:00", "DateTime('UTC')"));
        assertEquals(Instant.parse("2025-01-14T10:30:00Z"), cast("2025-01-14T10:30:00Z", "DateTime"));
        assertEquals(Instant.ofEpochSecond(1736868600), cast(1736868600L, "DateTime"));
        assertEquals(Instant.parse("2025-01-14T10:30:00.123Z"), cast("2025-01-14T10:30:00.123Z", "DateTime64(3)"));
        assertEquals(Instant.parse("2025-01-14T15:30:00Z"), cast(LocalDateTime.of(2025, 1, 14, 10, 30), "DateTime"));
        assertEquals("'2025-01-14T10:30:00.5Z' cannot be cast to DateTime: has more fractional seconds than DateTime keeps",
                failure("2025-01-14T10:30:00.5Z", "DateTime"));
        assertEquals("'2025-01-14T10:30:00.1234Z' cannot be cast to DateTime64(3, 'UTC'): has more fractional seconds than DateTime64(3, 'UTC') keeps",
                failure("2025-01-14T10:30:00.1234Z", "DateTime64(3, 'UTC')"));
    }

    @Test
    void enumsAcceptNamesAndValues() {
        assertEquals("sale", cast("sale", "Enum8('purchase' = 1, 'sale' = 2)"));
        assertEquals("purchase", cast(1, "Enum8('purchase' = 1, 'sale' = 2)"));
        assertEquals("'gift' cannot be cast to Enum8('purchase' = 1, 'sale' = 2): not one of [purchase, sale]",
                failure("gift", "Enum8('purchase' = 1, 'sale' = 2)"));
    }

    @Test
    void nullsOnlyWhereTheColumnIsNullable() {
        assertNull(cast(null, "Nullable(UInt8)"));
        assertNull(cast(null, "LowCardinality(Nullable(String))"));
        assertEquals("NULL cannot be cast to String: NULL is not allowed in a non-Nullable column", failure(null, "String"));
    }

    @Test
    void nestedTypesCastEveryElementAndSayWhichFailed() {
        assertEquals(List.of(1L, 2L), cast(List.of("1", 2), "Array(UInt8)"));
        assertEquals(List.of(1L, 2L), cast(new int[] {1, 2}, "Array(Int32)"));
        assertEquals(Arrays.asList(1L, null), cast(Arrays.asList(1, null), "Array(Nullable(UInt8))"));
        assertEquals("'[1, 300]' cannot be cast to Array(UInt8): element 1: out of range [0, 255]", failure(List.of(1, 300), "Array(UInt8)"));
        assertEquals(Map.of("AAPL", 10L), cast(Map.of("AAPL", "10"), "Map(String, UInt32)"));
        assertEquals(List.of(BigInteger.valueOf(1001), BigInteger.valueOf(15000)), cast(Map.of("min", 1001, "max", 15000), "Tuple(min UInt64, max UInt64)"));
        assertEquals(List.of(1L, "a"), cast(List.of(1, "a"), "Tuple(UInt8, String)"));
        assertEquals("'[1]' cannot be cast to Tuple(UInt8, String): 1 values for 2 tuple members", failure(List.of(1), "Tuple(UInt8, String)"));
        assertEquals("'x' cannot be cast to Array(UInt8): a String is not a list", failure("x", "Array(UInt8)"));
    }

    @Test
    void unsupportedTypesFailClearly() {
        assertEquals("'x' cannot be cast to AggregateFunction(sum, UInt64): type AggregateFunction is not supported by Spotlight's value conversion",
                failure("x", "AggregateFunction(sum, UInt64)"));
    }

    @Test
    void dateTimesInEveryOffsetSpellingAndOnlyWithinTheirRange() {
        assertEquals(Instant.parse("2020-01-01T09:00:00Z"), cast("2020-01-01T10:00:00+0100", "DateTime"));
        assertEquals(Instant.parse("2020-01-01T08:00:00Z"), cast("2020-01-01 10:00:00+02", "DateTime"));
        assertEquals(Instant.parse("2020-01-01T10:00:00.123456Z"), cast("2020-01-01T10:00:00.123456Z", "DateTime64(6)"));
        assertEquals("'2106-02-08T00:00:00Z' cannot be cast to DateTime: DateTime holds times from 1970-01-01 to 2106-02-07 only",
                failure("2106-02-08T00:00:00Z", "DateTime"));
        assertEquals("'1899-12-31T00:00:00Z' cannot be cast to DateTime64(3): DateTime64 holds times from 1900-01-01 to 2299-12-31 only",
                failure("1899-12-31T00:00:00Z", "DateTime64(3)"));
    }

    @Test
    void aResolvedBaseTypeGivesTheSameResults() {
        final ClickHouseType type = ClickHouseType.parse("Nullable(Int32)");
        assertEquals(7L, caster.cast(7, type, type.base()));
        assertEquals("'2147483648' cannot be cast to Int32: out of range [-2147483648, 2147483647]",
                assertThrows(CastException.class, () -> caster.cast(2147483648L, type, type.base())).getMessage());
    }

    @Test
    void floatColumnsTakeTheNearestValueAndRefuseWhatTheyWouldStoreAsSomethingElse() {
        // Rounding to the nearest representable value is what a float column is.
        assertEquals(0.1, cast("0.1", "Float64"));
        assertEquals(1.2345678901234568E17, cast(new BigDecimal("123456789012345678.12"), "Float64"));
        assertEquals((double) 0.1f, cast("0.1", "Float32"));
        assertEquals((double) 16777216f, cast(16777217L, "Float32"));
        assertEquals(1500.0, cast(new FloatLiteral("1.5e3"), "Float64"));
        assertEquals(1.0E-310, cast("1e-310", "Float64"), "subnormal doubles are values a Float64 holds");
        assertEquals(0.0, cast("0e5", "Float64"));
        assertEquals(-0.0, cast(-0.0, "Float64"));
        // What it would store as something else is refused, with the reason.
        assertEquals("'1e400' cannot be cast to Float64: out of range: beyond the largest Float64 (1.7976931348623157E308), it would be stored as infinity",
                failure("1e400", "Float64"));
        assertEquals("'1e400' cannot be cast to Float64: out of range: beyond the largest Float64 (1.7976931348623157E308), it would be stored as infinity",
                failure(new FloatLiteral("1e400"), "Float64"));
        assertTrue(failure(new BigDecimal("1e39"), "Float32").endsWith("out of range: beyond the largest Float32 (3.4028235E38), it would be stored as infinity"));
        assertTrue(failure(1e39, "Float32").endsWith("it would be stored as infinity"));
        assertTrue(failure("1e-400", "Float64").endsWith("closer to zero than the smallest Float64 (4.9E-324), it would be stored as 0"));
        assertTrue(failure(1e-50, "Float32").endsWith("it would be stored as 0"));
        for (String notDecimal : List.of("nan", "NaN", "inf", "-Infinity", "0x10", "0x1p3", "1f", "1d", "1_000", "1 000", "1e", "e5", ".", "--1")) {
            assertEquals("'" + notDecimal + "' cannot be cast to Float64: not a number", failure(notDecimal, "Float64"), notDecimal);
        }
        assertEquals("'NaN' cannot be cast to Float64: not a finite number", failure(Double.NaN, "Float64"));
        assertEquals("'Infinity' cannot be cast to Float32: not a finite number", failure(Float.POSITIVE_INFINITY, "Float32"));
    }

    /** Each of these once expanded its exponent or digits; each must now fail (or succeed) at once. A hang guard, not a timing. */
    @Test
    void hostileNumbersCostNoMoreThanTheirText() {
        final String manyDigits = "9".repeat(100_000);
        final String hugeText = "1".repeat(20_000_000);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (Object huge : List.of("1e500000000", new BigDecimal("1e500000000"), new FloatLiteral("1e500000000"), "-1E+500000000")) {
                assertTrue(failure(huge, "Decimal(18, 2)").endsWith("has more than 16 integer digits"), String.valueOf(huge));
                assertTrue(failure(huge, "Int64").contains("out of range"), String.valueOf(huge));
                assertTrue(failure(huge, "UInt256").contains("out of range"), String.valueOf(huge));
                assertTrue(failure(huge, "Float64").contains("out of range"), String.valueOf(huge));
                if (huge instanceof Number) {
                    assertTrue(failure(huge, "DateTime").contains("beyond any date-time"), String.valueOf(huge));
                    assertTrue(failure(huge, "Enum8('a' = 1)").contains("out of range"), String.valueOf(huge));
                }
                assertTrue(failure(huge, "Bool").contains("not a boolean"), String.valueOf(huge));
            }
            for (Object tiny : List.of("1e-500000000", new BigDecimal("1e-500000000"), new FloatLiteral("1e-500000000"))) {
                assertTrue(failure(tiny, "Decimal(18, 2)").endsWith("has more than 2 decimal places"), String.valueOf(tiny));
                assertEquals("not a whole number", assertThrows(CastException.class, () -> cast(tiny, "Int64")).getReason());
                assertTrue(failure(tiny, "Float64").contains("closer to zero"), String.valueOf(tiny));
                if (tiny instanceof Number) {
                    assertTrue(failure(tiny, "DateTime64(9)").contains("more fractional seconds than nanoseconds"), String.valueOf(tiny));
                }
            }
            assertEquals("1E+500000000", cast(new BigDecimal("1e500000000"), "String"), "exact, in scientific notation rather than 500 million digits");
            assertEquals("1e500000000", cast(new FloatLiteral("1e500000000"), "String"), "as written");
            assertEquals("'0.1e-99999999999' cannot be cast to Decimal(9, 2): out of range: the exponent is beyond any number type",
                    failure("0.1e-99999999999", "Decimal(9, 2)"));
            assertTrue(failure(manyDigits, "Decimal(76, 0)").endsWith("numeric text is at most 1000 characters"));
            assertTrue(failure(new BigDecimal(manyDigits), "Decimal(76, 0)").endsWith("has more than 76 integer digits"));
            assertTrue(failure(new BigInteger(manyDigits), "UInt256").contains("out of range"));
            assertTrue(failure(hugeText, "Float64").endsWith("numeric text is at most 1000 characters"));
            assertTrue(failure("9".repeat(40), "DateTime").endsWith("as seconds since 1970: beyond any date-time ClickHouse stores"));
            assertTrue(failure(hugeText, "DateTime").endsWith("longer than any DateTime text (20000000 characters)"));
            assertTrue(failure(hugeText, "UUID").contains("longer than any UUID text"));
            assertTrue(failure(hugeText, "IPv6").contains("longer than any IPv6 text"));
            assertEquals(hugeText.length(), ((String) cast(hugeText, "String")).length(), "long strings are fine: their cost is their length");
        });
    }

    @Test
    void exactValuesAtTheEdgesOfTheBounds() {
        assertEquals(new BigDecimal("100000000000000000000000000000000000000000000000000000000000000000000000000.0"),
                cast("1e74", "Decimal(76, 1)"));
        assertEquals(new BigInteger("1" + "0".repeat(77)), cast(new BigDecimal("1e77"), "UInt256"));
        assertEquals(new BigDecimal("1.50"), cast(new BigDecimal("1.5000000000"), "Decimal(9, 2)"), "trailing zeros are not digits lost");
        assertEquals(Instant.parse("2020-01-01T00:00:00.000000001Z"), cast(new BigDecimal("1577836800.000000001"), "DateTime64(9, 'UTC')"));
        assertEquals(Instant.parse("1969-12-31T23:59:59.5Z"), cast(new BigDecimal("-0.5"), "DateTime64(1, 'UTC')"), "before 1970, not truncated toward zero");
        assertEquals(Instant.parse("2020-01-01T00:00:00Z"), cast(new FloatLiteral("1.5778368e9"), "DateTime('UTC')"));
    }

    @Test
    void booleansAndEnumsTakeOnlyExactValues() {
        assertEquals(true, cast(new BigDecimal("1.000"), "Bool"));
        assertEquals("'1.0000000000000000001' cannot be cast to Bool: not a boolean (true/false/1/0)",
                failure(new BigDecimal("1.0000000000000000001"), "Bool"));
        assertEquals("'1.5' cannot be cast to Enum8('a' = 1): not a whole number", failure(1.5, "Enum8('a' = 1)"));
        assertEquals("a", cast(new BigDecimal("1.0"), "Enum8('a' = 1)"));
        assertEquals("'4294967297' cannot be cast to Enum8('a' = 1): no enum entry has value 4294967297", failure(4_294_967_297L, "Enum8('a' = 1)"),
                "not entry 1 by int overflow");
    }

    @Test
    void textThatUtf8CannotCarryIsRefusedNotReplaced() {
        assertTrue(failure("x\ud800", "String").endsWith("cannot be cast to String: holds a lone UTF-16 surrogate (U+D800 at character 1), "
                + "which is not Unicode text and cannot be written as UTF-8"));
        assertTrue(failure("\udc00y", "LowCardinality(Nullable(String))").contains("lone UTF-16 surrogate (U+DC00 at character 0)"));
        assertTrue(failure(List.of("ok", "\ud800"), "Array(String)").contains("element 1: holds a lone UTF-16 surrogate"));
        assertTrue(failure(Map.of("k", "\ud800"), "String").contains("lone UTF-16 surrogate"), "also inside JSON text");
        assertEquals("\ud83d\ude00", cast("\ud83d\ude00", "String"), "a pair is a character");
    }
}
