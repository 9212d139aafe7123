package org.spotlight.nifi.processors.typing;

import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.stream.io.ByteCountingInputStream;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.WriteResult;
import org.apache.nifi.serialization.record.Record;
import org.spotlight.clickhouse.insert.RowBinaryWithNamesAndTypes;
import org.spotlight.nifi.SpotlightAttributes;
import org.spotlight.typing.CastFailure;
import org.spotlight.typing.InferredSchema;
import org.spotlight.typing.RecordCaster;
import org.spotlight.typing.RecordPreparer;
import org.spotlight.typing.SchemaProfile;
import org.spotlight.typing.TargetColumn;
import org.spotlight.typing.TypedJsonLines;
import org.spotlight.typing.TypingOptions;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reading, typing and writing the records of one FlowFile. A pass writes the typed records into one new FlowFile and
 * every record that cannot be typed into a FlowFile of its own; nothing is transferred until the processor decides,
 * so a pass can be discarded (and the FlowFile typed again with a wider schema) without a trace.
 */
final class TypingRun {

    /**
     * What a pass produced.
     *
     * @param success        the typed records, or null when the pass was stopped
     * @param failures       one FlowFile per record that could not be typed
     * @param records        records read
     * @param typed          records written to {@code success}
     * @param nullsDefaulted NULL or missing values left to a column default
     * @param stopped        whether the pass stopped at the first record that did not fit
     */
    record Pass(FlowFile success, List<FlowFile> failures, long records, long typed, long nullsDefaulted, boolean stopped) {
    }

    /** A raw JSON record that failed: its FlowFile is cut from the original's bytes once the original is no longer read. */
    private record PendingFailure(long index, long start, long end, CastFailure failure) {
    }

    private static boolean carriesValue(final Map<String, Object> record, final Set<String> fields) {
        for (String field : fields) {
            final Object value = record.get(field);
            if (value != null && value != RecordCaster.ABSENT) {
                return true;
            }
        }
        return false;
    }

    private final ProcessSession session;
    private final FlowFile original;
    private final RecordReaderFactory readerFactory;
    private final TypingProperties.OutputFormat format;
    private final RecordSetWriterFactory writerFactory;
    private final ComponentLog logger;

    /**
     * @param writerFactory the Record Writer: required when the format is {@link TypingProperties.OutputFormat#RECORD_WRITER}
     *                      or a Record Reader is set (it writes the records that fail); null otherwise
     */
    TypingRun(final ProcessSession session, final FlowFile original, final RecordReaderFactory readerFactory,
              final TypingProperties.OutputFormat format, final RecordSetWriterFactory writerFactory, final ComponentLog logger) {
        this.session = session;
        this.original = original;
        this.readerFactory = readerFactory;
        this.format = format;
        this.writerFactory = writerFactory;
        this.logger = logger;
    }

    /**
     * The first records of a FlowFile, observed for inference and kept, with the source positioned after them, so that
     * typing reads every record once. Only samples of up to {@link #MAX_KEPT_BYTES} of content are kept; for a larger
     * one typing reads the FlowFile afresh, so that memory stays bounded whatever the records' size.
     */
    final class Sample implements AutoCloseable {
        private final SchemaProfile profile;
        private final List<RecordSource.SourceRecord> records;
        private final InputStream in;
        private final RecordSource rest;
        private final boolean kept;
        private boolean closed;

        private Sample(final SchemaProfile profile, final List<RecordSource.SourceRecord> records, final InputStream in,
                       final RecordSource rest, final boolean kept) {
            this.profile = profile;
            this.records = records;
            this.in = in;
            this.rest = rest;
            this.kept = kept;
        }

        SchemaProfile profile() {
            return profile;
        }

        /** Releases the kept records and closes what is left of the content. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                records.clear();
                closeQuietly(rest, in);
            }
        }
    }

    /** How much content the kept records of a sample may come from; about what ClickHouse reads for inference. */
    static final long MAX_KEPT_BYTES = 16L * 1024 * 1024;

    /**
     * Observes the first {@code size} records. Records that are no valid records, have no fields, or would take the
     * schema beyond its maximum of columns are not observed: they fail, and do not shape the schema. The sample must be
     * closed.
     */
    Sample sample(final TypingOptions options, final int size) throws RecordSource.UnreadableInputException {
        final SchemaProfile profile = new SchemaProfile(options);
        final RecordPreparer preparer = RecordPreparer.of(options);
        final List<RecordSource.SourceRecord> records = new ArrayList<>();
        final ByteCountingInputStream in = new ByteCountingInputStream(session.read(original));
        RecordSource source = null;
        try {
            source = RecordSource.open(readerFactory, original, in, logger);
            boolean keeping = true;
            long read = 0;
            RecordSource.SourceRecord record = null;
            while (read < size && (record = source.next()) != null) {
                read++;
                if (record.invalid() == null && !record.values().isEmpty()) {
                    profile.observe(preparer.prepare(record.values(), record.nested()));
                }
                if (keeping && in.getBytesRead() <= MAX_KEPT_BYTES) {
                    records.add(record);
                } else if (keeping) {
                    keeping = false;
                    records.clear();
                }
            }
            if (!keeping || record == null) {
                source.close();
                in.close();
                return new Sample(profile, records, null, null, keeping);
            }
            return new Sample(profile, records, in, source, true);
        } catch (final IOException e) {
            closeQuietly(source, in);
            throw new ProcessException("Failed to read " + original, e);
        } catch (final RecordSource.UnreadableInputException | RuntimeException e) {
            closeQuietly(source, in);
            throw e;
        }
    }

    private static void closeQuietly(final Closeable... closeables) {
        for (Closeable closeable : closeables) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (final IOException ignored) {
                // Already failing; the first problem is the one reported.
            }
        }
    }

    /**
     * Types every record.
     *
     * @param sample             the sample taken for this pass: its kept records are typed first and its source is read on;
     *                           null to read the FlowFile from the start. The pass closes it when it is done with it.
     * @param stopOnMisfit       stop at the first record that fails or needs a column default: the schema no longer fits
     * @param fixedColumns       with stopOnMisfit: columns whose type no widening changes (a type hint fixes it); a value
     *                           that does not fit one fails its record without stopping the pass, as it would after any
     *                           widening, so that a stream with bad values in such columns is not sampled again for each
     * @param undecidedFields    with stopOnMisfit: fields the schema has only seen as NULL; a record with a value for one
     *                           also stops the pass, so that the value decides the field's type
     * @param failureAttributes  attributes for every failure FlowFile besides those describing the failure
     */
    Pass pass(final Sample sample, final List<TargetColumn> columns, final RecordCaster caster, final RecordPreparer preparer,
              final boolean absentAllowed, final boolean stopOnMisfit, final Set<String> fixedColumns, final Set<String> undecidedFields,
              final Map<String, String> failureAttributes)
            throws RecordSource.UnreadableInputException {
        FlowFile success = session.create(original);
        final List<FlowFile> failures = new ArrayList<>();
        final List<PendingFailure> pending = new ArrayList<>();
        long records = 0;
        long nullsDefaulted = 0;
        boolean stopped = false;
        final Written written;
        final boolean fromStart = sample == null || !sample.kept;
        try (InputStream in = fromStart ? session.read(original) : null;
             RecordSource source = fromStart ? RecordSource.open(readerFactory, original, in, logger) : sample.rest;
             OutputStream out = session.write(success);
             TypedOutput output = switch (format) {
                 case JSON_LINES -> new JsonLinesOutput(out, columns);
                 case ROW_BINARY -> new RowBinaryOutput(out, columns);
                 case RECORD_WRITER -> new WriterOutput(out, columns, absentAllowed);
             }) {
            final Iterator<RecordSource.SourceRecord> sampled = fromStart ? Collections.emptyIterator() : sample.records.iterator();
            RecordSource.SourceRecord record;
            while ((record = sampled.hasNext() ? sampled.next() : source == null ? null : source.next()) != null) {
                final long index = records++;
                final CastFailure invalid = record.invalid() != null ? record.invalid()
                        : record.values().isEmpty() ? CastFailure.ofRecord(CastFailure.Code.EMPTY_RECORD, null,
                        "Record " + index + " has no fields: there is nothing to make a row of") : null;
                if (invalid != null) {
                    // Not a record of any schema: it fails whatever the schema, and is no reason to widen it.
                    fail(record, index, invalid, failureAttributes, failures, pending);
                    continue;
                }
                final Map<String, Object> prepared = preparer.prepare(record.values(), record.nested());
                if (stopOnMisfit && carriesValue(prepared, undecidedFields)) {
                    stopped = true;
                    break;
                }
                final RecordCaster.Result typed = caster.cast(prepared);
                if (typed instanceof RecordCaster.Typed values) {
                    if (stopOnMisfit && values.nullsDefaulted() > 0) {
                        stopped = true;
                        break;
                    }
                    nullsDefaulted += values.defaults();
                    output.write(values.values());
                } else if (typed instanceof RecordCaster.Failed failed) {
                    if (stopOnMisfit && !(failed.failure().code() == CastFailure.Code.CAST_FAILED && fixedColumns.contains(failed.failure().column()))) {
                        stopped = true;
                        break;
                    }
                    fail(record, index, failed.failure(), failureAttributes, failures, pending);
                }
            }
            written = output.finish();
        } catch (final IOException | SchemaNotFoundException e) {
            discard(success, failures);
            throw new ProcessException("Failed to write the typed records of " + original + ": " + e.getMessage(), e);
        } catch (final RecordSource.UnreadableInputException | RuntimeException e) {
            discard(success, failures);
            throw e;
        } finally {
            if (sample != null) {
                // The content is read to the end (or the pass stopped): cutting failures from it needs it closed.
                sample.close();
            }
        }
        if (stopped) {
            discard(success, failures);
            return new Pass(null, List.of(), records, 0, nullsDefaulted, true);
        }
        try {
            for (PendingFailure failure : pending) {
                failures.add(sliceFailure(failure, failureAttributes));
            }
        } catch (final RuntimeException e) {
            discard(success, failures);
            throw e;
        }
        final Map<String, String> attributes = new HashMap<>(written.attributes());
        attributes.put(SpotlightAttributes.RECORD_COUNT, String.valueOf(written.records()));
        attributes.put(CoreAttributes.MIME_TYPE.key(), written.mimeType());
        success = session.putAllAttributes(success, attributes);
        return new Pass(success, failures, records, written.records(), nullsDefaulted, false);
    }

    /** What an output wrote: its records, and the attributes and MIME type that describe the content. */
    private record Written(long records, Map<String, String> attributes, String mimeType) {
    }

    /** Where a pass writes its typed records. */
    private interface TypedOutput extends Closeable {
        /** @param values one per column: the cast value, null, or {@link RecordCaster#ABSENT} */
        void write(Object[] values) throws IOException;

        Written finish() throws IOException;
    }

    /** Through the Record Writer, as NiFi records of the schema the columns define. */
    private final class WriterOutput implements TypedOutput {
        private final ClickHouseRecordTypes.Records typedRecords;
        private final RecordSetWriter writer;

        WriterOutput(final OutputStream out, final List<TargetColumn> columns, final boolean absentAllowed) throws IOException, SchemaNotFoundException {
            this.typedRecords = new ClickHouseRecordTypes.Records(columns, absentAllowed);
            this.writer = writerFactory.createWriter(logger, writerFactory.getSchema(original.getAttributes(), typedRecords.schema()), out, original);
            writer.beginRecordSet();
        }

        @Override
        public void write(final Object[] values) throws IOException {
            writer.write(typedRecords.record(values));
        }

        @Override
        public Written finish() throws IOException {
            final WriteResult result = writer.finishRecordSet();
            return new Written(result.getRecordCount(), result.getAttributes(), writer.getMimeType());
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }

    /** Without a Record Writer: JSON Lines written directly, the cheapest way to PutClickHouseBatch. */
    private static final class JsonLinesOutput implements TypedOutput {
        private final TypedJsonLines json;

        JsonLinesOutput(final OutputStream out, final List<TargetColumn> columns) throws IOException {
            this.json = new TypedJsonLines(out, columns.stream().map(TargetColumn::name).toList());
        }

        @Override
        public void write(final Object[] values) throws IOException {
            json.write(values);
        }

        @Override
        public Written finish() throws IOException {
            json.flush();
            return new Written(json.records(), Map.of(), "application/json");
        }

        @Override
        public void close() throws IOException {
            json.close();
        }
    }

    /** ClickHouse's RowBinaryWithNamesAndTypes, the values encoded once for the column types. */
    private static final class RowBinaryOutput implements TypedOutput {
        private final RowBinaryWithNamesAndTypes.Writer rows;

        /** @param columns the schema's columns; none when no record could be typed, and then nothing is written */
        RowBinaryOutput(final OutputStream out, final List<TargetColumn> columns) throws IOException {
            this.rows = columns.isEmpty() ? null : new RowBinaryWithNamesAndTypes.Writer(out, columns.stream().map(TargetColumn::name).toList(),
                    columns.stream().map(TargetColumn::type).toList());
        }

        @Override
        public void write(final Object[] values) throws IOException {
            rows.write(values, RecordCaster.ABSENT);
        }

        @Override
        public Written finish() throws IOException {
            if (rows == null) {
                return new Written(0, Map.of(), RowBinaryWithNamesAndTypes.MIME_TYPE);
            }
            rows.flush();
            return new Written(rows.rows(), Map.of(), RowBinaryWithNamesAndTypes.MIME_TYPE);
        }

        @Override
        public void close() throws IOException {
            if (rows != null) {
                rows.close();
            }
        }
    }

    /** Whether an output with no records is still valid content for these columns (RowBinary needs a column for its header). */
    boolean canBeEmpty(final InferredSchema schema) {
        return format != TypingProperties.OutputFormat.ROW_BINARY || !schema.columns().isEmpty();
    }

    /** Removes what a pass created. */
    void discard(final Pass pass) {
        discard(pass.success(), pass.failures());
    }

    private void discard(final FlowFile success, final List<FlowFile> failures) {
        if (success != null) {
            session.remove(success);
        }
        failures.forEach(session::remove);
    }

    /**
     * A record that failed: one read with a Record Reader is written now, with the Record Writer; raw JSON is cut from the
     * original's bytes once the original is closed.
     */
    private void fail(final RecordSource.SourceRecord record, final long index, final CastFailure failure,
                      final Map<String, String> failureAttributes, final List<FlowFile> failures, final List<PendingFailure> pending)
            throws RecordSource.UnreadableInputException {
        if (record.original() instanceof Record read) {
            FlowFile flowFile = session.create(original);
            final String[] written = new String[1];
            try {
                flowFile = session.write(flowFile, out -> written[0] = writeRecord(out, read));
            } catch (final RuntimeException e) {
                // The writer cannot write what the reader read (a string with a lone surrogate, say): the record cannot leave
                // on its own, so the FlowFile leaves whole, unchanged.
                session.remove(flowFile);
                throw new RecordSource.UnreadableInputException("Record " + index + " failed typing (" + failure.message()
                        + ") and the Record Writer cannot write it: " + e.getMessage(), e);
            }
            failures.add(session.putAllAttributes(flowFile, failureAttributes(index, failure, failureAttributes, written[0])));
        } else {
            pending.add(new PendingFailure(index, record.start(), record.end(), failure));
        }
    }

    /** The bytes the record was written as, unchanged: what was read is what fails. */
    private FlowFile sliceFailure(final PendingFailure failure, final Map<String, String> failureAttributes) {
        final FlowFile flowFile = session.clone(original, failure.start(), failure.end() - failure.start());
        return session.putAllAttributes(flowFile, failureAttributes(failure.index(), failure.failure(), failureAttributes, "application/json"));
    }

    private static Map<String, String> failureAttributes(final long index, final CastFailure failure, final Map<String, String> failureAttributes,
                                                         final String mimeType) {
        final Map<String, String> attributes = new HashMap<>(failureAttributes);
        attributes.put(SpotlightAttributes.ERROR_SOURCE, InferSchemaAndCast.class.getSimpleName());
        attributes.put(SpotlightAttributes.ERROR_CODE, failure.code().name());
        attributes.put(SpotlightAttributes.ERROR_MESSAGE, failure.message());
        attributes.put(SpotlightAttributes.ERROR_RETRYABLE, "false");
        attributes.put(SpotlightAttributes.ERROR_CLASS, "permanent");
        attributes.put(SpotlightAttributes.RECORD_INDEXES, String.valueOf(index));
        attributes.put(SpotlightAttributes.RECORD_COUNT, "1");
        if (failure.field() != null) {
            attributes.put(InferSchemaAndCast.ATTR_FIELD, failure.field());
        }
        if (failure.column() != null) {
            attributes.put(InferSchemaAndCast.ATTR_COLUMN, failure.column());
        }
        if (!failure.ofRecord()) {
            attributes.put(InferSchemaAndCast.ATTR_VALUE, failure.value() == null ? "NULL" : failure.value());
        }
        if (failure.targetType() != null) {
            attributes.put(InferSchemaAndCast.ATTR_TYPE, failure.targetType());
        }
        attributes.put(InferSchemaAndCast.ATTR_REASON, failure.reason());
        attributes.put(CoreAttributes.MIME_TYPE.key(), mimeType);
        return attributes;
    }

    /** @return the writer's MIME type */
    private String writeRecord(final OutputStream out, final Record record) throws IOException {
        try (RecordSetWriter writer = writerFactory.createWriter(logger, record.getSchema(), out, original)) {
            writer.beginRecordSet();
            writer.write(record);
            writer.finishRecordSet();
            return writer.getMimeType();
        } catch (final SchemaNotFoundException e) {
            throw new ProcessException("The Record Writer cannot write a record that failed typing: " + e.getMessage(), e);
        }
    }
}
