package org.spotlight.nifi.processors.failure;

import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.Stateful;
import org.apache.nifi.annotation.behavior.TriggerSerially;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.components.state.StateManager;
import org.apache.nifi.components.state.StateMap;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;
import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.failure.ContentSniffer;
import org.spotlight.failure.FailureContext;
import org.spotlight.failure.FailureStore;
import org.spotlight.failure.FailureTable;
import org.spotlight.failure.PayloadKind;
import org.spotlight.failure.ReplayAttributes;
import org.spotlight.failure.ReplayFilter;
import org.spotlight.failure.ReplayLease;
import org.spotlight.failure.ReplayMarker;
import org.spotlight.failure.ReplayQuery;
import org.spotlight.failure.StoredFailure;
import org.spotlight.clickhouse.client.ClickHouseException;
import org.spotlight.storage.ObjectStorageException;
import org.spotlight.nifi.services.storage.ObjectStorageService;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

@Tags({"failure", "replay", "dead letter", "dlq", "clickhouse", "spotlight"})
@CapabilityDescription("Emits failures that RouteToFailureDb stored, once their cause is fixed, so that they flow again. "
        + "It selects pending failures (not replayed yet, replayed fewer than Maximum Replays times, matching the Replay Filter) "
        + "from the failure table, in the order they were stored, and writes one FlowFile per failed FlowFile: its failed "
        + "records as JSON lines, or its whole content byte for byte (fetched from object storage, SHA-256 checked, where it "
        + "was stored there). The original attributes are restored without the old error attributes. Once the session is "
        + "committed, each replayed failure is marked in the replay-marker table (append-only), so that it is not replayed "
        + "again; a replayed record that fails again is stored as a new failure with a higher replay count. Run it once "
        + "(Run Once in the UI), on a schedule, or per incoming FlowFile, whose attributes the Replay Filter can use.")
@InputRequirement(InputRequirement.Requirement.INPUT_ALLOWED)
// One run at a time per node; across nodes the replay lease in cluster state does the same.
@TriggerSerially
@Stateful(scopes = Scope.CLUSTER, description = "The replay lease: which task on which node is replaying, and until when, so that "
        + "runs on different nodes never select the same failures.")
@WritesAttributes({
        @WritesAttribute(attribute = ReplayAttributes.REPLAY_OF, description = "uuid of the failed FlowFile the payload came from."),
        @WritesAttribute(attribute = ReplayAttributes.REPLAY_ID, description = "Id of the replay run (also in the replay-marker table)."),
        @WritesAttribute(attribute = FailureContext.REPLAY_COUNT_ATTRIBUTE, description = "How often the payload has been replayed, this time included."),
        @WritesAttribute(attribute = ReplayAttributes.REPLAY_FAILURE_ID, description = "The failure id, on FlowFiles holding one whole-content failure."),
        @WritesAttribute(attribute = "record.count", description = "Number of records, on FlowFiles of replayed records."),
        @WritesAttribute(attribute = "mime.type", description = "application/json on FlowFiles of replayed records (one JSON object per line)."),
        @WritesAttribute(attribute = "spotlight.replay.kafka.offset", description = "The original kafka.offset (likewise kafka.max.offset "
                + "and kafka.leader.epoch), moved aside so that offset-based deduplication does not drop the replay."),
        @WritesAttribute(attribute = ReplayFailures.REPLAYED_COUNT, description = "On the incoming FlowFile: how many failures were replayed.")
})
@SeeAlso(RouteToFailureDb.class)
public class ReplayFailures extends AbstractProcessor {

    static final String REPLAYED_COUNT = "spotlight.replay.failures";
    static final String REPLAY_ERROR = "spotlight.replay.error";
    /** How long a replay run may hold the lease without renewing it: a node that died releases it after this. */
    static final Duration LEASE_DURATION = Duration.ofMinutes(10);

    static final PropertyDescriptor CLICKHOUSE_SERVICE = FailureTableProperties.CLICKHOUSE_SERVICE;
    static final PropertyDescriptor FAILURE_DATABASE = FailureTableProperties.FAILURE_DATABASE;
    static final PropertyDescriptor FAILURE_TABLE = FailureTableProperties.FAILURE_TABLE;

    static final PropertyDescriptor OBJECT_STORAGE_SERVICE = new PropertyDescriptor.Builder()
            .fromPropertyDescriptor(FailureTableProperties.OBJECT_STORAGE_SERVICE)
            .description("Where RouteToFailureDb stored payloads above its inline limit. Needed to replay those; without it "
                    + "they stay pending and are reported.")
            .build();

    static final PropertyDescriptor REPLAY_FILTER = new PropertyDescriptor.Builder()
            .name("Replay Filter")
            .description("A condition on the failure table's columns choosing what to replay, e.g. target_table = 'trades' AND "
                    + "error_code IN ('27', '49') AND ingested_at >= now() - INTERVAL 7 DAY. Comparisons, IN, LIKE, BETWEEN, IS NULL, "
                    + "AND, OR, NOT, parentheses, INTERVAL and a fixed list of functions (dates, strings, JSON extraction) are "
                    + "understood; the condition is parsed and rendered again, so it can only narrow the pending failures, never "
                    + "widen the query or reach other tables. Attribute values from Expression Language are escaped as the inside of "
                    + "a string literal: write '${replay.table}'. Unset: every pending failure.")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor MAX_FAILURES_PER_RUN = new PropertyDescriptor.Builder()
            .name("Maximum Failures per Run")
            .description("The most failure rows one run replays; the rest stay pending for the next run.")
            .required(true)
            .defaultValue("10000")
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .build();

    static final PropertyDescriptor MAX_REPLAYS = new PropertyDescriptor.Builder()
            .name("Maximum Replays")
            .description("Failures of records that were already replayed this many times are left alone, so that a record "
                    + "whose cause is not fixed does not go round for ever.")
            .required(true)
            .defaultValue("3")
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .build();

    static final Relationship REL_SUCCESS = new Relationship.Builder()
            .name("success")
            .description("Replayed payloads with their original attributes.")
            .build();

    static final Relationship REL_ORIGINAL = new Relationship.Builder()
            .name("original")
            .description("The incoming FlowFile that triggered a replay.")
            .autoTerminateDefault(true)
            .build();

    static final Relationship REL_FAILURE = new Relationship.Builder()
            .name("failure")
            .description("The incoming FlowFile when the failures could not be read (e.g. an invalid Replay Filter).")
            .build();

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(CLICKHOUSE_SERVICE, FAILURE_DATABASE, FAILURE_TABLE,
            OBJECT_STORAGE_SERVICE, REPLAY_FILTER, MAX_FAILURES_PER_RUN, MAX_REPLAYS);

    static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_ORIGINAL, REL_FAILURE);

    private volatile FailureStore store;
    private volatile ReplayLease lease;
    private volatile ReplayLease.Store sharedLeaseStore;
    /** Markers of replays that were committed but could not be written yet. */
    private final List<ReplayMarker> unmarked = new ArrayList<>();

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final String filter = context.getProperty(REPLAY_FILTER).getValue();
        if (filter == null || context.isExpressionLanguagePresent(filter)) {
            return List.of();
        }
        try {
            ReplayFilter.parse(filter, FailureTable.COLUMN_NAMES);
            return List.of();
        } catch (final ReplayFilter.InvalidFilterException e) {
            return List.of(new ValidationResult.Builder().subject(REPLAY_FILTER.getDisplayName()).input(filter).valid(false)
                    .explanation(e.getMessage()).build());
        }
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        store = FailureTableProperties.store(context);
        final ReplayLease.Store leaseStore = sharedLeaseStore != null ? sharedLeaseStore : new ClusterStateLeaseStore(context.getStateManager());
        // Unique per node and schedule: the processor's id is the same on every node of a cluster.
        lease = new ReplayLease(leaseStore, getIdentifier() + "@" + UUID.randomUUID(), LEASE_DURATION, Clock.systemUTC());
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) throws ProcessException {
        FlowFile trigger = null;
        if (context.hasIncomingConnection()) {
            trigger = session.get();
            if (trigger == null) {
                return;
            }
        }
        try {
            if (!lease.acquire()) {
                // Another task or node is replaying: this run would select the same failures. Try again later.
                getLogger().debug("Another replay holds the lease ({}); waiting", lease.describe());
                waitForNextRun(context, session, trigger);
                return;
            }
        } catch (final IOException e) {
            getLogger().error("Cannot take the replay lease from NiFi's cluster state; nothing was replayed: {}", e.getMessage(), e);
            waitForNextRun(context, session, trigger);
            return;
        }
        boolean leaseHandedOn = false;
        try {
            if (!markEarlierReplays()) {
                waitForNextRun(context, session, trigger);
                leaseHandedOn = true;
                return;
            }
            leaseHandedOn = replay(context, session, trigger);
        } finally {
            if (!leaseHandedOn) {
                releaseLease();
            }
        }
    }

    /** Failures replayed by an earlier run whose markers could not be written: marked before anything else is replayed. */
    private boolean markEarlierReplays() {
        final List<ReplayMarker> earlier;
        synchronized (unmarked) {
            earlier = List.copyOf(unmarked);
        }
        if (earlier.isEmpty()) {
            return true;
        }
        try {
            store.markReplayed(earlier);
            synchronized (unmarked) {
                unmarked.removeAll(earlier);
            }
            getLogger().info("Marked {} failures replayed by an earlier run", earlier.size());
            return true;
        } catch (final ClickHouseException e) {
            getLogger().error("{} failures were replayed but are not marked yet; replaying nothing else until they are: {}",
                    earlier.size(), e.getMessage(), e);
            return false;
        }
    }

    private void waitForNextRun(final ProcessContext context, final ProcessSession session, final FlowFile trigger) {
        if (trigger != null) {
            session.transfer(session.penalize(trigger));
        }
        context.yield();
    }

    private void releaseLease() {
        try {
            lease.release();
        } catch (final IOException e) {
            getLogger().warn("Cannot release the replay lease; it expires by itself in {}: {}", LEASE_DURATION, e.getMessage());
        }
    }

    /** @return whether the lease was handed on to the commit (which releases it once the markers are written) */
    private boolean replay(final ProcessContext context, final ProcessSession session, final FlowFile incoming) {
        FlowFile trigger = incoming;
        final ReplayFilter filter;
        try {
            // Attribute values are escaped as the inside of a string literal: in 'x${attribute}' they stay a value.
            filter = ReplayFilter.parse(context.getProperty(REPLAY_FILTER).evaluateAttributeExpressions(trigger, ReplayFailures::literalContent)
                    .getValue(), FailureTable.COLUMN_NAMES);
        } catch (final ReplayFilter.InvalidFilterException e) {
            getLogger().error("The Replay Filter cannot be used; nothing was replayed: {}", e.getMessage());
            if (trigger == null) {
                context.yield();
            } else {
                session.transfer(session.putAttribute(trigger, REPLAY_ERROR, e.getMessage()), REL_FAILURE);
            }
            return false;
        }
        final ReplayQuery query = new ReplayQuery(filter, context.getProperty(MAX_FAILURES_PER_RUN).asInteger(),
                context.getProperty(MAX_REPLAYS).asInteger());
        final Replay replay = new Replay(session, context.getProperty(OBJECT_STORAGE_SERVICE).asControllerService(ObjectStorageService.class),
                UUID.randomUUID().toString(), context.getName() + " (" + getIdentifier() + ")");
        try {
            store.ensureTables();
            store.readPending(query, replay::accept);
            if (!lease.renew()) {
                // The lease expired during this run and another run took it: it may be replaying the same failures.
                replay.discard();
                getLogger().warn("The replay lease expired during the run and was taken over ({}); nothing was replayed", lease.describe());
                waitForNextRun(context, session, trigger);
                return false;
            }
            replay.finish();
        } catch (final ClickHouseException | IOException e) {
            replay.discard();
            final boolean retryable = e instanceof ClickHouseException clickHouse && clickHouse.isRetryable();
            getLogger().error("Replay from {} failed; nothing was replayed: {}", store.displayName(), e.getMessage(), e);
            if (trigger == null || retryable) {
                waitForNextRun(context, session, trigger);
            } else {
                session.transfer(session.putAttribute(trigger, REPLAY_ERROR, e.getMessage()), REL_FAILURE);
            }
            return false;
        }
        if (trigger != null) {
            trigger = session.putAllAttributes(trigger, Map.of(REPLAYED_COUNT, String.valueOf(replay.markers.size()),
                    ReplayAttributes.REPLAY_ID, replay.replayId));
            session.transfer(trigger, REL_ORIGINAL);
        }
        if (replay.markers.isEmpty()) {
            return false;
        }
        session.adjustCounter("Failures replayed", replay.markers.size(), false);
        final List<ReplayMarker> markers = List.copyOf(replay.markers);
        // Marked only once the replayed FlowFiles are safely in NiFi's repositories: a crash in between replays them again
        // (at least once) rather than losing them. The lease is released once they are marked: until then no other run,
        // here or on another node, selects them.
        session.commitAsync(() -> {
            try {
                store.markReplayed(markers);
                getLogger().info("Replayed {} failures from {} (replay {})", markers.size(), store.displayName(), replay.replayId);
                releaseLease();
            } catch (final ClickHouseException e) {
                synchronized (unmarked) {
                    unmarked.addAll(markers);
                }
                getLogger().error("Replayed {} failures but could not mark them (replay {}); they are marked before the next replay, "
                        + "which waits for it: {}", markers.size(), replay.replayId, e.getMessage(), e);
            }
        }, failure -> releaseLease());
        return true;
    }

    /** An attribute value as the inside of a single-quoted SQL string literal. */
    static String literalContent(final String value) {
        if (value == null) {
            return null;
        }
        final String literal = ClickHouseIdentifiers.literal(value);
        return literal.substring(1, literal.length() - 1);
    }

    /** The lease in NiFi's cluster state (local state on a standalone NiFi): compare-and-swap across nodes. */
    private record ClusterStateLeaseStore(StateManager state) implements ReplayLease.Store {
        private static final String KEY = "replay.lease";

        @Override
        public String get() throws IOException {
            return state.getState(Scope.CLUSTER).get(KEY);
        }

        @Override
        public boolean replace(final String expected, final String value) throws IOException {
            final StateMap current = state.getState(Scope.CLUSTER);
            if (!Objects.equals(current.get(KEY), expected)) {
                return false;
            }
            final Map<String, String> next = new HashMap<>(current.toMap());
            if (value == null) {
                next.remove(KEY);
            } else {
                next.put(KEY, value);
            }
            return state.replace(current, next, Scope.CLUSTER);
        }
    }

    /** For tests that run two instances as two nodes of a cluster. */
    void shareLeaseStore(final ReplayLease.Store store) {
        this.sharedLeaseStore = store;
    }

    /**
     * One replay run: turns the selected rows into FlowFiles, records of one failed FlowFile together. Nothing is
     * transferred before every row has been read, so that a run that fails half-way can remove what it created.
     */
    private final class Replay {
        private final ProcessSession session;
        private final ObjectStorageService storage;
        private final String replayId;
        private final String replayedBy;
        private final Set<String> seen = new HashSet<>();
        private final List<FlowFile> created = new ArrayList<>();
        private final List<Replayed> replayed = new ArrayList<>();
        private final List<ReplayMarker> markers = new ArrayList<>();
        private RecordsFlowFile open;

        /** A FlowFile ready to go, and the failures it carries. */
        private record Replayed(FlowFile flowFile, List<String> failureIds) {
        }

        Replay(final ProcessSession session, final ObjectStorageService storage, final String replayId, final String replayedBy) {
            this.session = session;
            this.storage = storage;
            this.replayId = replayId;
            this.replayedBy = replayedBy;
        }

        void accept(final StoredFailure failure) throws IOException {
            // Copies of a row stored twice (and not merged yet) come back once.
            if (!seen.add(failure.failureId())) {
                return;
            }
            if (failure.payloadKind() == PayloadKind.RECORD) {
                final byte[] json = failure.isObject() ? fetchRecord(failure) : failure.inlineBytes();
                if (json == null) {
                    return;
                }
                if (open != null && !open.flowFileUuid.equals(failure.flowFileUuid())) {
                    closeRecords();
                }
                if (open == null) {
                    open = new RecordsFlowFile(failure);
                }
                open.append(failure, json);
            } else {
                closeRecords();
                replayContent(failure);
            }
        }

        /** Transfers every replayed FlowFile to success; markers are written after the commit. */
        void finish() throws IOException {
            closeRecords();
            final Instant now = Instant.now();
            for (Replayed done : replayed) {
                session.getProvenanceReporter().receive(done.flowFile(), store.table().transitUri(),
                        "Replay " + replayId + " of " + done.failureIds().size() + " failure(s) of FlowFile "
                                + done.flowFile().getAttribute(ReplayAttributes.REPLAY_OF));
                session.transfer(done.flowFile(), REL_SUCCESS);
                final String uuid = done.flowFile().getAttribute(FailureContext.UUID_ATTRIBUTE);
                done.failureIds().forEach(id -> markers.add(new ReplayMarker(id, now, replayId, replayedBy, uuid)));
            }
        }

        void discard() {
            if (open != null) {
                try {
                    open.out.close();
                } catch (final IOException ignored) {
                    // The FlowFile is removed below.
                }
                open = null;
            }
            created.forEach(session::remove);
            created.clear();
            replayed.clear();
            markers.clear();
        }

        private void closeRecords() throws IOException {
            if (open == null) {
                return;
            }
            final RecordsFlowFile records = open;
            open = null;
            records.out.close();
            replayed.add(new Replayed(session.putAllAttributes(records.flowFile,
                    ReplayAttributes.of(records.first, replayId, records.failureIds.size())), records.failureIds));
        }

        private void replayContent(final StoredFailure failure) throws IOException {
            FlowFile flowFile = session.create();
            created.add(flowFile);
            if (failure.isObject()) {
                final String actual;
                try (InputStream in = openObject(failure)) {
                    if (in == null) {
                        remove(flowFile);
                        return;
                    }
                    final ContentSniffer sniffer = new ContentSniffer();
                    flowFile = session.importFrom(sniffer.watch(in), flowFile);
                    actual = sniffer.result().sha256();
                }
                if (!actual.equals(failure.payloadSha256())) {
                    reportCorrupt(failure, actual);
                    remove(flowFile);
                    return;
                }
            } else {
                final byte[] content = failure.inlineBytes();
                flowFile = session.write(flowFile, out -> out.write(content));
            }
            replayed.add(new Replayed(session.putAllAttributes(flowFile, ReplayAttributes.of(failure, replayId, -1)),
                    List.of(failure.failureId())));
        }

        private void remove(final FlowFile flowFile) {
            created.removeIf(candidate -> candidate.getId() == flowFile.getId());
            session.remove(flowFile);
        }

        private byte[] fetchRecord(final StoredFailure failure) throws IOException {
            try (InputStream in = openObject(failure)) {
                if (in == null) {
                    return null;
                }
                final byte[] json = in.readAllBytes();
                final ContentSniffer sniffer = new ContentSniffer();
                sniffer.update(json, 0, json.length);
                final String actual = sniffer.result().sha256();
                if (!actual.equals(failure.payloadSha256())) {
                    reportCorrupt(failure, actual);
                    return null;
                }
                return json;
            }
        }

        /** @return the object's content, or null (reported) when there is no object storage to read it from */
        private InputStream openObject(final StoredFailure failure) {
            if (storage == null) {
                getLogger().error("Failure {} keeps its payload in {}, but no Object Storage Service is set; it stays pending",
                        failure.failureId(), failure.payloadUri());
                return null;
            }
            try {
                return storage.getObject(failure.objectBucket(), failure.objectKey());
            } catch (final ObjectStorageException | IllegalArgumentException e) {
                getLogger().error("Cannot read the payload of failure {} from {}; it stays pending: {}", failure.failureId(),
                        failure.payloadUri(), e.getMessage(), e);
                return null;
            }
        }

        private void reportCorrupt(final StoredFailure failure, final String actualSha256) {
            getLogger().error("The payload of failure {} at {} has SHA-256 {}, but {} was stored; it stays pending",
                    failure.failureId(), failure.payloadUri(), actualSha256, failure.payloadSha256());
        }

        /** The FlowFile the records of one failed FlowFile are written to, one JSON object per line. */
        private final class RecordsFlowFile {
            private final String flowFileUuid;
            private final StoredFailure first;
            private final FlowFile flowFile;
            private final OutputStream out;
            private final List<String> failureIds = new ArrayList<>();

            RecordsFlowFile(final StoredFailure first) {
                this.flowFileUuid = first.flowFileUuid();
                this.first = first;
                this.flowFile = session.create();
                created.add(flowFile);
                this.out = session.write(flowFile);
            }

            void append(final StoredFailure failure, final byte[] json) throws IOException {
                out.write(json);
                out.write('\n');
                failureIds.add(failure.failureId());
            }
        }
    }
}
