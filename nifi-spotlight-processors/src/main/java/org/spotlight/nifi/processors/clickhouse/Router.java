package org.spotlight.nifi.processors.clickhouse;

import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.WriteResult;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;
import org.spotlight.clickhouse.insert.BatchOutcome;
import org.spotlight.clickhouse.insert.Deduplication;
import org.spotlight.clickhouse.insert.InsertErrors;
import org.spotlight.clickhouse.insert.RecordFailures;
import org.spotlight.clickhouse.insert.RowBinaryWithNamesAndTypes;
import org.spotlight.failure.RecordJson;
import org.spotlight.nifi.RecordIndexes;
import org.spotlight.nifi.SpotlightAttributes;
import org.spotlight.clickhouse.client.ClickHouseException;
import org.spotlight.typing.JsonRecordReader;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Routes the FlowFiles of PutClickHouseBatch: whole FlowFiles to success, failure or retry with the attributes that say
 * what happened, and FlowFiles whose records did not all land split into a failure FlowFile per error and a success
 * FlowFile, so that every record ends up in exactly one relationship.
 */
final class Router {

    /** What a batch's FlowFiles are stamped with. */
    record BatchInfo(PutClickHouseBatch.Target target, String batchKey, Deduplication deduplication, String queryId,
                     String transitUri, long millis) {
    }

    private static final String SOURCE = PutClickHouseBatch.class.getSimpleName();
    /** What a landed FlowFile no longer needs: its last error, and the state of its retries. */
    private static final Set<String> ERROR_ATTRIBUTES = Set.of(SpotlightAttributes.ERROR_SOURCE, SpotlightAttributes.ERROR_CODE,
            SpotlightAttributes.ERROR_MESSAGE, SpotlightAttributes.ERROR_RETRYABLE, SpotlightAttributes.ERROR_CLASS,
            SpotlightAttributes.RECORD_INDEXES, PutClickHouseBatch.RETRY_BATCH, PutClickHouseBatch.RETRY_BATCH_SIZE,
            PutClickHouseBatch.RETRY_BATCH_INDEX, SpotlightAttributes.RETRY_COUNT, SpotlightAttributes.RETRY_SINCE,
            SpotlightAttributes.RETRY_AT);

    private final ProcessSession session;
    private final ComponentLog logger;
    private final Set<String> routed = new HashSet<>();
    /** The last failure of the server or the network that sent a batch to retry, or null. */
    private ClickHouseException outage;
    private boolean landed;

    Router(final ProcessSession session, final ComponentLog logger) {
        this.session = session;
        this.logger = logger;
    }

    /** The FlowFiles of a list that have not been routed yet. */
    List<FlowFile> unrouted(final Collection<FlowFile> flowFiles) {
        return flowFiles.stream().filter(flowFile -> !routed.contains(uuid(flowFile))).toList();
    }

    void failAll(final Collection<FlowFile> flowFiles, final PutClickHouseBatch.Target target, final String code, final String message) {
        for (FlowFile flowFile : List.copyOf(flowFiles)) {
            failWhole(flowFile, target, code, message);
        }
    }

    /** The whole FlowFile, unchanged, to failure. */
    void failWhole(final FlowFile flowFile, final PutClickHouseBatch.Target target, final String code, final String message) {
        logger.error("Routing {} to failure: {}", flowFile, message);
        FlowFile failed = session.putAllAttributes(flowFile, errorAttributes(target, code, message, false));
        failed = session.removeAttribute(failed, SpotlightAttributes.RECORD_INDEXES);
        transfer(failed, PutClickHouseBatch.REL_FAILURE);
        session.adjustCounter("FlowFiles Failed", 1, false);
    }

    /** The failure of the server or the network that sent a batch of this run to retry, or null when none did. */
    ClickHouseException outage() {
        return outage;
    }

    /** Whether records of this run landed: the server answered. */
    boolean landed() {
        return landed;
    }

    /**
     * Every FlowFile of a batch to retry, penalized. When an insert was sent ({@code info} is set), the FlowFiles
     * carry the batch key and their place in the batch so that they come back as the same batch, in the same order.
     * The retry is not counted here: RouteToFailureDb, which decides about retries, counts each one once.
     */
    void retryAll(final List<FlowFile> flowFiles, final PutClickHouseBatch.Target target, final ClickHouseException cause,
                  final BatchInfo info) {
        logger.warn("Routing {} FlowFiles for {} to retry: {}", flowFiles.size(), target, cause.getMessage());
        outage = cause;
        for (int index = 0; index < flowFiles.size(); index++) {
            final FlowFile flowFile = flowFiles.get(index);
            final Map<String, String> attributes = errorAttributes(target, InsertErrors.codeOf(cause), cause.getMessage(), true);
            FlowFile retried = session.putAllAttributes(flowFile, attributes);
            if (info != null) {
                retried = session.putAttribute(retried, PutClickHouseBatch.RETRY_BATCH, info.batchKey());
                retried = session.putAttribute(retried, PutClickHouseBatch.RETRY_BATCH_SIZE, Integer.toString(flowFiles.size()));
                retried = session.putAttribute(retried, PutClickHouseBatch.RETRY_BATCH_INDEX, Integer.toString(index));
                if (info.queryId() != null) {
                    retried = session.putAttribute(retried, PutClickHouseBatch.QUERY_ID, info.queryId());
                }
            }
            retried = session.removeAttribute(retried, SpotlightAttributes.RECORD_INDEXES);
            transfer(session.penalize(retried), PutClickHouseBatch.REL_RETRY);
        }
        session.adjustCounter("FlowFiles Retried", flowFiles.size(), false);
    }

    /** Routes one FlowFile after its batch was inserted: success, failure, or split between them. */
    void settle(final FlowFile flowFile, final String idempotencyKey, final BatchOutcome.SourceOutcome outcome, final BatchInfo info,
                final RecordReaderFactory readerFactory, final RecordSetWriterFactory writerFactory) {
        if (outcome.isMalformed()) {
            failWhole(flowFile, info.target(), RecordFailures.MALFORMED_RECORD, outcome.malformedMessage());
            return;
        }
        final RecordFailures failures = outcome.failures();
        session.adjustCounter("Records Written", outcome.landed(), false);
        session.adjustCounter("Records Failed", failures.count(), false);
        if (failures.isEmpty()) {
            succeed(flowFile, idempotencyKey, outcome.records(), outcome.nullsDefaulted(), info);
            return;
        }
        final List<RecordFailures.Group> groups = new ArrayList<>();
        failures.groups().forEach(groups::add);
        if (outcome.landed() == 0 && groups.size() == 1) {
            final RecordFailures.Group group = groups.getFirst();
            logger.error("Routing {} to failure: all {} records were rejected: {}", flowFile, group.count(), group.message());
            final Map<String, String> attributes = errorAttributes(info.target(), group.code(), group.message(), false);
            attributes.put(SpotlightAttributes.RECORD_INDEXES, RecordIndexes.format(group.indexes()));
            attributes.put(SpotlightAttributes.RECORD_COUNT, Integer.toString(group.count()));
            attributes.put(PutClickHouseBatch.ROWS_WRITTEN, "0");
            putBatchAttributes(attributes, idempotencyKey, info);
            transfer(session.putAllAttributes(flowFile, attributes), PutClickHouseBatch.REL_FAILURE);
            return;
        }
        split(flowFile, idempotencyKey, outcome, groups, info, readerFactory, writerFactory);
    }

    private void succeed(final FlowFile flowFile, final String idempotencyKey, final int records, final long nullsDefaulted, final BatchInfo info) {
        landed = true;
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(PutClickHouseBatch.NULLS_DEFAULTED, Long.toString(nullsDefaulted));
        attributes.put(SpotlightAttributes.TARGET_DATABASE, info.target().database());
        attributes.put(SpotlightAttributes.TARGET_TABLE, info.target().table());
        attributes.put(SpotlightAttributes.RECORD_COUNT, Integer.toString(records));
        attributes.put(PutClickHouseBatch.ROWS_WRITTEN, Integer.toString(records));
        putBatchAttributes(attributes, idempotencyKey, info);
        FlowFile succeeded = session.removeAllAttributes(flowFile, ERROR_ATTRIBUTES);
        succeeded = session.putAllAttributes(succeeded, attributes);
        session.getProvenanceReporter().send(succeeded, info.transitUri(), records + " records inserted", info.millis());
        transfer(succeeded, PutClickHouseBatch.REL_SUCCESS);
    }

    /**
     * Writes the records of a FlowFile whose records did not all land into one failure FlowFile per error and one success
     * FlowFile for the rest, reading the original once.
     */
    private void split(final FlowFile original, final String idempotencyKey, final BatchOutcome.SourceOutcome outcome,
                       final List<RecordFailures.Group> groups, final BatchInfo info, final RecordReaderFactory readerFactory,
                       final RecordSetWriterFactory writerFactory) {
        final Outputs<?> outputs;
        try (InputStream in = session.read(original)) {
            if (RowBinaryWithNamesAndTypes.isMimeType(original.getAttribute(CoreAttributes.MIME_TYPE.key()))) {
                // Typed rows in, JSON Lines out: each record with its typed values, readable by the failure store.
                final RowBinaryWithNamesAndTypes.Reader reader = new RowBinaryWithNamesAndTypes.Reader(in);
                outputs = distribute(reader::nextRecord, () -> new JsonOutput(session.create(original)), outcome, groups);
            } else if (readerFactory == null) {
                // Raw JSON in, JSON Lines out: each record as it was parsed, numbers as written; a stretch that is no
                // valid record (broken JSON, not an object, a field named twice) as its own bytes, copied below.
                try (JsonRecordReader reader = new JsonRecordReader(in)) {
                    outputs = distribute(() -> recordOrRange(reader), () -> new JsonOutput(session.create(original)), outcome, groups);
                }
            } else {
                try (RecordReader reader = readerFactory.createRecordReader(original, in, logger)) {
                    final RecordSchema schema = writerFactory.getSchema(original.getAttributes(), reader.getSchema());
                    outputs = distribute(reader::nextRecord, () -> new RecordOutput(session.create(original), schema, writerFactory, original),
                            outcome, groups);
                }
            }
        } catch (final IOException | MalformedRecordException | SchemaNotFoundException e) {
            throw new ProcessException("Cannot split " + original + " into its landed and rejected records: " + e.getMessage(), e);
        }
        copyInvalidRecords(original, outputs);

        for (RecordFailures.Group group : groups) {
            final Output<?> output = outputs.failures().get(group.code());
            final Map<String, String> attributes = errorAttributes(info.target(), group.code(), group.message(), false);
            attributes.put(SpotlightAttributes.RECORD_INDEXES, RecordIndexes.format(group.indexes()));
            attributes.put(PutClickHouseBatch.ROWS_WRITTEN, "0");
            putBatchAttributes(attributes, idempotencyKey, info);
            logger.error("Routing {} of the records of {} to failure: {}", group.count(), original, group.message());
            transfer(output.finish(attributes), PutClickHouseBatch.REL_FAILURE);
        }
        if (outputs.success() != null) {
            final Map<String, String> attributes = new HashMap<>();
            attributes.put(SpotlightAttributes.TARGET_DATABASE, info.target().database());
            attributes.put(SpotlightAttributes.TARGET_TABLE, info.target().table());
            attributes.put(PutClickHouseBatch.ROWS_WRITTEN, Long.toString(outcome.landed()));
            attributes.put(PutClickHouseBatch.NULLS_DEFAULTED, Long.toString(outcome.nullsDefaulted()));
            putBatchAttributes(attributes, idempotencyKey, info);
            FlowFile landedPart = outputs.success().finish(attributes);
            landedPart = session.removeAllAttributes(landedPart, ERROR_ATTRIBUTES);
            session.getProvenanceReporter().send(landedPart, info.transitUri(), outcome.landed() + " records inserted", info.millis());
            transfer(landedPart, PutClickHouseBatch.REL_SUCCESS);
            landed = true;
        }
        routed.add(uuid(original));
        session.remove(original);
    }

    /** Where in the original content a raw JSON stretch lies that is no valid record: [start, end). */
    private record InvalidRange(long start, long end) {
    }

    /** The next raw JSON record; for a stretch that is no valid record, where it lies, so that its bytes are kept as they came. */
    private static Object recordOrRange(final JsonRecordReader reader) throws IOException {
        try {
            return reader.next();
        } catch (final JsonRecordReader.InvalidRecordException e) {
            return new InvalidRange(e.start(), e.end());
        }
    }

    /**
     * Copies the bytes of the invalid raw JSON records into the failure children they were routed to, reading the
     * original a second time, in one pass: nothing of a record is held in memory, however long.
     */
    private void copyInvalidRecords(final FlowFile original, final Outputs<?> outputs) {
        final List<Map.Entry<InvalidRange, JsonOutput>> ranges = new ArrayList<>();
        for (Output<?> output : outputs.failures().values()) {
            if (output instanceof JsonOutput json) {
                json.invalid.forEach(range -> ranges.add(Map.entry(range, json)));
            }
        }
        if (ranges.isEmpty()) {
            return;
        }
        ranges.sort(Map.Entry.comparingByKey(Comparator.comparingLong(InvalidRange::start)));
        try (InputStream in = session.read(original)) {
            long position = 0;
            for (Map.Entry<InvalidRange, JsonOutput> entry : ranges) {
                final InvalidRange range = entry.getKey();
                in.skipNBytes(range.start() - position);
                final OutputStream out = entry.getValue().out;
                final byte[] chunk = new byte[8192];
                byte last = '\n';
                for (long left = range.end() - range.start(); left > 0; ) {
                    final int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
                    if (n < 0) {
                        throw new EOFException("The content ended before byte " + range.end());
                    }
                    out.write(chunk, 0, n);
                    last = chunk[n - 1];
                    left -= n;
                }
                // One record a line: a broken line of JSON Lines already ends with its own line feed.
                if (last != '\n') {
                    out.write('\n');
                }
                position = range.end();
            }
        } catch (final IOException e) {
            outputs.discard();
            throw new ProcessException("Cannot copy the invalid records of " + original + ": " + e.getMessage(), e);
        }
    }

    /** The children a split writes: one per failure code, and one for the landed records (null when none landed). */
    private record Outputs<R>(Map<String, Output<R>> failures, Output<R> success) {
        void discard() {
            failures.values().forEach(Output::discard);
            if (success != null) {
                success.discard();
            }
        }
    }

    @FunctionalInterface
    private interface Records<R> {
        /** @return the next record, or null after the last */
        R next() throws IOException, MalformedRecordException, SchemaNotFoundException;
    }

    @FunctionalInterface
    private interface OutputFactory<R> {
        Output<R> create() throws IOException, SchemaNotFoundException;
    }

    /** Reads the original once and writes each record to the child its outcome names. */
    private static <R> Outputs<R> distribute(final Records<R> records, final OutputFactory<R> newOutput, final BatchOutcome.SourceOutcome outcome,
                                             final List<RecordFailures.Group> groups)
            throws IOException, MalformedRecordException, SchemaNotFoundException {
        final RecordFailures failures = outcome.failures();
        final Map<String, Output<R>> failureOutputs = new LinkedHashMap<>();
        Output<R> success = null;
        try {
            for (RecordFailures.Group group : groups) {
                failureOutputs.put(group.code(), newOutput.create());
            }
            if (outcome.landed() > 0) {
                success = newOutput.create();
            }
            R record;
            int index = 0;
            while ((record = records.next()) != null) {
                final String code = failures.codeOf(index++);
                (code == null ? success : failureOutputs.get(code)).write(record);
            }
            return new Outputs<>(failureOutputs, success);
        } catch (final IOException | MalformedRecordException | SchemaNotFoundException | RuntimeException e) {
            new Outputs<>(failureOutputs, success).discard();
            throw e;
        }
    }

    /** A child FlowFile being written: records routed together. */
    private abstract class Output<R> {
        FlowFile flowFile;
        final OutputStream out;

        Output(final FlowFile child) {
            this.flowFile = child;
            this.out = session.write(child);
        }

        abstract void write(R record) throws IOException;

        /** Completes the content and adds the attributes that describe it (record.count, mime.type ...). */
        abstract void complete(Map<String, String> attributes) throws IOException;

        abstract void close() throws IOException;

        FlowFile finish(final Map<String, String> attributes) {
            try {
                complete(attributes);
                close();
            } catch (final IOException e) {
                throw new ProcessException("Cannot write the records of " + flowFile + ": " + e.getMessage(), e);
            }
            flowFile = session.putAllAttributes(flowFile, attributes);
            return flowFile;
        }

        void discard() {
            try {
                close();
            } catch (final IOException ignored) {
                // The child is removed anyway.
            }
            session.remove(flowFile);
        }
    }

    /** Records written with the Record Writer. */
    private final class RecordOutput extends Output<Record> {
        private final RecordSetWriter writer;

        RecordOutput(final FlowFile child, final RecordSchema schema, final RecordSetWriterFactory factory, final FlowFile original)
                throws IOException, SchemaNotFoundException {
            super(child);
            this.writer = factory.createWriter(logger, schema, out, original);
            writer.beginRecordSet();
        }

        @Override
        void write(final Record record) throws IOException {
            writer.write(record);
        }

        @Override
        void complete(final Map<String, String> attributes) throws IOException {
            final WriteResult result = writer.finishRecordSet();
            attributes.putAll(result.getAttributes());
            attributes.put(SpotlightAttributes.RECORD_COUNT, Integer.toString(result.getRecordCount()));
            attributes.put(CoreAttributes.MIME_TYPE.key(), writer.getMimeType());
        }

        @Override
        void close() throws IOException {
            writer.close();
            out.close();
        }
    }

    /**
     * Raw JSON records, one object per line (JSON Lines), as every JSON reader of NiFi and ClickHouse reads them; records
     * that are no valid record as the bytes they came as (written by {@link #copyInvalidRecords}), each ending with a line
     * feed. A child holds one kind or the other: invalid records fail with their own codes.
     */
    private final class JsonOutput extends Output<Object> {
        private int records;
        private final List<InvalidRange> invalid = new ArrayList<>();

        JsonOutput(final FlowFile child) {
            super(child);
        }

        @Override
        @SuppressWarnings("unchecked")
        void write(final Object record) throws IOException {
            if (record instanceof InvalidRange range) {
                invalid.add(range);
            } else {
                out.write(RecordJson.render((Map<String, Object>) record));
                out.write('\n');
            }
            records++;
        }

        @Override
        void complete(final Map<String, String> attributes) {
            attributes.put(SpotlightAttributes.RECORD_COUNT, Integer.toString(records));
            attributes.put(CoreAttributes.MIME_TYPE.key(), "application/json");
        }

        @Override
        void close() throws IOException {
            out.close();
        }
    }

    private static void putBatchAttributes(final Map<String, String> attributes, final String idempotencyKey, final BatchInfo info) {
        attributes.put(PutClickHouseBatch.BATCH_KEY, info.batchKey());
        if (idempotencyKey != null) {
            attributes.put(PutClickHouseBatch.IDEMPOTENCY_KEY, idempotencyKey);
        }
        attributes.put(PutClickHouseBatch.DEDUPLICATION, info.deduplication().description());
        if (info.queryId() != null) {
            attributes.put(PutClickHouseBatch.QUERY_ID, info.queryId());
        }
    }

    private static Map<String, String> errorAttributes(final PutClickHouseBatch.Target target, final String code, final String message,
                                                       final boolean retryable) {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(SpotlightAttributes.ERROR_SOURCE, SOURCE);
        attributes.put(SpotlightAttributes.ERROR_CODE, code);
        attributes.put(SpotlightAttributes.ERROR_MESSAGE, message == null ? "" : message);
        attributes.put(SpotlightAttributes.ERROR_RETRYABLE, Boolean.toString(retryable));
        attributes.put(SpotlightAttributes.ERROR_CLASS, retryable ? "transient" : "permanent");
        if (target != null) {
            attributes.put(SpotlightAttributes.TARGET_DATABASE, target.database());
            attributes.put(SpotlightAttributes.TARGET_TABLE, target.table());
        }
        return attributes;
    }

    private void transfer(final FlowFile flowFile, final org.apache.nifi.processor.Relationship relationship) {
        routed.add(uuid(flowFile));
        session.transfer(flowFile, relationship);
    }

    private static String uuid(final FlowFile flowFile) {
        return flowFile.getAttribute(CoreAttributes.UUID.key());
    }
}
