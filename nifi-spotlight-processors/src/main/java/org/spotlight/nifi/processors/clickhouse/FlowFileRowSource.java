package org.spotlight.nifi.processors.clickhouse;

import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordSchema;
import org.spotlight.clickhouse.insert.IdempotencyKeys;
import org.spotlight.clickhouse.insert.RowSource;
import org.spotlight.clickhouse.insert.RowWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A FlowFile's records as a {@link RowSource}: read with the configured Record Reader, fields mapped to columns. */
final class FlowFileRowSource implements RowSource {

    private final ProcessSession session;
    private final FlowFile flowFile;
    private final RecordReaderFactory readerFactory;
    private final ComponentLog logger;
    private final Map<String, String> fieldByColumn;
    private String idempotencyKey;

    /**
     * @param fieldByColumn  for each target column this FlowFile provides, the record field holding its value
     * @param idempotencyKey the FlowFile's key when already known (Kafka range, or a content hash computed up front);
     *                       null to hash the content while the records are read the first time
     */
    FlowFileRowSource(final ProcessSession session, final FlowFile flowFile, final RecordReaderFactory readerFactory,
                      final ComponentLog logger, final Map<String, String> fieldByColumn, final String idempotencyKey) {
        this.session = session;
        this.flowFile = flowFile;
        this.readerFactory = readerFactory;
        this.logger = logger;
        this.fieldByColumn = Map.copyOf(fieldByColumn);
        this.idempotencyKey = idempotencyKey;
    }

    FlowFile flowFile() {
        return flowFile;
    }

    @Override
    public String idempotencyKey() {
        return idempotencyKey;
    }

    @Override
    public Set<String> columns() {
        return fieldByColumn.keySet();
    }

    @Override
    public void read(final List<String> columns, final Visitor visitor) throws IOException {
        final String[] fields = columns.stream().map(fieldByColumn::get).toArray(String[]::new);
        final Object[] values = new Object[fields.length];
        final RecordField[] recordFields = new RecordField[fields.length];
        RecordSchema schema = null;
        int index = 0;
        // The content hash costs nothing extra when taken from the bytes the reader consumes anyway.
        final IdempotencyKeys.ContentHash hash = idempotencyKey == null ? new IdempotencyKeys.ContentHash() : null;
        try (InputStream content = session.read(flowFile);
             InputStream in = hash == null ? content : hash.wrap(content);
             RecordReader reader = readerFactory.createRecordReader(flowFile, in, logger)) {
            while (true) {
                final Record record;
                try {
                    // Types are coerced as the reader is configured (its date formats, for one), but unknown fields
                    // are not dropped: only mapped fields are read, and dropping makes JSON readers copy every record.
                    record = reader.nextRecord(true, false);
                } catch (final MalformedRecordException | RuntimeException e) {
                    throw new MalformedRecordsException(index, describe(e), e);
                }
                if (record == null) {
                    if (hash != null) {
                        in.transferTo(OutputStream.nullOutputStream());
                        idempotencyKey = hash.key();
                    }
                    return;
                }
                if (record.getSchema() != schema) {
                    // Resolved once per schema: looking a field up by name costs a map lookup per value.
                    schema = record.getSchema();
                    for (int i = 0; i < fields.length; i++) {
                        recordFields[i] = fields[i] == null ? null : schema.getField(fields[i]).orElse(null);
                    }
                }
                for (int i = 0; i < fields.length; i++) {
                    values[i] = fields[i] == null ? RowWriter.DEFAULT
                            : RecordValues.plain(recordFields[i] == null ? record.getValue(fields[i]) : record.getValue(recordFields[i]));
                }
                if (!visitor.visit(index++, values)) {
                    return;
                }
            }
        } catch (final MalformedRecordException | SchemaNotFoundException e) {
            throw new MalformedRecordsException(index, describe(e), e);
        }
    }

    /** The reader's message and, where it adds something, the root cause's: readers often wrap the useful part. */
    static String describe(final Exception e) {
        final String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e || root.getMessage() == null || message.contains(root.getMessage()) ? message : message + ": " + root.getMessage();
    }
}
