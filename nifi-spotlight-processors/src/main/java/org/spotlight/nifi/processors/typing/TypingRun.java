package org.spotlight.nifi.processors.typing;

import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.WriteResult;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;
import org.spotlight.clickhouse.types.JsonText;
import org.spotlight.nifi.SpotlightAttributes;
import org.spotlight.typing.CastFailure;
import org.spotlight.typing.RecordCaster;
import org.spotlight.typing.RecordPreparer;
import org.spotlight.typing.SchemaProfile;
import org.spotlight.typing.TargetColumn;
import org.spotlight.typing.TypingOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    private final ProcessSession session;
    private final FlowFile original;
    private final RecordReaderFactory readerFactory;
    private final RecordSetWriterFactory writerFactory;
    private final ComponentLog logger;

    TypingRun(final ProcessSession session, final FlowFile original, final RecordReaderFactory readerFactory,
              final RecordSetWriterFactory writerFactory, final ComponentLog logger) {
        this.session = session;
        this.original = original;
        this.readerFactory = readerFactory;
        this.writerFactory = writerFactory;
        this.logger = logger;
    }

    /** Observes the first {@code size} records. */
    SchemaProfile sample(final TypingOptions options, final int size) throws RecordSource.UnreadableInputException {
        final SchemaProfile profile = new SchemaProfile(options);
        final RecordPreparer preparer = RecordPreparer.of(options);
        try (InputStream in = session.read(original); RecordSource source = RecordSource.open(readerFactory, original, in, logger)) {
            RecordSource.SourceRecord record;
            while (profile.records() < size && (record = source.next()) != null) {
                profile.observe(preparer.prepare(record.values()));
            }
        } catch (final IOException e) {
            throw new ProcessException("Failed to read " + original, e);
        }
        return profile;
    }

    /**
     * Types every record.
     *
     * @param stopOnMisfit       stop at the first record that fails or needs a column default: the schema no longer fits
     * @param failureAttributes  attributes for every failure FlowFile besides those describing the failure
     */
    Pass pass(final List<TargetColumn> columns, final RecordCaster caster, final RecordPreparer preparer, final boolean absentAllowed,
              final boolean stopOnMisfit, final Map<String, String> failureAttributes) throws RecordSource.UnreadableInputException {
        final RecordSchema schema = ClickHouseRecordTypes.schema(columns, absentAllowed);
        FlowFile success = session.create(original);
        final List<FlowFile> failures = new ArrayList<>();
        long records = 0;
        long nullsDefaulted = 0;
        boolean stopped = false;
        final WriteResult result;
        final String mimeType;
        try (InputStream in = session.read(original);
             RecordSource source = RecordSource.open(readerFactory, original, in, logger);
             OutputStream out = session.write(success);
             RecordSetWriter writer = writerFactory.createWriter(logger, writerFactory.getSchema(original.getAttributes(), schema), out, original)) {
            writer.beginRecordSet();
            RecordSource.SourceRecord record;
            while ((record = source.next()) != null) {
                final long index = records++;
                final RecordCaster.Result typed = caster.cast(preparer.prepare(record.values()));
                if (typed instanceof RecordCaster.Typed values) {
                    if (stopOnMisfit && values.nullsDefaulted() > 0) {
                        stopped = true;
                        break;
                    }
                    nullsDefaulted += values.nullsDefaulted();
                    writer.write(ClickHouseRecordTypes.record(schema, columns, values.values()));
                } else if (typed instanceof RecordCaster.Failed failed) {
                    if (stopOnMisfit) {
                        stopped = true;
                        break;
                    }
                    failures.add(failure(record, index, failed.failure(), failureAttributes));
                }
            }
            result = writer.finishRecordSet();
            mimeType = writer.getMimeType();
        } catch (final IOException | SchemaNotFoundException e) {
            discard(success, failures);
            throw new ProcessException("Failed to write the typed records of " + original + ": " + e.getMessage(), e);
        } catch (final RecordSource.UnreadableInputException | RuntimeException e) {
            discard(success, failures);
            throw e;
        }
        if (stopped) {
            discard(success, failures);
            return new Pass(null, List.of(), records, 0, nullsDefaulted, true);
        }
        final Map<String, String> attributes = new HashMap<>(result.getAttributes());
        attributes.put(SpotlightAttributes.RECORD_COUNT, String.valueOf(result.getRecordCount()));
        attributes.put(CoreAttributes.MIME_TYPE.key(), mimeType);
        success = session.putAllAttributes(success, attributes);
        return new Pass(success, failures, records, result.getRecordCount(), nullsDefaulted, false);
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

    /** A FlowFile holding one record as it was read, with attributes saying what did not fit. */
    private FlowFile failure(final RecordSource.SourceRecord record, final long index, final CastFailure failure,
                             final Map<String, String> failureAttributes) {
        FlowFile flowFile = session.create(original);
        final String mimeType;
        if (record.original() instanceof Record read) {
            final String[] written = new String[1];
            flowFile = session.write(flowFile, out -> written[0] = writeRecord(out, read));
            mimeType = written[0];
        } else {
            flowFile = session.write(flowFile, out -> out.write(JsonText.of(record.original()).getBytes(StandardCharsets.UTF_8)));
            mimeType = "application/json";
        }
        final Map<String, String> attributes = new HashMap<>(failureAttributes);
        attributes.put(SpotlightAttributes.ERROR_SOURCE, InferSchemaAndCast.class.getSimpleName());
        attributes.put(SpotlightAttributes.ERROR_CODE, failure.code().name());
        attributes.put(SpotlightAttributes.ERROR_MESSAGE, failure.message());
        attributes.put(SpotlightAttributes.ERROR_RETRYABLE, "false");
        attributes.put(SpotlightAttributes.ERROR_CLASS, "permanent");
        attributes.put(SpotlightAttributes.RECORD_INDEXES, String.valueOf(index));
        attributes.put(SpotlightAttributes.RECORD_COUNT, "1");
        attributes.put(InferSchemaAndCast.ATTR_FIELD, failure.field());
        if (failure.column() != null) {
            attributes.put(InferSchemaAndCast.ATTR_COLUMN, failure.column());
        }
        attributes.put(InferSchemaAndCast.ATTR_VALUE, failure.value() == null ? "NULL" : failure.value());
        if (failure.targetType() != null) {
            attributes.put(InferSchemaAndCast.ATTR_TYPE, failure.targetType());
        }
        attributes.put(InferSchemaAndCast.ATTR_REASON, failure.reason());
        attributes.put(CoreAttributes.MIME_TYPE.key(), mimeType);
        return session.putAllAttributes(flowFile, attributes);
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
