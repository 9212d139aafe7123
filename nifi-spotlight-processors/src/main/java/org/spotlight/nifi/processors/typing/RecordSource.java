package org.spotlight.nifi.processors.typing;

import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.record.Record;
import org.spotlight.typing.JsonRecordReader;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
     * @param values   field name to value, nested records as maps and arrays as lists
     * @param original the record as read: the parsed JSON object, or the reader's {@link Record}
     * @param nested   whether some value is a map or list
     */
    record SourceRecord(Map<String, Object> values, Object original, boolean nested) {

        /** One message of a sequence (Kafka messages joined by LF RS) that is not JSON records; the messages around it are read. */
        static SourceRecord unreadable(final byte[] text, final String reason) {
            return new SourceRecord(null, new Unreadable(text, reason), false);
        }

        boolean unreadable() {
            return original instanceof Unreadable;
        }
    }

    /** What could not be read of one message, and why. */
    record Unreadable(byte[] text, String reason) {
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
        } catch (final MalformedRecordException | SchemaNotFoundException e) {
            throw new UnreadableInputException("The Record Reader cannot read the content: " + e.getMessage(), e);
        }
    }

    /** Raw JSON: an array of objects, one object, or NDJSON. */
    final class JsonSource implements RecordSource {
        private final JsonRecordReader reader;

        JsonSource(final JsonRecordReader reader) {
            this.reader = reader;
        }

        @Override
        public SourceRecord next() throws IOException, UnreadableInputException {
            try {
                final Map<String, Object> record = reader.next();
                return record == null ? null : new SourceRecord(record, record, reader.lastRecordNested());
            } catch (final JsonRecordReader.InvalidJsonException e) {
                if (e.oneMessage() && e.unreadMessage() != null) {
                    return SourceRecord.unreadable(e.unreadMessage(), e.getMessage());
                }
                throw new UnreadableInputException(e.getMessage(), e);
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
            final Map<String, Object> values = plain(record);
            return new SourceRecord(values, record, values.values().stream().anyMatch(value -> value instanceof Map<?, ?> || value instanceof List<?>));
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }

        static Map<String, Object> plain(final Record record) {
            final Map<String, Object> values = new LinkedHashMap<>();
            for (String field : record.getRawFieldNames()) {
                values.put(field, plainValue(record.getValue(field)));
            }
            return values;
        }

        private static Object plainValue(final Object value) {
            return switch (value) {
                case null -> null;
                case Record nested -> plain(nested);
                case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
                case Object[] array -> {
                    final List<Object> list = new ArrayList<>(array.length);
                    Arrays.stream(array).forEach(element -> list.add(plainValue(element)));
                    yield list;
                }
                case Map<?, ?> map -> {
                    final Map<String, Object> plainMap = new LinkedHashMap<>();
                    map.forEach((key, entry) -> plainMap.put(String.valueOf(key), plainValue(entry)));
                    yield plainMap;
                }
                default -> value;
            };
        }
    }
}
