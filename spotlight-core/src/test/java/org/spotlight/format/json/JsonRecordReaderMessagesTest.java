package org.spotlight.format.json;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka messages joined by ConsumeKafka's Message Demarcator LF RS (the kafka-to-clickhouse flow's setting), read by
 * {@link JsonRecordReader}: each message is read on its own, whatever the one before it held.
 */
class JsonRecordReaderMessagesTest {

    private static final String SEPARATOR = "\n\u001E";

    /** What ConsumeKafka (DEMARCATOR) writes for these messages: the values joined by the demarcator, nothing around them. */
    private static byte[] demarcated(final String... messages) {
        return String.join(SEPARATOR, messages).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Every record and every invalid one, in order; invalid ones as "!PROBLEM message N: " + their bytes, which is what a
     * failure holds. Records in = records out + failures: the reader counts them all.
     */
    private static List<Object> readAll(final byte[] content, final int chunk) throws IOException {
        final List<Object> results = new ArrayList<>();
        try (JsonRecordReader reader = new JsonRecordReader(chunked(new ByteArrayInputStream(content), chunk))) {
            while (true) {
                try {
                    final Map<String, Object> record = reader.next();
                    if (record == null) {
                        break;
                    }
                    results.add(Map.copyOf(record));
                } catch (final JsonRecordReader.InvalidRecordException e) {
                    assertEquals(results.size(), e.index(), "invalid records are counted like valid ones");
                    results.add("!" + e.problem() + " message " + e.messageIndex() + ": "
                            + new String(content, (int) e.start(), (int) (e.end() - e.start()), StandardCharsets.UTF_8));
                }
            }
            assertEquals(results.size(), reader.records());
        }
        return results;
    }

    private static List<Object> readAll(final byte[] content) throws IOException {
        final List<Object> whole = readAll(content, Integer.MAX_VALUE);
        // The same whatever the underlying stream hands out at a time: a separator split across reads included.
        for (int chunk : new int[] {1, 2, 3, 7}) {
            assertEquals(whole.toString(), readAll(content, chunk).toString(), "read " + chunk + " bytes at a time");
        }
        return whole;
    }

    @Test
    void eachMessageIsReadOnItsOwn() throws IOException {
        assertEquals(List.of(Map.of("a", 1L), Map.of("a", 2L), Map.of("b", "x")),
                readAll(demarcated("{\"a\":1}", "{\"a\":2}", "{\"b\":\"x\"}")));
    }

    @Test
    void prettyPrintedMessagesAreOneRecordEach() throws IOException {
        assertEquals(List.of(Map.of("a", 1L, "b", List.of(1L, 2L)), Map.of("a", 2L, "b", List.of())),
                readAll(demarcated("{\n  \"a\": 1,\n  \"b\": [\n    1,\n    2\n  ]\n}\n", "{\n  \"a\" : 2,\n  \"b\" : [ ]\n}")));
    }

    @Test
    void aMessageCutShortIsOneErrorAndDoesNotSwallowTheNextOne() throws IOException {
        // Glued together, the two halves would even make a valid record: {"a":1}.
        final List<Object> results = readAll(demarcated("{\"a\":", "1}", "{\"a\":3}"));
        assertEquals(List.of("!INVALID_JSON message 0: {\"a\":", "!INVALID_JSON message 1: 1}", Map.of("a", 3L)), results);
    }

    @Test
    void aBrokenMessageBetweenGoodOnesFailsAlone() throws IOException {
        final List<Object> results = readAll(demarcated("{\"a\":1}", "not json at all {", "{\"a\":}", "[1, 2", "{\"a\":4}"));
        // An array's scalars are items that are not records, each alone; the array cut short ends with its message.
        assertEquals(List.of(Map.of("a", 1L), "!INVALID_JSON message 1: not json at all {", "!INVALID_JSON message 2: {\"a\":}",
                "!NOT_AN_OBJECT message 3: 1", "!NOT_AN_OBJECT message 3: 2", Map.of("a", 4L)), results);
    }

    @Test
    void goodRecordsOfAMessageBeforeABrokenOneStand() throws IOException {
        // JSON Lines inside one message: a broken line fails alone and the next line of the message is read, as without
        // separators; a record cut short by its message's end fails up to that end and does not take the next message.
        final List<Object> results = readAll(demarcated("{\"a\":1}\n{\"a\":}\n{\"a\":2}\n{\"a\":", "{\"a\":3}"));
        assertEquals(List.of(Map.of("a", 1L), "!INVALID_JSON message 0: {\"a\":}\n", Map.of("a", 2L), "!INVALID_JSON message 0: {\"a\":",
                Map.of("a", 3L)), results);
        // Inside a top-level array only the next message restarts.
        assertEquals(List.of(Map.of("a", 1L), "!INVALID_JSON message 0: {\"a\":}\n{\"a\":2}]", Map.of("a", 3L)),
                readAll(demarcated("[{\"a\":1},\n{\"a\":}\n{\"a\":2}]", "{\"a\":3}")));
    }

    @Test
    void duplicateKeysAndBadBytesFailTheirRecordOnly() throws IOException {
        final byte[] badUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'};
        final byte[] content = concat(demarcated("{\"a\":1,\"a\":2}", ""), badUtf8, demarcated("", "{\"a\":3}"));
        final List<Object> results = readAll(content);
        assertEquals(3, results.size(), results.toString());
        assertEquals("!DUPLICATE_KEY message 0: {\"a\":1,\"a\":2}", results.get(0));
        assertTrue(results.get(1).toString().startsWith("!INVALID_UTF8 message 1: "), results.toString());
        assertEquals(Map.of("a", 3L), results.get(2));
    }

    private static byte[] concat(final byte[]... parts) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void arraysJsonLinesAndEmptyMessagesWithinTheSequence() throws IOException {
        assertEquals(List.of(Map.of("a", 1L), Map.of("a", 2L), Map.of("a", 3L), Map.of("a", 4L), Map.of("a", 5L)),
                readAll(demarcated("[{\"a\":1},{\"a\":2}]", "", "[]", "{\"a\":3}\n{\"a\":4}\n", "   ", "[{\"a\":5}]")));
        // An empty first message: the separator comes while the parser is still being created.
        assertEquals(List.of(Map.of("a", 1L)), readAll(demarcated("", "{\"a\":1}")));
        // Arrays and objects may follow one another within a message too.
        assertEquals(List.of(Map.of("a", 1L), Map.of("a", 2L), Map.of("a", 3L)), readAll(demarcated("[{\"a\":1}] {\"a\":2}", "{\"a\":3}")));
        // An array whose closing bracket alone is missing: its records are all there, and the next message is read.
        assertEquals(List.of(Map.of("a", 1L), Map.of("a", 2L)), readAll(demarcated("[{\"a\":1},", "{\"a\":2}")));
    }

    /** An empty object left a shape of no fields; the next record with fields overran an array of that size. */
    @Test
    void aRecordAfterAnEmptyOneIsRead() throws IOException {
        assertEquals(List.of(Map.of(), Map.of("a", 1L, "b", 2L)), readAll(demarcated("{}", "{\"a\":1,\"b\":2}")));
        assertEquals(List.of(Map.of(), Map.of("a", 1L)), readAll("{}\n{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void scalarsAndNullsAreErrorsOfTheirMessageOnly() throws IOException {
        final List<Object> results = readAll(demarcated("42", "null", "\"text\"", "{\"ok\":true}"));
        assertEquals(List.of("!NOT_AN_OBJECT message 0: 42", "!NOT_AN_OBJECT message 1: null", "!NOT_AN_OBJECT message 2: \"text\"",
                Map.of("ok", true)), results);
    }

    @Test
    void aByteOrderMarkStartingAnyMessageIsDropped() throws IOException {
        assertEquals(List.of(Map.of("a", 1L), Map.of("a", 2L)), readAll(demarcated("\uFEFF{\"a\":1}", "\uFEFF{\"a\":2}")));
    }

    @Test
    void anRsWithoutTheLineFeedBeforeItSeparatesNothing() throws IOException {
        // Not the separator: an invalid control character, so the content is one (broken) text.
        final List<Object> results = readAll("{\"a\":1}\u001E{\"a\":2}".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(Map.of("a", 1L), "!INVALID_JSON message 0: \u001E{\"a\":2}"), results);
    }

    @Test
    void contentWithoutSeparatorsReadsAsBefore() throws IOException {
        assertEquals(List.of(Map.of("a", 1L), Map.of("a", 2L)), readAll("{\"a\":1}\n{\"a\":2}\n".getBytes(StandardCharsets.UTF_8)));
        final List<Object> broken = readAll("{\"a\":1}\n{\"a\":}\n{\"a\":3}".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(Map.of("a", 1L), "!INVALID_JSON message 0: {\"a\":}\n", Map.of("a", 3L)), broken);
    }

    @Test
    void manyEmptyArraysDoNotDeepenTheStack() throws IOException {
        final String[] messages = new String[100_000];
        java.util.Arrays.fill(messages, "[]");
        messages[messages.length - 1] = "{\"last\":1}";
        try (JsonRecordReader reader = new JsonRecordReader(new ByteArrayInputStream(demarcated(messages)))) {
            assertEquals(Map.of("last", 1L), Map.copyOf(reader.next()));
            assertNull(reader.next());
            assertEquals(messages.length, reader.messages());
        }
    }

    @Test
    void theParserIsGivenTheNextMessageOnlyFromBetweenValues() throws IOException {
        final AtomicBoolean between = new AtomicBoolean(false);
        final JsonInput input = new JsonInput(new ByteArrayInputStream(demarcated("{\"a\":", "\uFEFF{\"b\":2}")), between::get);
        final ByteArrayOutputStream served = new ByteArrayOutputStream();
        final byte[] buffer = new byte[64];
        int read;
        while ((read = input.read(buffer, 0, buffer.length)) > 0) {
            served.write(buffer, 0, read);
        }
        assertArrayEquals("{\"a\":\n".getBytes(StandardCharsets.UTF_8), served.toByteArray(), "the first message and the separator's LF");
        assertEquals(0, input.messageAt(input.position()));
        between.set(true);
        served.reset();
        while ((read = input.read(buffer, 0, buffer.length)) > 0) {
            served.write(buffer, 0, read);
        }
        // Offsets stay those of the content: the RS and the next message's byte order mark read as white space.
        assertArrayEquals("    {\"b\":2}".getBytes(StandardCharsets.UTF_8), served.toByteArray(), "from between values: on into the next message");
        assertEquals(1, input.messageAt(input.position()));
    }

    @Test
    void closingTheReaderClosesTheUnderlyingStream() throws IOException {
        final AtomicBoolean closed = new AtomicBoolean();
        final InputStream in = new FilterInputStream(new ByteArrayInputStream(demarcated("{\"a\":", "{\"a\":2}"))) {
            @Override
            public void close() throws IOException {
                closed.set(true);
                super.close();
            }
        };
        try (JsonRecordReader reader = new JsonRecordReader(in)) {
            try {
                reader.next();
            } catch (final JsonRecordReader.InvalidRecordException expected) {
                assertFalse(closed.get(), "a message cut short does not end the content");
            }
            assertEquals(Map.of("a", 2L), Map.copyOf(reader.next()));
        }
        assertTrue(closed.get());
    }

    /** Hands out at most {@code chunk} bytes per read, as a slow network or content repository may. */
    private static InputStream chunked(final InputStream in, final int chunk) {
        return new FilterInputStream(in) {
            @Override
            public int read(final byte[] b, final int off, final int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }
}
