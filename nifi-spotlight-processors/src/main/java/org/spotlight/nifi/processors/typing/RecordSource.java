package org.spotlight.nifi.processors.typing;

import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.record.Record;
import org.spotlight.nifi.RecordValues;
import org.spotlight.typing.CastFailure;
import org.spotlight.format.json.JsonRecordReader;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
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
        /**
         * Records as every processor converts them, with bytes as UTF-8 text (typed columns hold text, never U+FFFD in
         * place of what bytes hold) and nesting bounded as for raw JSON.
         */
        private static final RecordValues VALUES = new RecordValues(RecordValues.Bytes.UTF8_TEXT, JsonRecordReader.MAX_NESTING_DEPTH);
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
                values = VALUES.toMap(record);
            } catch (final RecordValues.UnconvertibleException e) {
                return new SourceRecord(null, record, false, -1, -1, CastFailure.ofRecord(
                        e.reason() == RecordValues.UnconvertibleException.Reason.NOT_UTF8 ? CastFailure.Code.INVALID_UTF8 : CastFailure.Code.TOO_LARGE,
                        null, e.getMessage()));
            }
            return SourceRecord.of(values, record, values.values().stream().anyMatch(value -> value instanceof Map<?, ?> || value instanceof List<?>));
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
