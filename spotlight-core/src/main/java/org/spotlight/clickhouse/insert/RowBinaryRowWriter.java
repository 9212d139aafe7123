package org.spotlight.clickhouse.insert;

import org.spotlight.clickhouse.types.ClickHouseType;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * RowBinary, and RowBinaryWithDefaults where every value is preceded by a flag byte (1: take the column default).
 */
final class RowBinaryRowWriter implements RowWriter {

    private final BinaryOutput out;
    private final RowBinaryEncoder[] encoders;
    private final boolean withDefaults;
    private final byte[] incompleteRow;

    RowBinaryRowWriter(final List<ClickHouseType> types, final boolean withDefaults, final OutputStream stream) {
        this.out = new BinaryOutput(stream);
        this.encoders = types.stream().map(RowBinaryEncoder::forType).toArray(RowBinaryEncoder[]::new);
        this.withDefaults = withDefaults;
        this.incompleteRow = incompleteRow(types, withDefaults);
    }

    @Override
    public void write(final Object[] row) throws IOException {
        for (int i = 0; i < encoders.length; i++) {
            final Object value = row[i];
            if (withDefaults) {
                if (value == DEFAULT) {
                    out.writeByte(1);
                    continue;
                }
                out.writeByte(0);
            } else if (value == DEFAULT) {
                throw new IllegalStateException("RowBinary cannot leave a value to the column default; the insert plan must omit the column");
            }
            encoders[i].encode(value, out);
        }
    }

    @Override
    public void finish() throws IOException {
        out.flush();
    }

    @Override
    public boolean abandon() throws IOException {
        if (incompleteRow == null) {
            return false;
        }
        out.writeBytes(incompleteRow);
        out.flush();
        return true;
    }

    /**
     * The first bytes of a row that no row can end with: a 0 flag ("a value follows"), or a first value with columns still
     * to come, or a first value cut short (a fixed-width value's first byte, a length with nothing after it).
     */
    private static byte[] incompleteRow(final List<ClickHouseType> types, final boolean withDefaults) {
        if (withDefaults || types.size() > 1) {
            return new byte[]{0};
        }
        ClickHouseType type = types.getFirst();
        while (type.is("LowCardinality")) {
            type = type.argument(0);
        }
        return switch (type.family()) {
            case "Nullable" -> new byte[]{0};
            case "String", "Array", "Map" -> new byte[]{1};
            case "UInt8", "Int8", "Bool", "Boolean" -> null;
            case "FixedString" -> type.intParameter(0) > 1 ? new byte[]{0} : null;
            case "Enum8" -> {
                // A code the enum does not have fails the row as surely.
                final java.util.Collection<Integer> codes = type.enumValues().values();
                int code = Byte.MIN_VALUE;
                while (code <= Byte.MAX_VALUE && codes.contains(code)) {
                    code++;
                }
                yield code <= Byte.MAX_VALUE ? new byte[]{(byte) code} : null;
            }
            case "Tuple" -> type.arguments().size() > 1 ? new byte[]{0} : incompleteRow(type.arguments(), false);
            default -> new byte[]{0};
        };
    }

    @Override
    public long bytesWritten() {
        return out.bytesWritten();
    }
}
