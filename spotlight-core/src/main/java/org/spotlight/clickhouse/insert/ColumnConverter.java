package org.spotlight.clickhouse.insert;

import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.format.text.UnicodeText;
import org.spotlight.clickhouse.types.ValueCaster;

import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * Converts a record's raw values to what one column holds. Values that already have the column's Java type (a Long
 * for an Int64, a String for a String, an ISO date for a Date) pass straight through; everything else goes through {@link ValueCaster},
 * whose result the fast paths reproduce exactly, with one exception: a UInt64 that fits a long stays a Long rather than
 * becoming the caster's BigInteger (the row writers take both). The fast paths exist because this runs for every value
 * of every row: the bulk of a batch is usually already typed by the record reader.
 */
final class ColumnConverter {

    private enum FastPath { NONE, INT, INT64, UINT64, FLOAT32, FLOAT64, STRING, DATE }

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
            case "Float32" -> new ColumnConverter(type, caster, FastPath.FLOAT32, 0, 0);
            case "Float64" -> new ColumnConverter(type, caster, FastPath.FLOAT64, 0, 0);
            case "String" -> new ColumnConverter(type, caster, FastPath.STRING, 0, 0);
            case "Date" -> new ColumnConverter(type, caster, FastPath.DATE, LocalDate.of(1970, 1, 1).toEpochDay(), LocalDate.of(2149, 6, 6).toEpochDay());
            case "Date32" -> new ColumnConverter(type, caster, FastPath.DATE, LocalDate.of(1900, 1, 1).toEpochDay(), LocalDate.of(2299, 12, 31).toEpochDay());
            default -> new ColumnConverter(type, caster, FastPath.NONE, 0, 0);
        };
    }

    ClickHouseType type() {
        return type;
    }

    /**
     * The value ClickHouse stores for a column without a default expression when an insert leaves it out (the type's
     * default): NULL for Nullable types, zero, the empty string, 1970-01-01, an empty array ... converted for this
     * column; {@link #UNKNOWN_DEFAULT} for types whose default is left to the server (Enum, FixedString, Date32, Tuple ...).
     */
    Object typeDefault() {
        if (type.isNullable()) {
            return null;
        }
        return leavesDefaultToServer(type) ? UNKNOWN_DEFAULT : convert(RowBinaryWithNamesAndTypes.typeDefault(type));
    }

    /** The families whose default Spotlight writes itself; for any other the server's own is taken (by leaving the column out). */
    private static final java.util.Set<String> DEFAULT_WRITTEN = java.util.Set.of("String", "Int8", "Int16", "Int32", "Int64", "UInt8",
            "UInt16", "UInt32", "UInt64", "Int128", "UInt128", "Int256", "UInt256", "Float32", "Float64", "Decimal", "Decimal32",
            "Decimal64", "Decimal128", "Decimal256", "Bool", "Boolean", "Date", "DateTime", "DateTime64", "UUID", "Array", "Map");

    /** Whether Spotlight writes the column's default itself (its type's, which the server would store) for a missing value. */
    static boolean writesDefaultOf(final org.spotlight.clickhouse.types.ClickHouseColumn column) {
        return column.defaultsToItsType() && !leavesDefaultToServer(column.type());
    }

    /** Whether a non-Nullable column of this type gets its default from the server rather than from Spotlight. */
    private static boolean leavesDefaultToServer(final ClickHouseType type) {
        return !DEFAULT_WRITTEN.contains(type.base().family());
    }

    /** See {@link #typeDefault()}. */
    static final Object UNKNOWN_DEFAULT = new Object() {
        @Override
        public String toString() {
            return "UNKNOWN_DEFAULT";
        }
    };

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
                    return ((Number) raw).longValue();
                }
            }
            case FLOAT64 -> {
                // Finite values only: the caster explains why NaN and infinities are refused.
                if (raw instanceof Double value && Double.isFinite(value)) {
                    return value;
                }
                if (raw instanceof Long || raw instanceof Integer) {
                    return ((Number) raw).doubleValue();
                }
            }
            case FLOAT32 -> {
                if (raw instanceof Double value) {
                    final float single = value.floatValue();
                    // Within Float32's range, and zero only for zero; anything else the caster refuses, with the reason.
                    if (Float.isFinite(single) && (single != 0 || value == 0)) {
                        return (double) single;
                    }
                } else if (raw instanceof Long || raw instanceof Integer) {
                    return (double) ((Number) raw).floatValue();
                }
            }
            case STRING -> {
                if (raw instanceof String value && UnicodeText.loneSurrogate(value) < 0) {
                    return value;
                }
            }
            case DATE -> {
                if (raw instanceof String text) {
                    final LocalDate date = isoDate(text);
                    if (date != null && date.toEpochDay() >= min && date.toEpochDay() <= max) {
                        return date;
                    }
                }
            }
            case NONE -> {
                // Everything else goes through the caster.
            }
        }
        return caster.cast(raw, type);
    }

    /** A plain {@code yyyy-MM-dd} date, or null for anything else (which the caster then judges and explains). */
    private static LocalDate isoDate(final String text) {
        if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return null;
        }
        final int year = digits(text, 0, 4);
        final int month = digits(text, 5, 7);
        final int day = digits(text, 8, 10);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        return LocalDate.of(year, month, day);
    }

    private static int digits(final String text, final int from, final int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            final char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
