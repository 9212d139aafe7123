package org.spotlight.nifi.processors.clickhouse;

import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.processor.DataUnit;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.spotlight.nifi.DescribedEnum;
import org.spotlight.clickhouse.ddl.TableEngine;
import org.spotlight.clickhouse.ddl.TablePlanner;
import org.spotlight.clickhouse.insert.ColumnMapper;
import org.spotlight.clickhouse.insert.InsertFormat;
import org.spotlight.clickhouse.types.NullPolicy;
import org.spotlight.nifi.NullHandling;
import org.spotlight.nifi.services.clickhouse.ClickHouseConnectionService;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.spotlight.nifi.processors.clickhouse.PutClickHouseBatchProperties.*;

/**
 * Everything of PutClickHouseBatch that is fixed while it is scheduled, read from its properties once.
 *
 * @param columns        how fields map to columns
 * @param scanFields     whether a FlowFile's fields must be known before its insert even for raw JSON
 * @param tables         how missing tables are created, or null when they are not
 * @param insertSettings the dynamic properties: ClickHouse settings sent with every insert
 */
record BatchConfiguration(ClickHouseConnectionService clickHouse, RecordReaderFactory reader, RecordSetWriterFactory writer,
                          ColumnMapper columns, boolean scanFields, long maxRows, long maxBytes, Duration maxWait,
                          InsertFormat.Preference format, boolean deduplicate, KeySource keySource, boolean asyncInsert,
                          int maxIsolationInserts, NullPolicy nullPolicy, TablePlanner tables, Map<String, String> insertSettings) {

    static BatchConfiguration read(final ProcessContext context) {
        final Map<String, String> insertSettings = new TreeMap<>();
        context.getProperties().keySet().stream().filter(PropertyDescriptor::isDynamic).forEach(descriptor ->
                insertSettings.put(descriptor.getName(), context.getProperty(descriptor).evaluateAttributeExpressions().getValue()));
        final String mapping = context.getProperty(FIELD_MAPPING).evaluateAttributeExpressions().getValue();
        final boolean createTable = context.getProperty(CREATE_TABLE).asBoolean();
        final boolean addColumns = context.getProperty(ADD_COLUMNS).asBoolean();
        final boolean failOnUnmatched = context.getProperty(UNMATCHED_FIELD_BEHAVIOR).asAllowableValue(UnmatchedFields.class) == UnmatchedFields.FAIL;
        final boolean deduplicate = context.getProperty(DEDUPLICATE).asBoolean();
        final RecordReaderFactory reader = context.getProperty(RECORD_READER).asControllerService(RecordReaderFactory.class);
        final TablePlanner tables = createTable ? new TablePlanner(
                DescribedEnum.valueOf(context.getProperty(TABLE_ENGINE), TableEngine.class),
                context.getProperty(VERSION_COLUMN).getValue(),
                blankAsNone(context.getProperty(ORDER_BY).evaluateAttributeExpressions().getValue()),
                blankAsNone(context.getProperty(PARTITION_BY).evaluateAttributeExpressions().getValue()),
                context.getProperty(STORAGE_POLICY).evaluateAttributeExpressions().getValue(),
                context.getProperty(REPLICATED).asBoolean(),
                context.getProperty(ZOOKEEPER_PATH).getValue(),
                context.getProperty(REPLICA_NAME).getValue(),
                deduplicate ? context.getProperty(DEDUPLICATION_WINDOW).asInteger() : 0) : null;
        return new BatchConfiguration(
                context.getProperty(CLICKHOUSE_SERVICE).asControllerService(ClickHouseConnectionService.class),
                reader,
                context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class),
                new ColumnMapper(mapping == null ? Map.of() : FieldMapping.parse(mapping), failOnUnmatched, addColumns,
                        createTable ? context.getProperty(MAX_COLUMNS).asInteger() : Integer.MAX_VALUE),
                // Raw JSON has no schema: its fields are scanned only when something needs them up front.
                reader != null || addColumns || failOnUnmatched,
                context.getProperty(MAX_BATCH_ROWS).asLong(),
                context.getProperty(MAX_BATCH_SIZE).asDataSize(DataUnit.B).longValue(),
                Duration.ofMillis(context.getProperty(MAX_BATCH_WAIT).asTimePeriod(TimeUnit.MILLISECONDS)),
                DescribedEnum.valueOf(context.getProperty(INSERT_FORMAT), InsertFormat.Preference.class),
                deduplicate,
                context.getProperty(IDEMPOTENCY_KEY_SOURCE).asAllowableValue(KeySource.class),
                context.getProperty(ASYNC_INSERT).asBoolean(),
                context.getProperty(MAX_ISOLATION_INSERTS).asInteger(),
                context.getProperty(NULLS_IN_NON_NULLABLE).asAllowableValue(NullHandling.class).policy(),
                tables,
                insertSettings);
    }

    private static String blankAsNone(final String expression) {
        return expression == null || expression.isBlank() ? null : expression;
    }
}
