package org.spotlight.nifi;

import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spotlight.failure.RecordJson;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The one conversion of NiFi records to plain values, value by value: what each kind of value a Record Reader gives
 * (Avro's Byte[], java.sql times, nested records, choice fields ...) becomes, with nothing lost.
 */
class RecordValuesTest {

    private static final RecordSchema INNER = new SimpleRecordSchema(List.of(
            new RecordField("Ticker Symbol", RecordFieldType.STRING.getDataType()),
            new RecordField("price", RecordFieldType.DECIMAL.getDecimalDataType(20, 4))));

    private static Record inner(final Map<String, Object> values) {
        return new MapRecord(INNER, new LinkedHashMap<>(values), false, false);
    }

    private static Time timeWithMillis() {
        final Time time = Time.valueOf("10:30:05");
        time.setTime(time.getTime() + 123);
        return time;
    }

    private static Map<String, Object> ordered(final Object... keyValues) {
        final Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    /** Readers' values and what they become; byte[] is compared by content. */
    static Stream<Arguments> values() {
        final Timestamp timestamp = Timestamp.valueOf("2025-01-14 10:30:00.123456789");
        final Map<String, Object> withOutsideField = ordered("Ticker Symbol", "NVDA", "price", new BigDecimal("131.2800"), "note", "kept");
        return Stream.of(
                Arguments.of("null", null, null),
                Arguments.of("text", "Pelosi, Nancy", "Pelosi, Nancy"),
                Arguments.of("long", 9_007_199_254_740_993L, 9_007_199_254_740_993L),
                Arguments.of("double", 0.1, 0.1),
                Arguments.of("boolean", true, true),
                Arguments.of("BigDecimal keeps scale and digits", new BigDecimal("12345678901234567890.1234567890"),
                        new BigDecimal("12345678901234567890.1234567890")),
                Arguments.of("BigInteger", new BigInteger("340282366920938463463374607431768211455"),
                        new BigInteger("340282366920938463463374607431768211455")),
                Arguments.of("byte[] as it is", new byte[]{0, -1, 65}, new byte[]{0, -1, 65}),
                Arguments.of("Byte[] (Avro bytes) as byte[]", new Byte[]{0, -1, 65}, new byte[]{0, -1, 65}),
                Arguments.of("java.sql.Date as a LocalDate", java.sql.Date.valueOf("2025-01-14"), LocalDate.of(2025, 1, 14)),
                Arguments.of("java.sql.Time with its milliseconds", timeWithMillis(), LocalTime.of(10, 30, 5, 123_000_000)),
                Arguments.of("java.sql.Timestamp with its nanoseconds", timestamp,
                        LocalDateTime.of(2025, 1, 14, 10, 30, 0, 123_456_789).atZone(ZoneId.systemDefault()).toInstant()),
                Arguments.of("java.util.Date as an Instant", new java.util.Date(1_736_850_600_123L), Instant.ofEpochMilli(1_736_850_600_123L)),
                Arguments.of("java.time values as they are", OffsetDateTime.of(2025, 1, 14, 10, 30, 0, 1, ZoneOffset.ofHours(-5)),
                        OffsetDateTime.of(2025, 1, 14, 10, 30, 0, 1, ZoneOffset.ofHours(-5))),
                Arguments.of("Character as text", 'x', "x"),
                Arguments.of("array as a list, nulls kept", new Object[]{1L, "a", null, new Byte[]{1}}, Arrays.asList(1L, "a", null, new byte[]{1})),
                Arguments.of("map with string keys", ordered("k", new Object[]{2L}), ordered("k", List.of(2L))),
                Arguments.of("nested record by the names it holds, a field outside its schema kept",
                        inner(withOutsideField), withOutsideField),
                Arguments.of("nested record missing a schema field: absent, not null", inner(ordered("price", new BigDecimal("1.5000"))),
                        ordered("price", new BigDecimal("1.5000")))
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void convertsEachKindOfValueWithNothingLost(final String kind, final Object given, final Object expected) {
        assertEquals(comparable(expected), comparable(RecordValues.AS_READ.plain(given)), kind);
    }

    /** byte[] by content, everywhere in a value. */
    private static Object comparable(final Object value) {
        return switch (value) {
            case byte[] bytes -> "bytes" + Arrays.toString(bytes);
            case List<?> list -> list.stream().map(RecordValuesTest::comparable).toList();
            case Map<?, ?> map -> {
                final Map<Object, Object> copy = new LinkedHashMap<>();
                map.forEach((key, element) -> copy.put(key, comparable(element)));
                yield List.copyOf(copy.entrySet());
            }
            case null, default -> value;
        };
    }

    @Test
    void aRecordIsAMapOfItsFieldsInOrderWithTheirNamesAsTheyAre() {
        final RecordSchema schema = new SimpleRecordSchema(List.of(
                new RecordField("Doc Id", RecordFieldType.STRING.getDataType()),
                new RecordField("amount", RecordFieldType.CHOICE.getChoiceDataType(RecordFieldType.LONG.getDataType(),
                        RecordFieldType.STRING.getDataType())),
                new RecordField("asset", RecordFieldType.RECORD.getRecordDataType(INNER))));
        final Record record = new MapRecord(schema, ordered("Doc Id", "20026590", "amount", "$1,001 - $15,000",
                "asset", inner(ordered("Ticker Symbol", "AAPL")), "ünïcode field", 1L), false, false);
        assertEquals(List.of("Doc Id", "amount", "asset", "ünïcode field"), List.copyOf(RecordValues.AS_READ.toMap(record).keySet()));
        assertEquals("$1,001 - $15,000", RecordValues.AS_READ.toMap(record).get("amount"), "a choice field keeps the value the reader chose");
        assertEquals(Map.of("Ticker Symbol", "AAPL"), RecordValues.AS_READ.toMap(record).get("asset"));
    }

    @Test
    void bytesAsTextAreUtf8OrRefusedNeverReplaced() {
        final RecordValues text = new RecordValues(RecordValues.Bytes.UTF8_TEXT, 10);
        assertEquals("héllo", text.plain("héllo".getBytes(StandardCharsets.UTF_8)));
        assertEquals("AB", text.plain(new Byte[]{65, 66}), "Avro bytes as well");
        final RecordValues.UnconvertibleException notText = assertThrows(RecordValues.UnconvertibleException.class,
                () -> text.plain(List.of(new byte[]{(byte) 0xC3, 0x28})));
        assertEquals(RecordValues.UnconvertibleException.Reason.NOT_UTF8, notText.reason());
    }

    @Test
    void nestingBeyondTheBoundIsRefused() {
        final RecordValues bounded = new RecordValues(RecordValues.Bytes.KEEP, 3);
        assertEquals(List.of(List.of(1L)), bounded.plain(List.of(List.of(1L))), "the record, a list and a list in it: 3 levels");
        assertEquals(RecordValues.UnconvertibleException.Reason.TOO_DEEP, assertThrows(RecordValues.UnconvertibleException.class,
                () -> bounded.plain(List.of(List.of(List.of(1L))))).reason());
    }

    /**
     * The output that changes: RouteToFailureDb stored Avro bytes (Byte[]) as a JSON array of numbers and
     * PutClickHouseBatch / InferSchemaAndCast each differently; every processor now stores them as base64, as RecordJson
     * documents for bytes, and a java.sql.Time keeps its milliseconds.
     */
    @Test
    void failureStorePayloadsHoldBytesAsBase64AndTimesWithTheirMilliseconds() {
        final RecordSchema schema = new SimpleRecordSchema(List.of(new RecordField("payload", RecordFieldType.ARRAY.getArrayDataType(
                RecordFieldType.BYTE.getDataType())), new RecordField("at", RecordFieldType.TIME.getDataType())));
        final Record record = new MapRecord(schema, ordered("payload", new Byte[]{1, 2}, "at", timeWithMillis()), false, false);
        assertEquals("{\"payload\":\"AQI=\",\"at\":\"10:30:05.123\"}",
                new String(RecordJson.render(RecordValues.AS_READ.toMap(record)), StandardCharsets.UTF_8));
        assertInstanceOf(byte[].class, RecordValues.AS_READ.toMap(record).get("payload"));
        assertArrayEquals(new byte[]{1, 2}, (byte[]) RecordValues.AS_READ.toMap(record).get("payload"));
    }
}
