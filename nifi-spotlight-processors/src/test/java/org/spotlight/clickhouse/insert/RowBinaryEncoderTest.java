package org.spotlight.clickhouse.insert;

import com.clickhouse.client.api.data_formats.internal.SerializerUtils;
import com.clickhouse.data.ClickHouseColumn;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.clickhouse.types.ValueCaster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * RowBinary bytes checked two ways: against bytes ClickHouse 18.16 itself produced ({@code SELECT ... FORMAT RowBinary}),
 * and against client-v2's own RowBinary serializer, which covers the types 18.16 lacks (Bool, Date32, DateTime64,
 * 128/256-bit integers, Map, IP addresses).
 */
class RowBinaryEncoderTest {

    private static final ValueCaster CASTER = ValueCaster.utc();

    private static byte[] encode(final String type, final Object rawValue) throws IOException {
        final ClickHouseType parsed = ClickHouseType.parse(type);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final BinaryOutput out = new BinaryOutput(bytes);
        RowBinaryEncoder.forType(parsed).encode(rawValue == null ? null : CASTER.cast(rawValue, parsed), out);
        out.flush();
        return bytes.toByteArray();
    }

    /** Bytes from {@code clickhouse-client 18.16 --query "SELECT <expression> FORMAT RowBinary" | xxd}. */
    @Test
    void matchesWhatClickHouse1816Writes() throws IOException {
        assertBytes("7766554433221100ffeeddccbbaa9988", encode("UUID", "00112233-4455-6677-8899-aabbccddeeff"));
        assertBytes("0100", encode("Date", "1970-01-02"));
        assertBytes("01000000", encode("DateTime('UTC')", "1970-01-01 00:00:01"));
        assertBytes("96000000", encode("Decimal(9, 2)", "1.5"));
        assertBytes("fe", encode("Enum8('a' = 1, 'b' = -2)", "b"));
        assertBytes("020102", encode("Array(UInt8)", List.of(1, 2)));
        assertBytes("017803", encode("Tuple(String, UInt8)", List.of("x", 3)));
        assertBytes("616200", encode("FixedString(3)", "ab"));
        assertBytes("00ffff", encode("Nullable(Int16)", -1));
        assertBytes("01", encode("Nullable(UInt8)", null));
    }

    @Test
    void aUInt64IsTheSameBytesAsALongAsAsTheCastersBigInteger() throws IOException {
        final RowBinaryEncoder encoder = RowBinaryEncoder.forType(ClickHouseType.parse("UInt64"));
        for (long value : new long[]{0, 1, 4_294_967_296L, Long.MAX_VALUE}) {
            final ByteArrayOutputStream fromLong = new ByteArrayOutputStream();
            final BinaryOutput longOut = new BinaryOutput(fromLong);
            encoder.encode(value, longOut);
            longOut.flush();
            assertArrayEquals(encode("UInt64", BigInteger.valueOf(value)), fromLong.toByteArray(), Long.toString(value));
        }
    }

    static Stream<Arguments> sameAsClientV2() {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", 1);
        map.put("b", 2);
        final Map<String, Object> clientMap = new LinkedHashMap<>();
        clientMap.put("a", BigInteger.ONE);
        clientMap.put("b", BigInteger.TWO);
        return Stream.of(
                Arguments.of("Int8", -5, -5),
                Arguments.of("UInt8", 200, 200),
                Arguments.of("Int16", -300, -300),
                Arguments.of("UInt16", 65_000, 65_000),
                Arguments.of("Int32", -70_000, -70_000),
                Arguments.of("UInt32", 4_000_000_000L, 4_000_000_000L),
                Arguments.of("Int64", Long.MIN_VALUE, Long.MIN_VALUE),
                Arguments.of("UInt64", "18446744073709551615", new BigInteger("18446744073709551615")),
                Arguments.of("Int128", "-170141183460469231731687303715884105728", new BigInteger("-170141183460469231731687303715884105728")),
                Arguments.of("UInt128", "340282366920938463463374607431768211455", new BigInteger("340282366920938463463374607431768211455")),
                Arguments.of("Int256", "-12345678901234567890123456789", new BigInteger("-12345678901234567890123456789")),
                Arguments.of("UInt256", "12345678901234567890123456789", new BigInteger("12345678901234567890123456789")),
                Arguments.of("Float32", 1.25, 1.25f),
                Arguments.of("Float64", -2.5e300, -2.5e300),
                Arguments.of("Decimal(9, 2)", "-12.34", new BigDecimal("-12.34")),
                Arguments.of("Decimal(18, 4)", "123456.7891", new BigDecimal("123456.7891")),
                Arguments.of("Decimal(38, 10)", "-1234567890.0123456789", new BigDecimal("-1234567890.0123456789")),
                Arguments.of("Decimal(76, 20)", "12345678901234567890.12345678901234567890", new BigDecimal("12345678901234567890.12345678901234567890")),
                Arguments.of("Bool", true, true),
                Arguments.of("String", "Grüße, 世界", "Grüße, 世界"),
                Arguments.of("FixedString(4)", "ab", "ab"),
                Arguments.of("UUID", "123e4567-e89b-12d3-a456-426614174000", UUID.fromString("123e4567-e89b-12d3-a456-426614174000")),
                Arguments.of("Date", "2025-01-14", LocalDate.of(2025, 1, 14)),
                Arguments.of("Date32", "1935-03-28", LocalDate.of(1935, 3, 28)),
                Arguments.of("DateTime('UTC')", "2025-01-14 10:11:12", LocalDateTime.of(2025, 1, 14, 10, 11, 12).atZone(ZoneOffset.UTC)),
                Arguments.of("DateTime64(3, 'UTC')", "2025-01-14 10:11:12.345", LocalDateTime.of(2025, 1, 14, 10, 11, 12, 345_000_000).atZone(ZoneOffset.UTC)),
                Arguments.of("DateTime64(6, 'UTC')", "1969-12-31 23:59:59.999999", Instant.parse("1969-12-31T23:59:59.999999Z").atZone(ZoneOffset.UTC)),
                Arguments.of("Enum16('x' = 1000, 'y' = -1000)", "y", "y"),
                Arguments.of("IPv4", "192.168.1.20", inet("192.168.1.20")),
                Arguments.of("IPv6", "2001:db8::1", inet("2001:db8::1")),
                Arguments.of("Nullable(String)", "x", "x"),
                Arguments.of("LowCardinality(String)", "abc", "abc"),
                Arguments.of("LowCardinality(Nullable(String))", "abc", "abc"),
                Arguments.of("Array(Nullable(Int32))", Arrays.asList(1, null, 3), Arrays.asList(1, null, 3)),
                Arguments.of("Array(Array(String))", List.of(List.of("a"), List.of()), List.of(List.of("a"), List.of())),
                Arguments.of("Map(String, UInt64)", map, clientMap),
                Arguments.of("Tuple(String, Int64)", List.of("x", 7), List.of("x", 7L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void sameAsClientV2(final String type, final Object raw, final Object clientValue) throws IOException {
        final ByteArrayOutputStream expected = new ByteArrayOutputStream();
        if (ClickHouseType.parse(type).isNullable()) {
            // client-v2's row writer puts the not-null marker of a top-level Nullable before calling the serializer.
            expected.write(0);
        }
        SerializerUtils.serializeData(expected, clientValue, ClickHouseColumn.of("c", type));
        assertArrayEquals(expected.toByteArray(), encode(type, raw), type);
    }

    @Test
    void ipv4InAnIpv6ColumnIsMapped() throws IOException {
        assertBytes("00000000000000000000ffffc0a80114", encode("IPv6", "192.168.1.20"));
    }

    @Test
    void longStringsCarryTheirByteLength() throws IOException {
        final String text = "é".repeat(200);
        final byte[] encoded = encode("String", text);
        assertEquals(2 + 400, encoded.length, "VarUInt 400 takes two bytes");
        assertEquals((byte) 0x90, encoded[0]);
        assertEquals((byte) 0x03, encoded[1]);
    }

    private static InetAddress inet(final String address) {
        try {
            return InetAddress.getByName(address);
        } catch (final Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void assertBytes(final String hex, final byte[] actual) {
        assertEquals(hex, HexFormat.of().formatHex(actual));
    }
}
