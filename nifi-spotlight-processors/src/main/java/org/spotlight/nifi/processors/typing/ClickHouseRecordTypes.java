package org.spotlight.nifi.processors.typing;

import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.typing.RecordCaster;
import org.spotlight.typing.TargetColumn;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * NiFi record types for ClickHouse column types, and the values {@link org.spotlight.clickhouse.types.ValueCaster}
 * produces as NiFi record values. Every value keeps the precision its column has, in a form that record writers
 * (JSON, Avro, CSV ...) write without loss and that ValueCaster accepts again when a reader hands it back:
 * Decimal as DECIMAL(p, s), UInt64 as BIGINT, Date as DATE, DateTime and DateTime64 up to milliseconds as TIMESTAMP.
 * DateTime64 with micro- or nanoseconds travels as ISO-8601 text, because NiFi timestamps (and Avro's
 * timestamp-millis) stop at milliseconds.
 */
final class ClickHouseRecordTypes {

    private ClickHouseRecordTypes() {
    }

    /**
     * @param absentAllowed whether a non-Nullable column may have no value (left to its default), which makes the
     *                      record field nullable so that writers accept the missing value
     */
    static RecordSchema schema(final List<TargetColumn> columns, final boolean absentAllowed) {
        final List<RecordField> fields = new ArrayList<>(columns.size());
        for (TargetColumn column : columns) {
            final ClickHouseType type = column.type();
            fields.add(new RecordField(column.name(), dataType(type.base()), type.isNullable() || absentAllowed || isContainer(type)));
        }
        return new SimpleRecordSchema(fields);
    }

    static DataType dataType(final ClickHouseType type) {
        final ClickHouseType base = type.base();
        return switch (base.family()) {
            case "Int8", "Int16", "Int32", "UInt8", "UInt16" -> RecordFieldType.INT.getDataType();
            case "Int64", "UInt32" -> RecordFieldType.LONG.getDataType();
            case "UInt64", "Int128", "UInt128", "Int256", "UInt256" -> RecordFieldType.BIGINT.getDataType();
            case "Float32" -> RecordFieldType.FLOAT.getDataType();
            case "Float64" -> RecordFieldType.DOUBLE.getDataType();
            case "Decimal", "Decimal32", "Decimal64", "Decimal128", "Decimal256" ->
                    RecordFieldType.DECIMAL.getDecimalDataType(base.decimalPrecision(), base.decimalScale());
            case "Bool", "Boolean" -> RecordFieldType.BOOLEAN.getDataType();
            case "Date", "Date32" -> RecordFieldType.DATE.getDataType();
            case "DateTime" -> RecordFieldType.TIMESTAMP.getDataType();
            case "DateTime64" -> base.intParameter(0) <= 3 ? RecordFieldType.TIMESTAMP.getDataType() : RecordFieldType.STRING.getDataType();
            case "Array" -> RecordFieldType.ARRAY.getArrayDataType(dataType(base.argument(0)), base.argument(0).isNullable());
            case "Map" -> RecordFieldType.MAP.getMapDataType(dataType(base.argument(1)), base.argument(1).isNullable());
            case "Tuple" -> base.argumentNames().isEmpty()
                    ? RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.STRING.getDataType())
                    : RecordFieldType.RECORD.getRecordDataType(tupleSchema(base));
            default -> RecordFieldType.STRING.getDataType();
        };
    }

    /**
     * Turns cast values into NiFi records of one schema, with each column's conversion chosen once rather than for
     * every value.
     */
    static final class Records {
        private final RecordSchema schema;
        private final String[] names;
        private final List<UnaryOperator<Object>> conversions;

        Records(final List<TargetColumn> columns, final boolean absentAllowed) {
            this.schema = ClickHouseRecordTypes.schema(columns, absentAllowed);
            this.names = columns.stream().map(TargetColumn::name).toArray(String[]::new);
            this.conversions = columns.stream().map(column -> conversion(column.type())).toList();
        }

        RecordSchema schema() {
            return schema;
        }

        /** A typed record: ABSENT values are left out, so that writers that suppress missing values omit them. */
        Record record(final Object[] values) {
            final Map<String, Object> fields = new HashMap<>(names.length * 2);
            for (int i = 0; i < values.length; i++) {
                final Object value = values[i];
                if (value != RecordCaster.ABSENT) {
                    fields.put(names[i], value == null ? null : conversions.get(i).apply(value));
                }
            }
            return new MapRecord(schema, fields);
        }
    }

    /** How a value ValueCaster returned for {@code type} becomes the NiFi record value of {@link #dataType(ClickHouseType)}. */
    private static UnaryOperator<Object> conversion(final ClickHouseType type) {
        final ClickHouseType base = type.base();
        return switch (base.family()) {
            case "Int8", "Int16", "Int32", "UInt8", "UInt16" -> value -> ((Number) value).intValue();
            case "Float32" -> value -> ((Number) value).floatValue();
            case "Date", "Date32" -> UnaryOperator.identity();
            case "DateTime" -> value -> Timestamp.from((Instant) value);
            case "DateTime64" -> base.intParameter(0) <= 3 ? value -> Timestamp.from((Instant) value) : Object::toString;
            case "UUID" -> Object::toString;
            case "Array", "Map", "Tuple" -> value -> value(value, base);
            default -> UnaryOperator.identity();
        };
    }

    /** A value as ValueCaster returned it for {@code type}, as the NiFi record value of {@link #dataType(ClickHouseType)}. */
    static Object value(final Object value, final ClickHouseType type) {
        if (value == null) {
            return null;
        }
        final ClickHouseType base = type.base();
        return switch (base.family()) {
            case "Array" -> array((List<?>) value, base.argument(0));
            case "Map" -> map((Map<?, ?>) value, base.argument(1));
            case "Tuple" -> tuple((List<?>) value, base);
            default -> conversion(base).apply(value);
        };
    }

    private static Object[] array(final List<?> elements, final ClickHouseType elementType) {
        final Object[] array = new Object[elements.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = value(elements.get(i), elementType);
        }
        return array;
    }

    private static Map<String, Object> map(final Map<?, ?> entries, final ClickHouseType valueType) {
        final Map<String, Object> map = new LinkedHashMap<>(entries.size() * 2);
        entries.forEach((key, entryValue) -> map.put(String.valueOf(key), value(entryValue, valueType)));
        return map;
    }

    private static Object tuple(final List<?> members, final ClickHouseType type) {
        if (type.argumentNames().isEmpty()) {
            final Object[] array = new Object[members.size()];
            for (int i = 0; i < array.length; i++) {
                final Object member = value(members.get(i), type.argument(i));
                array[i] = member == null ? null : member.toString();
            }
            return array;
        }
        final Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < members.size(); i++) {
            fields.put(type.argumentNames().get(i), value(members.get(i), type.argument(i)));
        }
        return new MapRecord(tupleSchema(type), fields);
    }

    private static RecordSchema tupleSchema(final ClickHouseType tuple) {
        final List<RecordField> fields = new ArrayList<>();
        for (int i = 0; i < tuple.arguments().size(); i++) {
            final ClickHouseType member = tuple.argument(i);
            fields.add(new RecordField(tuple.argumentNames().get(i), dataType(member), member.isNullable() || isContainer(member)));
        }
        return new SimpleRecordSchema(fields);
    }

    private static boolean isContainer(final ClickHouseType type) {
        return type.is("Array") || type.is("Map") || type.is("Tuple");
    }
}
