package org.spotlight.nifi.processors.clickhouse;

import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.spotlight.clickhouse.ddl.ColumnDefinition;
import org.spotlight.clickhouse.insert.IdempotencyKeys;
import org.spotlight.clickhouse.insert.RowBinaryWithNamesAndTypes;
import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.nifi.processors.typing.InferSchemaAndCast;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;
import org.spotlight.typing.JsonRecordReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What PutClickHouseBatch learns about a FlowFile before inserting it: its record schema and its idempotency key. */
final class Schemas {

    /** The FlowFile cannot be read as records at all. */
    static final class UnreadableException extends Exception {
        UnreadableException(final String message, final Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * A field of a FlowFile's records and the column type it calls for, without Nullable: {@code nullable} says whether
     * the field may be null, and key columns are never made Nullable.
     */
    record SourceField(String name, ClickHouseType type, boolean nullable) {
    }

    private Schemas() {
    }

    /** The fields of a record schema, typed for the server (types it lacks fall back, see {@link RecordColumnTypes}). */
    static List<SourceField> fields(final RecordSchema schema, final ClickHouseServerInfo server) {
        return schema.getFields().stream()
                .map(field -> new SourceField(field.getFieldName(), RecordColumnTypes.typeOf(field.getDataType(), server), field.isNullable()))
                .toList();
    }

    /**
     * The fields of a column list such as InferSchemaAndCast writes to spotlight.clickhouse.columns: the exact types it
     * inferred, rather than the types its Record Writer could express.
     */
    static List<SourceField> fields(final String columnList) throws UnreadableException {
        try {
            return ColumnDefinition.parseList(columnList).stream().map(column -> field(column.name(), column.type())).toList();
        } catch (final IllegalArgumentException e) {
            throw new UnreadableException("Cannot read the column list in " + InferSchemaAndCast.ATTR_COLUMNS + ": " + e.getMessage(), e);
        }
    }

    /** The fields of RowBinaryWithNamesAndTypes content: the names and types of its header. */
    static List<SourceField> rowBinaryFields(final ProcessSession session, final FlowFile flowFile) throws UnreadableException {
        try (InputStream in = session.read(flowFile)) {
            final RowBinaryWithNamesAndTypes.Reader reader = new RowBinaryWithNamesAndTypes.Reader(in);
            final List<SourceField> fields = new java.util.ArrayList<>();
            for (int i = 0; i < reader.names().size(); i++) {
                fields.add(field(reader.names().get(i), reader.types().get(i)));
            }
            return fields;
        } catch (final IOException e) {
            throw new UnreadableException(e.getMessage(), e);
        }
    }

    private static SourceField field(final String name, final ClickHouseType type) {
        return type.is("Nullable") ? new SourceField(name, type.argument(0), true) : new SourceField(name, type, false);
    }

    static RecordSchema read(final ProcessSession session, final FlowFile flowFile, final RecordReaderFactory readerFactory,
                             final ComponentLog logger) throws UnreadableException {
        try (InputStream in = session.read(flowFile);
             RecordReader reader = readerFactory.createRecordReader(flowFile, in, logger)) {
            return reader.getSchema();
        } catch (final MalformedRecordException | SchemaNotFoundException | IOException e) {
            throw new UnreadableException("Cannot read the FlowFile's record schema: " + e.getMessage(), e);
        }
    }

    /**
     * The record schema of raw JSON, scanned from every record: field names in order of appearance, typed the way
     * ClickHouse's own inference types JSON (integers Int64, other numbers Float64, booleans, strings, arrays of one
     * element type; objects and mixed values as String). A field that is null or absent somewhere is nullable.
     */
    static RecordSchema scanJson(final ProcessSession session, final FlowFile flowFile) throws UnreadableException {
        final Map<String, JsonKind> kinds = new LinkedHashMap<>();
        final Map<String, Long> presence = new LinkedHashMap<>();
        long records = 0;
        try (InputStream in = session.read(flowFile);
             JsonRecordReader reader = new JsonRecordReader(in)) {
            Map<String, Object> record;
            while ((record = nextValid(reader)) != null) {
                records++;
                record.forEach((field, value) -> {
                    kinds.merge(field, JsonKind.of(value), JsonKind::merge);
                    if (value != null) {
                        presence.merge(field, 1L, Long::sum);
                    }
                });
            }
        } catch (final IOException e) {
            throw new UnreadableException("Cannot read the FlowFile as JSON records: " + e.getMessage(), e);
        }
        final long total = records;
        return new SimpleRecordSchema(kinds.entrySet().stream()
                .map(entry -> new RecordField(entry.getKey(), entry.getValue().dataType(), presence.getOrDefault(entry.getKey(), 0L) < total))
                .toList());
    }

    /**
     * The next valid record: records that are no valid record (broken JSON, a field named twice ...) have no say in the
     * schema, they fail on their own when inserted.
     */
    private static Map<String, Object> nextValid(final JsonRecordReader reader) throws IOException {
        while (true) {
            try {
                return reader.next();
            } catch (final JsonRecordReader.InvalidRecordException e) {
                // Skipped here; the insert fails it with its problem.
            }
        }
    }

    /** What JSON values of one field hold, as far as a column type is concerned. */
    private record JsonKind(RecordFieldType type, JsonKind element) {
        private static final JsonKind NULL = new JsonKind(null, null);
        private static final JsonKind TEXT = new JsonKind(RecordFieldType.STRING, null);

        static JsonKind of(final Object value) {
            return switch (value) {
                case null -> NULL;
                case Long ignored -> new JsonKind(RecordFieldType.LONG, null);
                case BigInteger ignored -> new JsonKind(RecordFieldType.BIGINT, null);
                case Number ignored -> new JsonKind(RecordFieldType.DOUBLE, null);
                case Boolean ignored -> new JsonKind(RecordFieldType.BOOLEAN, null);
                case List<?> list -> new JsonKind(RecordFieldType.ARRAY, list.stream().map(JsonKind::of).reduce(NULL, JsonKind::merge));
                default -> TEXT;
            };
        }

        JsonKind merge(final JsonKind other) {
            if (type == null || equals(other)) {
                return type == null ? other : this;
            }
            if (other.type == null) {
                return this;
            }
            if (type == RecordFieldType.ARRAY && other.type == RecordFieldType.ARRAY) {
                return new JsonKind(RecordFieldType.ARRAY, element.merge(other.element));
            }
            if (isNumber() && other.isNumber()) {
                return type == RecordFieldType.DOUBLE || other.type == RecordFieldType.DOUBLE
                        ? new JsonKind(RecordFieldType.DOUBLE, null) : new JsonKind(RecordFieldType.BIGINT, null);
            }
            return TEXT;
        }

        private boolean isNumber() {
            return type == RecordFieldType.LONG || type == RecordFieldType.BIGINT || type == RecordFieldType.DOUBLE;
        }

        DataType dataType() {
            if (type == null) {
                return RecordFieldType.STRING.getDataType();
            }
            if (type == RecordFieldType.ARRAY) {
                return RecordFieldType.ARRAY.getArrayDataType(element.dataType());
            }
            return type.getDataType();
        }
    }

    /**
     * @param hashContent whether to hash the content now when the key comes from it; otherwise null is returned for
     *                    such FlowFiles and the hash is taken while their records are read
     */
    static String idempotencyKey(final ProcessSession session, final FlowFile flowFile, final PutClickHouseBatch.KeySource source,
                                 final boolean hashContent) {
        if (source == PutClickHouseBatch.KeySource.KAFKA_OR_CONTENT) {
            final String kafka = IdempotencyKeys.fromKafka(flowFile.getAttributes());
            if (kafka != null) {
                return kafka;
            }
        }
        if (!hashContent) {
            return null;
        }
        try (InputStream in = session.read(flowFile)) {
            return IdempotencyKeys.fromContent(in);
        } catch (final IOException e) {
            throw new ProcessException("Cannot read " + flowFile + " to hash its content", new UncheckedIOException(e));
        }
    }
}
