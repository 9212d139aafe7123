package org.spotlight.nifi.processors.typing;

import org.spotlight.clickhouse.types.NullPolicy;
import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.migration.PropertyConfiguration;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.spotlight.clickhouse.types.ClickHouseColumn;
import org.spotlight.clickhouse.types.TableSchemas;
import org.spotlight.nifi.SpotlightAttributes;
import org.spotlight.nifi.services.clickhouse.ClickHouseConnectionService;
import org.spotlight.clickhouse.client.ClickHouseException;
import org.spotlight.typing.Derivation;
import org.spotlight.typing.InferredSchema;
import org.spotlight.typing.RecordCaster;
import org.spotlight.typing.RecordPreparer;
import org.spotlight.typing.SchemaCache;
import org.spotlight.typing.SchemaDrift;
import org.spotlight.typing.TargetColumn;
import org.spotlight.typing.TypingOptions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

@Tags({"record", "schema", "inference", "infer", "type", "cast", "convert", "clickhouse", "json", "csv", "spotlight"})
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@CapabilityDescription("Types semi-structured records for ClickHouse. In 'Infer Types' mode it infers a ClickHouse column type for every "
        + "field from a sample of the records, never a union of types: integers widen to UInt64, Decimal(P, S) and Float64, strings "
        + "become Date, DateTime or DateTime64 only when every sampled value is one, numbers inside strings, percentages, dollar "
        + "ranges and epoch values are recognised, and columns are Nullable only when NULLs or missing fields were seen. In 'Cast "
        + "To Table' mode it casts every value to the column types of an existing table. Either way the records are written with "
        + "the resulting schema and the column list in spotlight.clickhouse.columns, ready for PutClickHouseBatch; a record that "
        + "cannot be cast without loss goes to failure on its own, in its original form, with the field, value, type and reason. "
        + "With a Schema Cache Key (e.g. ${kafka.topic}) a stream keeps one schema that only widens, and changes are reported "
        + "as drift.")
@SeeAlso(classNames = "org.apache.nifi.processors.standard.ConvertRecord")
@DynamicProperty(name = "A field or column name", value = "A ClickHouse type, e.g. Decimal(18, 2) or LowCardinality(String)",
        expressionLanguageScope = ExpressionLanguageScope.NONE,
        description = "A type hint: the column for this field gets the given type instead of the inferred one, and values are cast "
                + "to it (percentages and dollar figures into numeric types, epoch numbers into DateTime). Infer mode only.")
@WritesAttributes({
        @WritesAttribute(attribute = InferSchemaAndCast.ATTR_COLUMNS, description = "Success: the ClickHouse columns as DDL, "
                + "`name` Type, ..., usable in CREATE TABLE t (...)"),
        @WritesAttribute(attribute = "record.count", description = "The number of records in the FlowFile"),
        @WritesAttribute(attribute = "mime.type", description = "Success: application/json (JSON Lines), "
                + "application/vnd.clickhouse.rowbinarywithnamesandtypes, or the Record Writer's MIME type; failure: application/json "
                + "for raw JSON records, else the Record Writer's"),
        @WritesAttribute(attribute = InferSchemaAndCast.ATTR_MODE, description = "Success: 'infer' or 'cast-to-table'"),
        @WritesAttribute(attribute = InferSchemaAndCast.ATTR_ORIGIN, description = "Success: where the schema came from: 'inferred' "
                + "(from this FlowFile), 'cached' (the stream's schema fitted), 'widened' (the stream's schema had to change) or 'table'"),
        @WritesAttribute(attribute = InferSchemaAndCast.ATTR_SCHEMA_KEY, description = "Success: the evaluated Schema Cache Key"),
        @WritesAttribute(attribute = InferSchemaAndCast.ATTR_SCHEMA_VERSION, description = "Success: the version of the stream's schema, "
                + "1 for the first, incremented with every drift"),
        @WritesAttribute(attribute = InferSchemaAndCast.ATTR_SAMPLED, description = "Success: how many records of this FlowFile were sampled"),
        @WritesAttribute(attribute = InferSchemaAndCast.ATTR_DRIFT, description = "Success: 'true' when this FlowFile changed the stream's schema"),
        @WritesAttribute(attribute = InferSchemaAndCast.ATTR_DRIFT_ADDED, description = "On drift: the new columns as DDL"),
        @WritesAttribute(attribute = InferSchemaAndCast.ATTR_DRIFT_CHANGED, description = "On drift: changed columns, 'name: Old -> New; ...'"),
        @WritesAttribute(attribute = InferSchemaAndCast.ATTR_DRIFT_ALTER, description = "On drift: ALTER TABLE clauses that bring a table "
                + "of the previous schema up to date"),
        @WritesAttribute(attribute = InferSchemaAndCast.ATTR_COLLISIONS, description = "Fields renamed because their normalised "
                + "names collided, 'field -> column (reason); ...'"),
        @WritesAttribute(attribute = InferSchemaAndCast.ATTR_FAILED, description = "Success: how many records of the incoming FlowFile "
                + "went to failure"),
        @WritesAttribute(attribute = InferSchemaAndCast.ATTR_NULLS_DEFAULTED, description = "Success: NULL or missing values left to "
                + "the default of a non-Nullable column (by 'NULL In Non-Nullable Columns' = Use Column Default, for table columns a "
                + "record does not mention, and for arrays, maps and tuples, which cannot be NULL and become empty)"),
        @WritesAttribute(attribute = InferSchemaAndCast.ATTR_FIELD, description = "Failure: the field that could not be cast"),
        @WritesAttribute(attribute = InferSchemaAndCast.ATTR_COLUMN, description = "Failure: the column the field was meant for"),
        @WritesAttribute(attribute = InferSchemaAndCast.ATTR_VALUE, description = "Failure: the value (abbreviated), or NULL"),
        @WritesAttribute(attribute = InferSchemaAndCast.ATTR_TYPE, description = "Failure: the column type the value did not fit"),
        @WritesAttribute(attribute = InferSchemaAndCast.ATTR_REASON, description = "Failure: why"),
        @WritesAttribute(attribute = SpotlightAttributes.ERROR_CODE, description = "Failure: CAST_FAILED, NULL_NOT_ALLOWED, "
                + "UNEXPECTED_FIELD, INVALID_INPUT (content not readable as records), TABLE_NOT_FOUND or a ClickHouse error code"),
        @WritesAttribute(attribute = SpotlightAttributes.ERROR_SOURCE, description = "Failure: InferSchemaAndCast"),
        @WritesAttribute(attribute = SpotlightAttributes.ERROR_MESSAGE, description = "Failure: what went wrong"),
        @WritesAttribute(attribute = SpotlightAttributes.ERROR_RETRYABLE, description = "Failure: whether trying again may succeed"),
        @WritesAttribute(attribute = SpotlightAttributes.ERROR_CLASS, description = "Failure: permanent or transient"),
        @WritesAttribute(attribute = SpotlightAttributes.RECORD_INDEXES, description = "Failure: the record's 0-based index in the incoming FlowFile"),
        @WritesAttribute(attribute = SpotlightAttributes.TARGET_DATABASE, description = "Cast To Table: the table's database"),
        @WritesAttribute(attribute = SpotlightAttributes.TARGET_TABLE, description = "Cast To Table: the table")
})
@UseCase(description = "Type JSON from a Kafka topic for a ClickHouse table that does not exist yet.",
        configuration = """
                Leave "Record Reader" unset (raw JSON gives the most precise types). Set "Output Format" to \
                "RowBinaryWithNamesAndTypes" when PutClickHouseBatch loads the records (it forwards them without parsing), or \
                leave it at "JSON Lines" for any other JSON consumer.
                Set "Schema Cache Key" to ${kafka.topic} so that the topic keeps one schema.
                Let PutClickHouseBatch create the table (Create Missing Table) from the spotlight.clickhouse.columns attribute, \
                or create it yourself from that attribute and apply spotlight.typing.drift.alter whenever spotlight.typing.drift is true.
                """)
@UseCase(description = "Cast records to the column types of an existing ClickHouse table, routing the records that do not fit.",
        configuration = """
                Set "Typing Mode" to "Cast To Table", "ClickHouse Connection Service" to the server and "Table" to the table, \
                e.g. ${kafka.topic}. Fields match columns by name or snake_case name; dollar ranges fill <column>_min and \
                <column>_max columns. Connect failure to RouteToFailureDb.
                """)
public class InferSchemaAndCast extends AbstractProcessor {

    public static final String ATTR_COLUMNS = "spotlight.clickhouse.columns";
    public static final String ATTR_MODE = "spotlight.typing.mode";
    public static final String ATTR_ORIGIN = "spotlight.typing.schema.origin";
    public static final String ATTR_SCHEMA_KEY = "spotlight.typing.schema.key";
    public static final String ATTR_SCHEMA_VERSION = "spotlight.typing.schema.version";
    public static final String ATTR_SAMPLED = "spotlight.typing.sampled";
    public static final String ATTR_DRIFT = "spotlight.typing.drift";
    public static final String ATTR_DRIFT_ADDED = "spotlight.typing.drift.added";
    public static final String ATTR_DRIFT_CHANGED = "spotlight.typing.drift.changed";
    public static final String ATTR_DRIFT_ALTER = "spotlight.typing.drift.alter";
    public static final String ATTR_COLLISIONS = "spotlight.typing.name.collisions";
    public static final String ATTR_FAILED = "spotlight.typing.failed.count";
    public static final String ATTR_NULLS_DEFAULTED = "spotlight.typing.nulls.defaulted";
    public static final String ATTR_FIELD = "spotlight.typing.field";
    public static final String ATTR_COLUMN = "spotlight.typing.column";
    public static final String ATTR_VALUE = "spotlight.typing.value";
    public static final String ATTR_TYPE = "spotlight.typing.type";
    public static final String ATTR_REASON = "spotlight.typing.reason";
    /** The error code of a FlowFile that typing failed on unexpectedly. */
    static final String PROCESSING_ERROR = "PROCESSING_ERROR";

    public static final Relationship REL_SUCCESS = new Relationship.Builder()
            .name("success")
            .description("The typed records of each incoming FlowFile (when any could be typed), with the ClickHouse column list.")
            .build();

    public static final Relationship REL_FAILURE = new Relationship.Builder()
            .name("failure")
            .description("Each record that cannot be typed, alone and in its original form, with attributes naming the field, value, "
                    + "type and reason; and incoming FlowFiles whose content cannot be read as records, unchanged. Records in = "
                    + "records on success + records on failure.")
            .build();

    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_FAILURE);

    /** A table's columns and when they were read. */
    private record TableColumns(List<ClickHouseColumn> columns, long readAtNanos) {
    }

    private volatile SchemaCache schemaCache;
    /** Built on the first trigger after a start, once the server (if any) has told which types it has. */
    private volatile TypingOptions options;
    private final Map<String, TableColumns> tables = new ConcurrentHashMap<>();

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return TypingProperties.DESCRIPTORS;
    }

    @Override
    protected PropertyDescriptor getSupportedDynamicPropertyDescriptor(final String propertyDescriptorName) {
        return TypingProperties.typeHint(propertyDescriptorName);
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        final boolean toTable = TypingProperties.MODE_TABLE.getValue().equals(context.getProperty(TypingProperties.MODE).getValue());
        if (context.getProperty(TypingProperties.RECORD_READER).isSet() && outputFormat(context) != TypingProperties.OutputFormat.RECORD_WRITER) {
            results.add(new ValidationResult.Builder().subject(TypingProperties.OUTPUT_FORMAT.getDisplayName()).valid(false)
                    .explanation("records read with a Record Reader are written with a Record Writer: set Output Format to Record "
                            + "Writer (JSON Lines and RowBinaryWithNamesAndTypes are written directly only for raw JSON input)").build());
        }
        if (toTable && !context.getProperty(TypingProperties.CLICKHOUSE).isSet()) {
            results.add(new ValidationResult.Builder().subject(TypingProperties.CLICKHOUSE.getDisplayName()).valid(false)
                    .explanation("casting to a table needs the ClickHouse Connection Service to read the table's columns").build());
        }
        return results;
    }

    private static TypingProperties.OutputFormat outputFormat(final PropertyContext context) {
        return context.getProperty(TypingProperties.OUTPUT_FORMAT).asAllowableValue(TypingProperties.OutputFormat.class);
    }

    /** Before Output Format existed, a set Record Writer was how the records were written. */
    @Override
    public void migrateProperties(final PropertyConfiguration config) {
        if (!config.isPropertySet(TypingProperties.OUTPUT_FORMAT) && config.isPropertySet(TypingProperties.RECORD_WRITER)) {
            config.setProperty(TypingProperties.OUTPUT_FORMAT, TypingProperties.OutputFormat.RECORD_WRITER.getValue());
        }
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        // A fresh cache per start: schemas inferred under other settings must not survive a change of settings.
        schemaCache = new SchemaCache(context.getProperty(TypingProperties.SCHEMA_CACHE_SIZE).asInteger());
        tables.clear();
        options = null;
    }

    private TypingOptions options(final ProcessContext context, final ClickHouseConnectionService clickHouse) {
        TypingOptions current = options;
        if (current == null) {
            current = TypingProperties.options(context, clickHouse == null ? null : clickHouse.getServerInfo());
            options = current;
        }
        return current;
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) throws ProcessException {
        final FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        final ClickHouseConnectionService clickHouse = context.getProperty(TypingProperties.CLICKHOUSE).asControllerService(ClickHouseConnectionService.class);
        final TypingProperties.OutputFormat format = outputFormat(context);
        final TypingRun run = new TypingRun(session, flowFile,
                context.getProperty(TypingProperties.RECORD_READER).asControllerService(RecordReaderFactory.class), format,
                format == TypingProperties.OutputFormat.RECORD_WRITER
                        ? context.getProperty(TypingProperties.RECORD_WRITER).asControllerService(RecordSetWriterFactory.class) : null,
                getLogger());
        try {
            final TypingOptions options = options(context, clickHouse);
            if (TypingProperties.inferring(context)) {
                infer(context, session, flowFile, run, options);
            } else {
                castToTable(context, session, flowFile, run, options, clickHouse);
            }
        } catch (final RecordSource.UnreadableInputException e) {
            getLogger().error("Routing {} to failure: {}", flowFile, e.getMessage());
            routeWhole(session, flowFile, "INVALID_INPUT", e.getMessage(), false, Map.of());
        } catch (final ClickHouseException e) {
            clickHouseFailure(context, session, flowFile, e);
        } catch (final RuntimeException e) {
            // Whatever the content, one FlowFile must not stop the ones after it: it leaves, unchanged, with the reason.
            getLogger().error("Routing {} to failure: typing it failed unexpectedly", flowFile, e);
            routeWhole(session, flowFile, PROCESSING_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage(), false, Map.of());
        }
    }

    private void clickHouseFailure(final ProcessContext context, final ProcessSession session, final FlowFile flowFile, final ClickHouseException e) {
        if (e.isRetryable()) {
            getLogger().warn("ClickHouse is not available ({}); {} stays queued and will be retried", e.getMessage(), flowFile);
            session.rollback(true);
            context.yield();
        } else {
            getLogger().error("Routing {} to failure: {}", flowFile, e.getMessage());
            routeWhole(session, flowFile, e.getErrorCode() > 0 ? String.valueOf(e.getErrorCode()) : e.getKind().name(), e.getMessage(), false, Map.of());
        }
    }

    private void infer(final ProcessContext context, final ProcessSession session, final FlowFile flowFile, final TypingRun run,
                       final TypingOptions options) throws RecordSource.UnreadableInputException {
        final String key = context.getProperty(TypingProperties.SCHEMA_CACHE_KEY).evaluateAttributeExpressions(flowFile).getValue();
        final boolean cached = key != null && !key.isEmpty();
        final int sampleSize = context.getProperty(TypingProperties.SAMPLE_SIZE).asInteger();
        final NullPolicy nullPolicy = TypingProperties.nullPolicy(context);
        final RecordPreparer preparer = RecordPreparer.of(options);
        final boolean absentAllowed = options.nullable() != TypingOptions.NullableMode.ALWAYS && nullPolicy == NullPolicy.COLUMN_DEFAULT;

        final SchemaCache.Entry entry = cached ? schemaCache.get(key) : null;
        if (entry != null) {
            // A steady stream: type with its schema, and sample only when a record does not fit it.
            final TypingRun.Pass attempt = run.pass(null, entry.schema().columns(), RecordCaster.forSchema(entry.schema(), options, nullPolicy),
                    preparer, absentAllowed, true, entry.profile().hintedColumns(entry.schema().columns()), entry.profile().fieldsWithoutValues(), Map.of());
            if (!attempt.stopped()) {
                finish(session, flowFile, attempt, entry.schema(), inferenceAttributes(key, entry.version(), "cached", 0, null), run);
                return;
            }
            try (TypingRun.Sample sample = run.sample(options, sampleSize)) {
                final SchemaCache.Widening widening = SchemaCache.widen(entry, sample.profile());
                final InferredSchema schema = widening.schema();
                final TypingRun.Pass pass = run.pass(sample, schema.columns(), RecordCaster.forSchema(schema, options, nullPolicy), preparer,
                        absentAllowed, false, Set.of(), Set.of(), Map.of());
                // Stored only now: a FlowFile that fails on the way leaves the stream's schema as it was.
                schemaCache.store(key, widening);
                if (!widening.drift().isEmpty()) {
                    getLogger().info("Schema of '{}' drifted to version {}: added [{}], changed [{}]", key, widening.version(),
                            widening.drift().addedColumns(), widening.drift().changedColumns());
                }
                finish(session, flowFile, pass, schema, inferenceAttributes(key, widening.version(),
                        widening.drift().isEmpty() ? "cached" : "widened", sample.profile().records(), widening.drift()), run);
            }
            return;
        }

        try (TypingRun.Sample sample = run.sample(options, sampleSize)) {
            final InferredSchema schema = sample.profile().resolve(null);
            final TypingRun.Pass pass = run.pass(sample, schema.columns(), RecordCaster.forSchema(schema, options, nullPolicy), preparer,
                    absentAllowed, false, Set.of(), Set.of(), Map.of());
            // A FlowFile without a single valid record says nothing about the stream: its (empty) schema is not kept.
            final boolean keep = cached && !schema.columns().isEmpty();
            if (keep) {
                schemaCache.put(key, new SchemaCache.Entry(sample.profile(), schema, 1));
            }
            finish(session, flowFile, pass, schema, inferenceAttributes(keep ? key : null, 1, "inferred", sample.profile().records(), null), run);
        }
    }

    private static Map<String, String> inferenceAttributes(final String key, final long version, final String origin, final long sampled,
                                                           final SchemaDrift drift) {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(ATTR_MODE, TypingProperties.MODE_INFER.getValue());
        attributes.put(ATTR_ORIGIN, origin);
        attributes.put(ATTR_SAMPLED, String.valueOf(sampled));
        if (key != null) {
            attributes.put(ATTR_SCHEMA_KEY, key);
            attributes.put(ATTR_SCHEMA_VERSION, String.valueOf(version));
        }
        final boolean drifted = drift != null && !drift.isEmpty();
        attributes.put(ATTR_DRIFT, String.valueOf(drifted));
        if (drifted) {
            attributes.put(ATTR_DRIFT_ADDED, drift.addedColumns());
            attributes.put(ATTR_DRIFT_CHANGED, drift.changedColumns());
            attributes.put(ATTR_DRIFT_ALTER, drift.alterClauses());
        }
        return attributes;
    }

    private void castToTable(final ProcessContext context, final ProcessSession session, final FlowFile flowFile, final TypingRun run,
                             final TypingOptions options, final ClickHouseConnectionService clickHouse) throws RecordSource.UnreadableInputException {
        final String databaseProperty = context.getProperty(TypingProperties.DATABASE).evaluateAttributeExpressions(flowFile).getValue();
        final String database = databaseProperty == null || databaseProperty.isBlank() ? clickHouse.getDatabase() : databaseProperty;
        final String table = context.getProperty(TypingProperties.TABLE).evaluateAttributeExpressions(flowFile).getValue();
        final Map<String, String> target = Map.of(SpotlightAttributes.TARGET_DATABASE, database, SpotlightAttributes.TARGET_TABLE, table);
        final List<ClickHouseColumn> columns = tableColumns(context, clickHouse, database, table);
        if (columns == null) {
            final String message = "Table " + database + "." + table + " does not exist";
            getLogger().error("Routing {} to failure: {}", flowFile, message);
            routeWhole(session, flowFile, "TABLE_NOT_FOUND", message, false, target);
            return;
        }
        final List<TargetColumn> targets = columns.stream().filter(ClickHouseColumn::isInsertable)
                .map(column -> new TargetColumn(column.name(), column.name(), Derivation.LENIENT, column.type())).toList();
        final InferredSchema schema = new InferredSchema(targets, List.of());
        final boolean failUnmatched = TypingProperties.UNMATCHED_FAIL.getValue().equals(context.getProperty(TypingProperties.UNMATCHED_FIELDS).getValue());
        final NullPolicy nullPolicy = TypingProperties.nullPolicy(context);
        final RecordCaster caster = RecordCaster.forTable(targets, options, failUnmatched, nullPolicy);
        final TypingRun.Pass pass = run.pass(null, targets, caster, new RecordPreparer(options.nullTokens(), false), true, false, Set.of(), Set.of(), target);
        final Map<String, String> attributes = new HashMap<>(target);
        attributes.put(ATTR_MODE, TypingProperties.MODE_TABLE.getValue());
        attributes.put(ATTR_ORIGIN, "table");
        finish(session, flowFile, pass, schema, attributes, run);
    }

    /** The table's columns, read again after the refresh interval; null when the table does not exist. */
    private List<ClickHouseColumn> tableColumns(final ProcessContext context, final ClickHouseConnectionService clickHouse,
                                                final String database, final String table) {
        final String key = database + "." + table;
        final long refreshNanos = context.getProperty(TypingProperties.TABLE_REFRESH).asTimePeriod(TimeUnit.NANOSECONDS);
        final TableColumns known = tables.get(key);
        if (known != null && System.nanoTime() - known.readAtNanos() < refreshNanos) {
            return known.columns();
        }
        final List<ClickHouseColumn> columns = TableSchemas.columns(clickHouse, database, table).orElse(null);
        if (columns == null) {
            tables.remove(key);
            return null;
        }
        tables.put(key, new TableColumns(columns, System.nanoTime()));
        return columns;
    }

    private void finish(final ProcessSession session, final FlowFile original, final TypingRun.Pass pass, final InferredSchema schema,
                        final Map<String, String> attributes, final TypingRun run) {
        final Map<String, String> all = new HashMap<>(attributes);
        all.put(ATTR_COLUMNS, schema.columnList());
        all.put(ATTR_FAILED, String.valueOf(pass.failures().size()));
        all.put(ATTR_NULLS_DEFAULTED, String.valueOf(pass.nullsDefaulted()));
        if (!schema.collisions().isEmpty()) {
            all.put(ATTR_COLLISIONS, schema.collisions().stream().map(Object::toString).collect(Collectors.joining("; ")));
        }
        // An empty FlowFile passes as an empty record set; one whose every record failed leaves nothing on success, nor does
        // one without columns where the format cannot say so (RowBinaryWithNamesAndTypes has no header without columns).
        if (pass.typed() > 0 || pass.records() == 0 && run.canBeEmpty(schema)) {
            session.transfer(session.putAllAttributes(pass.success(), all), REL_SUCCESS);
        } else {
            session.remove(pass.success());
        }
        session.transfer(pass.failures(), REL_FAILURE);
        session.remove(original);
        if (!pass.failures().isEmpty()) {
            getLogger().warn("{} of {} records of {} could not be typed and were routed to failure", pass.failures().size(), pass.records(), original);
        }
        session.adjustCounter("Records typed", pass.typed(), false);
        session.adjustCounter("Records routed to failure", pass.failures().size(), false);
    }

    private void routeWhole(final ProcessSession session, final FlowFile flowFile, final String code, final String message,
                            final boolean retryable, final Map<String, String> target) {
        final Map<String, String> attributes = new HashMap<>(target);
        attributes.put(SpotlightAttributes.ERROR_SOURCE, getClass().getSimpleName());
        attributes.put(SpotlightAttributes.ERROR_CODE, code);
        attributes.put(SpotlightAttributes.ERROR_MESSAGE, message);
        attributes.put(SpotlightAttributes.ERROR_RETRYABLE, String.valueOf(retryable));
        attributes.put(SpotlightAttributes.ERROR_CLASS, retryable ? "transient" : "permanent");
        session.transfer(session.putAllAttributes(flowFile, attributes), REL_FAILURE);
    }
}
