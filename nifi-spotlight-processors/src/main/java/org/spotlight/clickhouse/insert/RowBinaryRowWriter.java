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

    RowBinaryRowWriter(final List<ClickHouseType> types, final boolean withDefaults, final OutputStream stream) {
        this.out = new BinaryOutput(stream);
        this.encoders = types.stream().map(RowBinaryEncoder::forType).toArray(RowBinaryEncoder[]::new);
        this.withDefaults = withDefaults;
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
    public long bytesWritten() {
        return out.bytesWritten();
    }
}
