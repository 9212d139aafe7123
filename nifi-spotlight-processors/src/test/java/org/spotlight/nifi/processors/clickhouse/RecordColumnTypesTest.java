package org.spotlight.nifi.processors.clickhouse;

import org.apache.nifi.serialization.record.RecordFieldType;
import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.client.ClickHouseCapability;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;
import org.spotlight.clickhouse.client.ClickHouseVersion;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Column types for record fields, on an 18.16-like server and on a modern one (type families as the servers list them). */
class RecordColumnTypesTest {

    private static final ClickHouseServerInfo OLD = new ClickHouseServerInfo(ClickHouseVersion.parse("18.16.1"), "UTC",
            EnumSet.noneOf(ClickHouseCapability.class), Set.of("Date", "DateTime", "Decimal", "String", "Array", "Nullable"), List.of());
    private static final ClickHouseServerInfo MODERN = new ClickHouseServerInfo(ClickHouseVersion.parse("24.8.4.13"), "UTC",
            EnumSet.noneOf(ClickHouseCapability.class), Set.of("Bool", "Date32", "DateTime64", "Int128", "Map", "Decimal256"), List.of());

    private static String typeOf(final org.apache.nifi.serialization.record.DataType type, final ClickHouseServerInfo server) {
        return RecordColumnTypes.typeOf(type, server).toString();
    }

    @Test
    void scalarTypes() {
        assertEquals("UInt8", typeOf(RecordFieldType.BOOLEAN.getDataType(), OLD));
        assertEquals("Bool", typeOf(RecordFieldType.BOOLEAN.getDataType(), MODERN));
        assertEquals("Int64", typeOf(RecordFieldType.LONG.getDataType(), OLD));
        assertEquals("Decimal(38, 0)", typeOf(RecordFieldType.BIGINT.getDataType(), OLD));
        assertEquals("Int128", typeOf(RecordFieldType.BIGINT.getDataType(), MODERN));
        assertEquals("Decimal(18, 2)", typeOf(RecordFieldType.DECIMAL.getDecimalDataType(18, 2), OLD));
        assertEquals("Decimal(38, 2)", typeOf(RecordFieldType.DECIMAL.getDecimalDataType(50, 2), OLD));
        assertEquals("Decimal(50, 2)", typeOf(RecordFieldType.DECIMAL.getDecimalDataType(50, 2), MODERN));
        assertEquals("Date", typeOf(RecordFieldType.DATE.getDataType(), OLD));
        assertEquals("Date32", typeOf(RecordFieldType.DATE.getDataType(), MODERN));
        assertEquals("DateTime", typeOf(RecordFieldType.TIMESTAMP.getDataType(), OLD));
        assertEquals("DateTime64(3)", typeOf(RecordFieldType.TIMESTAMP.getDataType(), MODERN));
        assertEquals("String", typeOf(RecordFieldType.TIME.getDataType(), MODERN));
        assertEquals("UUID", typeOf(RecordFieldType.UUID.getDataType(), OLD));
    }

    @Test
    void containerTypes() {
        assertEquals("Array(Nullable(String))", typeOf(RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.STRING.getDataType(), true), OLD));
        assertEquals("Array(Int32)", typeOf(RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.INT.getDataType(), false), OLD));
        assertEquals("String", typeOf(RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.BYTE.getDataType()), OLD), "bytes are binary text");
        assertEquals("String", typeOf(RecordFieldType.MAP.getMapDataType(RecordFieldType.LONG.getDataType()), OLD), "JSON text where Map is missing");
        assertEquals("Map(String, Int64)", typeOf(RecordFieldType.MAP.getMapDataType(RecordFieldType.LONG.getDataType()), MODERN));
        assertEquals("String", typeOf(RecordFieldType.RECORD.getDataType(), MODERN), "nested records are kept as JSON text");
    }
}
