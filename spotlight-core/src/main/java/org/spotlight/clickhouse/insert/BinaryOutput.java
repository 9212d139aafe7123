package org.spotlight.clickhouse.insert;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A buffered little-endian writer for ClickHouse's binary formats. Not thread-safe; {@link #flush()} hands the
 * buffered bytes to the underlying stream, which stays open.
 */
final class BinaryOutput {

    private static final int BUFFER_SIZE = 64 * 1024;

    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int position;
    private long written;

    BinaryOutput(final OutputStream out) {
        this.out = out;
    }

    void writeByte(final int value) throws IOException {
        ensure(1);
        buffer[position++] = (byte) value;
    }

    void writeInt16(final int value) throws IOException {
        ensure(2);
        buffer[position++] = (byte) value;
        buffer[position++] = (byte) (value >>> 8);
    }

    void writeInt32(final int value) throws IOException {
        ensure(4);
        buffer[position++] = (byte) value;
        buffer[position++] = (byte) (value >>> 8);
        buffer[position++] = (byte) (value >>> 16);
        buffer[position++] = (byte) (value >>> 24);
    }

    void writeInt64(final long value) throws IOException {
        ensure(8);
        for (int shift = 0; shift < 64; shift += 8) {
            buffer[position++] = (byte) (value >>> shift);
        }
    }

    /** ClickHouse's VarUInt (LEB128): lengths of strings and arrays. */
    void writeVarUInt(final long value) throws IOException {
        if (value >= 0 && value < 0x80 && position < buffer.length) {
            // Most lengths (of strings, of arrays) take one byte.
            buffer[position++] = (byte) value;
            return;
        }
        ensure(10);
        long remaining = value;
        while ((remaining & ~0x7FL) != 0) {
            buffer[position++] = (byte) ((remaining & 0x7F) | 0x80);
            remaining >>>= 7;
        }
        buffer[position++] = (byte) remaining;
    }

    void writeBytes(final byte[] bytes) throws IOException {
        writeBytes(bytes, 0, bytes.length);
    }

    void writeBytes(final byte[] bytes, final int offset, final int length) throws IOException {
        if (length > buffer.length - position) {
            flush();
            if (length > buffer.length) {
                out.write(bytes, offset, length);
                written += length;
                return;
            }
        }
        System.arraycopy(bytes, offset, buffer, position, length);
        position += length;
    }

    /** A String value: VarUInt byte length, then UTF-8 bytes. */
    void writeString(final String value) throws IOException {
        // String.getBytes is an intrinsic with a fast path for Latin-1 text: quicker than encoding here char by char.
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeVarUInt(bytes.length);
        writeBytes(bytes);
    }

    void writeZeros(final int count) throws IOException {
        for (int i = 0; i < count; i++) {
            writeByte(0);
        }
    }

    long bytesWritten() {
        return written + position;
    }

    void flush() throws IOException {
        if (position > 0) {
            out.write(buffer, 0, position);
            written += position;
            position = 0;
        }
    }

    private void ensure(final int bytes) throws IOException {
        if (buffer.length - position < bytes) {
            flush();
        }
    }
}
