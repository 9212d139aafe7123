package org.spotlight.typing;

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
class JsonTextSequenceTest {

    private static final String SEPARATOR = "\n\u001E";

    /** What ConsumeKafka (DEMARCATOR) writes for these messages: the values joined by the demarcator, nothing around them. */
    private static byte[] demarcated(final String... messages) {
        return String.join(SEPARATOR, messages).getBytes(StandardCharsets.UTF_8);
    }

    /** Every record and every error, in order; errors as "!" + message. */
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
                } catch (final JsonRecordReader.InvalidJsonException e) {
                    results.add("!" + e.getMessage());
                }
            }
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
        assertEquals(3, results.size(), results.toString());
        assertTrue(results.get(0).toString().startsWith("!Message 1: "), results.toString());
        assertTrue(results.get(1).toString().startsWith("!Message 2: "), results.toString());
        assertEquals(Map.of("a", 3L), results.get(2));
    }

    @Test
    void aBrokenMessageBetweenGoodOnesFailsAlone() throws IOException {
        final List<Object> results = readAll(demarcated("{\"a\":1}", "not json at all {", "{\"a\":}", "[1, 2", "{\"a\":4}"));
        assertEquals(Map.of("a", 1L), results.get(0));
        assertTrue(results.get(1).toString().startsWith("!Message 2: "), results.toString());
        assertTrue(results.get(2).toString().startsWith("!Message 3: "), results.toString());
        assertTrue(results.get(3).toString().startsWith("!Message 4: "), results.toString());
        assertEquals(Map.of("a", 4L), results.get(4));
        assertEquals(5, results.size(), results.toString());
    }

    @Test
    void arraysJsonLinesAndEmptyMessagesWithinTheSequence() throws IOException {
        assertEquals(List.of(Map.of("a", 1L), Map.of("a", 2L), Map.of("a", 3L), Map.of("a", 4L), Map.of("a", 5L)),
                readAll(demarcated("[{\"a\":1},{\"a\":2}]", "", "[]", "{\"a\":3}\n{\"a\":4}\n", "   ", "[{\"a\":5}]")));
        final List<Object> trailing = readAll(demarcated("[{\"a\":1}] {\"a\":2}", "{\"a\":3}"));
        assertTrue(trailing.get(1).toString().contains("unexpected content after the closing ']'"), trailing.toString());
        assertEquals(Map.of("a", 3L), trailing.get(2));
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
        assertEquals(4, results.size(), results.toString());
        assertEquals(Map.of("ok", true), results.get(3));
    }

    @Test
    void aByteOrderMarkStartingAnyMessageIsDropped() throws IOException {
        assertEquals(List.of(Map.of("a", 1L), Map.of("a", 2L)), readAll(demarcated("\uFEFF{\"a\":1}", "\uFEFF{\"a\":2}")));
    }

    @Test
    void anRsWithoutTheLineFeedBeforeItSeparatesNothing() throws IOException {
        // Not the separator: an invalid control character, so the content is one (broken) text.
        final List<Object> results = readAll("{\"a\":1}\u001E{\"a\":2}".getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of("a", 1L), results.get(0));
        assertTrue(results.get(1).toString().startsWith("!Invalid JSON"), results.toString());
        assertEquals(2, results.size());
    }

    @Test
    void contentWithoutSeparatorsReadsAsBefore() throws IOException {
        assertEquals(List.of(Map.of("a", 1L), Map.of("a", 2L)), readAll("{\"a\":1}\n{\"a\":2}\n".getBytes(StandardCharsets.UTF_8)));
        final List<Object> broken = readAll("{\"a\":1}\n{\"a\":}\n{\"a\":3}".getBytes(StandardCharsets.UTF_8));
        assertTrue(broken.get(1).toString().startsWith("!Invalid JSON in record 2"), broken.toString());
        assertEquals(2, broken.size(), "without separators an error ends the content, as before: " + broken);
    }

    @Test
    void manyEmptyArraysDoNotDeepenTheStack() throws IOException {
        final String[] messages = new String[100_000];
        java.util.Arrays.fill(messages, "[]");
        messages[messages.length - 1] = "{\"last\":1}";
        try (JsonRecordReader reader = new JsonRecordReader(new ByteArrayInputStream(demarcated(messages)))) {
            assertEquals(Map.of("last", 1L), Map.copyOf(reader.next()));
            assertNull(reader.next());
            assertEquals(messages.length, reader.texts());
        }
    }

    @Test
    void theParserIsGivenTheNextMessageOnlyFromBetweenValues() throws IOException {
        final AtomicBoolean between = new AtomicBoolean(false);
        final JsonTextSequence input = new JsonTextSequence(new ByteArrayInputStream(demarcated("{\"a\":", "{\"b\":2}")));
        input.mayContinue(between::get);
        final ByteArrayOutputStream served = new ByteArrayOutputStream();
        final byte[] buffer = new byte[64];
        int read;
        while ((read = input.read(buffer, 0, buffer.length)) > 0) {
            served.write(buffer, 0, read);
        }
        assertArrayEquals("{\"a\":\n".getBytes(StandardCharsets.UTF_8), served.toByteArray(), "the first message and the separator's LF");
        assertEquals(0, input.text());
        between.set(true);
        assertTrue(input.skipText());
        assertEquals(1, input.text());
        assertEquals(7, input.read(buffer, 0, buffer.length));
        assertEquals(-1, input.read(buffer, 0, buffer.length));
        assertFalse(input.skipText(), "no text after the last");
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
            } catch (final JsonRecordReader.InvalidJsonException expected) {
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
