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
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.FlowFileFilter.FlowFileFilterResult;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.exception.ProcessException;
import org.spotlight.clickhouse.TargetTable;
import org.spotlight.clickhouse.ddl.SourceField;
import org.spotlight.clickhouse.ddl.TableCatalog;
import org.spotlight.clickhouse.insert.BatchCollector;
import org.spotlight.clickhouse.insert.BatchInserter;
import org.spotlight.clickhouse.insert.BatchOutcome;
import org.spotlight.clickhouse.insert.ColumnMapper;
import org.spotlight.clickhouse.insert.Deduplication;
import org.spotlight.clickhouse.insert.IdempotencyKeys;
import org.spotlight.clickhouse.insert.InsertErrors;
import org.spotlight.clickhouse.insert.InsertFormat;
import org.spotlight.clickhouse.insert.InsertSettings;
import org.spotlight.clickhouse.insert.RecordFailures;
import org.spotlight.clickhouse.insert.TableSetup;
import org.spotlight.clickhouse.types.ClickHouseColumn;
import org.spotlight.clickhouse.types.ValueCaster;
import org.spotlight.failure.OutageBackoff;
import org.spotlight.nifi.services.clickhouse.ClickHouseSettingProperties;
import org.spotlight.SpotlightAttributes;
import org.spotlight.clickhouse.client.ClickHouseCapability;
import org.spotlight.nifi.services.clickhouse.ClickHouseConnectionService;
import org.spotlight.clickhouse.client.ClickHouseException;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
public class PutClickHouseBatch extends AbstractProcessor implements PutClickHouseBatchProperties, PutClickHouseBatchAttributes {

    public static final String DEFAULT_YIELD_DURATION = "100 millis";

    static final Duration OUTAGE_BACKOFF_INITIAL = Duration.ofSeconds(1);
    static final Duration OUTAGE_BACKOFF_MAXIMUM = Duration.ofSeconds(30);
    /** How long a retried batch waits for its missing members before it goes ahead without them. */
    static final Duration RETRY_REASSEMBLY = Duration.ofSeconds(30);
    private static final Duration TABLE_CACHE_AGE = Duration.ofSeconds(60);

    private volatile BatchConfiguration configuration;
    private volatile TableCatalog catalog;
    /** How long to leave ClickHouse alone after it failed: the wait doubles while failures go on, a landed insert ends it. */
    private volatile OutageBackoff outage = new OutageBackoff(OUTAGE_BACKOFF_INITIAL, OUTAGE_BACKOFF_MAXIMUM, Clock.systemUTC());
    /** Tables already warned about: the warning is logged once per table and schedule, not once per batch. */
    private final Set<TargetTable> atLeastOnceTables = ConcurrentHashMap.newKeySet();

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
        configuration = BatchConfiguration.read(context);
        catalog = new TableCatalog(configuration.clickHouse(), TABLE_CACHE_AGE, Clock.systemUTC());
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
        final BatchConfiguration config = configuration;
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

        final Map<TargetTable, List<FlowFile>> byTarget = new LinkedHashMap<>();
        final Router router = new Router(session, getLogger());
        for (FlowFile flowFile : flowFiles) {
            try {
                byTarget.computeIfAbsent(TargetTable.of(context.getProperty(DATABASE).evaluateAttributeExpressions(flowFile).getValue(),
                        context.getProperty(TABLE).evaluateAttributeExpressions(flowFile).getValue(), config.clickHouse().getDatabase()),
                        key -> new ArrayList<>()).add(flowFile);
            } catch (final IllegalArgumentException e) {
                router.failWhole(flowFile, null, INVALID_TARGET, e.getMessage());
            }
        }
        byTarget.forEach((target, members) -> insertBatch(config, session, router, target, members));
        final Router.Outcome outcome = router.outcome();
        if (outcome.outage() != null && !outcome.landed()) {
            final Duration wait = outage.failed();
            getLogger().warn("ClickHouse is unavailable ({} failures in a row); leaving the queue alone for {}: {}", outage.failures(), wait,
                    outcome.outage().getMessage());
            context.yield();
        } else if (outcome.landed()) {
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
    private void insertBatch(final BatchConfiguration config, final ProcessSession session, final Router router, final TargetTable target,
                             final List<FlowFile> flowFiles) {
        final Map<FlowFile, ColumnMapper.Rejection> rejected = new LinkedHashMap<>();
        try {
            final ClickHouseServerInfo server = config.clickHouse().getServerInfo();
            final Map<FlowFile, List<SourceField>> fields = new LinkedHashMap<>();
            final TableSetup.FieldReader<FlowFile> reader = flowFile -> readFields(config, server, session, router, target, flowFile);
            final List<FlowFile> readable = new ArrayList<>();
            for (FlowFile flowFile : flowFiles) {
                final Optional<List<SourceField>> read = config.scanFields() ? reader.fields(flowFile) : Optional.empty();
                read.ifPresent(sourceFields -> fields.put(flowFile, sourceFields));
                if (read.isPresent() || !config.scanFields()) {
                    readable.add(flowFile);
                }
            }
            if (!readable.isEmpty()) {
                final TableSetup<FlowFile> setup = new TableSetup<>(catalog, config.columns(), config.tables(), getLogger()::info);
                setup.prepare(server, target, readable, fields, reader, rejected).ifPresent(plan -> {
                    routeRejected(router, target, rejected);
                    insert(config, session, router, server, target, plan);
                });
            }
        } catch (final ClickHouseException e) {
            // Before any insert was sent (server info, table lookup, DDL): nothing to deduplicate on retry.
            catalog.invalidate(target.database(), target.table());
            routeRejected(router, target, rejected);
            final List<FlowFile> pending = router.unrouted(flowFiles);
            if (e.isRetryable()) {
                router.retryAll(pending, target, e, null);
            } else {
                router.failAll(pending, target, InsertErrors.codeOf(e), e.getMessage());
            }
        } catch (final IllegalArgumentException e) {
            // The table Spotlight was to create or use is not possible as configured (names, storage policy, keys).
            routeRejected(router, target, rejected);
            router.failAll(router.unrouted(flowFiles), target, INVALID_TARGET, e.getMessage());
        } catch (final IllegalStateException e) {
            // The server lacks what the configuration asks for, or a table vanished while being set up.
            routeRejected(router, target, rejected);
            router.failAll(router.unrouted(flowFiles), target, TABLE_SETUP_FAILED, e.getMessage());
        }
        routeRejected(router, target, rejected);
    }

    /** The FlowFiles the table setup rejected, whole, to failure with its reason. */
    private static void routeRejected(final Router router, final TargetTable target, final Map<FlowFile, ColumnMapper.Rejection> rejected) {
        rejected.forEach((flowFile, why) -> router.failWhole(flowFile, target, why.code(), why.message()));
        rejected.clear();
    }

    /**
     * Learns a FlowFile's fields and their column types: from the Record Reader's schema, or for raw JSON from the
     * spotlight.clickhouse.columns attribute InferSchemaAndCast writes, else by scanning the JSON. A FlowFile that cannot
     * be read goes to failure.
     */
    private Optional<List<SourceField>> readFields(final BatchConfiguration config, final ClickHouseServerInfo server, final ProcessSession session,
                                                   final Router router, final TargetTable target, final FlowFile flowFile) {
        try {
            return Optional.of(Schemas.fields(session, flowFile, config.reader(), server, getLogger()));
        } catch (final Schemas.UnreadableException e) {
            router.failWhole(flowFile, target, RecordFailures.MALFORMED_RECORD, e.getMessage());
            return Optional.empty();
        }
    }

    private void insert(final BatchConfiguration config, final ProcessSession session, final Router router, final ClickHouseServerInfo server,
                        final TargetTable target, final TableSetup.Plan<FlowFile> plan) {
        final TableCatalog.Table table = plan.table();
        final List<ClickHouseColumn> columns = plan.columns();
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
        for (Map.Entry<FlowFile, Map<String, String>> entry : plan.fieldByColumn().entrySet()) {
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
        final ZoneId timezone = ZoneId.of(server.timezone());
        final BatchInserter inserter = new BatchInserter(config.clickHouse(), target.database(), target.table(), columns,
                new ValueCaster(timezone), timezone, new BatchInserter.Options(format, format.fillsDefaultsPerRow(server),
                InsertSettings.of(config.insertSettings(), server, config.asyncInsert(), deduplication, format),
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
    private static String batchKey(final TargetTable target, final List<String> columnNames, final List<FlowFileRowSource> sources) {
        return IdempotencyKeys.forBatch(target.database(), target.table(), columnNames, sources.stream()
                .map(source -> source.idempotencyKey() != null ? source.idempotencyKey()
                        : "flowfile:" + source.flowFile().getAttribute(CoreAttributes.UUID.key()))
                .toList());
    }

    private static String transitUri(final ClickHouseConnectionService clickHouse, final TargetTable target) {
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
}
