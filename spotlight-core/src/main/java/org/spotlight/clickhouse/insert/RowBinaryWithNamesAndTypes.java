package org.spotlight.clickhouse.insert;

import org.spotlight.clickhouse.types.ClickHouseColumn;
import org.spotlight.clickhouse.types.ClickHouseType;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * ClickHouse's RowBinaryWithNamesAndTypes format: a header (VarUInt column count, the column names, the column types as
 * SQL, all as RowBinary Strings) followed by rows in RowBinary. Typed records travel between Spotlight processors in it:
 * the writer encodes values once, and an insert into a table whose columns match the header forwards the row bytes as
 * they are, with no text to parse and nothing to convert.
 */
public final class RowBinaryWithNamesAndTypes {

    /** The MIME type FlowFiles in this format carry. */
    public static final String MIME_TYPE = "application/vnd.clickhouse.rowbinarywithnamesandtypes";

    /** Columns one header may have. */
    static final int MAX_COLUMNS = 100_000;
    /** Characters of one type in the header (an Enum16 of every value takes about a megabyte). */
    static final int MAX_TYPE_LENGTH = 1024 * 1024;
    /** Levels of type arguments: Array(Array(...)) beyond this is no table's column, and would cost stack to read. */
    static final int MAX_TYPE_DEPTH = 32;
    /** ClickHouse's own limit on a FixedString's length (0xFFFFFF). */
    static final int MAX_FIXED_STRING = 0xFFFFFF;

    private RowBinaryWithNamesAndTypes() {
    }

    public static boolean isMimeType(final String mimeType) {
        return mimeType != null && mimeType.strip().equalsIgnoreCase(MIME_TYPE);
    }

    /** The content does not follow the format: a bad header, or a row that ends early. */
    public static final class MalformedException extends IOException {
        MalformedException(final String message, final Throwable cause) {
            super(message, cause);
        }
    }

    /** Writes a header, then one row per {@link #write} call. Closing flushes but leaves the stream open. */
    public static final class Writer implements Closeable {
        private final BinaryOutput out;
        private final RowBinaryEncoder[] encoders;
        private final Object[] typeDefaults;
        private long rows;

        public Writer(final OutputStream stream, final List<String> names, final List<ClickHouseType> types) throws IOException {
            if (names.size() != types.size() || names.isEmpty()) {
                throw new IllegalArgumentException("A header needs one type per name, and at least one column");
            }
            this.out = new BinaryOutput(stream);
            this.encoders = types.stream().map(RowBinaryEncoder::forType).toArray(RowBinaryEncoder[]::new);
            this.typeDefaults = types.stream().map(RowBinaryWithNamesAndTypes::typeDefault).toArray();
            out.writeVarUInt(names.size());
            for (String name : names) {
                out.writeString(name);
            }
            for (ClickHouseType type : types) {
                out.writeString(type.toString());
            }
        }

        /**
         * @param values one per column, as {@link org.spotlight.clickhouse.types.ValueCaster} casts them for the column type
         * @param absent the marker of a value left to the column default: written as the type's default (NULL, 0, '' ...),
         *               since RowBinary has no way to leave one value of a row out
         */
        public void write(final Object[] values, final Object absent) throws IOException {
            for (int i = 0; i < encoders.length; i++) {
                encoders[i].encode(values[i] == absent ? typeDefaults[i] : values[i], out);
            }
            rows++;
        }

        public long rows() {
            return rows;
        }

        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    /** Reads the header, then rows: decoded into values, or forwarded as their bytes. */
    public static final class Reader {
        private final BinaryInput in;
        private final List<String> names;
        private final List<ClickHouseType> types;
        private final RowBinaryDecoder[] decoders;
        private int rows;

        public Reader(final InputStream stream) throws IOException {
            this.in = new BinaryInput(stream);
            try {
                final int count = in.readLength();
                if (count == 0 || count > MAX_COLUMNS) {
                    throw new IOException("a header of " + count + " columns (1 to " + MAX_COLUMNS + ")");
                }
                final List<String> headerNames = new ArrayList<>(Math.min(count, 1024));
                final java.util.Set<String> seen = new java.util.HashSet<>();
                for (int i = 0; i < count; i++) {
                    final String name = in.readString();
                    if (!seen.add(name)) {
                        // Which of the two values would be meant cannot be known; taking either would drop the other.
                        throw new IOException("column " + (i + 1) + " is named '" + abbreviate(name) + "', as an earlier one is");
                    }
                    headerNames.add(name);
                }
                final List<ClickHouseType> headerTypes = new ArrayList<>(Math.min(count, 1024));
                for (int i = 0; i < count; i++) {
                    headerTypes.add(checkedType(headerNames.get(i), in.readString()));
                }
                this.names = List.copyOf(headerNames);
                this.types = List.copyOf(headerTypes);
                this.decoders = types.stream().map(RowBinaryDecoder::forType).toArray(RowBinaryDecoder[]::new);
            } catch (final IOException | RuntimeException e) {
                throw new MalformedException("Not RowBinaryWithNamesAndTypes: the header cannot be read: " + e.getMessage(), e);
            }
        }

        /**
         * A header type, parsed only once it is known to be short and shallow enough to parse cheaply, and checked for
         * parameters no ClickHouse type has (a DateTime64 precision of 1000, a Decimal of a million digits).
         */
        private static ClickHouseType checkedType(final String column, final String text) {
            if (text.length() > MAX_TYPE_LENGTH) {
                throw new IllegalArgumentException("the type of column '" + abbreviate(column) + "' is " + text.length()
                        + " characters long (at most " + MAX_TYPE_LENGTH + ")");
            }
            int depth = 0;
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                final char c = text.charAt(i);
                if (c == '\\' && quoted) {
                    i++;
                } else if (c == '\'') {
                    quoted = !quoted;
                } else if (!quoted && c == '(' && ++depth > MAX_TYPE_DEPTH) {
                    throw new IllegalArgumentException("the type of column '" + abbreviate(column) + "' nests more than "
                            + MAX_TYPE_DEPTH + " levels deep");
                } else if (!quoted && c == ')') {
                    depth--;
                }
            }
            final ClickHouseType type = ClickHouseType.parse(text);
            checkParameters(column, type);
            return type;
        }

        private static void checkParameters(final String column, final ClickHouseType type) {
            final String problem = switch (type.family()) {
                case "DateTime64" -> within(type.intParameter(0), 0, 9, "precision");
                case "Decimal", "Decimal32", "Decimal64", "Decimal128", "Decimal256" -> {
                    final String precision = within(type.decimalPrecision(), 1, 76, "precision");
                    yield precision != null ? precision : within(type.decimalScale(), 0, type.decimalPrecision(), "scale");
                }
                case "FixedString" -> within(type.intParameter(0), 1, MAX_FIXED_STRING, "length");
                case "Enum8" -> type.enumValues().values().stream().map(value -> within(value, Byte.MIN_VALUE, Byte.MAX_VALUE, "value"))
                        .filter(java.util.Objects::nonNull).findFirst().orElse(type.enumValues().isEmpty() ? "no values" : null);
                case "Enum16" -> type.enumValues().values().stream().map(value -> within(value, Short.MIN_VALUE, Short.MAX_VALUE, "value"))
                        .filter(java.util.Objects::nonNull).findFirst().orElse(type.enumValues().isEmpty() ? "no values" : null);
                case "Map" -> type.arguments().size() == 2 ? null : "not a key and a value type";
                case "Array" -> type.arguments().size() == 1 ? null : "not one type argument";
                case "Nullable", "LowCardinality" -> type.arguments().size() != 1 ? "not one type argument"
                        : type.argument(0).is("Nullable") && type.is("Nullable") || type.argument(0).is("LowCardinality")
                        || type.argument(0).is("Array") || type.argument(0).is("Map") || type.argument(0).is("Tuple")
                        ? type.argument(0).family() + " inside " + type.family() : null;
                case "DateTime" -> type.parameters().isEmpty() ? null : zone(type.stringParameter(0, "UTC"));
                case "String", "Int8", "Int16", "Int32", "Int64", "Int128", "Int256", "UInt8", "UInt16", "UInt32", "UInt64", "UInt128",
                     "UInt256", "Float32", "Float64", "Bool", "Boolean", "UUID", "Date", "Date32", "IPv4", "IPv6" ->
                        type.parameters().isEmpty() && type.arguments().isEmpty() ? null : "parameters where the type takes none";
                default -> null;
            };
            final String zoneProblem = type.is("DateTime64") && type.parameters().size() > 1 ? zone(type.stringParameter(1, "UTC")) : null;
            if (problem == null && zoneProblem != null) {
                throw new IllegalArgumentException("column '" + abbreviate(column) + "' has the type " + abbreviate(type.toString())
                        + ", which no ClickHouse column has: " + zoneProblem);
            }
            if (problem != null) {
                throw new IllegalArgumentException("column '" + abbreviate(column) + "' has the type " + abbreviate(type.toString())
                        + ", which no ClickHouse column has: " + problem);
            }
            for (ClickHouseType argument : type.arguments()) {
                checkParameters(column, argument);
            }
        }

        private static String zone(final String quoted) {
            final String zone = quoted.strip().replaceAll("^'|'$", "");
            try {
                java.time.ZoneId.of(zone);
                return null;
            } catch (final java.time.DateTimeException e) {
                return "'" + abbreviate(zone) + "' is not a time zone";
            }
        }

        private static String within(final int value, final int min, final int max, final String what) {
            return value < min || value > max ? what + " " + value + " is not between " + min + " and " + max : null;
        }

        public List<String> names() {
            return names;
        }

        public List<ClickHouseType> types() {
            return types;
        }

        /**
         * How the rows go into an insert of these columns as bytes: the header must name the same columns in the same order,
         * each with the column's type, or with the type wrapped in Nullable or stripped of it. A NULL for a column that is
         * not Nullable becomes the column default, as it would through value conversion: the type's default when the
         * column has no default expression, else a "default" flag (RowBinaryWithDefaults only).
         *
         * @param defaultFlags whether the insert is RowBinaryWithDefaults: a flag byte before every value
         * @return null when the rows cannot go in as bytes (they are then decoded and converted)
         */
        public Forwarding forwardingTo(final List<ClickHouseColumn> columns, final boolean defaultFlags) throws IOException {
            if (columns.size() != names.size()) {
                return null;
            }
            final byte[][] nullReplacements = new byte[columns.size()][];
            final boolean[] addNullFlag = new boolean[columns.size()];
            for (int i = 0; i < names.size(); i++) {
                final ClickHouseColumn column = columns.get(i);
                final ClickHouseType type = types.get(i);
                if (!column.name().equals(names.get(i))) {
                    return null;
                }
                if (column.type().equals(type)) {
                    continue;
                }
                if (column.type().is("Nullable") && column.type().argument(0).equals(type)) {
                    addNullFlag[i] = true;
                } else if (type.is("Nullable") && type.argument(0).equals(column.type())) {
                    // The same default conversion would give (see BatchInserter), or none.
                    if (ColumnConverter.writesDefaultOf(column)) {
                        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                        final BinaryOutput out = new BinaryOutput(bytes);
                        if (defaultFlags) {
                            out.writeByte(0);
                        }
                        RowBinaryEncoder.forType(column.type()).encode(typeDefault(column.type()), out);
                        out.flush();
                        nullReplacements[i] = bytes.toByteArray();
                    } else if (defaultFlags) {
                        nullReplacements[i] = new byte[]{1};
                    } else {
                        return null;
                    }
                } else {
                    return null;
                }
            }
            return new Forwarding(nullReplacements, addNullFlag, defaultFlags);
        }

        /** A plan for {@link #forward}: per column, copied as is, given a "not NULL" flag, or stripped of its NULL flag. */
        public static final class Forwarding {
            /** Per column: null to copy the value; else the value's header type is Nullable and these bytes replace a NULL. */
            private final byte[][] nullReplacements;
            private final boolean[] addNullFlag;
            private final boolean defaultFlags;

            private Forwarding(final byte[][] nullReplacements, final boolean[] addNullFlag, final boolean defaultFlags) {
                this.nullReplacements = nullReplacements;
                this.addNullFlag = addNullFlag;
                this.defaultFlags = defaultFlags;
            }
        }

        /**
         * Decodes the next row into {@code values}, in header order.
         *
         * @return false after the last row
         */
        public boolean next(final Object[] values) throws IOException {
            if (in.atEnd()) {
                return false;
            }
            try {
                for (int i = 0; i < decoders.length; i++) {
                    values[i] = decoders[i].decode(in);
                }
            } catch (final IOException | RuntimeException e) {
                throw malformedRow(e);
            }
            rows++;
            return true;
        }

        /** The next row as a record of column name to value, in header order; null after the last row. */
        public Map<String, Object> nextRecord() throws IOException {
            final Object[] values = new Object[names.size()];
            if (!next(values)) {
                return null;
            }
            final Map<String, Object> record = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                record.put(names.get(i), values[i]);
            }
            return record;
        }

        /** What to do with the next row when forwarding rows. */
        public enum Take { ROW, SKIP, STOP }

        @FunctionalInterface
        public interface RowFilter {
            Take take(int rowIndex);

            /**
             * A row to be written holds NULL for a column that is not Nullable in the insert.
             *
             * @return true to write the column's default in its place; false to leave the whole row out (it fails)
             */
            default boolean defaultForNull(final int rowIndex, final int column) {
                return true;
            }
        }

        /**
         * Forwards the rows the filter takes, as their bytes (adjusted as the plan says), until the filter stops or the
         * rows end.
         *
         * @return the number of rows read, up to the one the filter stopped at
         */
        public int forward(final Forwarding plan, final RowFilter filter, final OutputStream stream) throws IOException {
            final BinaryOutput out = new BinaryOutput(stream);
            final RowBinaryDecoder[] values = new RowBinaryDecoder[decoders.length];
            for (int i = 0; i < decoders.length; i++) {
                // A stripped Nullable is read as its flag, then as the inner value.
                values[i] = plan.nullReplacements[i] == null ? decoders[i] : RowBinaryDecoder.forType(types.get(i).argument(0));
            }
            // Where, from the row's first byte, each column's stripped flag and value begin; -1: the value is NULL.
            final int[] flagAt = new int[values.length];
            final int[] valueAt = new int[values.length];
            while (!in.atEnd()) {
                final Take take = filter.take(rows);
                if (take == Take.STOP) {
                    break;
                }
                // The whole row is read before any of it goes out, so that a row cut short leaves none of its bytes
                // behind: an insert given up for it ends at a row boundary (see RowWriter.abandon).
                in.mark();
                try {
                    for (int i = 0; i < values.length; i++) {
                        if (plan.nullReplacements[i] != null) {
                            flagAt[i] = in.markedLength();
                            if (in.readUnsignedByte() != 0) {
                                valueAt[i] = -1;
                                continue;
                            }
                        }
                        valueAt[i] = in.markedLength();
                        values[i].skip(in);
                    }
                } catch (final IOException | RuntimeException e) {
                    out.flush();
                    throw malformedRow(e);
                }
                if (take == Take.ROW && defaultsTaken(plan, valueAt, filter)) {
                    writeRow(plan, flagAt, valueAt, out);
                }
                rows++;
            }
            out.flush();
            return rows;
        }

        /** Whether the filter takes the default for every NULL of the row just read that a non-Nullable column cannot hold. */
        private boolean defaultsTaken(final Forwarding plan, final int[] valueAt, final RowFilter filter) {
            // The first refusal decides: the row fails once, for its first such column.
            for (int i = 0; i < valueAt.length; i++) {
                if (plan.nullReplacements[i] != null && valueAt[i] < 0 && !filter.defaultForNull(rows, i)) {
                    return false;
                }
            }
            return true;
        }

        /** The row just read, in runs of its bytes, cut only where the plan adds or drops a byte. */
        private void writeRow(final Forwarding plan, final int[] flagAt, final int[] valueAt, final BinaryOutput out) throws IOException {
            int written = 0;
            for (int i = 0; i < valueAt.length; i++) {
                if (plan.nullReplacements[i] != null) {
                    in.writeMarkedTo(out, written, flagAt[i]);
                    if (valueAt[i] < 0) {
                        out.writeBytes(plan.nullReplacements[i]);
                        written = flagAt[i] + 1;
                        continue;
                    }
                    written = valueAt[i];
                    if (plan.defaultFlags) {
                        out.writeByte(0);
                    }
                } else if (plan.defaultFlags || plan.addNullFlag[i]) {
                    in.writeMarkedTo(out, written, valueAt[i]);
                    written = valueAt[i];
                    if (plan.defaultFlags) {
                        out.writeByte(0);
                    }
                    if (plan.addNullFlag[i]) {
                        out.writeByte(0);
                    }
                }
            }
            in.writeMarkedTo(out, written, in.markedLength());
        }

        private MalformedException malformedRow(final Exception e) {
            return new MalformedException("Row " + rows + " cannot be read: " + e.getMessage(), e);
        }

        /** Rows read so far. */
        public int rows() {
            return rows;
        }
    }

    static String abbreviate(final String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /**
     * What ClickHouse stores for a column of this type when an insert leaves it out and no DEFAULT expression says
     * otherwise: NULL, zero, the empty string or array, 1970-01-01, an Enum's smallest value.
     */
    static Object typeDefault(final ClickHouseType type) {
        if (type.isNullable()) {
            return null;
        }
        final ClickHouseType base = type.base();
        return switch (base.family()) {
            case "String", "FixedString" -> "";
            case "Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64" -> 0L;
            case "Int128", "UInt128", "Int256", "UInt256" -> BigInteger.ZERO;
            case "Float32", "Float64" -> 0.0;
            case "Decimal", "Decimal32", "Decimal64", "Decimal128", "Decimal256" -> BigDecimal.ZERO;
            case "Bool", "Boolean" -> Boolean.FALSE;
            case "Date", "Date32" -> LocalDate.EPOCH;
            case "DateTime", "DateTime64" -> Instant.EPOCH;
            case "UUID" -> new UUID(0, 0);
            case "IPv4" -> "0.0.0.0";
            case "IPv6" -> "::";
            case "Enum8", "Enum16" -> base.enumValues().entrySet().stream().min(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                    .map(Map.Entry::getKey).orElseThrow();
            case "Array" -> List.of();
            case "Map" -> Map.of();
            case "Tuple" -> base.arguments().stream().map(RowBinaryWithNamesAndTypes::typeDefault).toList();
            case "Nothing" -> null;
            default -> throw new IllegalArgumentException("RowBinary encoding of " + type + " is not supported");
        };
    }
}
