package org.spotlight.clickhouse.types;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        assertEquals(Double.NaN, cast("nan", "Float32"));
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
}
