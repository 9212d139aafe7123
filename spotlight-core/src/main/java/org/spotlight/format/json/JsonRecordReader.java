package org.spotlight.format.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.SerializedString;
import org.spotlight.format.text.ExactNumbers;
import org.spotlight.format.text.FloatLiteral;
import org.spotlight.format.text.UnicodeText;

import java.io.CharConversionException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Streams records out of raw JSON: objects one after another (JSON Lines, or concatenated), arrays of objects, or
 * any sequence of those. Values keep what the text said: integers as {@link Long} or {@link java.math.BigInteger},
 * decimals as {@link java.math.BigDecimal} with their written scale (so {@code 1.50} keeps two places), numbers in
 * exponent notation as {@link FloatLiteral}; objects as {@link LinkedHashMap} in key order; arrays as {@link List}.
 * <p>
 * Content may be messages separated by LF RS (0x0A 0x1E): Kafka messages as ConsumeKafka's DEMARCATOR output joins them
 * in Spotlight's flows, or an RFC 7464 JSON text sequence. A message boundary is a hard one: the parser reads on into the
 * next message only from between two values, so a message cut short or broken fails alone, up to its end, and reading goes
 * on with the next message; the records of a message before a broken one stand ({@link JsonInput}).
 * <p>
 * What is not a valid record fails on its own, and reading goes on after it ({@link InvalidRecordException}): a value
 * that is not an object, an object that names a field twice (which value is meant cannot be known, so neither is
 * taken), text that is not UTF-8 or holds a lone surrogate (never replaced by U+FFFD), and content that is not JSON.
 * After broken JSON, reading resumes at the next line that begins with <code>{</code> (the next record of JSON
 * Lines) or the next message, whichever comes first; inside a top-level array only the next message restarts, and
 * when neither follows, the rest of the content is one invalid record. Each
 * record, valid or not, has its index and its byte range in the content, so that callers can route it as it was
 * written.
 * <p>
 * Cost is bounded by the content: nesting is at most {@link #MAX_NESTING_DEPTH} levels, strings at most
 * {@link #MAX_STRING_LENGTH} characters, field names {@link #MAX_NAME_LENGTH}, numbers
 * {@link ExactNumbers#MAX_TEXT_LENGTH} (Jackson's {@link StreamReadConstraints}); a record beyond one of them fails
 * with {@link Problem#TOO_LARGE}.
 */
public final class JsonRecordReader implements Closeable {

    /**
     * Levels of objects and arrays in one record, the record itself included. Real records rarely go beyond ten; every
     * level costs stack in inference, casting and type strings, so a bound well inside any thread's stack.
     */
    public static final int MAX_NESTING_DEPTH = 100;
    /** Characters of one string value: Jackson's default (20 million). A longer value fails its record. */
    public static final int MAX_STRING_LENGTH = 20_000_000;
    /** Characters of one field name: Jackson's default. Column names are cut to 255 characters anyway. */
    public static final int MAX_NAME_LENGTH = 50_000;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNameLength(MAX_NAME_LENGTH)
                    .maxNumberLength(ExactNumbers.MAX_TEXT_LENGTH)
                    .build())
            // The content stream outlives a parser: after a broken record a new parser continues on it.
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();

    /** Why a stretch of the content is not a valid record. */
    public enum Problem {
        /** Not JSON: a syntax error, or content cut short. */
        INVALID_JSON,
        /** A JSON value that is not an object where a record was expected: a number, string, boolean, null or array. */
        NOT_AN_OBJECT,
        /** Bytes that are not UTF-8 (JSON between systems is UTF-8, RFC 8259), or a string UTF-8 cannot carry (a lone surrogate). */
        INVALID_UTF8,
        /** An object names a field twice, so which value is meant cannot be known. */
        DUPLICATE_KEY,
        /** Beyond a bound: nesting depth, or the length of a string, number or field name. */
        TOO_LARGE
    }

    /**
     * A stretch of the content that is not a valid record. Reading goes on after it: the reader's next call returns
     * the record that follows.
     */
    public static final class InvalidRecordException extends IOException {
        private final Problem problem;
        private final long index;
        private final long start;
        private final long end;
        private final long messageIndex;
        private final String field;
        private final transient Map<String, Object> record;

        InvalidRecordException(final Problem problem, final long index, final long start, final long end, final long messageIndex,
                               final String message, final String field, final Map<String, Object> record, final Throwable cause) {
            this(problem, index, start, end, messageIndex, messageIndex > 0, message, field, record, cause);
        }

        /** @param framed whether the content is known to be LF RS separated messages, so that the message is named */
        InvalidRecordException(final Problem problem, final long index, final long start, final long end, final long messageIndex,
                               final boolean framed, final String message, final String field, final Map<String, Object> record,
                               final Throwable cause) {
            super("Record " + index + " (bytes " + start + " to " + end + (framed ? " of message " + messageIndex : "") + ") " + message, cause);
            this.problem = problem;
            this.index = index;
            this.start = start;
            this.end = end;
            this.messageIndex = messageIndex;
            this.field = field;
            this.record = record;
        }

        public Problem problem() {
            return problem;
        }

        /** The record's 0-based index among all records of the content, valid and invalid. */
        public long index() {
            return index;
        }

        /** Offset of the record's first byte in the content. */
        public long start() {
            return start;
        }

        /** Offset after its last byte. */
        public long end() {
            return end;
        }

        /**
         * The 0-based index of the message the record starts in, when the content is messages separated by LF RS (Kafka
         * messages as ConsumeKafka's DEMARCATOR output joins them in Spotlight's flows); 0 for content without separators.
         */
        public long messageIndex() {
            return messageIndex;
        }

        /** The field at fault (a duplicate name), or null. */
        public String field() {
            return field;
        }

        /**
         * The record as read, when it is complete JSON (a duplicate key, a lone surrogate): duplicate names kept in order,
         * so that it can be written out as it came. Null for content that is not a complete object.
         */
        public Map<String, Object> record() {
            return record;
        }
    }

    private final JsonInput input;
    private final String otherEncoding;
    private JsonParser parser;
    /** Offset in the content of the parser's first byte. */
    private long base;
    private boolean inArray;
    private boolean finished;
    private long records;
    /** Offset after the last record (or array bracket) read. */
    private long lastEnd;
    private long recordStart;
    private long recordEnd;
    private boolean nested;
    /** The fields of the last record, which the next one most likely has too. */
    private CompactRecord.Shape shape;
    /** The shape's names, as Jackson matches them against the input's bytes. */
    private SerializedString[] expectedNames;
    /** What is wrong with the record being read, though it is complete JSON; null when nothing is. */
    private Problem problem;
    private String problemMessage;
    private String problemField;

    public JsonRecordReader(final InputStream in) throws IOException {
        // The parser reads on into the next message only from between two values (at the top level).
        this.input = new JsonInput(in, () -> parser != null && parser.getParsingContext().inRoot());
        this.otherEncoding = input.otherEncoding();
        this.parser = otherEncoding == null ? FACTORY.createParser(input) : null;
    }

    /**
     * @return the next record, or null after the last
     * @throws InvalidRecordException for content that is not a valid record; the next call goes on after it
     * @throws IOException            when the content cannot be read
     */
    public Map<String, Object> next() throws IOException {
        while (!finished) {
            final Map<String, Object> record = read();
            if (record != null || finished) {
                return record;
            }
            // Nothing invalid was left of a message: the records go on with the next one.
        }
        return null;
    }

    /** @return the next record; null after the last, or (not finished) after a message that held nothing more */
    private Map<String, Object> read() throws IOException {
        if (otherEncoding != null) {
            finished = true;
            throw new InvalidRecordException(Problem.INVALID_UTF8, records++, 0, input.drain(), 0, false,
                    "is not UTF-8 JSON (RFC 8259): the content looks like " + otherEncoding, null, null, null);
        }
        recordStart = -1;
        try {
            JsonToken token = parser.nextToken();
            while (token == JsonToken.START_ARRAY && !inArray || token == JsonToken.END_ARRAY && inArray) {
                // Records inside a top-level array; arrays and objects may follow one another.
                inArray = token == JsonToken.START_ARRAY;
                itemEnded(offset(parser.currentLocation()));
                token = parser.nextToken();
            }
            if (token == null) {
                finished = true;
                return null;
            }
            recordStart = offset(parser.currentTokenLocation());
            final long index = records;
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                // Jackson reads a string's characters only when asked, and a number's first byte after it: the value ends
                // where its characters do.
                parser.finishToken();
                final long end = itemEnded(token.isNumeric() ? recordStart + parser.getTextLength() : offset(parser.currentLocation()));
                records++;
                throw new InvalidRecordException(Problem.NOT_AN_OBJECT, index, recordStart, end, input.messageAt(recordStart),
                        "is not a JSON object but " + describe(token), null, null, null);
            }
            nested = false;
            problem = null;
            final Map<String, Object> record = record();
            recordEnd = offset(parser.currentLocation());
            if (problem == null && input.invalidUtf8(recordStart, recordEnd)) {
                problem = Problem.INVALID_UTF8;
                problemMessage = "holds bytes that are not UTF-8 (an overlong form or a code point beyond U+10FFFF)";
            }
            itemEnded(recordEnd);
            records++;
            if (problem != null) {
                throw new InvalidRecordException(problem, index, recordStart, recordEnd, input.messageAt(recordStart), problemMessage,
                        problemField, record, null);
            }
            return record;
        } catch (final JsonProcessingException | CharConversionException | NumberFormatException e) {
            final InvalidRecordException invalid = resume(e);
            if (invalid == null) {
                return null;
            }
            throw invalid;
        }
    }

    /** Whether the record last returned has an array or object as a value (and so needs preparing). */
    public boolean lastRecordNested() {
        return nested;
    }

    /** Messages begun so far: 1 plus the LF RS separators read past; 1 for content without separators. */
    public long messages() {
        return input.messageAt(input.position()) + 1;
    }

    /** Records (valid and invalid) read so far: the index of the next one. */
    public long records() {
        return records;
    }

    /** Offset in the content of the first byte of the record last returned. */
    public long lastRecordStart() {
        return recordStart;
    }

    /** Offset after the last byte of the record last returned. */
    public long lastRecordEnd() {
        return recordEnd;
    }

    private long offset(final JsonLocation location) {
        return base + location.getByteOffset();
    }

    /** @return {@code end}, now the end of the last item read */
    private long itemEnded(final long end) {
        lastEnd = end;
        input.release(end);
        return end;
    }

    /**
     * After content that is not JSON: the invalid record runs from where it started to the next line that begins a
     * record inside the same message, or to the end of its message (content in LF RS separated messages), where a new
     * parser takes over; or to the end of the content.
     *
     * @return the invalid record, or null when nothing but white space is left of the message or the content
     */
    private InvalidRecordException resume(final Exception e) throws IOException {
        final long index = records++;
        final long start = recordStart >= 0 ? recordStart : input.skipBlanks(lastEnd, inArray);
        final long message = input.messageAt(start);
        final Problem kind = e instanceof StreamConstraintsException ? Problem.TOO_LARGE
                : e instanceof CharConversionException || isUtf8Error(e) ? Problem.INVALID_UTF8 : Problem.INVALID_JSON;
        final String description = "is not valid JSON: " + describe(e);
        // Inside a top-level array, a line that begins with '{' is one of its items: only the next message restarts.
        final JsonInput.Resume resume = input.resumeAfter(start, !inArray);
        parser.close();
        // No parser stands between values until the new one does (it reads its first bytes as it is created).
        parser = null;
        if (resume == null || !input.rewind(resume.restart(), resume.atMessage())) {
            finished = true;
            final long end = input.drain();
            if (end == start) {
                // Only the closing bracket of an array is missing: every record that is there has been read.
                records--;
                return null;
            }
            return new InvalidRecordException(kind, index, start, end, message, message > 0, description, null, null, e);
        }
        parser = FACTORY.createParser(input);
        base = resume.restart();
        lastEnd = resume.restart();
        inArray = false;
        if (resume.end() <= start) {
            // The message ends where its records do, but for the closing bracket of an array: all of them have been read.
            records--;
            return null;
        }
        return new InvalidRecordException(kind, index, start, resume.end(), message, message > 0 || resume.atMessage(), description,
                null, null, e);
    }

    private static boolean isUtf8Error(final Exception e) {
        return e instanceof JsonParseException && e.getMessage() != null
                && (e.getMessage().contains("Invalid UTF-8") || e.getMessage().contains("surrogate"));
    }

    private static String describe(final Exception e) {
        final String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        final String location = e instanceof JsonProcessingException json && json.getLocation() != null
                ? " (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + " of the part read)" : "";
        return (message == null ? e.getClass().getSimpleName() : message) + location;
    }

    /**
     * A top-level object as a {@link CompactRecord} of the previous record's shape when it has the same fields in the
     * same order, of a new shape otherwise.
     */
    private Map<String, Object> record() throws IOException {
        final CompactRecord.Shape expected = shape;
        Object[] values = new Object[expected == null ? 16 : expected.size()];
        List<String> names = null;
        int count = 0;
        JsonToken token;
        while (true) {
            if (names == null && expected != null && count < expected.size()) {
                // The field the shape expects here is matched as bytes, without looking its name up.
                if (parser.nextFieldName(expectedNames[count])) {
                    parser.nextToken();
                    values[count++] = value();
                    continue;
                }
                token = parser.currentToken();
            } else {
                token = parser.nextToken();
            }
            if (token != JsonToken.FIELD_NAME) {
                break;
            }
            final String name = name();
            parser.nextToken();
            final Object value = value();
            if (names == null) {
                names = new ArrayList<>(Math.max(count * 2, 16));
                for (int i = 0; i < count; i++) {
                    names.add(expected.name(i));
                }
            }
            if (count == values.length) {
                // At least 16: a record after an empty one ({}) starts from an array of its shape's size, 0.
                values = Arrays.copyOf(values, Math.max(16, count * 2));
            }
            names.add(name);
            values[count++] = value;
        }
        if (token != JsonToken.END_OBJECT) {
            throw new JsonParseException(parser, "the object is not closed");
        }
        if (names == null && expected != null && count == expected.size()) {
            return new CompactRecord(expected, values);
        }
        if (names == null) {
            names = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                names.add(expected.name(i));
            }
        }
        final CompactRecord.Shape newShape = CompactRecord.Shape.of(names);
        if (newShape == null) {
            // A name repeats: the record fails, kept with every entry for whoever writes it out as it came.
            final Entries entries = new Entries();
            final Set<String> seen = new HashSet<>();
            for (int i = 0; i < count; i++) {
                if (!seen.add(names.get(i))) {
                    duplicate(names.get(i));
                }
                entries.add(names.get(i), values[i]);
            }
            return entries;
        }
        if (problem == null) {
            // Only a shape whose names were checked is matched without looking at the names again.
            shape = newShape;
            expectedNames = new SerializedString[newShape.size()];
            for (int i = 0; i < expectedNames.length; i++) {
                expectedNames[i] = new SerializedString(newShape.name(i));
            }
        }
        return new CompactRecord(newShape, count == values.length ? values : Arrays.copyOf(values, count));
    }

    private Map<String, Object> object() throws IOException {
        final Map<String, Object> object = new LinkedHashMap<>();
        Entries entries = null;
        Set<String> seen = null;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            final String name = name();
            parser.nextToken();
            final Object value = value();
            if (entries == null && object.containsKey(name)) {
                // A name repeats: from here on every entry is kept, in order.
                entries = new Entries();
                object.forEach(entries::add);
                seen = new HashSet<>(object.keySet());
            }
            if (entries == null) {
                object.put(name, value);
            } else {
                if (!seen.add(name)) {
                    duplicate(name);
                }
                entries.add(name, value);
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new JsonParseException(parser, "the object is not closed");
        }
        return entries == null ? object : entries;
    }

    private List<Object> array() throws IOException {
        final List<Object> array = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new JsonParseException(parser, "the array is not closed");
            }
            array.add(value());
        }
        return array;
    }

    private Object value() throws IOException {
        final JsonToken token = parser.currentToken();
        if (token == null) {
            throw new JsonParseException(parser, "the content ends inside a record");
        }
        return switch (token) {
            case VALUE_STRING -> text(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT, LONG -> parser.getLongValue();
                default -> parser.getBigIntegerValue();
            };
            // Exponent notation is kept as written: a double would round it (and make 1e400 infinite) before any column asks.
            case VALUE_NUMBER_FLOAT -> hasExponent(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength())
                    ? (Object) new FloatLiteral(parser.getText()) : parser.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case START_OBJECT -> {
                nested = true;
                yield object();
            }
            case START_ARRAY -> {
                nested = true;
                yield array();
            }
            default -> throw new JsonParseException(parser, "unexpected " + describe(token));
        };
    }

    /** A field name read by Jackson: checked, like string values, for text UTF-8 cannot carry. */
    private String name() throws IOException {
        final String name = parser.currentName();
        final int surrogate = UnicodeText.loneSurrogate(name);
        if (surrogate >= 0 && problem == null) {
            problem = Problem.INVALID_UTF8;
            problemMessage = "has a field name that " + UnicodeText.loneSurrogateReason(name, surrogate);
        }
        return name;
    }

    private String text(final String text) {
        final int surrogate = UnicodeText.loneSurrogate(text);
        if (surrogate >= 0 && problem == null) {
            problem = Problem.INVALID_UTF8;
            problemMessage = "has a string that " + UnicodeText.loneSurrogateReason(text, surrogate);
        }
        return text;
    }

    private void duplicate(final String name) {
        if (problem == null) {
            problem = Problem.DUPLICATE_KEY;
            problemField = name;
            problemMessage = "names field '" + abbreviate(name) + "' more than once, so which value is meant cannot be known";
        }
    }

    private static String abbreviate(final String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private static boolean hasExponent(final char[] text, final int offset, final int length) {
        for (int i = offset; i < offset + length; i++) {
            if (text[i] == 'e' || text[i] == 'E') {
                return true;
            }
        }
        return false;
    }

    private static String describe(final JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
        };
    }

    @Override
    public void close() throws IOException {
        try {
            if (parser != null) {
                parser.close();
            }
        } finally {
            input.close();
        }
    }

    /**
     * An object that names a field more than once, with every entry in the order read: for writing out the record of a
     * {@link Problem#DUPLICATE_KEY} failure as it came. Lookups give the first value.
     */
    static final class Entries extends AbstractMap<String, Object> {
        private final List<Map.Entry<String, Object>> entries = new ArrayList<>();

        void add(final String name, final Object value) {
            entries.add(new SimpleImmutableEntry<>(name, value));
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<String, Object>> iterator() {
                    return entries.iterator();
                }

                @Override
                public int size() {
                    return entries.size();
                }
            };
        }
    }
}
