package org.spotlight.typing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.CharConversionException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams records out of raw JSON: an array of objects, a single object, or objects one after another (NDJSON, or
 * concatenated). Content that is a sequence of such JSON texts separated by LF RS (Kafka messages as Spotlight's flows
 * consume them, see {@link JsonTextSequence}) is read text by text: a text that is not JSON records is one error, and
 * reading goes on with the next text. Values keep what the text said: integers as {@link Long} or {@link java.math.BigInteger}, decimals
 * as {@link java.math.BigDecimal} with their written scale (so {@code 1.50} keeps two places), numbers in exponent
 * notation as {@link Double}; objects as {@link LinkedHashMap} in key order; arrays as {@link List}.
 */
public final class JsonRecordReader implements Closeable {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final InputStream source;
    private final JsonTextSequence input;
    private JsonParser parser;
    /** The text the last token came from. */
    private long text;
    private boolean started;
    private boolean inArray;
    private boolean finished;
    private long records;
    private boolean nested;
    /** The fields of the last record, which the next one most likely has too. */
    private CompactRecord.Shape shape;
    /** The shape's names, as Jackson matches them against the input's bytes. */
    private SerializedString[] expectedNames;

    public JsonRecordReader(final InputStream in) throws IOException {
        this.source = in;
        this.input = new JsonTextSequence(in);
        // The parser goes on into the next text only from between two values: a text cut short is an error of its own.
        input.mayContinue(() -> parser != null && parser.getParsingContext().inRoot());
        this.parser = FACTORY.createParser(input);
    }

    /**
     * @return the next record, or null after the last
     * @throws InvalidJsonException when the content is not JSON objects (with the position of the problem)
     */
    public Map<String, Object> next() throws IOException {
        if (finished) {
            return null;
        }
        try {
            JsonToken token = nextToken();
            while (true) {
                if (!started) {
                    started = true;
                    if (token == JsonToken.START_ARRAY) {
                        inArray = true;
                        token = parser.nextToken();
                    }
                }
                if (!inArray || token != JsonToken.END_ARRAY) {
                    break;
                }
                final long arrayText = text;
                inArray = false;
                token = nextToken();
                if (token != null && text == arrayText) {
                    throw invalid("unexpected content after the closing ']'");
                }
                // The end of the content, or the first token of the next text.
            }
            if (token == null) {
                if (inArray) {
                    throw invalid("the array is not closed: the content ends after " + records + " records");
                }
                finished = true;
                return null;
            }
            if (token != JsonToken.START_OBJECT) {
                throw invalid("expected a JSON object as record " + (records + 1) + " but found " + describe(token));
            }
            nested = false;
            final Map<String, Object> record = record();
            records++;
            input.recordEnded(parser.currentLocation().getByteOffset());
            return record;
        } catch (final InvalidJsonException e) {
            throw afterError(e);
        } catch (final JsonProcessingException e) {
            throw afterError(new InvalidJsonException("Invalid JSON in record " + (records + 1) + ": " + e.getOriginalMessage()
                    + location(e.getLocation()), e));
        } catch (final CharConversionException e) {
            // Bytes that are no text in any Unicode encoding: binary content.
            throw afterError(new InvalidJsonException("Invalid JSON in record " + (records + 1) + ": the content is not text ("
                    + e.getMessage() + ")", e));
        }
    }

    /**
     * The next token, starting a text's records afresh (array or objects) when it comes from the next text.
     */
    private JsonToken nextToken() throws IOException {
        final JsonToken token = parser.nextToken();
        if (input.text() != text) {
            text = input.text();
            started = false;
            inArray = false;
        }
        return token;
    }

    /**
     * After an error, reading goes on with the next text, if there is one, with a parser of its own; otherwise it is over.
     *
     * @return the error; when the content has several texts, it names the text and holds what of it was not read
     */
    private InvalidJsonException afterError(final InvalidJsonException error) throws IOException {
        final long failedText = input.text();
        parser.close();
        parser = null;
        final boolean more = input.skipText();
        final byte[] unread = input.failedText();
        if (more) {
            input.startParser();
            parser = FACTORY.createParser(input);
            text = input.text();
            started = false;
            inArray = false;
        } else {
            finished = true;
        }
        if (more || failedText > 0) {
            return new InvalidJsonException("Message " + (failedText + 1) + ": " + error.getMessage(), error.getCause(), unread);
        }
        return error;
    }

    /** Whether the record last returned has an array or object as a value (and so needs preparing). */
    public boolean lastRecordNested() {
        return nested;
    }

    /** Records returned so far. */
    public long records() {
        return records;
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
            final String name = parser.currentName();
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
            throw invalid("the object is not closed");
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
            // A field name repeats: the last value wins, as in a map.
            final Map<String, Object> object = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                object.put(names.get(i), values[i]);
            }
            return object;
        }
        shape = newShape;
        expectedNames = new SerializedString[newShape.size()];
        for (int i = 0; i < expectedNames.length; i++) {
            expectedNames[i] = new SerializedString(newShape.name(i));
        }
        return new CompactRecord(newShape, count == values.length ? values : Arrays.copyOf(values, count));
    }

    private Map<String, Object> object() throws IOException {
        final Map<String, Object> object = new LinkedHashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            final String name = parser.currentName();
            parser.nextToken();
            object.put(name, value());
        }
        if (token != JsonToken.END_OBJECT) {
            throw invalid("the object is not closed");
        }
        return object;
    }

    private List<Object> array() throws IOException {
        final List<Object> array = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw invalid("the array is not closed");
            }
            array.add(value());
        }
        return array;
    }

    private Object value() throws IOException {
        final JsonToken token = parser.currentToken();
        if (token == null) {
            throw invalid("the content ends inside a record");
        }
        return switch (token) {
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT, LONG -> parser.getLongValue();
                default -> parser.getBigIntegerValue();
            };
            case VALUE_NUMBER_FLOAT -> hasExponent(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength())
                    ? (Object) parser.getDoubleValue() : parser.getDecimalValue();
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
            default -> throw invalid("unexpected " + describe(token));
        };
    }

    private static boolean hasExponent(final char[] text, final int offset, final int length) {
        for (int i = offset; i < offset + length; i++) {
            if (text[i] == 'e' || text[i] == 'E') {
                return true;
            }
        }
        return false;
    }

    private InvalidJsonException invalid(final String problem) {
        return new InvalidJsonException("Invalid JSON records: " + problem + location(parser.currentLocation()), null);
    }

    private static String location(final JsonLocation location) {
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
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

    /** The texts (messages) begun so far: 1 for content without separators. */
    public long texts() {
        return input.text() + 1;
    }

    @Override
    public void close() throws IOException {
        try (source) {
            if (parser != null) {
                parser.close();
            }
        }
    }

    /**
     * The content is not JSON records; the message says what and where. When the content is a sequence of messages
     * (LF RS), the error concerns one of them only: {@link #unreadMessage()} holds its text from where reading failed,
     * and reading goes on with the next message.
     */
    public static final class InvalidJsonException extends IOException {
        private final transient byte[] unreadMessage;
        private final boolean oneMessage;

        public InvalidJsonException(final String message, final Throwable cause) {
            super(message, cause);
            this.unreadMessage = null;
            this.oneMessage = false;
        }

        InvalidJsonException(final String message, final Throwable cause, final byte[] unreadMessage) {
            super(message, cause);
            this.unreadMessage = unreadMessage;
            this.oneMessage = true;
        }

        /** Whether the error concerns one message of a sequence only, so that the records around it stand. */
        public boolean oneMessage() {
            return oneMessage;
        }

        /**
         * The failed message's text from the end of its last record read whole: what a failure record should hold.
         *
         * @return null unless {@link #oneMessage()}, or when the message was too long to keep
         */
        public byte[] unreadMessage() {
            return unreadMessage;
        }
    }
}
