package org.spotlight.typing;

import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.types.FloatLiteral;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonRecordReaderTest {

    private static JsonRecordReader reader(final byte[] content) throws IOException {
        return new JsonRecordReader(new ByteArrayInputStream(content));
    }

    private static JsonRecordReader reader(final String content) throws IOException {
        return reader(content.getBytes(StandardCharsets.UTF_8));
    }

    private static String failure(final String content) throws IOException {
        try (JsonRecordReader reader = reader(content)) {
            return assertThrows(JsonRecordReader.InvalidJsonException.class, () -> {
                while (reader.next() != null) {
                    continue;
                }
            }).getMessage();
        }
    }

    @Test
    void arraysObjectsAndNdjson() throws IOException {
        for (String content : List.of("[{\"a\": 1}, {\"a\": 2}]", "{\"a\": 1}\n{\"a\": 2}\n", "{\"a\": 1}{\"a\": 2}", " \n{\"a\": 1}\r\n\r\n{\"a\": 2}")) {
            try (JsonRecordReader reader = reader(content)) {
                assertEquals(Map.of("a", 1L), reader.next(), content);
                assertEquals(Map.of("a", 2L), reader.next(), content);
                assertNull(reader.next(), content);
                assertNull(reader.next(), "stays at the end");
                assertEquals(2, reader.records());
            }
        }
        try (JsonRecordReader reader = reader("")) {
            assertNull(reader.next(), "empty content: no records");
        }
        try (JsonRecordReader reader = reader("[]")) {
            assertNull(reader.next());
        }
    }

    @Test
    void valuesKeepWhatTheTextSaid() throws IOException {
        try (JsonRecordReader reader = reader("{\"int\": 42, \"big\": 18446744073709551616, \"dec\": 1.50, \"exp\": 1.5e3, \"t\": true,"
                + " \"n\": null, \"s\": \"x\", \"arr\": [1, \"a\"], \"obj\": {\"k\": 2.0}}")) {
            final Map<String, Object> record = reader.next();
            assertEquals(42L, record.get("int"));
            assertEquals(new BigInteger("18446744073709551616"), record.get("big"));
            assertEquals(new BigDecimal("1.50"), record.get("dec"));
            assertEquals(2, ((BigDecimal) record.get("dec")).scale());
            assertEquals(new FloatLiteral("1.5e3"), record.get("exp"), "exponent notation as written, rounded by no one");
            assertEquals(true, record.get("t"));
            assertTrue(record.containsKey("n"));
            assertNull(record.get("n"));
            assertEquals(List.of(1L, "a"), record.get("arr"));
            assertEquals(Map.of("k", new BigDecimal("2.0")), record.get("obj"));
            assertEquals(List.of("int", "big", "dec", "exp", "t", "n", "s", "arr", "obj"), List.copyOf(record.keySet()), "key order is kept");
            assertTrue(reader.lastRecordNested());
        }
    }

    @Test
    void recordsOfOneShapeShareIt() throws IOException {
        try (JsonRecordReader reader = reader("{\"a\": 1, \"b\": 2} {\"a\": 3, \"b\": 4} {\"b\": 5, \"a\": 6} {\"a\": 7} {\"a\": 8, \"a\": 9}")) {
            final CompactRecord first = assertInstanceOf(CompactRecord.class, reader.next());
            final CompactRecord second = assertInstanceOf(CompactRecord.class, reader.next());
            assertSame(first.shape(), second.shape());
            assertFalse(reader.lastRecordNested());
            final CompactRecord reordered = assertInstanceOf(CompactRecord.class, reader.next());
            assertEquals(Map.of("a", 6L, "b", 5L), reordered);
            assertEquals(List.of("b", "a"), List.copyOf(reordered.keySet()));
            assertEquals(Map.of("a", 7L), reader.next(), "fewer fields: a shape of its own");
            assertEquals(Map.of("a", 9L), reader.next(), "a repeated name: the last value wins, as in a map");
        }
    }

    @Test
    void theExpectedNamesAreToldApartFromLookAlikesWhereverTheInputBufferEnds() throws IOException {
        // Names the shape expects are matched against the input's bytes: an escaped spelling is the same name, a longer
        // one is not, and a record going on after them gets a shape of its own.
        try (JsonRecordReader reader = reader("{\"a\": 1, \"b\": 2} {\"\\u0061\": 3, \"b\": 4} {\"ab\": 5, \"b\": 6} "
                + "{\"a\": 7, \"b\": 8, \"c\": 9} {\"a\": 10, \"b\": 11}")) {
            final CompactRecord first = assertInstanceOf(CompactRecord.class, reader.next());
            final CompactRecord escaped = assertInstanceOf(CompactRecord.class, reader.next());
            assertSame(first.shape(), escaped.shape());
            assertEquals(Map.of("a", 3L, "b", 4L), escaped);
            assertEquals(List.of("ab", "b"), List.copyOf(reader.next().keySet()));
            assertEquals(Map.of("a", 7L, "b", 8L, "c", 9L), reader.next());
            assertEquals(Map.of("a", 10L, "b", 11L), reader.next());
            assertNull(reader.next());
        }
        // Thousands of records, so that names and values also straddle the parser's buffer.
        final StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            lines.append("{\"member_name\": \"m").append(i).append("\", \"amount\": ").append(i).append("}\n");
        }
        try (JsonRecordReader reader = reader(lines.toString())) {
            for (int i = 0; i < 5_000; i++) {
                assertEquals(Map.of("member_name", "m" + i, "amount", (long) i), reader.next());
            }
            assertNull(reader.next());
        }
    }

    @Test
    void invalidContentIsReportedWithItsPosition() throws IOException {
        assertTrue(failure("{\"a\": 1}\n{\"a\": }").startsWith("Invalid JSON in record 2: Unexpected character ('}'"), failure("{\"a\": 1}\n{\"a\": }"));
        assertTrue(failure("{\"a\": 1}\n{\"a\": }").contains("(line 2, column"));
        assertEquals("Invalid JSON in record 2: Unexpected end-of-input within/between Array entries (line 1, column 11)", failure("[{\"a\": 1},"));
        assertTrue(failure("[{\"a\": 1}, {\"a\": ").startsWith("Invalid JSON in record 2: Unexpected end-of-input"), failure("[{\"a\": 1}, {\"a\": "));
        assertTrue(failure("[1, 2]").startsWith("Invalid JSON records: expected a JSON object as record 1 but found a number"));
        assertTrue(failure("\"text\"").contains("expected a JSON object as record 1 but found a string"));
        assertTrue(failure("[{\"a\": 1}] trailing").startsWith("Invalid JSON"), failure("[{\"a\": 1}] trailing"));
        assertTrue(failure("not json").startsWith("Invalid JSON in record 1: Unrecognized token 'not'"), failure("not json"));
    }

    @Test
    void binaryContentIsNotText() throws IOException {
        final byte[] binary = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, (byte) 0xFF, (byte) 0xFE, 1, 2, 3};
        try (JsonRecordReader reader = reader(binary)) {
            final JsonRecordReader.InvalidJsonException e = assertThrows(JsonRecordReader.InvalidJsonException.class, reader::next);
            assertTrue(e.getMessage().startsWith("Invalid JSON in record 1"), e.getMessage());
        }
    }
}
