package org.spotlight.nifi.processors.clickhouse;

import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
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
import org.spotlight.clickhouse.insert.RowBinaryWithNamesAndTypes;
import org.spotlight.clickhouse.insert.RowSource;
import org.spotlight.clickhouse.insert.RowWriter;
import org.spotlight.clickhouse.types.ClickHouseColumn;
import org.spotlight.nifi.RecordValues;
import org.spotlight.format.json.CompactRecord;
import org.spotlight.format.json.JsonRecordReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A FlowFile's records as a {@link RowSource}, fields mapped to columns: RowBinaryWithNamesAndTypes content (by its
 * MIME type) decoded, or forwarded as it is when it holds exactly the insert's columns; otherwise read with the
 * configured Record Reader, or, without one, as raw JSON by Spotlight's streaming parser (values as the JSON says; the
 * columns type them).
 */
final class FlowFileRowSource implements RowSource {

    private final ProcessSession session;
    private final FlowFile flowFile;
    private final RecordReaderFactory readerFactory;
    private final ComponentLog logger;
    private final Map<String, String> fieldByColumn;
    private String idempotencyKey;
    /** Insert columns the RowBinary header was found not to fit: their rows are decoded without looking again. */
    private List<ClickHouseColumn> unfitColumns;

    /**
     * @param readerFactory  the Record Reader, or null for raw JSON
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
        if (isRowBinary()) {
            readRowBinary(fields, visitor);
            return;
        }
        if (readerFactory == null) {
            readJson(fields, visitor);
            return;
        }
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
                    takeContentKey(in, hash);
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
                            : RecordValues.AS_READ.plain(recordFields[i] == null ? record.getValue(fields[i]) : record.getValue(recordFields[i]));
                }
                if (!visitor.visit(index++, values)) {
                    return;
                }
            }
        } catch (final MalformedRecordException | SchemaNotFoundException e) {
            throw new MalformedRecordsException(index, describe(e), e);
        }
    }

    /**
     * Raw JSON: each record's values are picked by position for records of the same shape as the last one (nearly all),
     * so no field name is looked up per value; a field the record lacks leaves its column to the default.
     */
    private void readJson(final String[] fields, final Visitor visitor) throws IOException {
        final Object[] values = new Object[fields.length];
        CompactRecord.Shape shape = null;
        int[] columnByPosition = new int[0];
        int index = 0;
        final IdempotencyKeys.ContentHash hash = idempotencyKey == null ? new IdempotencyKeys.ContentHash() : null;
        try (InputStream content = session.read(flowFile);
             InputStream in = hash == null ? content : hash.wrap(content);
             JsonRecordReader reader = new JsonRecordReader(in)) {
            Map<String, Object> record;
            while (true) {
                try {
                    record = reader.next();
                } catch (final JsonRecordReader.InvalidRecordException e) {
                    // No valid record (broken JSON, not an object, not UTF-8, a field named twice, beyond a bound): it
                    // fails on its own, and the reader goes on with the record after it.
                    Arrays.fill(values, new Rejected(e.problem().name(), e.getMessage()));
                    if (!visitor.visit(index++, values)) {
                        return;
                    }
                    continue;
                }
                if (record == null) {
                    break;
                }
                Arrays.fill(values, RowWriter.DEFAULT);
                if (record instanceof CompactRecord compact) {
                    if (compact.shape() != shape) {
                        shape = compact.shape();
                        columnByPosition = columnsByPosition(shape, fields);
                    }
                    for (int position = 0; position < columnByPosition.length; position++) {
                        if (columnByPosition[position] >= 0) {
                            values[columnByPosition[position]] = compact.valueAt(position);
                        }
                    }
                } else {
                    for (int i = 0; i < fields.length; i++) {
                        if (fields[i] != null && record.containsKey(fields[i])) {
                            values[i] = record.get(fields[i]);
                        }
                    }
                }
                if (!visitor.visit(index++, values)) {
                    return;
                }
            }
            takeContentKey(in, hash);
        }
    }

    private boolean isRowBinary() {
        return RowBinaryWithNamesAndTypes.isMimeType(flowFile.getAttribute(CoreAttributes.MIME_TYPE.key()));
    }

    private void readRowBinary(final String[] fields, final Visitor visitor) throws IOException {
        final IdempotencyKeys.ContentHash hash = idempotencyKey == null ? new IdempotencyKeys.ContentHash() : null;
        try (InputStream content = session.read(flowFile);
             InputStream in = hash == null ? content : hash.wrap(content)) {
            final RowBinaryWithNamesAndTypes.Reader reader = rowBinaryReader(in);
            final int[] headerIndex = new int[fields.length];
            for (int i = 0; i < fields.length; i++) {
                headerIndex[i] = fields[i] == null ? -1 : reader.names().indexOf(fields[i]);
            }
            final Object[] row = new Object[reader.names().size()];
            final Object[] values = new Object[fields.length];
            while (nextRow(reader, row)) {
                for (int i = 0; i < fields.length; i++) {
                    values[i] = headerIndex[i] < 0 ? RowWriter.DEFAULT : row[headerIndex[i]];
                }
                if (!visitor.visit(reader.rows() - 1, values)) {
                    return;
                }
            }
            takeContentKey(in, hash);
        }
    }

    @Override
    public int forwardRowBinary(final List<ClickHouseColumn> columns, final RowBinaryWithNamesAndTypes.Reader.RowFilter filter,
                                final boolean defaultFlags, final OutputStream out) throws IOException {
        if (!isRowBinary() || columns.equals(unfitColumns)) {
            return -1;
        }
        final IdempotencyKeys.ContentHash hash = idempotencyKey == null ? new IdempotencyKeys.ContentHash() : null;
        try (InputStream content = session.read(flowFile);
             InputStream in = hash == null ? content : hash.wrap(content)) {
            final RowBinaryWithNamesAndTypes.Reader reader = rowBinaryReader(in);
            // Forwarded bytes land in the columns the header names, so the fields must map to columns of the same name.
            final RowBinaryWithNamesAndTypes.Reader.Forwarding plan = columns.stream().allMatch(column -> column.name().equals(fieldByColumn.get(column.name())))
                    ? reader.forwardingTo(columns, defaultFlags) : null;
            if (plan == null) {
                unfitColumns = List.copyOf(columns);
                return -1;
            }
            final int read;
            try {
                read = reader.forward(plan, filter, out);
            } catch (final RowBinaryWithNamesAndTypes.MalformedException e) {
                throw new MalformedRecordsException(reader.rows(), e.getMessage(), e);
            }
            takeContentKey(in, hash);
            return read;
        }
    }

    private static RowBinaryWithNamesAndTypes.Reader rowBinaryReader(final InputStream in) throws IOException {
        try {
            return new RowBinaryWithNamesAndTypes.Reader(in);
        } catch (final RowBinaryWithNamesAndTypes.MalformedException e) {
            throw new MalformedRecordsException(0, e.getMessage(), e);
        }
    }

    private static boolean nextRow(final RowBinaryWithNamesAndTypes.Reader reader, final Object[] row) throws IOException {
        try {
            return reader.next(row);
        } catch (final RowBinaryWithNamesAndTypes.MalformedException e) {
            throw new MalformedRecordsException(reader.rows(), e.getMessage(), e);
        }
    }

    /** After a complete read: the content key from the hash of all bytes (a reader may stop before the last ones). */
    private void takeContentKey(final InputStream in, final IdempotencyKeys.ContentHash hash) throws IOException {
        if (hash != null) {
            in.transferTo(OutputStream.nullOutputStream());
            idempotencyKey = hash.key();
        }
    }

    /** For each position of a record shape, the index of the column its field feeds, or -1. */
    private static int[] columnsByPosition(final CompactRecord.Shape shape, final String[] fields) {
        final int[] columns = new int[shape.size()];
        Arrays.fill(columns, -1);
        for (int i = 0; i < fields.length; i++) {
            final int position = fields[i] == null ? -1 : shape.position(fields[i]);
            if (position >= 0) {
                columns[position] = i;
            }
        }
        return columns;
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
