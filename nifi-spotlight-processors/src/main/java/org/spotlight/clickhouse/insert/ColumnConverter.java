package org.spotlight.clickhouse.insert;

import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.clickhouse.types.ValueCaster;

import java.math.BigInteger;

/**
 * Converts a record's raw values to what one column holds. Values that already have the column's Java type (a Long
 * for an Int64, a String for a String) pass straight through; everything else goes through {@link ValueCaster},
 * whose result the fast paths reproduce exactly. The fast paths exist because this runs for every value of every
 * row: the bulk of a batch is usually already typed by the record reader.
 */
final class ColumnConverter {

    private enum FastPath { NONE, INT, INT64, UINT64, FLOAT, STRING }

    private final ClickHouseType type;
    private final ValueCaster caster;
    private final FastPath fastPath;
    private final long min;
    private final long max;

    private ColumnConverter(final ClickHouseType type, final ValueCaster caster, final FastPath fastPath, final long min, final long max) {
        this.type = type;
        this.caster = caster;
        this.fastPath = fastPath;
        this.min = min;
        this.max = max;
    }

    static ColumnConverter of(final ClickHouseType type, final ValueCaster caster) {
        final ClickHouseType base = type.base();
        return switch (base.family()) {
            case "Int8" -> new ColumnConverter(type, caster, FastPath.INT, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case "Int16" -> new ColumnConverter(type, caster, FastPath.INT, Short.MIN_VALUE, Short.MAX_VALUE);
            case "Int32" -> new ColumnConverter(type, caster, FastPath.INT, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case "UInt8" -> new ColumnConverter(type, caster, FastPath.INT, 0, 255);
            case "UInt16" -> new ColumnConverter(type, caster, FastPath.INT, 0, 65_535);
            case "UInt32" -> new ColumnConverter(type, caster, FastPath.INT, 0, 4_294_967_295L);
            case "Int64" -> new ColumnConverter(type, caster, FastPath.INT64, 0, 0);
            case "UInt64" -> new ColumnConverter(type, caster, FastPath.UINT64, 0, 0);
            case "Float32", "Float64" -> new ColumnConverter(type, caster, FastPath.FLOAT, 0, 0);
            case "String" -> new ColumnConverter(type, caster, FastPath.STRING, 0, 0);
            default -> new ColumnConverter(type, caster, FastPath.NONE, 0, 0);
        };
    }

    ClickHouseType type() {
        return type;
    }

    /**
     * @param raw a non-null value as the record holds it
     * @throws org.spotlight.clickhouse.types.CastException when the value does not fit the column without loss
     */
    Object convert(final Object raw) {
        switch (fastPath) {
            case INT -> {
                if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
                    final long value = ((Number) raw).longValue();
                    if (value >= min && value <= max) {
                        return value;
                    }
                }
            }
            case INT64 -> {
                if (raw instanceof Long value) {
                    return value;
                }
                if (raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
                    return ((Number) raw).longValue();
                }
            }
            case UINT64 -> {
                if ((raw instanceof Long || raw instanceof Integer) && ((Number) raw).longValue() >= 0) {
                    return BigInteger.valueOf(((Number) raw).longValue());
                }
            }
            case FLOAT -> {
                if (raw instanceof Double value) {
                    return value;
                }
                if (raw instanceof Float || raw instanceof Long || raw instanceof Integer) {
                    return ((Number) raw).doubleValue();
                }
            }
            case STRING -> {
                if (raw instanceof String value) {
                    return value;
                }
            }
            case NONE -> {
                // Everything else goes through the caster.
            }
        }
        return caster.cast(raw, type);
    }
}
