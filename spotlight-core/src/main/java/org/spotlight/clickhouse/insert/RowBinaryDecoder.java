package org.spotlight.clickhouse.insert;

import org.spotlight.clickhouse.types.ClickHouseType;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Decodes one column's values from ClickHouse's RowBinary layout into the Java values {@link RowBinaryEncoder} takes
 * (what {@link org.spotlight.clickhouse.types.ValueCaster} produces), or skips them. The inverse of the encoder, type by
 * type.
 */
interface RowBinaryDecoder {

    Object decode(BinaryInput in) throws IOException;

    /** Reads past one value without building it. */
    void skip(BinaryInput in) throws IOException;

    /** Whether a value of the type takes no bytes at all (Nothing, an empty Tuple): a count of them costs nothing to claim. */
    default boolean takesNoBytes() {
        return false;
    }

    /** Elements of one array or map that decoding builds: beyond it a value fails its row rather than the heap. */
    int MAX_DECODED_ELEMENTS = 1_000_000;

    static RowBinaryDecoder forType(final ClickHouseType type) {
        return switch (type.family()) {
            case "Nullable" -> nullable(forType(type.argument(0)));
            case "LowCardinality" -> forType(type.argument(0));
            case "Int8" -> fixed(1, in -> (long) (byte) in.readUnsignedByte());
            case "UInt8" -> fixed(1, in -> (long) in.readUnsignedByte());
            case "Int16" -> fixed(2, in -> (long) (short) in.readInt16());
            case "UInt16" -> fixed(2, in -> (long) in.readInt16());
            case "Int32" -> fixed(4, in -> (long) in.readInt32());
            case "UInt32" -> fixed(4, in -> Integer.toUnsignedLong(in.readInt32()));
            case "Int64" -> fixed(8, BinaryInput::readInt64);
            case "UInt64" -> fixed(8, in -> {
                final long value = in.readInt64();
                return value >= 0 ? (Object) value : new BigInteger(Long.toUnsignedString(value));
            });
            case "Int128" -> fixed(16, in -> wideInteger(in, 16, true));
            case "UInt128" -> fixed(16, in -> wideInteger(in, 16, false));
            case "Int256" -> fixed(32, in -> wideInteger(in, 32, true));
            case "UInt256" -> fixed(32, in -> wideInteger(in, 32, false));
            case "Float32" -> fixed(4, in -> (double) Float.intBitsToFloat(in.readInt32()));
            case "Float64" -> fixed(8, in -> Double.longBitsToDouble(in.readInt64()));
            case "Decimal", "Decimal32", "Decimal64", "Decimal128", "Decimal256" -> decimal(type);
            case "Bool", "Boolean" -> fixed(1, in -> in.readUnsignedByte() != 0);
            case "String" -> string();
            case "FixedString" -> fixedString(type.intParameter(0));
            case "UUID" -> fixed(16, in -> {
                final long most = in.readInt64();
                return new UUID(most, in.readInt64());
            });
            case "Date" -> fixed(2, in -> LocalDate.ofEpochDay(in.readInt16()));
            case "Date32" -> fixed(4, in -> LocalDate.ofEpochDay(in.readInt32()));
            case "DateTime" -> fixed(4, in -> Instant.ofEpochSecond(Integer.toUnsignedLong(in.readInt32())));
            case "DateTime64" -> dateTime64(type.intParameter(0));
            case "Enum8", "Enum16" -> enumeration(type);
            case "IPv4" -> fixed(4, in -> {
                final int address = in.readInt32();
                return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
            });
            case "IPv6" -> fixed(16, in -> InetAddress.getByAddress(in.readBytes(16)).getHostAddress());
            case "Array" -> array(forType(type.argument(0)));
            case "Map" -> map(forType(type.argument(0)), forType(type.argument(1)));
            case "Tuple" -> tuple(type.arguments().stream().map(RowBinaryDecoder::forType).toList());
            case "Nothing" -> fixed(0, in -> null);
            default -> throw new IllegalArgumentException("RowBinary decoding of " + type + " is not supported");
        };
    }

    @FunctionalInterface
    interface Read {
        Object read(BinaryInput in) throws IOException;
    }

    private static RowBinaryDecoder fixed(final int width, final Read read) {
        return new RowBinaryDecoder() {
            @Override
            public Object decode(final BinaryInput in) throws IOException {
                return read.read(in);
            }

            @Override
            public void skip(final BinaryInput in) throws IOException {
                in.skip(width);
            }

            @Override
            public boolean takesNoBytes() {
                return width == 0;
            }
        };
    }

    /** The element count of an array or map, checked to be one whose elements the input can hold. */
    private static int count(final BinaryInput in, final boolean elementsTakeNoBytes, final boolean decoding) throws IOException {
        final int size = in.readLength();
        if (size > 0 && elementsTakeNoBytes) {
            throw new IOException("an array or map of " + size + " values of a type that takes no bytes");
        }
        if (decoding && size > MAX_DECODED_ELEMENTS) {
            throw new IOException("an array or map of " + size + " values (at most " + MAX_DECODED_ELEMENTS + " are read as values)");
        }
        return size;
    }

    private static RowBinaryDecoder nullable(final RowBinaryDecoder inner) {
        return new RowBinaryDecoder() {
            @Override
            public Object decode(final BinaryInput in) throws IOException {
                return in.readUnsignedByte() != 0 ? null : inner.decode(in);
            }

            @Override
            public void skip(final BinaryInput in) throws IOException {
                if (in.readUnsignedByte() == 0) {
                    inner.skip(in);
                }
            }
        };
    }

    private static RowBinaryDecoder string() {
        return new RowBinaryDecoder() {
            @Override
            public Object decode(final BinaryInput in) throws IOException {
                return in.readString();
            }

            @Override
            public void skip(final BinaryInput in) throws IOException {
                in.skip(in.readLength());
            }
        };
    }

    /** The encoder pads with zero bytes; they are not part of the value. */
    private static RowBinaryDecoder fixedString(final int length) {
        return fixed(length, in -> {
            final byte[] bytes = in.readBytes(length);
            int end = length;
            while (end > 0 && bytes[end - 1] == 0) {
                end--;
            }
            return new String(bytes, 0, end, StandardCharsets.UTF_8);
        });
    }

    private static RowBinaryDecoder decimal(final ClickHouseType type) {
        final int scale = type.decimalScale();
        final int precision = type.decimalPrecision();
        final int bytes = precision <= 9 ? 4 : precision <= 18 ? 8 : precision <= 38 ? 16 : 32;
        return switch (bytes) {
            case 4 -> fixed(4, in -> BigDecimal.valueOf(in.readInt32(), scale));
            case 8 -> fixed(8, in -> BigDecimal.valueOf(in.readInt64(), scale));
            default -> fixed(bytes, in -> new BigDecimal((BigInteger) wideInteger(in, bytes, true), scale));
        };
    }

    private static RowBinaryDecoder dateTime64(final int precision) {
        final long ticksPerSecond = BigInteger.TEN.pow(precision).longValueExact();
        final long nanosPerTick = 1_000_000_000L / ticksPerSecond;
        return fixed(8, in -> {
            final long ticks = in.readInt64();
            return Instant.ofEpochSecond(Math.floorDiv(ticks, ticksPerSecond), Math.floorMod(ticks, ticksPerSecond) * nanosPerTick);
        });
    }

    private static RowBinaryDecoder enumeration(final ClickHouseType type) {
        final Map<Integer, String> names = new LinkedHashMap<>();
        type.enumValues().forEach((name, code) -> names.put(code, name));
        final boolean wide = type.is("Enum16");
        return fixed(wide ? 2 : 1, in -> {
            final int code = wide ? (short) in.readInt16() : (byte) in.readUnsignedByte();
            final String name = names.get(code);
            if (name == null) {
                throw new IOException(code + " is not a value of " + type);
            }
            return name;
        });
    }

    private static RowBinaryDecoder array(final RowBinaryDecoder element) {
        return new RowBinaryDecoder() {
            @Override
            public Object decode(final BinaryInput in) throws IOException {
                final int size = count(in, element.takesNoBytes(), true);
                final List<Object> elements = new ArrayList<>(Math.min(size, 1024));
                for (int i = 0; i < size; i++) {
                    elements.add(element.decode(in));
                }
                return elements;
            }

            @Override
            public void skip(final BinaryInput in) throws IOException {
                final int size = count(in, element.takesNoBytes(), false);
                for (int i = 0; i < size; i++) {
                    element.skip(in);
                }
            }
        };
    }

    private static RowBinaryDecoder map(final RowBinaryDecoder key, final RowBinaryDecoder value) {
        return new RowBinaryDecoder() {
            @Override
            public Object decode(final BinaryInput in) throws IOException {
                final int size = count(in, key.takesNoBytes() && value.takesNoBytes(), true);
                final Map<Object, Object> entries = new LinkedHashMap<>();
                for (int i = 0; i < size; i++) {
                    entries.put(key.decode(in), value.decode(in));
                }
                return entries;
            }

            @Override
            public void skip(final BinaryInput in) throws IOException {
                final int size = count(in, key.takesNoBytes() && value.takesNoBytes(), false);
                for (int i = 0; i < size; i++) {
                    key.skip(in);
                    value.skip(in);
                }
            }
        };
    }

    private static RowBinaryDecoder tuple(final List<RowBinaryDecoder> members) {
        return new RowBinaryDecoder() {
            @Override
            public Object decode(final BinaryInput in) throws IOException {
                final List<Object> values = new ArrayList<>(members.size());
                for (RowBinaryDecoder member : members) {
                    values.add(member.decode(in));
                }
                return values;
            }

            @Override
            public void skip(final BinaryInput in) throws IOException {
                for (RowBinaryDecoder member : members) {
                    member.skip(in);
                }
            }

            @Override
            public boolean takesNoBytes() {
                return members.stream().allMatch(RowBinaryDecoder::takesNoBytes);
            }
        };
    }

    /** Two's complement (or unsigned) little-endian integer of {@code bytes} bytes. */
    private static Object wideInteger(final BinaryInput in, final int bytes, final boolean signed) throws IOException {
        final byte[] littleEndian = in.readBytes(bytes);
        final byte[] bigEndian = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            bigEndian[i] = littleEndian[bytes - 1 - i];
        }
        return signed ? new BigInteger(bigEndian) : new BigInteger(1, bigEndian);
    }
}
