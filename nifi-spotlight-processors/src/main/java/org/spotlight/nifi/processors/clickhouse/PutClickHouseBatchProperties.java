package org.spotlight.nifi.processors.clickhouse;

import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.spotlight.clickhouse.ddl.SqlExpressions;
import org.spotlight.clickhouse.ddl.TableEngine;
import org.spotlight.clickhouse.insert.InsertFormat;
import org.spotlight.clickhouse.insert.RowBinaryWithNamesAndTypes;
import org.spotlight.nifi.DescribedEnum;
import org.spotlight.nifi.NullHandling;
import org.spotlight.nifi.services.clickhouse.ClickHouseConnectionService;
import org.spotlight.typing.TypingOptions;

import java.util.List;
import java.util.Set;

/**
 * PutClickHouseBatch's contract with flows: its properties (names are a contract; renames go through
 * migrateProperties), their allowable values and its relationships.
 */
public interface PutClickHouseBatchProperties {

    enum KeySource implements DescribedEnum {
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

    enum UnmatchedFields implements DescribedEnum {
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

    PropertyDescriptor CLICKHOUSE_SERVICE = new PropertyDescriptor.Builder()
            .name("ClickHouse Connection Service")
            .description("The ClickHouse server to insert into.")
            .required(true)
            .identifiesControllerService(ClickHouseConnectionService.class)
            .build();

    PropertyDescriptor RECORD_READER = new PropertyDescriptor.Builder()
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

    PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
            .name("Record Writer")
            .description("Writes the records of a FlowFile whose records did not all land: the rejected records go to failure, the "
                    + "landed ones to success, each in a FlowFile of its own. FlowFiles whose records all landed or all failed "
                    + "are routed unchanged. Without a Record Reader such records are written as JSON Lines.")
            .required(true)
            .identifiesControllerService(RecordSetWriterFactory.class)
            .dependsOn(RECORD_READER)
            .build();

    PropertyDescriptor DATABASE = new PropertyDescriptor.Builder()
            .name("Database")
            .description("The target database. Empty for the connection service's database. Names from Expression Language may only "
                    + "contain letters, digits, '_', '-', '.', '$' and inner spaces.")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    PropertyDescriptor TABLE = new PropertyDescriptor.Builder()
            .name("Table")
            .description("The target table, e.g. ${kafka.topic}. FlowFiles for different tables are inserted with one insert per table. "
                    + "Names from Expression Language may only contain letters, digits, '_', '-', '.', '$' and inner spaces.")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    PropertyDescriptor FIELD_MAPPING = new PropertyDescriptor.Builder()
            .name("Field Mapping")
            .description("Record fields whose column has another name, as comma-separated field=column pairs, e.g. "
                    + "'Transaction Date=transaction_date, amt=amount'. Other fields go to the column of their own name.")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    PropertyDescriptor UNMATCHED_FIELD_BEHAVIOR = new PropertyDescriptor.Builder()
            .name("Unmatched Field Behavior")
            .description("What to do with record fields that have no column in the table.")
            .required(true)
            .allowableValues(UnmatchedFields.class)
            .defaultValue(UnmatchedFields.IGNORE)
            .build();

    PropertyDescriptor MAX_BATCH_ROWS = new PropertyDescriptor.Builder()
            .name("Max Batch Rows")
            .description("A batch takes FlowFiles until their record.count attributes add up to this. FlowFiles without record.count "
                    + "count only against Max Batch Size. ClickHouse prefers few large inserts (thousands to a million rows).")
            .required(true)
            .defaultValue("100000")
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .build();

    PropertyDescriptor MAX_BATCH_SIZE = new PropertyDescriptor.Builder()
            .name("Max Batch Size")
            .description("A batch takes FlowFiles until their content adds up to this size.")
            .required(true)
            .defaultValue("64 MB")
            .addValidator(StandardValidators.DATA_SIZE_VALIDATOR)
            .build();

    PropertyDescriptor MAX_BATCH_WAIT = new PropertyDescriptor.Builder()
            .name("Max Batch Wait")
            .description("How long a batch that is not full waits for more FlowFiles, counted from when its oldest FlowFile was queued. "
                    + "0 sec inserts whatever is queued at once.")
            .required(true)
            .defaultValue("2 sec")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    PropertyDescriptor INSERT_FORMAT = new PropertyDescriptor.Builder()
            .name("Insert Format")
            .description("The format rows are streamed to ClickHouse in.")
            .required(true)
            .allowableValues(DescribedEnum.allowableValues(InsertFormat.Preference.class))
            .defaultValue(InsertFormat.Preference.AUTOMATIC.name())
            .build();

    PropertyDescriptor DEDUPLICATE = new PropertyDescriptor.Builder()
            .name("Deduplicate Retries")
            .description("Whether retried inserts carry what lets the server drop them if they landed before: insert_deduplication_token "
                    + "(servers that have it; non-replicated tables need non_replicated_deduplication_window, see Deduplication Window), "
                    + "or, on servers without tokens, deterministic blocks that replicated tables deduplicate by hash. Without either, "
                    + "a batch retried after the server stored it is stored twice.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("true")
            .build();

    PropertyDescriptor IDEMPOTENCY_KEY_SOURCE = new PropertyDescriptor.Builder()
            .name("Idempotency Key")
            .description("Where a FlowFile's idempotency key comes from. A batch's key is derived from its FlowFiles' keys.")
            .required(true)
            .allowableValues(KeySource.class)
            .defaultValue(KeySource.KAFKA_OR_CONTENT)
            .build();

    PropertyDescriptor ASYNC_INSERT = new PropertyDescriptor.Builder()
            .name("Async Insert")
            .description("Sets async_insert on servers that have it (newer servers may enable it by default). Off, each batch is "
                    + "one synchronous insert that is acknowledged once stored, which is what this processor's batching and "
                    + "retries rely on. On, the server buffers inserts (wait_for_async_insert = 1 is set as well).")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .build();

    PropertyDescriptor MAX_ISOLATION_INSERTS = new PropertyDescriptor.Builder()
            .name("Max Isolation Inserts")
            .description("When the server rejects a batch because of some rows, the batch is halved until those rows are found. "
                    + "This bounds the extra inserts per batch; rows still in doubt after that go to failure with the server's error.")
            .required(true)
            .defaultValue("200")
            .addValidator(StandardValidators.NON_NEGATIVE_INTEGER_VALIDATOR)
            .build();

    PropertyDescriptor NULLS_IN_NON_NULLABLE = new PropertyDescriptor.Builder()
            .name(NullHandling.PROPERTY_NAME)
            .description("What happens to a NULL value for a column that is not Nullable. 'Use Column Default' writes the column's "
                    + "default, as ClickHouse does (its input_format_null_as_default), and counts it in clickhouse.nulls.defaulted; "
                    + "'Route To Failure' sends the record to failure (NULL_NOT_ALLOWED), naming the column. A field that a record "
                    + "does not have at all always leaves its column to the default, as in any INSERT.")
            .required(true)
            .allowableValues(NullHandling.class)
            .defaultValue(NullHandling.COLUMN_DEFAULT)
            .build();

    PropertyDescriptor CREATE_TABLE = new PropertyDescriptor.Builder()
            .name("Create Missing Table")
            .description("Creates a missing table from the first batch's record schema.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .build();

    PropertyDescriptor ADD_COLUMNS = new PropertyDescriptor.Builder()
            .name("Add Missing Columns")
            .description("Adds a Nullable column for each record field the table lacks. Existing columns are never changed or dropped.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .build();

    PropertyDescriptor MAX_COLUMNS = new PropertyDescriptor.Builder()
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

    PropertyDescriptor TABLE_ENGINE = new PropertyDescriptor.Builder()
            .name("Table Engine")
            .description("The engine of created tables.")
            .required(true)
            .allowableValues(DescribedEnum.allowableValues(TableEngine.class))
            .defaultValue(TableEngine.MERGE_TREE.name())
            .dependsOn(CREATE_TABLE, "true")
            .build();

    PropertyDescriptor VERSION_COLUMN = new PropertyDescriptor.Builder()
            .name("Version Column")
            .description("ReplacingMergeTree's version column: of rows with the same ORDER BY key, the one with the highest version is kept.")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(TABLE_ENGINE, TableEngine.REPLACING_MERGE_TREE.name())
            .build();

    PropertyDescriptor ORDER_BY = new PropertyDescriptor.Builder()
            .name("Order By")
            .description("Sorting key of created tables, a ClickHouse expression such as 'doc_id, transaction_date'. Empty for none. "
                    + "Its columns are created non-Nullable.")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(expressionValidator("ORDER BY"))
            .dependsOn(CREATE_TABLE, "true")
            .build();

    PropertyDescriptor PARTITION_BY = new PropertyDescriptor.Builder()
            .name("Partition By")
            .description("Partition expression of created tables, e.g. 'toYYYYMM(transaction_date)'. Empty for none.")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(expressionValidator("PARTITION BY"))
            .dependsOn(CREATE_TABLE, "true")
            .build();

    PropertyDescriptor STORAGE_POLICY = new PropertyDescriptor.Builder()
            .name("Storage Policy")
            .description("Storage policy of created tables, e.g. an S3/MinIO policy. It must be one of the server's policies "
                    + "(system.storage_policies); servers without storage policies cannot use one.")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(CREATE_TABLE, "true")
            .build();

    PropertyDescriptor REPLICATED = new PropertyDescriptor.Builder()
            .name("Replicated Table")
            .description("Creates tables with the Replicated variant of the engine (needs ZooKeeper or ClickHouse Keeper). Replicated "
                    + "tables deduplicate retried inserts even on servers without insert_deduplication_token.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .dependsOn(CREATE_TABLE, "true")
            .build();

    PropertyDescriptor ZOOKEEPER_PATH = new PropertyDescriptor.Builder()
            .name("ZooKeeper Path")
            .description("The replicated table's path in ZooKeeper. {database} and {table} are replaced by Spotlight; other macros "
                    + "such as {shard} by the server.")
            .required(true)
            .defaultValue("/clickhouse/tables/{shard}/{database}.{table}")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(REPLICATED, "true")
            .build();

    PropertyDescriptor REPLICA_NAME = new PropertyDescriptor.Builder()
            .name("Replica Name")
            .description("The replica's name, usually the server macro {replica}.")
            .required(true)
            .defaultValue("{replica}")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(REPLICATED, "true")
            .build();

    PropertyDescriptor DEDUPLICATION_WINDOW = new PropertyDescriptor.Builder()
            .name("Deduplication Window")
            .description("non_replicated_deduplication_window of created non-replicated tables, on servers that have it: how many "
                    + "recent inserts the table remembers to drop retries. 0 leaves the server default.")
            .required(true)
            .defaultValue("1000")
            .addValidator(StandardValidators.NON_NEGATIVE_INTEGER_VALIDATOR)
            .dependsOn(CREATE_TABLE, "true")
            .build();

    Relationship REL_SUCCESS = new Relationship.Builder()
            .name("success")
            .description("FlowFiles whose records landed in ClickHouse.")
            .build();

    Relationship REL_FAILURE = new Relationship.Builder()
            .name("failure")
            .description("Records that cannot be inserted as they are, with spotlight.error.* attributes saying why and "
                    + "spotlight.record.indexes saying which records of the original FlowFile they are.")
            .build();

    Relationship REL_RETRY = new Relationship.Builder()
            .name("retry")
            .description("FlowFiles of batches that failed because of the server or the network (connection refused, timeouts, "
                    + "too many parts ...). Route back to this processor; they are penalized, and rebuilt into the same batch.")
            .build();

    List<PropertyDescriptor> PROPERTIES = List.of(CLICKHOUSE_SERVICE, RECORD_READER, RECORD_WRITER, DATABASE, TABLE,
            FIELD_MAPPING, UNMATCHED_FIELD_BEHAVIOR, MAX_BATCH_ROWS, MAX_BATCH_SIZE, MAX_BATCH_WAIT, INSERT_FORMAT, DEDUPLICATE,
            IDEMPOTENCY_KEY_SOURCE, ASYNC_INSERT, MAX_ISOLATION_INSERTS, NULLS_IN_NON_NULLABLE, CREATE_TABLE, ADD_COLUMNS, MAX_COLUMNS, TABLE_ENGINE, VERSION_COLUMN,
            ORDER_BY, PARTITION_BY, STORAGE_POLICY, REPLICATED, ZOOKEEPER_PATH, REPLICA_NAME, DEDUPLICATION_WINDOW);

    Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_FAILURE, REL_RETRY);

    private static Validator expressionValidator(final String what) {
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

}
