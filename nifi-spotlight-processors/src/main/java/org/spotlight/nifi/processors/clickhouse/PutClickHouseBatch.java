package org.spotlight.nifi.processors.clickhouse;

import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.InputRequirement.Requirement;
import org.apache.nifi.annotation.behavior.ReadsAttribute;
import org.apache.nifi.annotation.behavior.ReadsAttributes;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.configuration.DefaultSettings;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.spotlight.nifi.DescribedEnum;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.DataUnit;
import org.apache.nifi.processor.FlowFileFilter.FlowFileFilterResult;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.clickhouse.ddl.ColumnDefinition;
import org.spotlight.clickhouse.ddl.SqlExpressions;
import org.spotlight.clickhouse.ddl.TableCatalog;
import org.spotlight.clickhouse.ddl.TableDefinition;
import org.spotlight.clickhouse.ddl.TableEngine;
import org.spotlight.clickhouse.insert.BatchCollector;
import org.spotlight.clickhouse.insert.BatchInserter;
import org.spotlight.clickhouse.insert.BatchOutcome;
import org.spotlight.clickhouse.insert.Deduplication;
import org.spotlight.clickhouse.insert.IdempotencyKeys;
import org.spotlight.clickhouse.insert.InsertErrors;
import org.spotlight.clickhouse.insert.InsertFormat;
import org.spotlight.clickhouse.insert.RecordFailures;
import org.spotlight.clickhouse.insert.RowBinaryWithNamesAndTypes;
import org.spotlight.clickhouse.types.ClickHouseColumn;
import org.spotlight.clickhouse.types.NullPolicy;
import org.spotlight.clickhouse.types.ValueCaster;
import org.spotlight.nifi.services.clickhouse.ClickHouseSettingProperties;
import org.spotlight.failure.OutageBackoff;
import org.spotlight.nifi.NullHandling;
import org.spotlight.nifi.SpotlightAttributes;
import org.spotlight.nifi.processors.typing.InferSchemaAndCast;
import org.spotlight.clickhouse.client.ClickHouseCapability;
import org.spotlight.nifi.services.clickhouse.ClickHouseConnectionService;
import org.spotlight.clickhouse.client.ClickHouseException;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;
import org.spotlight.typing.CastFailure;
import org.spotlight.typing.TypingOptions;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

@Tags({"clickhouse", "put", "insert", "record", "batch", "database", "olap", "idempotent", "spotlight"})
@CapabilityDescription("Inserts records into ClickHouse in large streamed batches, at close to the server's own bulk-load speed. "
        + "Records are read with any Record Reader (or, for JSON, by a streaming parser of its own when none is set), "
        + "converted loss-free to the types of the table's real columns "
        + "(system.columns) and streamed over HTTP in RowBinary (RowBinaryWithDefaults where the server has it, JSONEachRow "
        + "on request), one insert per target table for many FlowFiles, without holding the batch in memory. "
        + "Records the server or the conversion rejects are isolated and routed to failure with the reason and their "
        + "index; every other record lands. Connection problems and timeouts route the FlowFiles to retry. Retried "
        + "batches are rebuilt identically and carry an idempotency key (insert_deduplication_token on servers that have "
        + "it; block deduplication of replicated tables otherwise), so a retry does not store rows twice. Optionally "
        + "creates missing tables and adds columns for new fields; never drops or narrows anything.")
@InputRequirement(Requirement.INPUT_REQUIRED)
// It yields only while a batch fills, and a yield is how late it can notice that the batch is full or has waited Max
// Batch Wait: NiFi's usual second would hold full batches back.
@DefaultSettings(yieldDuration = PutClickHouseBatch.DEFAULT_YIELD_DURATION)
@ReadsAttributes({
        @ReadsAttribute(attribute = "record.count", description = "When present, counts against Max Batch Rows before the records are read."),
        @ReadsAttribute(attribute = "kafka.topic, kafka.partition, kafka.offset, kafka.max.offset, kafka.count, kafka.timestamp, fragment.index",
                description = "As written by ConsumeKafka: the FlowFile's idempotency key is its Kafka range, with the first message's "
                        + "timestamp so that a re-created topic's offsets do not repeat old keys (see Idempotency Key)."),
        @ReadsAttribute(attribute = PutClickHouseBatch.RETRY_BATCH, description = "Set on FlowFiles routed to retry: they are batched "
                + "again with exactly the FlowFiles they failed with, so that the retried inserts are recognised by deduplication.")
})
@WritesAttributes({
        @WritesAttribute(attribute = SpotlightAttributes.TARGET_DATABASE, description = "The database the records were meant for."),
        @WritesAttribute(attribute = SpotlightAttributes.TARGET_TABLE, description = "The table the records were meant for."),
        @WritesAttribute(attribute = PutClickHouseBatch.ROWS_WRITTEN, description = "Records of this FlowFile that landed in ClickHouse."),
        @WritesAttribute(attribute = PutClickHouseBatch.NULLS_DEFAULTED, description = "Success: NULL values of this FlowFile written "
                + "as the default of a non-Nullable column ('NULL In Non-Nullable Columns' = Use Column Default)."),
        @WritesAttribute(attribute = SpotlightAttributes.RECORD_COUNT, description = "Records in the FlowFile as routed."),
        @WritesAttribute(attribute = PutClickHouseBatch.QUERY_ID, description = "Query id of the insert (see system.query_log)."),
        @WritesAttribute(attribute = PutClickHouseBatch.BATCH_KEY, description = "Idempotency key of the batch the FlowFile was inserted in."),
        @WritesAttribute(attribute = PutClickHouseBatch.IDEMPOTENCY_KEY, description = "The FlowFile's own key: its Kafka range or content hash."),
        @WritesAttribute(attribute = PutClickHouseBatch.DEDUPLICATION, description = "How retries were protected: insert_deduplication_token, "
                + "replicated block hashes, or none (at-least-once)."),
        @WritesAttribute(attribute = SpotlightAttributes.ERROR_SOURCE, description = "PutClickHouseBatch, on failure and retry."),
        @WritesAttribute(attribute = SpotlightAttributes.ERROR_CODE, description = "ClickHouse's error code, or CAST_FAILED, MALFORMED_RECORD, "
                + "INVALID_TARGET, UNKNOWN_TABLE, UNMATCHED_FIELDS, NO_MATCHING_COLUMNS, TABLE_SETUP_FAILED, CONNECTION, TIMEOUT."),
        @WritesAttribute(attribute = SpotlightAttributes.ERROR_MESSAGE, description = "The server's or Spotlight's message."),
        @WritesAttribute(attribute = SpotlightAttributes.ERROR_RETRYABLE, description = "true on retry, false on failure."),
        @WritesAttribute(attribute = SpotlightAttributes.ERROR_CLASS, description = "transient on retry, permanent on failure."),
        @WritesAttribute(attribute = SpotlightAttributes.RECORD_INDEXES, description = "On failure: the 0-based indexes, in the original "
                + "FlowFile, of the records this FlowFile holds; runs as ranges, e.g. 4,17,100-199."),
        @WritesAttribute(attribute = PutClickHouseBatch.RETRY_BATCH, description = "On retry: the key of the batch to rebuild."),
        @WritesAttribute(attribute = PutClickHouseBatch.RETRY_BATCH_SIZE, description = "On retry: how many FlowFiles that batch had."),
        @WritesAttribute(attribute = PutClickHouseBatch.RETRY_BATCH_INDEX, description = "On retry: the FlowFile's place in that batch.")
})
@DynamicProperty(name = "The name of a ClickHouse setting", value = "The setting's value",
        expressionLanguageScope = ExpressionLanguageScope.ENVIRONMENT,
        description = "Sent with every insert, e.g. max_insert_block_size = 1048576 or insert_quorum = 2. Settings Spotlight's "
                + "guarantees rest on (input_format_allow_errors_num/ratio, input_format_skip_unknown_fields, async_insert, "
                + "wait_for_async_insert, insert_deduplicate, insert_deduplication_token ...) are refused.")
@UseCase(description = "Land the records of a Kafka topic in a ClickHouse table of the same name, creating the table on first use.",
        keywords = {"kafka", "clickhouse", "load", "ingest"},
        configuration = """
                Connect ConsumeKafka (with a Record Reader and Writer) to PutClickHouseBatch.
                Set "Record Reader" to the same reader type, "Table" to ${kafka.topic} and "Create Missing Table" to true
                with an "Order By" expression such as `doc_id, transaction_date`.
                Route "retry" back to PutClickHouseBatch and "failure" to RouteToFailureDb (or a PutFile) for inspection.
                """)
@UseCase(description = "Load JSON messages into an existing ClickHouse table as fast as the server takes them.",
        keywords = {"json", "jsonl", "ndjson", "fast", "bulk"},
        configuration = """
                Leave "Record Reader" unset: the processor reads the JSON itself (an array, one object, or JSON Lines) and the
                table's columns type each value. Set "Table" to the target table and connect "retry" back to the processor.
                Fields without a column are skipped; a record without a field leaves that column to its default.
                To create tables with good types, put InferSchemaAndCast (without a Record Writer) in front: its
                spotlight.clickhouse.columns attribute then gives the column types, and "Create Missing Table" uses them.
                """)
public class PutClickHouseBatch extends AbstractProcessor {

    public static final String DEFAULT_YIELD_DURATION = "100 millis";

    static final String ROWS_WRITTEN = "clickhouse.rows.written";
    static final String NULLS_DEFAULTED = "clickhouse.nulls.defaulted";
    static final String QUERY_ID = "clickhouse.query.id";
    static final String BATCH_KEY = "clickhouse.batch.key";
    static final String IDEMPOTENCY_KEY = "clickhouse.idempotency.key";
    static final String DEDUPLICATION = "clickhouse.deduplication";
    static final String RETRY_BATCH = "clickhouse.retry.batch";
    static final String RETRY_BATCH_SIZE = "clickhouse.retry.batch.size";
    static final String RETRY_BATCH_INDEX = "clickhouse.retry.batch.index";

    static final String INVALID_TARGET = "INVALID_TARGET";
    static final String UNKNOWN_TABLE = "UNKNOWN_TABLE";
    static final String UNMATCHED_FIELDS = "UNMATCHED_FIELDS";
    static final String NO_MATCHING_COLUMNS = "NO_MATCHING_COLUMNS";
    static final String TABLE_SETUP_FAILED = "TABLE_SETUP_FAILED";
    /** The code InferSchemaAndCast gives a record beyond its Max Columns, for the same bound here. */
    static final String TOO_MANY_COLUMNS = CastFailure.Code.TOO_MANY_COLUMNS.name();

    static final Duration OUTAGE_BACKOFF_INITIAL = Duration.ofSeconds(1);
    static final Duration OUTAGE_BACKOFF_MAXIMUM = Duration.ofSeconds(30);
    /** How long a retried batch waits for its missing members before it goes ahead without them. */
    static final Duration RETRY_REASSEMBLY = Duration.ofSeconds(30);
    private static final Duration TABLE_CACHE_AGE = Duration.ofSeconds(60);

    public enum KeySource implements DescribedEnum {
        KAFKA_OR_CONTENT("Kafka Range or Content Hash", "The Kafka topic, partition and offsets in the FlowFile's kafka.* attributes "
                + "(as ConsumeKafka writes them, with the first message's kafka.timestamp, which tells a re-created topic from the old "
                + "one, plus fragment.index for split FlowFiles); a SHA-256 hash of the content when they are absent."),
        CONTENT("Content Hash", "A SHA-256 hash of the FlowFile's content, whatever its attributes say.");

        private final Description describedAs;

        KeySource(final String displayName, final String description) {
            this.describedAs = new Description(displayName, description);
        }

        @Override
        public Description describedAs() {
            return describedAs;
        }
    }

    public enum UnmatchedFields implements DescribedEnum {
        IGNORE("Ignore Unmatched Fields", "Fields without a column are left out."),
        FAIL("Fail on Unmatched Fields", "A FlowFile with a field that has no column goes to failure (unless Add Missing Columns adds one).");

        private final Description describedAs;

        UnmatchedFields(final String displayName, final String description) {
            this.describedAs = new Description(displayName, description);
        }

        @Override
        public Description describedAs() {
            return describedAs;
        }
    }

    public static final PropertyDescriptor CLICKHOUSE_SERVICE = new PropertyDescriptor.Builder()
            .name("ClickHouse Connection Service")
            .description("The ClickHouse server to insert into.")
            .required(true)
            .identifiesControllerService(ClickHouseConnectionService.class)
            .build();

    public static final PropertyDescriptor RECORD_READER = new PropertyDescriptor.Builder()
            .name("Record Reader")
            .description("Reads the incoming FlowFiles' records: JSON, Avro, CSV, Parquet ... any Record Reader. Leave unset for "
                    + "JSON: the content (an array of objects, one object, or objects one after another such as JSON Lines) is then "
                    + "read by Spotlight's streaming parser, which keeps values as the JSON has them and lets the table's columns type "
                    + "them; it takes about a third of the CPU time of a JSON Record Reader. Fields absent from a record leave their "
                    + "column to its default, as ClickHouse's JSONEachRow does. FlowFiles of MIME type "
                    + RowBinaryWithNamesAndTypes.MIME_TYPE + " (InferSchemaAndCast's typed rows) are read by their own header "
                    + "whatever is set here, and forwarded into the insert as they are when they fit the table.")
            .required(false)
            .identifiesControllerService(RecordReaderFactory.class)
            .build();

    public static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
            .name("Record Writer")
            .description("Writes the records of a FlowFile whose records did not all land: the rejected records go to failure, the "
                    + "landed ones to success, each in a FlowFile of its own. FlowFiles whose records all landed or all failed "
                    + "are routed unchanged. Without a Record Reader such records are written as JSON Lines.")
            .required(true)
            .identifiesControllerService(RecordSetWriterFactory.class)
            .dependsOn(RECORD_READER)
            .build();

    public static final PropertyDescriptor DATABASE = new PropertyDescriptor.Builder()
            .name("Database")
            .description("The target database. Empty for the connection service's database. Names from Expression Language may only "
                    + "contain letters, digits, '_', '-', '.', '$' and inner spaces.")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor TABLE = new PropertyDescriptor.Builder()
            .name("Table")
            .description("The target table, e.g. ${kafka.topic}. FlowFiles for different tables are inserted with one insert per table. "
                    + "Names from Expression Language may only contain letters, digits, '_', '-', '.', '$' and inner spaces.")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor FIELD_MAPPING = new PropertyDescriptor.Builder()
            .name("Field Mapping")
            .description("Record fields whose column has another name, as comma-separated field=column pairs, e.g. "
                    + "'Transaction Date=transaction_date, amt=amount'. Other fields go to the column of their own name.")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor UNMATCHED_FIELD_BEHAVIOR = new PropertyDescriptor.Builder()
            .name("Unmatched Field Behavior")
            .description("What to do with record fields that have no column in the table.")
            .required(true)
            .allowableValues(UnmatchedFields.class)
            .defaultValue(UnmatchedFields.IGNORE)
            .build();

    public static final PropertyDescriptor MAX_BATCH_ROWS = new PropertyDescriptor.Builder()
            .name("Max Batch Rows")
            .description("A batch takes FlowFiles until their record.count attributes add up to this. FlowFiles without record.count "
                    + "count only against Max Batch Size. ClickHouse prefers few large inserts (thousands to a million rows).")
            .required(true)
            .defaultValue("100000")
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .build();

    public static final PropertyDescriptor MAX_BATCH_SIZE = new PropertyDescriptor.Builder()
            .name("Max Batch Size")
            .description("A batch takes FlowFiles until their content adds up to this size.")
            .required(true)
            .defaultValue("64 MB")
            .addValidator(StandardValidators.DATA_SIZE_VALIDATOR)
            .build();

    public static final PropertyDescriptor MAX_BATCH_WAIT = new PropertyDescriptor.Builder()
            .name("Max Batch Wait")
            .description("How long a batch that is not full waits for more FlowFiles, counted from when its oldest FlowFile was queued. "
                    + "0 sec inserts whatever is queued at once.")
            .required(true)
            .defaultValue("2 sec")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor INSERT_FORMAT = new PropertyDescriptor.Builder()
            .name("Insert Format")
            .description("The format rows are streamed to ClickHouse in.")
            .required(true)
            .allowableValues(InsertFormat.Preference.class)
            .defaultValue(InsertFormat.Preference.AUTOMATIC)
            .build();

    public static final PropertyDescriptor DEDUPLICATE = new PropertyDescriptor.Builder()
            .name("Deduplicate Retries")
            .description("Whether retried inserts carry what lets the server drop them if they landed before: insert_deduplication_token "
                    + "(servers that have it; non-replicated tables need non_replicated_deduplication_window, see Deduplication Window), "
                    + "or, on servers without tokens, deterministic blocks that replicated tables deduplicate by hash. Without either, "
                    + "a batch retried after the server stored it is stored twice.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("true")
            .build();

    public static final PropertyDescriptor IDEMPOTENCY_KEY_SOURCE = new PropertyDescriptor.Builder()
            .name("Idempotency Key")
            .description("Where a FlowFile's idempotency key comes from. A batch's key is derived from its FlowFiles' keys.")
            .required(true)
            .allowableValues(KeySource.class)
            .defaultValue(KeySource.KAFKA_OR_CONTENT)
            .build();

    public static final PropertyDescriptor ASYNC_INSERT = new PropertyDescriptor.Builder()
            .name("Async Insert")
            .description("Sets async_insert on servers that have it (newer servers may enable it by default). Off, each batch is "
                    + "one synchronous insert that is acknowledged once stored, which is what this processor's batching and "
                    + "retries rely on. On, the server buffers inserts (wait_for_async_insert = 1 is set as well).")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .build();

    public static final PropertyDescriptor MAX_ISOLATION_INSERTS = new PropertyDescriptor.Builder()
            .name("Max Isolation Inserts")
            .description("When the server rejects a batch because of some rows, the batch is halved until those rows are found. "
                    + "This bounds the extra inserts per batch; rows still in doubt after that go to failure with the server's error.")
            .required(true)
            .defaultValue("200")
            .addValidator(StandardValidators.NON_NEGATIVE_INTEGER_VALIDATOR)
            .build();

    public static final PropertyDescriptor NULLS_IN_NON_NULLABLE = new PropertyDescriptor.Builder()
            .name(NullHandling.PROPERTY_NAME)
            .description("What happens to a NULL value for a column that is not Nullable. 'Use Column Default' writes the column's "
                    + "default, as ClickHouse does (its input_format_null_as_default), and counts it in clickhouse.nulls.defaulted; "
                    + "'Route To Failure' sends the record to failure (NULL_NOT_ALLOWED), naming the column. A field that a record "
                    + "does not have at all always leaves its column to the default, as in any INSERT.")
            .required(true)
            .allowableValues(NullHandling.class)
            .defaultValue(NullHandling.COLUMN_DEFAULT)
            .build();

    public static final PropertyDescriptor CREATE_TABLE = new PropertyDescriptor.Builder()
            .name("Create Missing Table")
            .description("Creates a missing table from the first batch's record schema.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .build();

    public static final PropertyDescriptor ADD_COLUMNS = new PropertyDescriptor.Builder()
            .name("Add Missing Columns")
            .description("Adds a Nullable column for each record field the table lacks. Existing columns are never changed or dropped.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .build();

    public static final PropertyDescriptor MAX_COLUMNS = new PropertyDescriptor.Builder()
            .name("Max Columns")
            .description("The most columns a table Spotlight creates or widens may have. A FlowFile whose fields would take the "
                    + "table beyond goes to failure (TOO_MANY_COLUMNS) before any DDL is sent, and the other FlowFiles of its batch "
                    + "go on: a record of thousands of fields would otherwise make a CREATE TABLE or ALTER TABLE longer than the "
                    + "server's max_query_size, which fails the whole batch. InferSchemaAndCast's property of the same name bounds "
                    + "inferred schemas the same way.")
            .required(true)
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .defaultValue(String.valueOf(TypingOptions.DEFAULT_MAX_COLUMNS))
            .dependsOn(CREATE_TABLE, "true")
            .build();

    public static final PropertyDescriptor TABLE_ENGINE = new PropertyDescriptor.Builder()
            .name("Table Engine")
            .description("The engine of created tables.")
            .required(true)
            .allowableValues(TableEngine.class)
            .defaultValue(TableEngine.MERGE_TREE)
            .dependsOn(CREATE_TABLE, "true")
            .build();

    public static final PropertyDescriptor VERSION_COLUMN = new PropertyDescriptor.Builder()
            .name("Version Column")
            .description("ReplacingMergeTree's version column: of rows with the same ORDER BY key, the one with the highest version is kept.")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(TABLE_ENGINE, TableEngine.REPLACING_MERGE_TREE)
            .build();

    public static final PropertyDescriptor ORDER_BY = new PropertyDescriptor.Builder()
            .name("Order By")
            .description("Sorting key of created tables, a ClickHouse expression such as 'doc_id, transaction_date'. Empty for none. "
                    + "Its columns are created non-Nullable.")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(expressionValidator("ORDER BY"))
            .dependsOn(CREATE_TABLE, "true")
            .build();

    public static final PropertyDescriptor PARTITION_BY = new PropertyDescriptor.Builder()
            .name("Partition By")
            .description("Partition expression of created tables, e.g. 'toYYYYMM(transaction_date)'. Empty for none.")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(expressionValidator("PARTITION BY"))
            .dependsOn(CREATE_TABLE, "true")
            .build();

    public static final PropertyDescriptor STORAGE_POLICY = new PropertyDescriptor.Builder()
            .name("Storage Policy")
            .description("Storage policy of created tables, e.g. an S3/MinIO policy. It must be one of the server's policies "
                    + "(system.storage_policies); servers without storage policies cannot use one.")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(CREATE_TABLE, "true")
            .build();

    public static final PropertyDescriptor REPLICATED = new PropertyDescriptor.Builder()
            .name("Replicated Table")
            .description("Creates tables with the Replicated variant of the engine (needs ZooKeeper or ClickHouse Keeper). Replicated "
                    + "tables deduplicate retried inserts even on servers without insert_deduplication_token.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .dependsOn(CREATE_TABLE, "true")
            .build();

    public static final PropertyDescriptor ZOOKEEPER_PATH = new PropertyDescriptor.Builder()
            .name("ZooKeeper Path")
            .description("The replicated table's path in ZooKeeper. {database} and {table} are replaced by Spotlight; other macros "
                    + "such as {shard} by the server.")
            .required(true)
            .defaultValue("/clickhouse/tables/{shard}/{database}.{table}")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(REPLICATED, "true")
            .build();

    public static final PropertyDescriptor REPLICA_NAME = new PropertyDescriptor.Builder()
            .name("Replica Name")
            .description("The replica's name, usually the server macro {replica}.")
            .required(true)
            .defaultValue("{replica}")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(REPLICATED, "true")
            .build();

    public static final PropertyDescriptor DEDUPLICATION_WINDOW = new PropertyDescriptor.Builder()
            .name("Deduplication Window")
            .description("non_replicated_deduplication_window of created non-replicated tables, on servers that have it: how many "
                    + "recent inserts the table remembers to drop retries. 0 leaves the server default.")
            .required(true)
            .defaultValue("1000")
            .addValidator(StandardValidators.NON_NEGATIVE_INTEGER_VALIDATOR)
            .dependsOn(CREATE_TABLE, "true")
            .build();

    public static final Relationship REL_SUCCESS = new Relationship.Builder()
            .name("success")
            .description("FlowFiles whose records landed in ClickHouse.")
            .build();

    public static final Relationship REL_FAILURE = new Relationship.Builder()
            .name("failure")
            .description("Records that cannot be inserted as they are, with spotlight.error.* attributes saying why and "
                    + "spotlight.record.indexes saying which records of the original FlowFile they are.")
            .build();

    public static final Relationship REL_RETRY = new Relationship.Builder()
            .name("retry")
            .description("FlowFiles of batches that failed because of the server or the network (connection refused, timeouts, "
                    + "too many parts ...). Route back to this processor; they are penalized, and rebuilt into the same batch.")
            .build();

    private static final List<PropertyDescriptor> PROPERTIES = List.of(CLICKHOUSE_SERVICE, RECORD_READER, RECORD_WRITER, DATABASE, TABLE,
            FIELD_MAPPING, UNMATCHED_FIELD_BEHAVIOR, MAX_BATCH_ROWS, MAX_BATCH_SIZE, MAX_BATCH_WAIT, INSERT_FORMAT, DEDUPLICATE,
            IDEMPOTENCY_KEY_SOURCE, ASYNC_INSERT, MAX_ISOLATION_INSERTS, NULLS_IN_NON_NULLABLE, CREATE_TABLE, ADD_COLUMNS, MAX_COLUMNS, TABLE_ENGINE, VERSION_COLUMN,
            ORDER_BY, PARTITION_BY, STORAGE_POLICY, REPLICATED, ZOOKEEPER_PATH, REPLICA_NAME, DEDUPLICATION_WINDOW);

    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_FAILURE, REL_RETRY);

    /** Everything that is fixed while the processor is scheduled. */
    record Configuration(ClickHouseConnectionService clickHouse, RecordReaderFactory reader, RecordSetWriterFactory writer,
                         Map<String, String> columnByField, UnmatchedFields unmatchedFields, long maxRows, long maxBytes,
                         Duration maxWait, InsertFormat.Preference format, boolean deduplicate, KeySource keySource,
                         boolean asyncInsert, int maxIsolationInserts, NullPolicy nullPolicy, boolean createTable, boolean addColumns, int maxColumns, TableEngine engine,
                         String versionColumn, String orderBy, String partitionBy, String storagePolicy, boolean replicated,
                         String zooKeeperPath, String replicaName, int deduplicationWindow, Map<String, String> insertSettings) {
    }

    private volatile Configuration configuration;
    private volatile TableCatalog catalog;
    /** How long to leave ClickHouse alone after it failed: the wait doubles while failures go on, a landed insert ends it. */
    private volatile OutageBackoff outage = new OutageBackoff(OUTAGE_BACKOFF_INITIAL, OUTAGE_BACKOFF_MAXIMUM, Clock.systemUTC());
    /** Tables already warned about: the warning is logged once per table and schedule, not once per batch. */
    private final Set<Target> atLeastOnceTables = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTIES;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    @Override
    protected PropertyDescriptor getSupportedDynamicPropertyDescriptor(final String propertyDescriptorName) {
        return ClickHouseSettingProperties.dynamic(propertyDescriptorName, "ClickHouse setting sent with every insert");
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        final String mapping = context.getProperty(FIELD_MAPPING).getValue();
        if (mapping != null && !context.isExpressionLanguagePresent(mapping)) {
            try {
                FieldMapping.parse(mapping);
            } catch (final IllegalArgumentException e) {
                results.add(new ValidationResult.Builder().subject(FIELD_MAPPING.getDisplayName()).input(mapping).valid(false)
                        .explanation(e.getMessage()).build());
            }
        }
        return results;
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        final Map<String, String> insertSettings = new TreeMap<>();
        context.getProperties().keySet().stream().filter(PropertyDescriptor::isDynamic).forEach(descriptor ->
                insertSettings.put(descriptor.getName(), context.getProperty(descriptor).evaluateAttributeExpressions().getValue()));
        final ClickHouseConnectionService clickHouse = context.getProperty(CLICKHOUSE_SERVICE).asControllerService(ClickHouseConnectionService.class);
        final String mapping = context.getProperty(FIELD_MAPPING).evaluateAttributeExpressions().getValue();
        final boolean createTable = context.getProperty(CREATE_TABLE).asBoolean();
        configuration = new Configuration(
                clickHouse,
                context.getProperty(RECORD_READER).asControllerService(RecordReaderFactory.class),
                context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class),
                mapping == null ? Map.of() : FieldMapping.parse(mapping),
                context.getProperty(UNMATCHED_FIELD_BEHAVIOR).asAllowableValue(UnmatchedFields.class),
                context.getProperty(MAX_BATCH_ROWS).asLong(),
                context.getProperty(MAX_BATCH_SIZE).asDataSize(DataUnit.B).longValue(),
                Duration.ofMillis(context.getProperty(MAX_BATCH_WAIT).asTimePeriod(TimeUnit.MILLISECONDS)),
                context.getProperty(INSERT_FORMAT).asAllowableValue(InsertFormat.Preference.class),
                context.getProperty(DEDUPLICATE).asBoolean(),
                context.getProperty(IDEMPOTENCY_KEY_SOURCE).asAllowableValue(KeySource.class),
                context.getProperty(ASYNC_INSERT).asBoolean(),
                context.getProperty(MAX_ISOLATION_INSERTS).asInteger(),
                context.getProperty(NULLS_IN_NON_NULLABLE).asAllowableValue(NullHandling.class).policy(),
                createTable,
                context.getProperty(ADD_COLUMNS).asBoolean(),
                createTable ? context.getProperty(MAX_COLUMNS).asInteger() : Integer.MAX_VALUE,
                createTable ? context.getProperty(TABLE_ENGINE).asAllowableValue(TableEngine.class) : TableEngine.MERGE_TREE,
                createTable ? context.getProperty(VERSION_COLUMN).getValue() : null,
                createTable ? blankAsNone(context.getProperty(ORDER_BY).evaluateAttributeExpressions().getValue()) : null,
                createTable ? blankAsNone(context.getProperty(PARTITION_BY).evaluateAttributeExpressions().getValue()) : null,
                createTable ? context.getProperty(STORAGE_POLICY).evaluateAttributeExpressions().getValue() : null,
                createTable && context.getProperty(REPLICATED).asBoolean(),
                context.getProperty(ZOOKEEPER_PATH).getValue(),
                context.getProperty(REPLICA_NAME).getValue(),
                createTable ? context.getProperty(DEDUPLICATION_WINDOW).asInteger() : 0,
                insertSettings);
        catalog = new TableCatalog(clickHouse, TABLE_CACHE_AGE, Clock.systemUTC());
        outage = new OutageBackoff(OUTAGE_BACKOFF_INITIAL, OUTAGE_BACKOFF_MAXIMUM, Clock.systemUTC());
        atLeastOnceTables.clear();
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) throws ProcessException {
        if (outage.isWaiting()) {
            // The server or the network failed a moment ago: the FlowFiles wait in the queue instead of all going round
            // the retry loop, and the processor tries again with one batch once the wait is over.
            context.yield();
            return;
        }
        final Configuration config = configuration;
        final BatchCollector collector = new BatchCollector(config.maxRows(), config.maxBytes());
        final List<FlowFile> flowFiles = session.get(flowFile -> switch (collector.offer(candidate(flowFile))) {
            case TAKE -> FlowFileFilterResult.ACCEPT_AND_CONTINUE;
            case TAKE_AND_STOP -> FlowFileFilterResult.ACCEPT_AND_TERMINATE;
            case SKIP -> FlowFileFilterResult.REJECT_AND_CONTINUE;
            case STOP -> FlowFileFilterResult.REJECT_AND_TERMINATE;
        });
        if (flowFiles.isEmpty()) {
            return;
        }
        if (!collector.ready(System.currentTimeMillis(), config.maxWait(), RETRY_REASSEMBLY)) {
            // Not full yet and nothing has waited long enough: leave the FlowFiles queued for a bigger batch.
            session.rollback();
            context.yield();
            return;
        }

        final Map<Target, List<FlowFile>> byTarget = new LinkedHashMap<>();
        final Router router = new Router(session, getLogger());
        for (FlowFile flowFile : flowFiles) {
            final Target target;
            try {
                target = Target.of(context.getProperty(DATABASE).evaluateAttributeExpressions(flowFile).getValue(),
                        context.getProperty(TABLE).evaluateAttributeExpressions(flowFile).getValue(), config.clickHouse().getDatabase());
            } catch (final IllegalArgumentException e) {
                router.failWhole(flowFile, null, INVALID_TARGET, e.getMessage());
                continue;
            }
            byTarget.computeIfAbsent(target, key -> new ArrayList<>()).add(flowFile);
        }
        byTarget.forEach((target, members) -> insertBatch(config, session, router, target, members));
        if (router.outage() != null && !router.landed()) {
            final Duration wait = outage.failed();
            getLogger().warn("ClickHouse is unavailable ({} failures in a row); leaving the queue alone for {}: {}", outage.failures(), wait,
                    router.outage().getMessage());
            context.yield();
        } else if (router.landed()) {
            outage.succeeded();
        }
    }

    private static BatchCollector.Candidate candidate(final FlowFile flowFile) {
        final String retryGroup = flowFile.getAttribute(RETRY_BATCH);
        // The entry date stands in where a queue date is not known (FlowFiles that were never queued).
        final Long queued = flowFile.getLastQueueDate();
        return new BatchCollector.Candidate(flowFile.getSize(), parseLong(flowFile.getAttribute(SpotlightAttributes.RECORD_COUNT), -1),
                retryGroup, (int) parseLong(flowFile.getAttribute(RETRY_BATCH_SIZE), 1),
                queued == null || queued <= 0 ? flowFile.getEntryDate() : queued);
    }

    /** One insert batch for one table: table management, the insert, and routing of every FlowFile. */
    private void insertBatch(final Configuration config, final ProcessSession session, final Router router, final Target target,
                             final List<FlowFile> flowFiles) {
        final ClickHouseConnectionService clickHouse = config.clickHouse();
        final List<FlowFile> readable = new ArrayList<>();
        final Map<FlowFile, List<Schemas.SourceField>> schemas = new LinkedHashMap<>();
        try {
            final ClickHouseServerInfo server = clickHouse.getServerInfo();
            // Raw JSON has no schema: its fields are scanned only when something needs them up front.
            final boolean fieldsNeeded = config.reader() != null || config.addColumns() || config.unmatchedFields() == UnmatchedFields.FAIL;
            for (FlowFile flowFile : flowFiles) {
                if (!fieldsNeeded || readSchema(config, server, session, router, target, flowFile, schemas)) {
                    readable.add(flowFile);
                }
            }
            if (readable.isEmpty()) {
                return;
            }
            TableCatalog.Table table = catalog.describe(target.database(), target.table()).orElse(null);
            if (table == null) {
                if (!config.createTable()) {
                    router.failAll(readable, target, UNKNOWN_TABLE, "Table " + target + " does not exist; create it or set Create Missing Table");
                    return;
                }
                readable.removeIf(flowFile -> !schemas.containsKey(flowFile) && !readSchema(config, server, session, router, target, flowFile, schemas));
                // A field whose name cannot be a column fails its own FlowFile, not the table every other FlowFile needs.
                readable.removeIf(flowFile -> failsOnUnsafeNames(config, router, target, flowFile, schemas.get(flowFile)));
                final Set<String> tableColumns = new HashSet<>();
                readable.removeIf(flowFile -> failsOnTooManyColumns(config, router, target, flowFile, schemas.get(flowFile), tableColumns));
                if (readable.isEmpty()) {
                    return;
                }
                table = catalog.create(definition(config, server, target, readable.stream().map(schemas::get).toList()));
                getLogger().info("Created table {}", target);
            }
            final Map<FlowFile, Map<String, String>> fieldsByColumn = new LinkedHashMap<>();
            table = mapFields(config, router, target, table, readable, schemas, fieldsByColumn);
            if (fieldsByColumn.isEmpty()) {
                return;
            }
            final Set<String> provided = new LinkedHashSet<>();
            fieldsByColumn.values().forEach(mapping -> provided.addAll(mapping.keySet()));
            final List<ClickHouseColumn> columns = table.columns().stream()
                    .filter(column -> column.isInsertable() && provided.contains(column.name())).toList();
            if (columns.isEmpty()) {
                router.failAll(fieldsByColumn.keySet(), target, NO_MATCHING_COLUMNS,
                        "None of the record fields matches a column of " + target + " (columns: "
                                + table.columns().stream().map(ClickHouseColumn::name).toList() + ")");
                return;
            }
            insert(config, session, router, server, target, table, columns, fieldsByColumn);
        } catch (final ClickHouseException e) {
            // Before any insert was sent (server info, table lookup, DDL): nothing to deduplicate on retry.
            catalog.invalidate(target.database(), target.table());
            final List<FlowFile> pending = router.unrouted(flowFiles);
            if (e.isRetryable()) {
                router.retryAll(pending, target, e, null);
            } else {
                router.failAll(pending, target, InsertErrors.codeOf(e), e.getMessage());
            }
        } catch (final IllegalArgumentException e) {
            // The table Spotlight was to create or use is not possible as configured (names, storage policy, keys).
            router.failAll(router.unrouted(flowFiles), target, INVALID_TARGET, e.getMessage());
        } catch (final IllegalStateException e) {
            // The server lacks what the configuration asks for, or a table vanished while being set up.
            router.failAll(router.unrouted(flowFiles), target, TABLE_SETUP_FAILED, e.getMessage());
        }
    }

    /**
     * Learns a FlowFile's fields and their column types: from the Record Reader's schema, or for raw JSON from the
     * spotlight.clickhouse.columns attribute InferSchemaAndCast writes, else by scanning the JSON. A FlowFile that cannot
     * be read goes to failure.
     *
     * @return whether the fields are known
     */
    private boolean readSchema(final Configuration config, final ClickHouseServerInfo server, final ProcessSession session, final Router router,
                               final Target target, final FlowFile flowFile, final Map<FlowFile, List<Schemas.SourceField>> schemas) {
        try {
            final String columns = flowFile.getAttribute(InferSchemaAndCast.ATTR_COLUMNS);
            if (RowBinaryWithNamesAndTypes.isMimeType(flowFile.getAttribute(CoreAttributes.MIME_TYPE.key()))) {
                // Typed content names its columns and their types itself, whatever Record Reader is configured.
                schemas.put(flowFile, Schemas.rowBinaryFields(session, flowFile));
                return true;
            }
            schemas.put(flowFile, config.reader() != null ? Schemas.fields(Schemas.read(session, flowFile, config.reader(), getLogger()), server)
                    : columns != null ? Schemas.fields(columns) : Schemas.fields(Schemas.scanJson(session, flowFile), server));
            return true;
        } catch (final Schemas.UnreadableException e) {
            router.failWhole(flowFile, target, RecordFailures.MALFORMED_RECORD, e.getMessage());
            return false;
        }
    }

    private void insert(final Configuration config, final ProcessSession session, final Router router, final ClickHouseServerInfo server,
                        final Target target, final TableCatalog.Table table, final List<ClickHouseColumn> columns,
                        final Map<FlowFile, Map<String, String>> fieldsByColumn) {
        final Deduplication deduplication = config.deduplicate()
                ? Deduplication.decide(server, table.engine(), table.engineFull(), catalog.defaultDeduplicationWindow())
                : Deduplication.NONE;
        if (config.deduplicate() && deduplication == Deduplication.NONE && atLeastOnceTables.add(target)) {
            getLogger().warn("Retries into {} are at-least-once: the table ({}) is not replicated and keeps no "
                    + "non_replicated_deduplication_window{}", target, table.engine(), server.supports(ClickHouseCapability.INSERT_DEDUPLICATION_TOKEN)
                    ? "" : ", and ClickHouse " + server.version() + " has no insert_deduplication_token");
        }
        // Tokens are derived from the FlowFiles' keys before the first insert; otherwise a content key is taken on the
        // way, while the records are read for the insert.
        final boolean keysUpFront = deduplication == Deduplication.TOKEN;
        final List<FlowFileRowSource> sources = new ArrayList<>();
        for (Map.Entry<FlowFile, Map<String, String>> entry : fieldsByColumn.entrySet()) {
            sources.add(new FlowFileRowSource(session, entry.getKey(), config.reader(), getLogger(), entry.getValue(),
                    Schemas.idempotencyKey(session, entry.getKey(), config.keySource(), keysUpFront)));
        }
        // A deterministic order: a retried batch sends its rows in the same order and so forms the same blocks. Retried
        // FlowFiles carry their place in the batch; fresh ones are ordered by uuid, which survives a NiFi restart.
        sources.sort(Comparator.comparingLong((FlowFileRowSource source) -> parseLong(source.flowFile().getAttribute(RETRY_BATCH_INDEX), -1))
                .thenComparing(source -> source.flowFile().getAttribute(CoreAttributes.UUID.key())));
        final List<String> columnNames = columns.stream().map(ClickHouseColumn::name).toList();
        final String keyUpFront = keysUpFront ? batchKey(target, columnNames, sources) : null;

        final InsertFormat format = InsertFormat.choose(config.format(), server);
        final Map<String, Object> settings = new LinkedHashMap<>(config.insertSettings());
        if (server.supports(ClickHouseCapability.ASYNC_INSERT)) {
            settings.put("async_insert", config.asyncInsert() ? 1 : 0);
            if (config.asyncInsert()) {
                settings.put("wait_for_async_insert", 1);
                if (deduplication != Deduplication.NONE) {
                    settings.put("async_insert_deduplicate", 1);
                }
            }
        }
        if (deduplication != Deduplication.NONE) {
            settings.put("insert_deduplicate", 1);
        }
        if (format == InsertFormat.JSON_EACH_ROW && server.supports(ClickHouseCapability.DEFAULTS_FOR_OMITTED_FIELDS)) {
            settings.put("input_format_defaults_for_omitted_fields", 1);
        }
        final BatchInserter inserter = new BatchInserter(config.clickHouse(), target.database(), target.table(), columns,
                new ValueCaster(ZoneId.of(server.timezone())), ZoneId.of(server.timezone()),
                new BatchInserter.Options(format, format.fillsDefaultsPerRow(server), settings,
                        deduplication == Deduplication.TOKEN, config.maxIsolationInserts(), config.nullPolicy()));

        final long started = System.nanoTime();
        final BatchOutcome outcome = inserter.insert(List.copyOf(sources), keyUpFront);
        final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        session.adjustCounter("Inserts", outcome.inserts(), false);
        final String batchKey = keyUpFront != null ? keyUpFront : batchKey(target, columnNames, sources);
        final Router.BatchInfo info = new Router.BatchInfo(target, batchKey, deduplication, outcome.queryIds().isEmpty() ? null
                : outcome.queryIds().getFirst(), transitUri(config.clickHouse(), target), millis);
        if (outcome.mustRetry()) {
            catalog.invalidate(target.database(), target.table());
            router.retryAll(sources.stream().map(FlowFileRowSource::flowFile).toList(), target, outcome.retryCause(), info);
            return;
        }
        for (int i = 0; i < sources.size(); i++) {
            router.settle(sources.get(i).flowFile(), sources.get(i).idempotencyKey(), outcome.sources().get(i), info, config.reader(),
                    config.writer());
        }
        if (outcome.sources().stream().anyMatch(source -> !source.failures().isEmpty())) {
            // Failed rows may stem from a schema change (a dropped column); look again next time.
            catalog.invalidate(target.database(), target.table());
        }
    }

    /**
     * The batch's key from its FlowFiles' keys. A FlowFile whose key is not known (it could not be read through) is
     * represented by its uuid, which is as stable across retries as the batch itself.
     */
    private static String batchKey(final Target target, final List<String> columnNames, final List<FlowFileRowSource> sources) {
        return IdempotencyKeys.forBatch(target.database(), target.table(), columnNames, sources.stream()
                .map(source -> source.idempotencyKey() != null ? source.idempotencyKey()
                        : "flowfile:" + source.flowFile().getAttribute(CoreAttributes.UUID.key()))
                .toList());
    }

    /**
     * Maps every readable FlowFile's fields to columns, adding columns for new fields when configured.
     *
     * @return the table as it is after any columns were added
     */
    private TableCatalog.Table mapFields(final Configuration config, final Router router, final Target target, final TableCatalog.Table table,
                                         final List<FlowFile> flowFiles, final Map<FlowFile, List<Schemas.SourceField>> schemas, final Map<FlowFile, Map<String, String>> fieldsByColumn) {
        TableCatalog.Table current = table;
        if (config.addColumns()) {
            final Set<String> tableColumns = new HashSet<>();
            current.columns().forEach(column -> tableColumns.add(column.name()));
            flowFiles.removeIf(flowFile -> schemas.containsKey(flowFile)
                    && failsOnTooManyColumns(config, router, target, flowFile, schemas.get(flowFile), tableColumns));
            final Map<String, ColumnDefinition> additions = new LinkedHashMap<>();
            for (FlowFile flowFile : flowFiles) {
                for (Schemas.SourceField field : schemas.get(flowFile)) {
                    final String column = config.columnByField().getOrDefault(field.name(), field.name());
                    // Fields whose names are not safe as column names fail their FlowFile below.
                    if (current.column(column).isEmpty() && !additions.containsKey(column) && unsafeName(column) == null) {
                        additions.put(column, ColumnDefinition.forField(column, field.type(), true, false));
                    }
                }
            }
            if (!additions.isEmpty()) {
                current = catalog.addColumns(target.database(), target.table(), List.copyOf(additions.values()));
                getLogger().info("Added columns {} to {}", additions.keySet(), target);
            }
        }
        for (FlowFile flowFile : flowFiles) {
            if (!schemas.containsKey(flowFile)) {
                fieldsByColumn.put(flowFile, everyColumn(config, current));
                continue;
            }
            final Map<String, String> mapping = new LinkedHashMap<>();
            final List<String> unmatched = new ArrayList<>();
            for (Schemas.SourceField field : schemas.get(flowFile)) {
                final String column = config.columnByField().getOrDefault(field.name(), field.name());
                if (current.column(column).filter(ClickHouseColumn::isInsertable).isPresent()) {
                    mapping.putIfAbsent(column, field.name());
                } else {
                    unmatched.add(field.name());
                }
            }
            if (!unmatched.isEmpty() && config.addColumns()) {
                final List<String> problems = unmatched.stream().map(field -> unsafeName(config.columnByField().getOrDefault(field, field)))
                        .filter(java.util.Objects::nonNull).toList();
                if (!problems.isEmpty()) {
                    router.failWhole(flowFile, target, INVALID_TARGET, "Cannot add columns for these fields: " + String.join("; ", problems));
                    continue;
                }
            }
            if (!unmatched.isEmpty() && config.unmatchedFields() == UnmatchedFields.FAIL) {
                router.failWhole(flowFile, target, UNMATCHED_FIELDS, "Fields " + unmatched + " have no column in " + target);
                continue;
            }
            fieldsByColumn.put(flowFile, mapping);
        }
        return current;
    }

    /**
     * For raw JSON whose fields were not scanned: every insertable column, fed by the field mapped to it or by the field of
     * its own name (unless that field is mapped to another column). Records without the field leave the column to its
     * default.
     */
    private static Map<String, String> everyColumn(final Configuration config, final TableCatalog.Table table) {
        final Map<String, String> fieldByColumn = new LinkedHashMap<>();
        config.columnByField().forEach((field, column) -> {
            if (table.column(column).filter(ClickHouseColumn::isInsertable).isPresent()) {
                fieldByColumn.putIfAbsent(column, field);
            }
        });
        for (ClickHouseColumn column : table.columns()) {
            if (column.isInsertable() && !config.columnByField().containsKey(column.name())) {
                fieldByColumn.putIfAbsent(column.name(), column.name());
            }
        }
        return fieldByColumn;
    }

    /** @return whether the FlowFile has fields that cannot become columns (and was failed for it) */
    private static boolean failsOnUnsafeNames(final Configuration config, final Router router, final Target target, final FlowFile flowFile,
                                              final List<Schemas.SourceField> fields) {
        final List<String> problems = fields.stream().map(field -> unsafeName(config.columnByField().getOrDefault(field.name(), field.name())))
                .filter(java.util.Objects::nonNull).limit(5).toList();
        if (problems.isEmpty()) {
            return false;
        }
        router.failWhole(flowFile, target, INVALID_TARGET, "Cannot create " + target + " with columns for these fields: " + String.join("; ", problems));
        return true;
    }

    /**
     * Whether the FlowFile's fields would take the table beyond Max Columns (and it was failed for it). FlowFiles are
     * taken in order: {@code tableColumns}, the columns the table has or will have, grows by the fields of each one that fits.
     */
    private static boolean failsOnTooManyColumns(final Configuration config, final Router router, final Target target, final FlowFile flowFile,
                                                 final List<Schemas.SourceField> fields, final Set<String> tableColumns) {
        final Set<String> added = new LinkedHashSet<>();
        for (Schemas.SourceField field : fields) {
            final String column = config.columnByField().getOrDefault(field.name(), field.name());
            if (!tableColumns.contains(column)) {
                added.add(column);
            }
        }
        if (tableColumns.size() + added.size() <= config.maxColumns()) {
            tableColumns.addAll(added);
            return false;
        }
        router.failWhole(flowFile, target, TOO_MANY_COLUMNS, "The FlowFile's fields would give " + target + " "
                + (tableColumns.size() + added.size()) + " columns, more than Max Columns (" + config.maxColumns() + ")");
        return true;
    }

    /** Why a name from data cannot become a column, or null when it can. */
    private static String unsafeName(final String name) {
        try {
            ClickHouseIdentifiers.requireSafeName("Column name", name);
            return null;
        } catch (final IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** The table to create for a batch: columns from the union of the FlowFiles' fields, in order of appearance. */
    private static TableDefinition definition(final Configuration config, final ClickHouseServerInfo server, final Target target,
                                              final List<List<Schemas.SourceField>> schemas) {
        if (config.storagePolicy() != null && !server.storagePolicies().contains(config.storagePolicy())) {
            throw new IllegalArgumentException("Storage policy '" + config.storagePolicy() + "' is not one of the server's policies "
                    + (server.storagePolicies().isEmpty() ? "(ClickHouse " + server.version() + " has none)" : server.storagePolicies()));
        }
        final Set<String> keyColumns = new LinkedHashSet<>();
        if (config.orderBy() != null) {
            keyColumns.addAll(SqlExpressions.identifiers(config.orderBy()));
        }
        if (config.partitionBy() != null) {
            keyColumns.addAll(SqlExpressions.identifiers(config.partitionBy()));
        }
        if (config.versionColumn() != null) {
            keyColumns.add(config.versionColumn());
        }
        final Map<String, ColumnDefinition> columns = new LinkedHashMap<>();
        for (List<Schemas.SourceField> fields : schemas) {
            for (Schemas.SourceField field : fields) {
                final String column = ClickHouseIdentifiers.requireSafeName("Column name", config.columnByField().getOrDefault(field.name(), field.name()));
                columns.putIfAbsent(column, ColumnDefinition.forField(column, field.type(), field.nullable(), keyColumns.contains(column)));
            }
        }
        final TableDefinition.Replication replication = config.replicated()
                ? new TableDefinition.Replication(config.zooKeeperPath().replace("{database}", target.database()).replace("{table}", target.table()),
                config.replicaName())
                : null;
        final int window = server.supports(ClickHouseCapability.NON_REPLICATED_DEDUPLICATION_WINDOW) && config.deduplicate()
                ? config.deduplicationWindow() : 0;
        return new TableDefinition(target.database(), target.table(), List.copyOf(columns.values()), config.engine(),
                config.versionColumn(), config.orderBy(), config.partitionBy(), replication, config.storagePolicy(), window);
    }

    private static String transitUri(final ClickHouseConnectionService clickHouse, final Target target) {
        try {
            return clickHouse.getTransitUri(target.database(), target.table());
        } catch (final RuntimeException e) {
            return "clickhouse:/" + target.database() + "/" + target.table();
        }
    }

    private static long parseLong(final String value, final long fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (final NumberFormatException e) {
            return fallback;
        }
    }

    private static String blankAsNone(final String expression) {
        return expression == null || expression.isBlank() ? null : expression;
    }

    private static org.apache.nifi.components.Validator expressionValidator(final String what) {
        return (subject, input, context) -> {
            if (context.isExpressionLanguageSupported(subject) && context.isExpressionLanguagePresent(input)) {
                return new ValidationResult.Builder().subject(subject).input(input).valid(true).explanation("checked when scheduled").build();
            }
            if (input == null || input.isBlank()) {
                // "Empty for none", as the descriptions say: an empty string set in the UI or a flow means no expression.
                return new ValidationResult.Builder().subject(subject).input(input).valid(true).build();
            }
            try {
                SqlExpressions.requireSingleExpression(what, input);
                return new ValidationResult.Builder().subject(subject).input(input).valid(true).build();
            } catch (final IllegalArgumentException e) {
                return new ValidationResult.Builder().subject(subject).input(input).valid(false).explanation(e.getMessage()).build();
            }
        };
    }

    /** A target table, validated: names from Expression Language that could smuggle SQL in are refused. */
    record Target(String database, String table) {
        static Target of(final String database, final String table, final String defaultDatabase) {
            final String resolvedDatabase = database == null || database.isBlank() ? defaultDatabase : database.strip();
            if (table == null || table.isBlank()) {
                throw new IllegalArgumentException("The Table property evaluated to an empty name");
            }
            return new Target(ClickHouseIdentifiers.requireSafeName("Database name", resolvedDatabase),
                    ClickHouseIdentifiers.requireSafeName("Table name", table.strip()));
        }

        @Override
        public String toString() {
            return ClickHouseIdentifiers.qualified(database, table);
        }
    }
}
