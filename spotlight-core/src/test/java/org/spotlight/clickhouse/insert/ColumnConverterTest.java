package org.spotlight.clickhouse.insert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spotlight.clickhouse.types.CastException;
import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.format.text.FloatLiteral;
import org.spotlight.clickhouse.types.ValueCaster;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The fast paths give exactly what ValueCaster gives (a UInt64 as a Long where the caster gives the same number as a
 * BigInteger), and fall back to it for everything else.
 */
class ColumnConverterTest {

    private static final ValueCaster CASTER = ValueCaster.utc();
    private static final List<Object> VALUES = List.of(0L, 1, (short) -3, (byte) 7, 255L, 256L, -1L, Long.MAX_VALUE, Long.MIN_VALUE,
            1.5, 2.0f, 3.0, "42", "x", true, 4_294_967_296L, "2025-01-14", "2024-02-29", "2025-02-29", "2025-13-01", "1969-12-31",
            "1900-01-01", "2149-06-06", "2149-06-07", "2025-1-14", "1/14/2025", " 2025-01-14", "2025-01-1x",
            // Values a fast path must not let through where the caster refuses them.
            Double.NaN, Double.NEGATIVE_INFINITY, 1e39, 1e-50, -0.0, Float.NaN, "x\ud800", "\ud83d\ude00", "1e400", "nan",
            new FloatLiteral("1.5e3"), new BigDecimal("1e500000000"), new BigDecimal("1e-500000000"));

    @ParameterizedTest
    @CsvSource({"Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64", "Float32", "Float64", "String",
            "Nullable(Int64)", "LowCardinality(String)", "'Decimal(18, 2)'", "Date", "Date32", "Nullable(Date)", "Nullable(Float32)"})
    void agreesWithTheCaster(final String typeName) {
        final ClickHouseType type = ClickHouseType.parse(typeName);
        final ColumnConverter converter = ColumnConverter.of(type, CASTER);
        final boolean uint64 = type.base().family().equals("UInt64");
        for (Object value : VALUES) {
            assertEquals(outcome(() -> CASTER.cast(value, type), uint64), outcome(() -> converter.convert(value), uint64), typeName + " from " + value);
        }
    }

    private static Object outcome(final java.util.function.Supplier<Object> conversion, final boolean uint64) {
        try {
            final Object result = conversion.get();
            if (uint64 && (result instanceof Long || result instanceof java.math.BigInteger)) {
                return "UInt64:" + result;
            }
            return result == null ? "null" : result.getClass().getSimpleName() + ":" + result;
        } catch (final CastException e) {
            return "failure:" + e.getMessage();
        }
    }

    @Test
    void theTypeDefaultIsWhatTheServerStoresForAnOmittedColumnConvertedLikeAnyValue() {
        assertEquals(ColumnConverter.of(ClickHouseType.parse("Decimal(18, 2)"), CASTER).convert("0.00"),
                ColumnConverter.of(ClickHouseType.parse("Decimal(18, 2)"), CASTER).typeDefault());
        assertEquals(ColumnConverter.of(ClickHouseType.parse("Date"), CASTER).convert("1970-01-01"), ColumnConverter.of(ClickHouseType.parse("Date"), CASTER).typeDefault());
        assertEquals(ColumnConverter.of(ClickHouseType.parse("DateTime"), CASTER).convert("1970-01-01 00:00:00"),
                ColumnConverter.of(ClickHouseType.parse("DateTime"), CASTER).typeDefault());
        assertEquals("", ColumnConverter.of(ClickHouseType.parse("LowCardinality(String)"), CASTER).typeDefault());
        assertEquals(0L, ColumnConverter.of(ClickHouseType.parse("UInt64"), CASTER).typeDefault());
        assertEquals(List.of(), ColumnConverter.of(ClickHouseType.parse("Array(String)"), CASTER).typeDefault());
        assertEquals(Boolean.FALSE, ColumnConverter.of(ClickHouseType.parse("Bool"), CASTER).typeDefault());
        assertNull(ColumnConverter.of(ClickHouseType.parse("Nullable(Int64)"), CASTER).typeDefault());
        for (String serverDecides : List.of("Enum8('a' = 1)", "FixedString(3)", "Date32", "Tuple(String, Int64)", "IPv4")) {
            assertSame(ColumnConverter.UNKNOWN_DEFAULT, ColumnConverter.of(ClickHouseType.parse(serverDecides), CASTER).typeDefault(), serverDecides);
        }
    }
}
