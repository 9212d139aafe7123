package org.spotlight.nifi.processors.clickhouse;

import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.type.ArrayDataType;
import org.apache.nifi.serialization.record.type.DecimalDataType;
import org.apache.nifi.serialization.record.type.MapDataType;
import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;

/**
 * The ClickHouse column type for a record field, for tables and columns Spotlight creates. Types the server lacks
 * fall back to the closest one it has (Date32 to Date, DateTime64 to DateTime, Bool to UInt8); nested records,
 * choices and times are kept as text (nested records as JSON).
 */
final class RecordColumnTypes {

    private RecordColumnTypes() {
    }

    static ClickHouseType typeOf(final DataType dataType, final ClickHouseServerInfo server) {
        final RecordFieldType fieldType = dataType.getFieldType();
        return switch (fieldType) {
            case BOOLEAN -> ClickHouseType.of(server.supportsDataType("Bool") ? "Bool" : "UInt8");
            case BYTE -> ClickHouseType.of("Int8");
            case SHORT -> ClickHouseType.of("Int16");
            case INT -> ClickHouseType.of("Int32");
            case LONG -> ClickHouseType.of("Int64");
            case BIGINT -> server.supportsDataType("Int128") ? ClickHouseType.of("Int128") : ClickHouseType.parse("Decimal(38, 0)");
            case FLOAT -> ClickHouseType.of("Float32");
            case DOUBLE -> ClickHouseType.of("Float64");
            case DECIMAL -> decimal((DecimalDataType) dataType, server);
            case DATE -> ClickHouseType.of(server.supportsDataType("Date32") ? "Date32" : "Date");
            case TIMESTAMP -> server.supportsDataType("DateTime64") ? ClickHouseType.parse("DateTime64(3)") : ClickHouseType.of("DateTime");
            case UUID -> ClickHouseType.of("UUID");
            case ARRAY -> array((ArrayDataType) dataType, server);
            case MAP -> server.supportsDataType("Map")
                    ? ClickHouseType.parse("Map(String, " + typeOf(((MapDataType) dataType).getValueType(), server) + ")")
                    : ClickHouseType.of("String");
            default -> ClickHouseType.of("String");
        };
    }

    private static ClickHouseType decimal(final DecimalDataType decimal, final ClickHouseServerInfo server) {
        final int maxPrecision = server.supportsDataType("Decimal256") ? 76 : 38;
        final int precision = Math.min(Math.max(decimal.getPrecision(), 1), maxPrecision);
        final int scale = Math.min(Math.max(decimal.getScale(), 0), precision);
        return ClickHouseType.parse("Decimal(" + precision + ", " + scale + ")");
    }

    private static ClickHouseType array(final ArrayDataType array, final ClickHouseServerInfo server) {
        final DataType elementType = array.getElementType();
        if (elementType.getFieldType() == RecordFieldType.BYTE) {
            // A byte array is binary content: ClickHouse keeps bytes in String.
            return ClickHouseType.of("String");
        }
        ClickHouseType element = typeOf(elementType, server);
        if (array.isElementsNullable() && !element.is("Array") && !element.is("Map")) {
            element = ClickHouseType.nullable(element);
        }
        return ClickHouseType.parse("Array(" + element + ")");
    }
}
