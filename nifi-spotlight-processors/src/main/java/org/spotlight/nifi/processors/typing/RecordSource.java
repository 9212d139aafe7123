package org.spotlight.nifi.processors.typing;

import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.record.Record;
import org.spotlight.clickhouse.types.UnicodeText;
import org.spotlight.typing.CastFailure;
import org.spotlight.typing.JsonRecordReader;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records of a FlowFile as plain Java values (maps, lists, strings, numbers ...), from raw JSON or from any NiFi
 * RecordReader. Each record also carries what was read, for routing it unchanged to failure.
 */
interface RecordSource extends Closeable {

    /**
     * @param values   field name to value, nested records as maps and arrays as lists; null for an invalid record
     * @param original the record as read: the reader's {@link Record}, or null for raw JSON (whose bytes are the original)
     * @param nested   whether some value is a map or list
     * @param start    for raw JSON, the offset of the record's first byte in the content; -1 otherwise
     * @param end      for raw JSON, the offset after its last byte; -1 otherwise
     * @param invalid  why the content here is not a valid record, or null
     */
    record SourceRecord(Map<String, Object> values, Object original, boolean nested, long start, long end, CastFailure invalid) {

        static SourceRecord of(final Map<String, Object> values, final Record original, final boolean nested) {
            return new SourceRecord(values, original, nested, -1, -1, null);
        }
    }

    /** The content cannot be read as records; the message says why and where. */
    final class UnreadableInputException extends Exception {
        UnreadableInputException(final String message, final Throwable cause) {
            super(message, cause);
        }
    }

    /** @return the next record, or null after the last */
    SourceRecord next() throws IOException, UnreadableInputException;

    static RecordSource open(final RecordReaderFactory readerFactory, final FlowFile flowFile, final InputStream in, final ComponentLog logger)
            throws IOException, UnreadableInputException {
        if (readerFactory == null) {
            return new JsonSource(new JsonRecordReader(in));
        }
        try {
            return new ReaderSource(readerFactory.createRecordReader(flowFile, in, logger));
        } catch (final MalformedRecordException | SchemaNotFoundException | IOException e) {
            // Readers that infer a schema read the content here already, and report what they cannot parse as any of these.
            throw new UnreadableInputException("The Record Reader cannot read the content: " + e.getMessage(), e);
        }
    }

    /** Raw JSON: an array of objects, one object, or NDJSON. */
    final class JsonSource implements RecordSource {
        private final JsonRecordReader reader;

        JsonSource(final JsonRecordReader reader) {
            this.reader = reader;
        }

        /** Never throws UnreadableInputException: what is not a valid record is one invalid record, and reading goes on. */
        @Override
        public SourceRecord next() throws IOException {
            try {
                final Map<String, Object> record = reader.next();
                return record == null ? null
                        : new SourceRecord(record, null, reader.lastRecordNested(), reader.lastRecordStart(), reader.lastRecordEnd(), null);
            } catch (final JsonRecordReader.InvalidRecordException e) {
                return new SourceRecord(null, null, false, e.start(), e.end(),
                        CastFailure.ofRecord(CastFailure.Code.valueOf(e.problem().name()), e.field(), e.getMessage()));
            }
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    /** Any record format NiFi reads. */
    final class ReaderSource implements RecordSource {
        private final RecordReader reader;

        ReaderSource(final RecordReader reader) {
            this.reader = reader;
        }

        @Override
        public SourceRecord next() throws UnreadableInputException {
            final Record record;
            try {
                record = reader.nextRecord();
            } catch (final MalformedRecordException | IOException e) {
                // Readers report unparseable content as either; both mean this content cannot be read.
                throw new UnreadableInputException("The Record Reader cannot read the content: " + e.getMessage(), e);
            }
            if (record == null) {
                return null;
            }
            final Map<String, Object> values;
            try {
                values = plain(record, 1);
            } catch (final TooDeep e) {
                return new SourceRecord(null, record, false, -1, -1, CastFailure.ofRecord(CastFailure.Code.TOO_LARGE, null,
                        "The record nests records and arrays more than " + JsonRecordReader.MAX_NESTING_DEPTH + " levels deep"));
            } catch (final NotUtf8 e) {
                return new SourceRecord(null, record, false, -1, -1, CastFailure.ofRecord(CastFailure.Code.INVALID_UTF8, null,
                        "The record has a bytes value that is not UTF-8 text"));
            }
            return SourceRecord.of(values, record, values.values().stream().anyMatch(value -> value instanceof Map<?, ?> || value instanceof List<?>));
        }

        /** Bytes that are not UTF-8: never decoded with U+FFFD in place of what they hold. */
        private static final class NotUtf8 extends RuntimeException {
            NotUtf8() {
                super(null, null, false, false);
            }
        }

        /** A record nested beyond {@link JsonRecordReader#MAX_NESTING_DEPTH}, as for raw JSON. */
        private static final class TooDeep extends RuntimeException {
            TooDeep() {
                super(null, null, false, false);
            }
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }

        static Map<String, Object> plain(final Record record, final int depth) {
            if (depth > JsonRecordReader.MAX_NESTING_DEPTH) {
                throw new TooDeep();
            }
            final Map<String, Object> values = new LinkedHashMap<>();
            for (String field : record.getRawFieldNames()) {
                values.put(field, plainValue(record.getValue(field), depth + 1));
            }
            return values;
        }

        private static Object plainValue(final Object value, final int depth) {
            return switch (value) {
                case null -> null;
                case Record nested -> plain(nested, depth);
                case byte[] bytes -> {
                    final String text = UnicodeText.decodeUtf8(bytes);
                    if (text == null) {
                        throw new NotUtf8();
                    }
                    yield text;
                }
                case Object[] array -> {
                    if (depth > JsonRecordReader.MAX_NESTING_DEPTH) {
                        throw new TooDeep();
                    }
                    final List<Object> list = new ArrayList<>(array.length);
                    Arrays.stream(array).forEach(element -> list.add(plainValue(element, depth + 1)));
                    yield list;
                }
                case Map<?, ?> map -> {
                    if (depth > JsonRecordReader.MAX_NESTING_DEPTH) {
                        throw new TooDeep();
                    }
                    final Map<String, Object> plainMap = new LinkedHashMap<>();
                    map.forEach((key, entry) -> plainMap.put(String.valueOf(key), plainValue(entry, depth + 1)));
                    yield plainMap;
                }
                default -> value;
            };
        }
    }
}
