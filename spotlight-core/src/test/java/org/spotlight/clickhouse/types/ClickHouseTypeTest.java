package org.spotlight.clickhouse.types;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClickHouseTypeTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "UInt64", "Nullable(String)", "LowCardinality(Nullable(String))", "Decimal(18, 2)", "DateTime('America/New_York')",
            "DateTime64(3, 'UTC')", "FixedString(16)", "Array(Nullable(Int32))", "Map(String, Array(UInt32))",
            "Tuple(UInt8, String)", "Tuple(a UInt8, b Nullable(String))", "Enum8('a' = 1, 'b\\'x' = 2)", "Enum16('neg' = -5)",
            "AggregateFunction(sum, UInt64)"})
    void rendersWhatItParses(final String type) {
        assertEquals(type, ClickHouseType.parse(type).toString());
    }

    @Test
    void exposesStructure() {
        final ClickHouseType decimal = ClickHouseType.parse("Nullable(Decimal(18, 2))");
        assertTrue(decimal.isNullable());
        assertEquals("Decimal", decimal.base().family());
        assertEquals(18, decimal.base().intParameter(0));
        assertEquals(2, decimal.base().intParameter(1));

        final ClickHouseType map = ClickHouseType.parse("Map(String, Array(UInt32))");
        assertFalse(map.isNullable());
        assertEquals("UInt32", map.argument(1).argument(0).family());

        final ClickHouseType named = ClickHouseType.parse("Tuple(min Nullable(UInt64), max UInt64)");
        assertEquals(List.of("min", "max"), named.argumentNames());

        assertEquals(Map.of("a", 1, "b'x", 2), ClickHouseType.parse("Enum8('a' = 1, 'b\\'x' = 2)").enumValues());
        assertTrue(ClickHouseType.parse("LowCardinality(Nullable(String))").isNullable());
        assertEquals("String", ClickHouseType.parse("LowCardinality(Nullable(String))").base().family());
        assertEquals("Nullable(Int64)", ClickHouseType.nullable(ClickHouseType.of("Int64")).toString());
        assertEquals("Nullable(Int64)", ClickHouseType.nullable(ClickHouseType.parse("Nullable(Int64)")).toString());
    }

    @Test
    void rejectsMalformedTypes() {
        assertEquals("Cannot parse ClickHouse type 'Array(UInt8' at position 11: expected ')'",
                assertThrows(IllegalArgumentException.class, () -> ClickHouseType.parse("Array(UInt8")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClickHouseType.parse(""));
        assertThrows(IllegalArgumentException.class, () -> ClickHouseType.parse("UInt8 extra"));
        assertThrows(IllegalArgumentException.class, () -> ClickHouseType.parse("Enum8('open"));
    }

    @Test
    void namedTupleMembersAreQuotedWhereTheyMustBe() {
        final ClickHouseType tuple = new ClickHouseType("Tuple", List.of(), List.of(ClickHouseType.of("String"), ClickHouseType.of("Int64")),
                List.of("first name", "age"));
        assertEquals("Tuple(`first name` String, age Int64)", tuple.toString());
        assertEquals(tuple, ClickHouseType.parse(tuple.toString()), "and read back");
    }

    @Test
    void decimalPrecisionAndScaleOfEverySpelling() {
        assertEquals(18, ClickHouseType.parse("Decimal(18, 2)").decimalPrecision());
        assertEquals(2, ClickHouseType.parse("Decimal(18, 2)").decimalScale());
        assertEquals(0, ClickHouseType.parse("Decimal(10)").decimalScale());
        assertEquals(38, ClickHouseType.parse("Decimal128(4)").decimalPrecision());
        assertEquals(4, ClickHouseType.parse("Decimal128(4)").decimalScale());
        assertEquals(9, ClickHouseType.parse("Decimal32(3)").decimalPrecision());
    }
}
