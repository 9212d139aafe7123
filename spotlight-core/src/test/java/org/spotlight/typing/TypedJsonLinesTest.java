package org.spotlight.typing;

import org.spotlight.format.json.JsonRecordReader;

import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.clickhouse.types.ValueCaster;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TypedJsonLinesTest {

    private static String write(final List<String> columns, final Object[]... records) throws Exception {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TypedJsonLines json = new TypedJsonLines(out, columns)) {
            for (Object[] record : records) {
                json.write(record);
            }
            assertEquals(records.length, json.records());
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyCastValueIsWrittenAsClickHouseReadsIt() throws Exception {
        final Map<Object, Object> map = new LinkedHashMap<>();
        map.put("a", 1L);
        map.put(2, null);
        final String json = write(List.of("id", "big", "amount", "tiny", "price", "ok", "day", "at", "uuid", "tags", "attrs", "name"),
                new Object[]{7L, new BigInteger("18446744073709551615"), new BigDecimal("0.0000001"), new BigDecimal("1.50"), 2.5e-3, true,
                        LocalDate.of(2025, 1, 14), Instant.parse("2025-01-14T10:30:00.123Z"), UUID.fromString("00000000-0000-0000-0000-000000000001"),
                        Arrays.asList("x", null), map, "quote \" and \n newline"});

        assertEquals("{\"id\":7,\"big\":18446744073709551615,\"amount\":0.0000001,\"tiny\":1.50,\"price\":0.0025,\"ok\":true,"
                + "\"day\":\"2025-01-14\",\"at\":\"2025-01-14T10:30:00.123Z\",\"uuid\":\"00000000-0000-0000-0000-000000000001\","
                + "\"tags\":[\"x\",null],\"attrs\":{\"a\":1,\"2\":null},\"name\":\"quote \\\" and \\n newline\"}\n", json);
    }

    @Test
    void absentValuesAreLeftOutAndNullsKept() throws Exception {
        final String json = write(List.of("id", "note", "source"),
                new Object[]{1L, null, RecordCaster.ABSENT},
                new Object[]{2L, "n", "s"});

        assertEquals("{\"id\":1,\"note\":null}\n{\"id\":2,\"note\":\"n\",\"source\":\"s\"}\n", json);
    }

    @Test
    void whatIsWrittenCastsBackToTheSameValues() throws Exception {
        final ValueCaster caster = new ValueCaster(ZoneOffset.UTC);
        final List<ClickHouseType> types = List.of(ClickHouseType.parse("Decimal(18, 2)"), ClickHouseType.parse("Date"),
                ClickHouseType.parse("DateTime64(3)"), ClickHouseType.parse("UInt64"), ClickHouseType.parse("Array(Nullable(String))"));
        final Object[] values = {new BigDecimal("10.50"), LocalDate.of(2025, 1, 14), Instant.parse("2025-01-14T10:30:00.123Z"),
                new BigInteger("18446744073709551615"), Arrays.asList("x", null)};
        final String json = write(List.of("a", "b", "c", "d", "e"), values);

        try (JsonRecordReader reader = new JsonRecordReader(new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))) {
            final Map<String, Object> read = reader.next();
            final List<String> names = List.of("a", "b", "c", "d", "e");
            for (int i = 0; i < values.length; i++) {
                assertEquals(values[i], caster.cast(read.get(names.get(i)), types.get(i)), names.get(i));
            }
        }
    }
}
