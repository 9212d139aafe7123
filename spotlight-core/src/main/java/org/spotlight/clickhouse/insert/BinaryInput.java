package org.spotlight.clickhouse.insert;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A buffered little-endian reader for ClickHouse's binary formats. Bytes from {@link #mark()} on stay in the buffer,
 * so that a value can be handed on as the bytes it was read from ({@link #writeMarkedTo}) instead of being decoded.
 */
final class BinaryInput {

    private static final int BUFFER_SIZE = 64 * 1024;

    private final InputStream in;
    private byte[] buffer = new byte[BUFFER_SIZE];
    private int position;
    private int limit;
    private int mark = -1;

    BinaryInput(final InputStream in) {
        this.in = in;
    }

    /** Whether the input is exhausted: nothing is left to read. */
    boolean atEnd() throws IOException {
        return position == limit && fill(1) < 1;
    }

    void mark() {
        mark = position;
    }

    /** Bytes read since {@link #mark()}. */
    int markedLength() {
        return position - mark;
    }

    /** Writes the bytes from {@code from} to {@code to}, counted from {@link #mark()}. */
    void writeMarkedTo(final BinaryOutput out, final int from, final int to) throws IOException {
        out.writeBytes(buffer, mark + from, to - from);
    }

    int readUnsignedByte() throws IOException {
        require(1);
        return buffer[position++] & 0xFF;
    }

    int readInt16() throws IOException {
        require(2);
        final int value = (buffer[position] & 0xFF) | (buffer[position + 1] & 0xFF) << 8;
        position += 2;
        return value;
    }

    int readInt32() throws IOException {
        require(4);
        final int value = (buffer[position] & 0xFF) | (buffer[position + 1] & 0xFF) << 8 | (buffer[position + 2] & 0xFF) << 16
                | (buffer[position + 3] & 0xFF) << 24;
        position += 4;
        return value;
    }

    long readInt64() throws IOException {
        require(8);
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = value << 8 | (buffer[position + i] & 0xFF);
        }
        position += 8;
        return value;
    }

    /** ClickHouse's VarUInt (LEB128): lengths of strings and arrays. */
    long readVarUInt() throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            final int b = readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("malformed VarUInt: more than 10 bytes");
    }

    /** A length as a VarUInt, checked to be one an in-memory value can have. */
    int readLength() throws IOException {
        final long length = readVarUInt();
        if (length < 0 || length > Integer.MAX_VALUE - 16) {
            throw new IOException("implausible length " + Long.toUnsignedString(length));
        }
        return (int) length;
    }

    byte[] readBytes(final int length) throws IOException {
        require(length);
        final byte[] bytes = new byte[length];
        System.arraycopy(buffer, position, bytes, 0, length);
        position += length;
        return bytes;
    }

    /** A String value: VarUInt byte length, then UTF-8 bytes. */
    String readString() throws IOException {
        final int length = readLength();
        require(length);
        final String value = new String(buffer, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    void skip(final int length) throws IOException {
        require(length);
        position += length;
    }

    /** Makes {@code bytes} bytes available from the position on, or fails: the input ends in the middle of a value. */
    private void require(final int bytes) throws IOException {
        if (limit - position < bytes && fill(bytes) < bytes) {
            throw new EOFException("the input ends in the middle of a value");
        }
    }

    /** Reads until {@code bytes} bytes are available from the position on, or the input ends; keeps marked bytes. */
    private int fill(final int bytes) throws IOException {
        final int keepFrom = mark >= 0 ? Math.min(mark, position) : position;
        if (keepFrom > 0) {
            System.arraycopy(buffer, keepFrom, buffer, 0, limit - keepFrom);
            limit -= keepFrom;
            position -= keepFrom;
            if (mark >= 0) {
                mark -= keepFrom;
            }
        }
        while (limit - position < bytes) {
            if (limit == buffer.length) {
                // Grown as bytes arrive, never to what a length prefix announces: a corrupt length must not allocate.
                buffer = Arrays.copyOf(buffer, (int) Math.min(2L * buffer.length, Integer.MAX_VALUE - 16));
            }
            final int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                break;
            }
            limit += read;
        }
        return limit - position;
    }
}
