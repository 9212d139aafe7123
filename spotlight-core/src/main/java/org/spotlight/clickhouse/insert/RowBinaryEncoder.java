package org.spotlight.clickhouse.insert;

import org.spotlight.clickhouse.types.ClickHouseType;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Encodes one column's values in ClickHouse's RowBinary layout. Values are what
 * {@link org.spotlight.clickhouse.types.ValueCaster} produces for the column type (Long, BigInteger, Double,
 * BigDecimal, Boolean, String, UUID, LocalDate, Instant, List, Map), so encoding itself cannot fail on data: every
 * check happens in the cast, before the first byte of a row is written.
 */
@FunctionalInterface
interface RowBinaryEncoder {

    void encode(Object value, BinaryOutput out) throws IOException;

    /** Builds the encoder for a type once; it is then applied to every value of the column. */
    static RowBinaryEncoder forType(final ClickHouseType type) {
        return switch (type.family()) {
            case "Nullable" -> nullable(forType(type.argument(0)));
            case "LowCardinality" -> forType(type.argument(0));
            case "Int8", "UInt8" -> (value, out) -> out.writeByte((int) (long) (Long) value);
            case "Int16", "UInt16" -> (value, out) -> out.writeInt16((int) (long) (Long) value);
            case "Int32", "UInt32" -> (value, out) -> out.writeInt32((int) (long) (Long) value);
            case "Int64" -> (value, out) -> out.writeInt64((Long) value);
            case "UInt64" -> (value, out) -> out.writeInt64(((Number) value).longValue());
            case "Int128", "UInt128" -> wideInteger(16);
            case "Int256", "UInt256" -> wideInteger(32);
            case "Float32" -> (value, out) -> out.writeInt32(Float.floatToRawIntBits(((Double) value).floatValue()));
            case "Float64" -> (value, out) -> out.writeInt64(Double.doubleToRawLongBits((Double) value));
            case "Decimal", "Decimal32", "Decimal64", "Decimal128", "Decimal256" -> decimal(decimalBytes(type));
            case "Bool", "Boolean" -> (value, out) -> out.writeByte((Boolean) value ? 1 : 0);
            case "String" -> (value, out) -> out.writeString((String) value);
            case "FixedString" -> fixedString(type.intParameter(0));
            case "UUID" -> (value, out) -> {
                final UUID uuid = (UUID) value;
                out.writeInt64(uuid.getMostSignificantBits());
                out.writeInt64(uuid.getLeastSignificantBits());
            };
            case "Date" -> (value, out) -> out.writeInt16((int) ((LocalDate) value).toEpochDay());
            case "Date32" -> (value, out) -> out.writeInt32((int) ((LocalDate) value).toEpochDay());
            case "DateTime" -> (value, out) -> out.writeInt32((int) ((Instant) value).getEpochSecond());
            case "DateTime64" -> dateTime64(type.intParameter(0));
            case "Enum8", "Enum16" -> enumeration(type);
            case "IPv4" -> (value, out) -> out.writeInt32(ipv4((String) value));
            case "IPv6" -> (value, out) -> out.writeBytes(ipv6((String) value));
            case "Array" -> array(forType(type.argument(0)));
            case "Map" -> map(forType(type.argument(0)), forType(type.argument(1)));
            case "Tuple" -> tuple(type.arguments().stream().map(RowBinaryEncoder::forType).toList());
            case "Nothing" -> (value, out) -> { };
            default -> throw new IllegalArgumentException("RowBinary encoding of " + type + " is not supported");
        };
    }

    private static RowBinaryEncoder nullable(final RowBinaryEncoder inner) {
        return (value, out) -> {
            if (value == null) {
                out.writeByte(1);
            } else {
                out.writeByte(0);
                inner.encode(value, out);
            }
        };
    }

    private static RowBinaryEncoder wideInteger(final int bytes) {
        return (value, out) -> writeLittleEndian((BigInteger) value, bytes, out);
    }

    private static int decimalBytes(final ClickHouseType type) {
        return switch (type.family()) {
            case "Decimal32" -> 4;
            case "Decimal64" -> 8;
            case "Decimal128" -> 16;
            case "Decimal256" -> 32;
            default -> {
                final int precision = type.intParameter(0);
                yield precision <= 9 ? 4 : precision <= 18 ? 8 : precision <= 38 ? 16 : 32;
            }
        };
    }

    private static RowBinaryEncoder decimal(final int bytes) {
        return (value, out) -> {
            final BigInteger unscaled = ((BigDecimal) value).unscaledValue();
            switch (bytes) {
                case 4 -> out.writeInt32(unscaled.intValue());
                case 8 -> out.writeInt64(unscaled.longValue());
                default -> writeLittleEndian(unscaled, bytes, out);
            }
        };
    }

    private static RowBinaryEncoder fixedString(final int length) {
        return (value, out) -> {
            final byte[] bytes = ((String) value).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeBytes(bytes);
            out.writeZeros(length - bytes.length);
        };
    }

    private static RowBinaryEncoder dateTime64(final int precision) {
        final long ticksPerSecond = BigInteger.TEN.pow(precision).longValueExact();
        final long nanosPerTick = 1_000_000_000L / ticksPerSecond;
        return (value, out) -> {
            final Instant instant = (Instant) value;
            out.writeInt64(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), ticksPerSecond), instant.getNano() / nanosPerTick));
        };
    }

    private static RowBinaryEncoder enumeration(final ClickHouseType type) {
        final Map<String, Integer> codes = type.enumValues();
        final boolean wide = type.is("Enum16");
        return (value, out) -> {
            final int code = codes.get((String) value);
            if (wide) {
                out.writeInt16(code);
            } else {
                out.writeByte(code);
            }
        };
    }

    private static RowBinaryEncoder array(final RowBinaryEncoder element) {
        return (value, out) -> {
            final List<?> elements = (List<?>) value;
            out.writeVarUInt(elements.size());
            for (Object item : elements) {
                element.encode(item, out);
            }
        };
    }

    private static RowBinaryEncoder map(final RowBinaryEncoder key, final RowBinaryEncoder valueEncoder) {
        return (value, out) -> {
            final Map<?, ?> entries = (Map<?, ?>) value;
            out.writeVarUInt(entries.size());
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                key.encode(entry.getKey(), out);
                valueEncoder.encode(entry.getValue(), out);
            }
        };
    }

    private static RowBinaryEncoder tuple(final List<RowBinaryEncoder> members) {
        final List<RowBinaryEncoder> encoders = new ArrayList<>(members);
        return (value, out) -> {
            final List<?> values = (List<?>) value;
            for (int i = 0; i < encoders.size(); i++) {
                encoders.get(i).encode(values.get(i), out);
            }
        };
    }

    /** Two's complement, little-endian, sign-extended to {@code bytes}. */
    private static void writeLittleEndian(final BigInteger value, final int bytes, final BinaryOutput out) throws IOException {
        final byte[] bigEndian = value.toByteArray();
        final byte fill = (byte) (value.signum() < 0 ? 0xFF : 0x00);
        for (int i = 0; i < bytes; i++) {
            final int index = bigEndian.length - 1 - i;
            out.writeByte(index >= 0 ? bigEndian[index] : fill);
        }
    }

    private static int ipv4(final String address) {
        int value = 0;
        for (String part : address.split("\\.")) {
            value = (value << 8) | Integer.parseInt(part);
        }
        return value;
    }

    private static byte[] ipv6(final String address) {
        try {
            // The caster has already checked that this is a literal address, so no name lookup happens here.
            final InetAddress parsed = InetAddress.getByName(address);
            if (parsed instanceof Inet4Address) {
                final byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xFF;
                mapped[11] = (byte) 0xFF;
                System.arraycopy(parsed.getAddress(), 0, mapped, 12, 4);
                return mapped;
            }
            return parsed.getAddress();
        } catch (final UnknownHostException e) {
            throw new IllegalStateException("not an IP address: " + address, e);
        }
    }
}
