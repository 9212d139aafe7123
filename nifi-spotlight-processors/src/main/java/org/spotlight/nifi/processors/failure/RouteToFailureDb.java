package org.spotlight.nifi.processors.failure;

import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.ReadsAttribute;
import org.apache.nifi.annotation.behavior.ReadsAttributes;
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
import org.apache.nifi.components.Validator;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.migration.PropertyConfiguration;
import org.apache.nifi.processor.DataUnit;
import org.apache.nifi.processor.FlowFileFilter;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.spotlight.clickhouse.ClickHouseErrors;
import org.spotlight.clickhouse.insert.RowBinaryWithNamesAndTypes;
import org.spotlight.failure.ClassificationRules;
import org.spotlight.failure.FailedContent;
import org.spotlight.failure.FailureClassifier;
import org.spotlight.failure.FailureContext;
import org.spotlight.failure.FailureRecorder;
import org.spotlight.failure.FailureStore;
import org.spotlight.failure.OutageBackoff;
import org.spotlight.failure.PayloadObjects;
import org.spotlight.failure.RecordParser;
import org.spotlight.failure.RetryPolicy;
import org.spotlight.failure.StoreTrouble;
import org.spotlight.nifi.DescribedEnum;
import org.spotlight.nifi.SpotlightAttributes;
import org.spotlight.clickhouse.client.ClickHouseException;
import org.spotlight.storage.ObjectStorageException;
import org.spotlight.nifi.services.storage.ObjectStorageService;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

@Tags({"failure", "dead letter", "dlq", "retry", "replay", "clickhouse", "s3", "minio", "spotlight"})
@CapabilityDescription("Catches whatever a flow routes to failure or retry, from Spotlight's processors or NiFi's stock ones. "
        + "Each FlowFile is classified from its attributes (Spotlight's spotlight.error.* attributes, ClickHouse error codes, "
        + "SQL states, HTTP statuses, stock processors' error messages, and operator rules) as transient, permanent or unknown. "
        + "Transient failures go back to 'retry' after a backoff that doubles with every retry, each retry counted once in "
        + "spotlight.retry.count, until they succeed or Maximum Retry Duration has passed (no limit by default: an outage costs "
        + "time, not records). Stored failures become rows of a ClickHouse failure table (created when missing): "
        + "one row per failed record where the content reads with the Record Reader, otherwise one row with the raw text "
        + "(base64 for binary content), with the error, source Kafka topic/partition/offset, target table and all attributes. "
        + "Payloads above the Inline Payload Limit go to S3/MinIO and the row keeps their URI, size and SHA-256. "
        + "While the failure table or object storage is unreachable, or refuses everything (a dropped table, a missing "
        + "permission), FlowFiles stay queued and the processor backs off, with a bulletin saying why: nothing is dropped. "
        + "ReplayFailures emits stored failures again once their cause is fixed.")
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@ReadsAttributes({
        @ReadsAttribute(attribute = SpotlightAttributes.ERROR_SOURCE, description = "The Spotlight processor that failed."),
        @ReadsAttribute(attribute = SpotlightAttributes.ERROR_CODE, description = "Error code (ClickHouse code, HTTP status, CAST_FAILED ...)."),
        @ReadsAttribute(attribute = SpotlightAttributes.ERROR_MESSAGE, description = "Error message."),
        @ReadsAttribute(attribute = SpotlightAttributes.ERROR_CLASS, description = "transient / permanent, as the failing processor saw it."),
        @ReadsAttribute(attribute = SpotlightAttributes.ERROR_RETRYABLE, description = "true / false, used when spotlight.error.class is absent."),
        @ReadsAttribute(attribute = SpotlightAttributes.RECORD_INDEXES, description = "Indexes of the failed records in the FlowFile the failing processor read."),
        @ReadsAttribute(attribute = SpotlightAttributes.TARGET_DATABASE, description = "The database the records were meant for."),
        @ReadsAttribute(attribute = SpotlightAttributes.TARGET_TABLE, description = "The table the records were meant for."),
        @ReadsAttribute(attribute = SpotlightAttributes.RETRY_COUNT, description = "How often the FlowFile was routed to retry so far."),
        @ReadsAttribute(attribute = SpotlightAttributes.RETRY_SINCE, description = "When the FlowFile first failed transiently."),
        @ReadsAttribute(attribute = "kafka.topic, kafka.partition, kafka.offset", description = "Where the records came from."),
        @ReadsAttribute(attribute = "putdatabaserecord.error, record.error.message, executesql.error.message, error.message, "
                + "error.code, error.sql.state, invokehttp.status.code, invokehttp.java.exception.class, invokehttp.java.exception.message, "
                + "json.validation.errors, validation.error.message, validatexml.invalid.error, execution.error",
                description = "Error attributes of NiFi's stock processors (PutDatabaseRecord, ConvertRecord and other record "
                        + "processors, ExecuteSQL, PutSQL, InvokeHTTP, ValidateJson, ValidateCsv, ValidateXml, ExecuteStreamCommand).")
})
@WritesAttributes({
        @WritesAttribute(attribute = SpotlightAttributes.RETRY_COUNT, description = "Incremented on FlowFiles routed to retry: "
                + "RouteToFailureDb alone counts retries."),
        @WritesAttribute(attribute = SpotlightAttributes.RETRY_SINCE, description = "When the FlowFile first failed transiently (ISO-8601), "
                + "kept across retries: Maximum Retry Duration counts from it."),
        @WritesAttribute(attribute = SpotlightAttributes.RETRY_AT, description = "While the FlowFile waits in this processor's queue "
                + "for its backoff: when it goes back to retry."),
        @WritesAttribute(attribute = RouteToFailureDb.FAILURE_CLASS, description = "transient, permanent or unknown: the class the FlowFile was routed or stored with."),
        @WritesAttribute(attribute = RouteToFailureDb.FAILURE_CLASSIFICATION, description = "Why: the rule, code or message that decided."),
        @WritesAttribute(attribute = RouteToFailureDb.FAILURE_TABLE_ATTRIBUTE, description = "database.table the failure was stored in."),
        @WritesAttribute(attribute = RouteToFailureDb.FAILURE_ROWS, description = "How many failure rows were stored for the FlowFile."),
        @WritesAttribute(attribute = RouteToFailureDb.STORE_ERROR, description = "On FlowFiles routed to failure: why they could not be stored.")
})
@SeeAlso(ReplayFailures.class)
@UseCase(description = "Keep every record that fails to land in ClickHouse, retry what may still succeed, and store the rest for inspection and replay.",
        configuration = """
                Connect PutClickHouseBatch's 'failure' and 'retry' relationships (and those of any other processor, e.g. \
                InferSchemaAndCast, ConvertRecord, PutDatabaseRecord) to RouteToFailureDb.
                Set 'ClickHouse Connection Service', and 'Record Reader' to the reader the failing processor used (e.g. a \
                JsonTreeReader), so that failed records are stored one per row.
                Set 'Object Storage Service' to an S3ObjectStorageService so that large payloads go to the failure bucket.
                Connect 'retry' back to the processor the FlowFiles came from; auto-terminate 'stored'; connect 'failure' \
                to a processor that keeps FlowFiles (e.g. PutFile) or leave it unconnected and watch the bulletins.
                """)
public class RouteToFailureDb extends AbstractProcessor {

    static final String FAILURE_CLASS = "spotlight.failure.class";
    static final String FAILURE_CLASSIFICATION = "spotlight.failure.classification";
    static final String FAILURE_TABLE_ATTRIBUTE = "spotlight.failure.table";
    static final String FAILURE_ROWS = "spotlight.failure.rows";
    static final String STORE_ERROR = "spotlight.failure.store.error";

    /** What happens to FlowFiles while the failure table or object storage cannot be reached. */
    enum UnavailableStrategy implements DescribedEnum {
        KEEP("Keep in Queue", "FlowFiles go back to the incoming queue, penalized, and the processor yields; they are stored once the "
                + "failure store answers again."),
        ROUTE_TO_FAILURE("Route to failure", "FlowFiles go to 'failure' with spotlight.failure.store.error saying why.");

        private final Description describedAs;

        UnavailableStrategy(final String displayName, final String description) {
            this.describedAs = new Description(displayName, description);
        }

        @Override
        public Description describedAs() {
            return describedAs;
        }
    }

    /** How failures that nothing classifies are handled. */
    enum UnknownFailures implements DescribedEnum {
        STORE("Store", "Stored at once with error class 'unknown', for an operator to look at."),
        RETRY("Retry", "Treated like transient failures: retried with backoff until Maximum Retry Duration, then stored as unknown.");

        private final Description describedAs;

        UnknownFailures(final String displayName, final String description) {
            this.describedAs = new Description(displayName, description);
        }

        @Override
        public Description describedAs() {
            return describedAs;
        }
    }

    static final Validator RULES_VALIDATOR = (subject, input, context) -> {
        try {
            final int rules = ClassificationRules.parse(input).rules().size();
            return new ValidationResult.Builder().subject(subject).input(input).valid(true).explanation(rules + " rule(s)").build();
        } catch (final ClassificationRules.InvalidRulesException e) {
            return new ValidationResult.Builder().subject(subject).input(input).valid(false).explanation(e.getMessage()).build();
        }
    };

    static final PropertyDescriptor CLICKHOUSE_SERVICE = FailureTableProperties.CLICKHOUSE_SERVICE;
    static final PropertyDescriptor FAILURE_DATABASE = FailureTableProperties.FAILURE_DATABASE;
    static final PropertyDescriptor FAILURE_TABLE = FailureTableProperties.FAILURE_TABLE;

    static final PropertyDescriptor FLOW_NAME = new PropertyDescriptor.Builder()
            .name("Flow Name")
            .description("Recorded in the flow column of every failure row, e.g. kafka-to-clickhouse, so that operators can tell "
                    + "flows apart in a shared failure table.")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor RECORD_READER = new PropertyDescriptor.Builder()
            .name("Record Reader")
            .description("Reads the failed FlowFile's records, so that each failed record becomes its own row (as JSON). Records "
                    + "are read without coercion to the reader's schema. Content the reader cannot read entirely is stored whole, as "
                    + "text or base64, with the reader's error. Unset: every FlowFile is stored whole.")
            .required(false)
            .identifiesControllerService(RecordReaderFactory.class)
            .build();

    static final PropertyDescriptor OBJECT_STORAGE_SERVICE = FailureTableProperties.OBJECT_STORAGE_SERVICE;
    static final PropertyDescriptor FAILURE_BUCKET = FailureTableProperties.FAILURE_BUCKET;

    static final PropertyDescriptor OBJECT_KEY_PREFIX = new PropertyDescriptor.Builder()
            .name("Object Key Prefix")
            .description("Prefix of payload object keys; the key is the prefix, the failure id and an extension (.json, .txt, .bin).")
            .required(false)
            .defaultValue("failures/")
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(OBJECT_STORAGE_SERVICE)
            .build();

    static final PropertyDescriptor INLINE_PAYLOAD_LIMIT = new PropertyDescriptor.Builder()
            .name("Inline Payload Limit")
            .description("Payloads larger than this (a record's JSON, or the whole content when it is not records) are stored in "
                    + "object storage; the row keeps their URI, size and SHA-256.")
            .required(true)
            .defaultValue("1 MB")
            .addValidator(StandardValidators.createDataSizeBoundsValidator(1, Integer.MAX_VALUE))
            .dependsOn(OBJECT_STORAGE_SERVICE)
            .build();

    static final PropertyDescriptor RETRY_BACKOFF = new PropertyDescriptor.Builder()
            .name("Retry Backoff")
            .description("How long a transient failure waits before it goes back to 'retry', counted from when it failed. The wait "
                    + "doubles with every retry of the same FlowFile, up to Maximum Retry Backoff. The failing processor's own "
                    + "penalty runs in the same time: the FlowFile is tried again after the longer of the two.")
            .required(true)
            .defaultValue("10 sec")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    static final PropertyDescriptor MAX_RETRY_BACKOFF = new PropertyDescriptor.Builder()
            .name("Maximum Retry Backoff")
            .description("The longest wait between two attempts of a transient failure: during a long outage each FlowFile is "
                    + "tried about this often.")
            .required(true)
            .defaultValue("5 min")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    static final PropertyDescriptor MAX_RETRY_DURATION = new PropertyDescriptor.Builder()
            .name("Maximum Retry Duration")
            .description("How long after its first failure a transient failure is still retried; then it is stored, keeping its "
                    + "class 'transient', to be replayed once the cause is gone. Unset: retried until it succeeds, so that an outage "
                    + "of any length costs time, not records. 0 sec stores transient failures at once.")
            .required(false)
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    static final PropertyDescriptor UNKNOWN_FAILURES = new PropertyDescriptor.Builder()
            .name("Unknown Failures")
            .description("What happens to failures that neither the rules nor the built-in knowledge classify.")
            .required(true)
            .allowableValues(UnknownFailures.class)
            .defaultValue(UnknownFailures.STORE)
            .build();

    static final PropertyDescriptor CLASSIFICATION_RULES = new PropertyDescriptor.Builder()
            .name("Classification Rules")
            .description("Rules tried before the built-in classification, one per line, first match wins: "
                    + "'attribute =~ regular expression => transient|permanent|unknown'. The attribute * matches any attribute; "
                    + "the expression has to be found in the value. Lines starting with # are comments. Example: "
                    + "'putdatabaserecord.error =~ (?i)deadlock => transient'.")
            .required(false)
            .addValidator(RULES_VALIDATOR)
            .build();

    static final PropertyDescriptor BATCH_SIZE = new PropertyDescriptor.Builder()
            .name("Batch Size")
            .description("The most FlowFiles stored with one insert.")
            .required(true)
            .defaultValue("100")
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .build();

    static final PropertyDescriptor UNAVAILABLE_STRATEGY = new PropertyDescriptor.Builder()
            .name("Failure Store Unavailable")
            .description("What happens to FlowFiles while the failure store cannot take them: the failure table or the object "
                    + "storage cannot be reached (connection refused, timeouts, too many parts ...), or refuses everything (the "
                    + "table or bucket was dropped, the user lacks a permission). Rows the server refuses for one FlowFile only "
                    + "always route that FlowFile to 'failure'.")
            .required(true)
            .allowableValues(UnavailableStrategy.class)
            .defaultValue(UnavailableStrategy.KEEP)
            .build();

    static final Relationship REL_STORED = new Relationship.Builder()
            .name("stored")
            .description("FlowFiles whose failures are stored in the failure table (and their large payloads in object storage).")
            .autoTerminateDefault(true)
            .build();

    static final Relationship REL_RETRY = new Relationship.Builder()
            .name("retry")
            .description("Transient failures whose backoff is over, with spotlight.retry.count incremented (RouteToFailureDb is the "
                    + "only component that counts retries). Connect it back to the processor that failed.")
            .build();

    static final Relationship REL_FAILURE = new Relationship.Builder()
            .name("failure")
            .description("FlowFiles that could not be stored, penalized: the failure table refused their rows, or the store cannot "
                    + "take anything and 'Failure Store Unavailable' says to route to failure. spotlight.failure.store.error says why.")
            .build();

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(CLICKHOUSE_SERVICE, FAILURE_DATABASE, FAILURE_TABLE,
            FLOW_NAME, RECORD_READER, OBJECT_STORAGE_SERVICE, FAILURE_BUCKET, OBJECT_KEY_PREFIX, INLINE_PAYLOAD_LIMIT,
            RETRY_BACKOFF, MAX_RETRY_BACKOFF, MAX_RETRY_DURATION, UNKNOWN_FAILURES, CLASSIFICATION_RULES, BATCH_SIZE, UNAVAILABLE_STRATEGY);

    /** Before 0.2, retries were bounded by count; a count turned outages into stored "permanent" failures of good records. */
    static final String OBSOLETE_MAX_RETRIES = "Maximum Retries";

    /** How long the processor leaves its failure store alone after a failure: doubling from the first to the second. */
    static final Duration STORE_BACKOFF_INITIAL = Duration.ofSeconds(1);
    static final Duration STORE_BACKOFF_MAXIMUM = Duration.ofMinutes(1);

    static final Set<Relationship> RELATIONSHIPS = Set.of(REL_STORED, REL_RETRY, REL_FAILURE);

    private volatile FailureClassifier classifier;
    private volatile RetryPolicy retryPolicy;
    private volatile FailureStore store;
    private volatile FailureRecorder recorder;
    private volatile OutageBackoff storeOutage;
    private volatile Clock clock = Clock.systemUTC();

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        classifier = new FailureClassifier(ClassificationRules.parse(context.getProperty(CLASSIFICATION_RULES).getValue()));
        retryPolicy = new RetryPolicy(duration(context, RETRY_BACKOFF), duration(context, MAX_RETRY_BACKOFF),
                context.getProperty(MAX_RETRY_DURATION).isSet() ? duration(context, MAX_RETRY_DURATION) : null,
                context.getProperty(UNKNOWN_FAILURES).asAllowableValue(UnknownFailures.class) == UnknownFailures.RETRY);
        storeOutage = new OutageBackoff(STORE_BACKOFF_INITIAL, STORE_BACKOFF_MAXIMUM, clock);
        store = FailureTableProperties.store(context);
        final ObjectStorageService storage = context.getProperty(OBJECT_STORAGE_SERVICE).asControllerService(ObjectStorageService.class);
        final PayloadObjects objects = storage == null ? null : new BucketPayloadObjects(storage,
                context.getProperty(FAILURE_BUCKET).evaluateAttributeExpressions().getValue(),
                context.getProperty(OBJECT_KEY_PREFIX).evaluateAttributeExpressions().getValue());
        recorder = new FailureRecorder(objects, storage == null ? Long.MAX_VALUE
                : context.getProperty(INLINE_PAYLOAD_LIMIT).asDataSize(DataUnit.B).longValue());
    }

    @Override
    public void migrateProperties(final PropertyConfiguration config) {
        final Optional<String> maxRetries = config.getPropertyValue(OBSOLETE_MAX_RETRIES);
        if (maxRetries.isPresent() && "0".equals(maxRetries.get().strip()) && !config.isPropertySet(MAX_RETRY_DURATION)) {
            // "Store transient failures at once" keeps its meaning; any other count gives way to retrying until it succeeds.
            config.setProperty(MAX_RETRY_DURATION, "0 sec");
        }
        config.removeProperty(OBSOLETE_MAX_RETRIES);
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        if (UnknownFailures.RETRY.getValue().equals(context.getProperty(UNKNOWN_FAILURES).getValue())
                && !context.getProperty(MAX_RETRY_DURATION).isSet()) {
            results.add(new ValidationResult.Builder().subject(MAX_RETRY_DURATION.getDisplayName()).valid(false)
                    .explanation("Unknown Failures = Retry needs a Maximum Retry Duration: a failure nothing recognises may never go away")
                    .build());
        }
        final String backoff = context.getProperty(RETRY_BACKOFF).getValue();
        final String maxBackoff = context.getProperty(MAX_RETRY_BACKOFF).getValue();
        if (backoff != null && maxBackoff != null && context.getProperty(RETRY_BACKOFF).asTimePeriod(TimeUnit.MILLISECONDS)
                > context.getProperty(MAX_RETRY_BACKOFF).asTimePeriod(TimeUnit.MILLISECONDS)) {
            results.add(new ValidationResult.Builder().subject(MAX_RETRY_BACKOFF.getDisplayName()).input(maxBackoff).valid(false)
                    .explanation("must not be shorter than Retry Backoff (" + backoff + ")").build());
        }
        return results;
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) throws ProcessException {
        if (storeOutage.isWaiting()) {
            // The store failed a moment ago: FlowFiles wait in the queue rather than the CPU spinning on them.
            context.yield();
            return;
        }
        final Instant now = clock.instant();
        // FlowFiles held for their backoff stay queued until it is over.
        final List<FlowFile> flowFiles = session.get(dueFlowFiles(now, context.getProperty(BATCH_SIZE).asInteger()));
        if (flowFiles.isEmpty()) {
            context.yield();
            return;
        }
        final List<Pending> toStore = new ArrayList<>();
        for (FlowFile flowFile : flowFiles) {
            if (flowFile.getAttribute(SpotlightAttributes.RETRY_AT) != null) {
                release(session, flowFile);
                continue;
            }
            final Map<String, String> attributes = flowFile.getAttributes();
            final RetryPolicy.Decision decision = retryPolicy.decide(classifier.classify(attributes),
                    RetryPolicy.RetryState.of(attributes, failedAt(flowFile, now)), now);
            if (decision.retry()) {
                routeToRetry(session, flowFile, decision, now);
            } else {
                final String flow = context.getProperty(FLOW_NAME).evaluateAttributeExpressions(flowFile).getValue();
                toStore.add(new Pending(flowFile, FailureContext.of(attributes, decision, now, flow)));
            }
        }
        if (!toStore.isEmpty()) {
            store(context, session, toStore);
        }
    }

    /** FlowFiles that are not held for a backoff, or whose backoff is over; at most {@code batchSize}. */
    private static FlowFileFilter dueFlowFiles(final Instant now, final int batchSize) {
        final int[] taken = {0};
        return flowFile -> {
            final Instant retryAt = RetryPolicy.instant(flowFile.getAttribute(SpotlightAttributes.RETRY_AT));
            if (retryAt != null && retryAt.isAfter(now)) {
                return FlowFileFilter.FlowFileFilterResult.REJECT_AND_CONTINUE;
            }
            return ++taken[0] >= batchSize ? FlowFileFilter.FlowFileFilterResult.ACCEPT_AND_TERMINATE
                    : FlowFileFilter.FlowFileFilterResult.ACCEPT_AND_CONTINUE;
        };
    }

    /** When the FlowFile failed: when it entered this processor's queue. */
    private static Instant failedAt(final FlowFile flowFile, final Instant now) {
        final Long queued = flowFile.getLastQueueDate();
        final long millis = queued != null && queued > 0 ? queued : flowFile.getEntryDate();
        return millis > 0 && millis <= now.toEpochMilli() ? Instant.ofEpochMilli(millis) : now;
    }

    /** A FlowFile on its way into the failure table. */
    private record Pending(FlowFile flowFile, FailureContext context) {
    }

    /**
     * Counts the retry and sends the FlowFile back when its backoff is over; until then it is held in this processor's
     * queue (spotlight.retry.at), not penalized: one backoff per retry, not a penalty on top of it.
     */
    private void routeToRetry(final ProcessSession session, final FlowFile flowFile, final RetryPolicy.Decision decision, final Instant now) {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(SpotlightAttributes.RETRY_COUNT, String.valueOf(decision.retryCount()));
        attributes.put(SpotlightAttributes.RETRY_SINCE, decision.firstFailure().toString());
        attributes.put(FAILURE_CLASS, decision.failureClass().value());
        attributes.put(FAILURE_CLASSIFICATION, decision.reason());
        if (decision.retryAt().isAfter(now)) {
            attributes.put(SpotlightAttributes.RETRY_AT, decision.retryAt().toString());
            session.transfer(session.putAllAttributes(flowFile, attributes));
            return;
        }
        session.transfer(session.putAllAttributes(flowFile, attributes), REL_RETRY);
        session.adjustCounter("FlowFiles routed to retry", 1, false);
    }

    /** A held FlowFile whose backoff is over goes back to retry. */
    private void release(final ProcessSession session, final FlowFile flowFile) {
        session.transfer(session.removeAttribute(flowFile, SpotlightAttributes.RETRY_AT), REL_RETRY);
        session.adjustCounter("FlowFiles routed to retry", 1, false);
    }

    private void store(final ProcessContext context, final ProcessSession session, final List<Pending> pending) {
        try {
            store.ensureTables();
            final List<FailureRecorder.Prepared> prepared = new ArrayList<>(pending.size());
            for (Pending failure : pending) {
                prepared.add(recorder.prepare(failure.context(), content(session, failure.flowFile()),
                        parser(context, failure.flowFile()), failure.flowFile().getAttribute(SpotlightAttributes.RECORD_INDEXES)));
            }
            final long rows = store.insert(prepared, recorder);
            for (int i = 0; i < pending.size(); i++) {
                routeToStored(session, pending.get(i), prepared.get(i).rows());
            }
            session.adjustCounter("Failure rows stored", rows, false);
            storeOutage.succeeded();
        } catch (final ClickHouseException | ObjectStorageException | IOException e) {
            final StoreTrouble trouble = StoreTrouble.of(e);
            if (trouble == StoreTrouble.REFUSED_FLOWFILE && pending.size() > 1) {
                // One FlowFile's rows may be what the server refused: store them one by one so that only that one fails.
                for (Pending failure : pending) {
                    if (storeOutage.isWaiting()) {
                        session.transfer(failure.flowFile());
                    } else {
                        store(context, session, List.of(failure));
                    }
                }
            } else if (trouble == StoreTrouble.REFUSED_FLOWFILE) {
                routeToFailure(session, pending.getFirst().flowFile(), e);
            } else {
                unavailable(context, session, pending, trouble, e);
            }
        }
    }

    /**
     * The store cannot take anything now. The FlowFiles go back to the queue (or to failure, if the flow says so) and the
     * processor leaves the store alone for a while, the wait doubling while the trouble lasts: no CPU spins on it, and a
     * bulletin says why.
     */
    private void unavailable(final ProcessContext context, final ProcessSession session, final List<Pending> pending,
                             final StoreTrouble trouble, final Exception e) {
        if (trouble == StoreTrouble.REFUSED_ALL) {
            // A dropped table or a missing column is created again by the next attempt.
            store.invalidate();
        }
        final Duration wait = storeOutage.failed();
        if (context.getProperty(UNAVAILABLE_STRATEGY).asAllowableValue(UnavailableStrategy.class) == UnavailableStrategy.ROUTE_TO_FAILURE) {
            pending.forEach(failure -> routeToFailure(session, failure.flowFile(), e));
        } else {
            pending.forEach(failure -> session.transfer(failure.flowFile()));
            final String what = "Failure store " + store.displayName()
                    + (trouble == StoreTrouble.UNAVAILABLE ? " unavailable" : " refuses every FlowFile");
            if (trouble == StoreTrouble.UNAVAILABLE && storeOutage.failures() == 1) {
                getLogger().warn("{}; keeping {} FlowFiles queued, next attempt in {}: {}", what, pending.size(), wait, e.getMessage());
            } else {
                getLogger().error("{}; keeping {} FlowFiles queued, next attempt in {}: {}", what, pending.size(), wait, e.getMessage(), e);
            }
        }
        context.yield();
    }

    private void routeToStored(final ProcessSession session, final Pending failure, final long rows) {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(FAILURE_CLASS, failure.context().errorClass().value());
        attributes.put(FAILURE_CLASSIFICATION, failure.context().classification());
        attributes.put(FAILURE_TABLE_ATTRIBUTE, store.displayName());
        attributes.put(FAILURE_ROWS, String.valueOf(rows));
        final FlowFile stored = session.putAllAttributes(failure.flowFile(), attributes);
        session.getProvenanceReporter().send(stored, store.table().transitUri(), "Stored as " + rows + " failure row(s), class "
                + failure.context().errorClass().value());
        session.transfer(stored, REL_STORED);
    }

    /** Penalized, so that a failure connection looping back here does not spin. */
    private void routeToFailure(final ProcessSession session, final FlowFile flowFile, final Exception cause) {
        final String reason = cause instanceof IOException && !(cause instanceof ClickHouseErrors.WriterFailure)
                ? "Reading the content failed: " + cause.getMessage() : cause.getMessage();
        getLogger().error("Could not store failed {}: {}", flowFile, reason, cause);
        session.transfer(session.penalize(session.putAttribute(flowFile, STORE_ERROR, reason)), REL_FAILURE);
    }

    private static Duration duration(final ProcessContext context, final PropertyDescriptor property) {
        return Duration.ofMillis(context.getProperty(property).asTimePeriod(TimeUnit.MILLISECONDS));
    }

    /** For tests that move time on. */
    void setClock(final Clock clock) {
        this.clock = clock;
    }

    private static FailedContent content(final ProcessSession session, final FlowFile flowFile) {
        return new FailedContent() {
            @Override
            public long size() {
                return flowFile.getSize();
            }

            @Override
            public InputStream open() {
                return session.read(flowFile);
            }
        };
    }

    private static RecordParser.RecordCursor rowBinaryRecords(final InputStream content) throws IOException {
        final RowBinaryWithNamesAndTypes.Reader reader = new RowBinaryWithNamesAndTypes.Reader(content);
        return new RecordParser.RecordCursor() {
            @Override
            public Map<String, Object> next() throws IOException {
                return reader.nextRecord();
            }

            @Override
            public void close() throws IOException {
                content.close();
            }
        };
    }

    private RecordParser parser(final ProcessContext context, final FlowFile flowFile) {
        if (RowBinaryWithNamesAndTypes.isMimeType(flowFile.getAttribute(CoreAttributes.MIME_TYPE.key()))) {
            // Typed rows (InferSchemaAndCast's output on its way to PutClickHouseBatch) name their columns themselves.
            return RouteToFailureDb::rowBinaryRecords;
        }
        final RecordReaderFactory readerFactory = context.getProperty(RECORD_READER).asControllerService(RecordReaderFactory.class);
        return readerFactory == null ? null : new RecordReaderParser(readerFactory, flowFile.getAttributes(), flowFile.getSize(), getLogger());
    }
}
