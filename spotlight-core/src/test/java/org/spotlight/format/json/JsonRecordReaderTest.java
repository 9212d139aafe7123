package org.spotlight.format.json;

import org.junit.jupiter.api.Test;
import org.spotlight.format.text.FloatLiteral;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonRecordReaderTest {

    private static JsonRecordReader reader(final byte[] content) throws IOException {
        return new JsonRecordReader(new ByteArrayInputStream(content));
    }

    private static JsonRecordReader reader(final String content) throws IOException {
        return reader(content.getBytes(StandardCharsets.UTF_8));
    }

    /** Every item of the content: a valid record as a map, an invalid one as "PROBLEM[start,end) slice". */
    private static List<String> items(final byte[] content) throws IOException {
        final List<String> items = new ArrayList<>();
        try (JsonRecordReader reader = reader(content)) {
            while (true) {
                try {
                    final Map<String, Object> record = reader.next();
                    if (record == null) {
                        break;
                    }
                    items.add(new LinkedHashMap<>(record).toString());
                } catch (final JsonRecordReader.InvalidRecordException e) {
                    assertEquals(items.size(), e.index(), "invalid records are counted like valid ones");
                    items.add(e.problem() + "[" + e.start() + "," + e.end() + ") "
                            + new String(content, (int) e.start(), (int) (e.end() - e.start()), StandardCharsets.ISO_8859_1));
                }
            }
            assertEquals(items.size(), reader.records());
        }
        return items;
    }

    private static List<String> items(final String content) throws IOException {
        return items(content.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonRecordReader.InvalidRecordException firstInvalid(final String content) throws IOException {
        try (JsonRecordReader reader = reader(content)) {
            return assertThrows(JsonRecordReader.InvalidRecordException.class, () -> {
                while (reader.next() != null) {
                    continue;
                }
            });
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
            assertEquals(JsonRecordReader.Problem.DUPLICATE_KEY, assertThrows(JsonRecordReader.InvalidRecordException.class, reader::next).problem(),
                    "a repeated name: not the last (or first) value, but a failed record");
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
    void aBrokenLineFailsOnItsOwnAndTheLinesAfterItAreRead() throws IOException {
        assertEquals(List.of("{a=1}", "INVALID_JSON[8,16) {\"a\": }\n", "{a=3}"), items("{\"a\":1}\n{\"a\": }\n{\"a\":3}"));
        assertEquals(List.of("{a=1}", "INVALID_JSON[8,15) {\"a\":1\n", "{a=2}"), items("{\"a\":1}\n{\"a\":1\n{\"a\":2}"),
                "a record left open: the next line that begins a record starts afresh");
        assertEquals(List.of("{a=1}", "INVALID_JSON[9,13) foo\n", "{a=2}"), items("{\"a\":1}\n\nfoo\n{\"a\":2}"), "blank lines are not part of it");
        assertEquals(List.of("{a=1}", "INVALID_JSON[8,13) {\"a\":"), items("{\"a\":1}\n{\"a\":"), "cut short at the end");
        assertEquals(List.of("INVALID_JSON[0,4) }]}]"), items("}]}]"));
        assertEquals(List.of("INVALID_JSON[0,8) not json"), items("not json"));
        assertEquals(List.of("{a=1}", "INVALID_JSON[8,16) trailing"), items("{\"a\":1} trailing"));
        assertTrue(firstInvalid("{\"a\": 1}\n{\"a\": }").getMessage().startsWith("Record 1 (bytes 9 to 16) is not valid JSON: Unexpected character ('}'"),
                firstInvalid("{\"a\": 1}\n{\"a\": }").getMessage());
    }

    @Test
    void insideAnArrayTheRestFailsAsOne() throws IOException {
        assertEquals(List.of("{a=1}", "{a=2}", "INVALID_JSON[17,21) {\"a\""), items("[{\"a\":1},{\"a\":2},{\"a\""));
        assertEquals(List.of("{a=1}", "INVALID_JSON[9,28) {\"a\": x},\n{\"a\": 3}]"), items("[{\"a\":1},{\"a\": x},\n{\"a\": 3}]"));
        assertEquals(List.of("{a=1}", "{a=2}"), items("[{\"a\":1},{\"a\":2}"), "an array whose end is missing: every record is there");
        assertEquals(List.of("{a=1}", "{a=2}", "{a=3}"), items("[{\"a\":1}]\n[{\"a\":2}]{\"a\":3}"), "arrays and objects one after another");
    }

    @Test
    void valuesThatAreNoObjectsAreInvalidRecords() throws IOException {
        assertEquals(List.of("NOT_AN_OBJECT[1,2) 1", "NOT_AN_OBJECT[4,9) \"two\"", "NOT_AN_OBJECT[11,15) null"), items("[1, \"two\", null]"));
        assertEquals(List.of("{a=1}", "NOT_AN_OBJECT[10,11) 2", "{a=3}"), items("[{\"a\":1}, 2, {\"a\":3}]"));
        assertEquals(List.of("NOT_AN_OBJECT[1,10) [{\"a\":1}]"), items("[[{\"a\":1}]]"));
        assertEquals(List.of("NOT_AN_OBJECT[0,2) 42", "NOT_AN_OBJECT[3,7) true", "{a=1}"), items("42\ntrue\n{\"a\":1}"));
        assertEquals("Record 0 (bytes 0 to 6) is not a JSON object but a string", firstInvalid("\"text\"").getMessage());
    }

    @Test
    void aNameGivenTwiceFailsTheRecordWithEveryEntryKept() throws IOException {
        assertEquals(List.of("{a=1}", "DUPLICATE_KEY[8,21) {\"a\":2,\"a\":3}", "{a=4}"), items("{\"a\":1}\n{\"a\":2,\"a\":3}\n{\"a\":4}"));
        final JsonRecordReader.InvalidRecordException top = firstInvalid("{\"a\":1,\"b\":2,\"a\":3}");
        assertEquals("a", top.field());
        assertEquals("Record 0 (bytes 0 to 19) names field 'a' more than once, so which value is meant cannot be known", top.getMessage());
        assertEquals("{\"a\":1,\"b\":2,\"a\":3}", new String(org.spotlight.clickhouse.types.JsonText.of(top.record()).getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8), "written out as it came");
        final JsonRecordReader.InvalidRecordException nested = firstInvalid("{\"o\":{\"x\":1,\"x\":2},\"b\":1}");
        assertEquals(JsonRecordReader.Problem.DUPLICATE_KEY, nested.problem());
        assertEquals("x", nested.field());
        assertEquals("{\"o\":{\"x\":1,\"x\":2},\"b\":1}", org.spotlight.clickhouse.types.JsonText.of(nested.record()));
        // The shape of a record that failed is not taken for the next ones.
        assertEquals(List.of("DUPLICATE_KEY[0,13) {\"a\":1,\"a\":2}", "{a=1}"), items("{\"a\":1,\"a\":2}{\"a\":1}"));
    }

    @Test
    void textThatIsNotUtf8FailsItsRecordAndIsNeverReplaced() throws IOException {
        final byte[] overlong = concat("{\"a\":\"x\"}\n{\"a\":\"", new byte[] {(byte) 0xC0, (byte) 0x80}, "\"}\n{\"a\":\"z\"}");
        assertEquals(List.of("{a=x}", "INVALID_UTF8[10,20) {\"a\":\"\u00c0\u0080\"}", "{a=z}"), items(overlong),
                "an overlong NUL, which Jackson would read as U+0000");
        final byte[] beyond = concat("{\"a\":\"", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, "\"}");
        assertEquals(JsonRecordReader.Problem.INVALID_UTF8, firstInvalid(new String(beyond, StandardCharsets.ISO_8859_1), beyond).problem(),
                "beyond U+10FFFF");
        final byte[] broken = concat("{\"a\":1}\n{\"a\":\"", new byte[] {(byte) 0xC3, (byte) 0x28}, "\"}\n{\"a\":2}");
        assertEquals(List.of("{a=1}", "INVALID_UTF8[8,19) {\"a\":\"\u00c3(\"}\n", "{a=2}"), items(broken), "a lead byte without its continuation");
        assertTrue(items("{\"a\":\"\\ud800\"}").getFirst().startsWith("INVALID_UTF8[0,14)"), "an escaped lone surrogate");
        assertEquals(JsonRecordReader.Problem.INVALID_UTF8, firstInvalid("{\"x\\udc00\":1}").problem(), "in a field name (Jackson's own check)");
        assertTrue(firstInvalid("{\"x\\udc00\":1}").getMessage().contains("surrogate"));
        assertEquals(List.of("{a=\ud83d\ude00}"), items("{\"a\":\"\\ud83d\\ude00\"}"), "a surrogate pair is a character");
        final byte[] utf16 = "{\"a\":1}".getBytes(StandardCharsets.UTF_16LE);
        assertEquals(List.of("INVALID_UTF8[0,14) " + new String(utf16, StandardCharsets.ISO_8859_1)), items(utf16));
        assertTrue(firstInvalid(new String(utf16, StandardCharsets.ISO_8859_1), utf16).getMessage().contains("is not UTF-8 JSON (RFC 8259)"));
        final byte[] bom = concat("", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "{\"a\":1}\n{\"a\":");
        assertEquals(List.of("{a=1}", "INVALID_JSON[11,16) {\"a\":"), items(bom), "offsets count the byte order mark");
    }

    @Test
    void boundsFailTheRecordThatGoesBeyondThemAtOnce() throws IOException {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            final String deep = "{\"a\":".repeat(JsonRecordReader.MAX_NESTING_DEPTH) + "1" + "}".repeat(JsonRecordReader.MAX_NESTING_DEPTH);
            assertEquals(1, items(deep).size());
            assertTrue(items(deep).getFirst().startsWith("{a={a="), "exactly at the bound");
            final String deeper = "{\"a\":" + deep + "}";
            assertEquals(List.of("TOO_LARGE", "{b=1}"), items(deeper + "\n{\"b\":1}").stream().map(item -> item.split("\\[")[0]).toList());
            assertTrue(firstInvalid("{\"n\":" + "9".repeat(1001) + "}").getMessage().contains("Number value length"));
            assertEquals(JsonRecordReader.Problem.TOO_LARGE, firstInvalid("{\"" + "n".repeat(JsonRecordReader.MAX_NAME_LENGTH + 1) + "\":1}").problem());
            final String huge = "{\"s\":\"" + "x".repeat(JsonRecordReader.MAX_STRING_LENGTH + 1) + "\"}\n{\"b\":2}";
            assertEquals(List.of("TOO_LARGE", "{b=2}"), items(huge).stream().map(item -> item.split("\\[")[0]).toList());
        });
    }

    @Test
    void aBrokenRecordIsReadAgainFromItsLinesOnlyAsFarAsItIsKept() throws IOException {
        // A record left open swallows the lines after it until it breaks; then each line inside it that begins a record
        // is read again as one, as long as the bytes are still kept.
        final String open = "{\"a\":[\n{\"b\":1},\n{\"c\":2},";
        assertEquals(List.of("INVALID_JSON[0,7) {\"a\":[\n", "{b=1}", "INVALID_JSON[14,16) ,\n", "{c=2}", "INVALID_JSON[23,32) ,1,1,x]}\n", "{d=3}"),
                items(open + "1,1,x]}\n{\"d\":3}"));
        final String far = open + "1,".repeat(JsonInput.RETAINED_BYTES) + "x]}\n";
        assertEquals(List.of("INVALID_JSON[0," + far.length() + ")", "{d=3}"),
                items(far + "{\"d\":3}").stream().map(item -> item.split(" ")[0]).toList(), "beyond what is kept the broken record is one");
    }

    @Test
    void binaryContentIsOneInvalidRecord() throws IOException {
        final byte[] binary = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, (byte) 0xFF, (byte) 0xFE, 1, 2, 3};
        final List<String> items = items(binary);
        assertEquals(1, items.size());
        assertTrue(items.getFirst().startsWith("INVALID_UTF8[0,13)") || items.getFirst().startsWith("INVALID_JSON[0,13)"), items.getFirst());
    }

    private static JsonRecordReader.InvalidRecordException firstInvalid(final String description, final byte[] content) throws IOException {
        try (JsonRecordReader reader = reader(content)) {
            return assertThrows(JsonRecordReader.InvalidRecordException.class, () -> {
                while (reader.next() != null) {
                    continue;
                }
            }, description);
        }
    }

    private static byte[] concat(final String before, final byte[] middle, final String after) {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
