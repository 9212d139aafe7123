package org.spotlight.nifi.processors.congress;

import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.InputRequirement.Requirement;
import org.apache.nifi.annotation.behavior.PrimaryNodeOnly;
import org.apache.nifi.annotation.behavior.Stateful;
import org.apache.nifi.annotation.behavior.TriggerSerially;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.configuration.DefaultSchedule;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.annotation.lifecycle.OnStopped;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.DataUnit;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.scheduling.SchedulingStrategy;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.WriteResult;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.document.RawDocument;
import org.spotlight.congress.http.HttpFetcher;
import org.spotlight.congress.legislators.CommitteeAssignment;
import org.spotlight.congress.legislators.CommitteeRoster;
import org.spotlight.congress.legislators.LegislatorSources;
import org.spotlight.SpotlightAttributes;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

@PrimaryNodeOnly
@TriggerSerially
@InputRequirement(Requirement.INPUT_FORBIDDEN)
@DefaultSchedule(strategy = SchedulingStrategy.TIMER_DRIVEN, period = "1 day")
@Stateful(scopes = Scope.CLUSTER, description = "A digest of the two files last emitted: files that have not changed are not emitted "
        + "again. Clearing the state emits the current assignments once more.")
@Tags({"congress", "committee", "legislators", "bioguide", "reference data", "spotlight"})
@CapabilityDescription("Fetches the committee assignments of the members of the U.S. Congress from the unitedstates/congress-legislators "
        + "files (committees-current.yaml and committee-membership-current.yaml) and emits one record per member and committee or "
        + "subcommittee, with the member's Bioguide id, so that trades join the committees their members sit on. Each change of the "
        + "files is emitted once, as a snapshot stamped as_of; unchanged files emit nothing.")
@WritesAttributes({
        @WritesAttribute(attribute = "mime.type", description = "The Record Writer's MIME type"),
        @WritesAttribute(attribute = "record.count", description = "Number of committee assignments"),
        @WritesAttribute(attribute = FetchCongressCommittees.AS_OF, description = "When the files were fetched (ISO-8601, UTC): the snapshot's as_of"),
        @WritesAttribute(attribute = FetchCongressCommittees.WARNINGS, description = "Number of membership entries that could not be used "
                + "(no Bioguide id) or committees the committees file does not list; details in the processor's log")
})
@SeeAlso(FetchCongressTrades.class)
@UseCase(description = "Keep a table of the committee assignments of the members of Congress, for trades by members of a committee",
        keywords = {"congress", "committee", "membership"},
        configuration = """
                Keep the default sources (the unitedstates/congress-legislators files on GitHub Pages), or point them at copies.
                Set Record Writer to a JsonRecordSetWriter and connect success to PublishKafka (topic spotlight.congress.committee_members)
                or to PutClickHouseBatch (table spotlight_congress_committee_members, defined in clickhouse/congress.sql).
                """)
public class FetchCongressCommittees extends AbstractProcessor {

    static final String AS_OF = "congress.committees.as_of";
    static final String WARNINGS = "congress.committees.warnings";
    private static final String DIGEST = "digest";

    public static final PropertyDescriptor COMMITTEES_SOURCE = new PropertyDescriptor.Builder()
            .name("Committees Source")
            .description("URL or local file of committees-current.yaml: the committees and subcommittees with their names.")
            .required(true)
            .defaultValue("https://unitedstates.github.io/congress-legislators/committees-current.yaml")
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor MEMBERSHIP_SOURCE = new PropertyDescriptor.Builder()
            .name("Committee Membership Source")
            .description("URL or local file of committee-membership-current.yaml: the members of each committee by Bioguide id.")
            .required(true)
            .defaultValue("https://unitedstates.github.io/congress-legislators/committee-membership-current.yaml")
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
            .name("Record Writer")
            .description("Writes the assignment records. The schema is fixed (see Additional Details); 'Inherit Record Schema' uses it as is.")
            .required(true)
            .identifiesControllerService(RecordSetWriterFactory.class)
            .build();

    public static final PropertyDescriptor USER_AGENT = new PropertyDescriptor.Builder()
            .name("User Agent")
            .description("Sent with every request. Name your organisation and a contact address.")
            .required(true)
            .defaultValue(FetchCongressTrades.DEFAULT_USER_AGENT)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor REQUEST_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Request Timeout")
            .description("How long one request may take.")
            .required(true)
            .defaultValue("60 secs")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor MAX_DOCUMENT_SIZE = new PropertyDescriptor.Builder()
            .name("Max Document Size")
            .description("Larger files fail instead of being read into memory (the membership file is some 300 kB).")
            .required(true)
            .defaultValue("16 MB")
            .addValidator(StandardValidators.DATA_SIZE_VALIDATOR)
            .build();

    public static final Relationship REL_SUCCESS = new Relationship.Builder()
            .name("success")
            .description("One FlowFile with every committee assignment, each time the files change")
            .build();

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(COMMITTEES_SOURCE, MEMBERSHIP_SOURCE, RECORD_WRITER, USER_AGENT,
            REQUEST_TIMEOUT, MAX_DOCUMENT_SIZE);

    private volatile HttpFetcher fetcher;
    private volatile Clock clock = Clock.systemUTC();

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return Set.of(REL_SUCCESS);
    }

    /** For tests: the time the fetched files are stamped with. */
    void setClock(final Clock testClock) {
        clock = testClock;
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        fetcher = new HttpFetcher(new HttpFetcher.Settings(context.getProperty(USER_AGENT).evaluateAttributeExpressions().getValue(),
                Duration.ofSeconds(10), Duration.ofMillis(context.getProperty(REQUEST_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS)),
                Duration.ofSeconds(1), 3, Duration.ofSeconds(2), Duration.ofSeconds(60),
                context.getProperty(MAX_DOCUMENT_SIZE).asDataSize(DataUnit.B).longValue(), null));
    }

    @OnStopped
    public void onStopped() {
        if (fetcher != null) {
            fetcher.close();
            fetcher = null;
        }
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) throws ProcessException {
        final String committeesSource = context.getProperty(COMMITTEES_SOURCE).evaluateAttributeExpressions().getValue();
        final String membershipSource = context.getProperty(MEMBERSHIP_SOURCE).evaluateAttributeExpressions().getValue();
        final Instant fetchedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        final CommitteeRoster.Roster roster;
        final String digest;
        try {
            final byte[] committees = LegislatorSources.read(committeesSource, fetcher);
            final byte[] membership = LegislatorSources.read(membershipSource, fetcher);
            digest = RawDocument.sha256(concat(committees, membership));
            final Map<String, String> state = session.getState(Scope.CLUSTER).toMap();
            if (digest.equals(state.get(DIGEST))) {
                getLogger().debug("The committee files are unchanged since they were last emitted");
                context.yield();
                return;
            }
            roster = CommitteeRoster.read(committees, committeesSource, membership, membershipSource, fetchedAt);
        } catch (final SourceException e) {
            getLogger().error("Cannot read the committee assignments ({}: {}); the next run tries again", e.codeName(), e.getMessage());
            context.yield();
            return;
        } catch (final IOException e) {
            throw new ProcessException("Cannot read the processor's cluster state", e);
        }
        roster.warnings().forEach(warning -> getLogger().warn(warning));

        FlowFile flowFile = session.create();
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(AS_OF, fetchedAt.toString());
        attributes.put(WARNINGS, Integer.toString(roster.warnings().size()));
        final RecordSetWriterFactory writerFactory = context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class);
        try (OutputStream out = session.write(flowFile);
             RecordSetWriter writer = writerFactory.createWriter(getLogger(), writerFactory.getSchema(attributes, CommitteeRecordSchema.SCHEMA),
                     out, attributes)) {
            writer.beginRecordSet();
            for (CommitteeAssignment assignment : roster.assignments()) {
                writer.write(CommitteeRecordSchema.toRecord(assignment));
            }
            final WriteResult written = writer.finishRecordSet();
            attributes.putAll(written.getAttributes());
            attributes.put(SpotlightAttributes.RECORD_COUNT, Integer.toString(written.getRecordCount()));
            attributes.put(CoreAttributes.MIME_TYPE.key(), writer.getMimeType());
        } catch (final IOException | SchemaNotFoundException e) {
            session.remove(flowFile);
            throw new ProcessException("Writing the committee assignments failed: " + e.getMessage(), e);
        }
        flowFile = session.putAllAttributes(flowFile, attributes);
        session.getProvenanceReporter().receive(flowFile, membershipSource, roster.assignments().size() + " committee assignment(s)");
        session.transfer(flowFile, REL_SUCCESS);
        try {
            session.setState(Map.of(DIGEST, digest), Scope.CLUSTER);
        } catch (final IOException e) {
            throw new ProcessException("Cannot save the processor's cluster state; the FlowFile is rolled back", e);
        }
        getLogger().info("Emitted {} committee assignments as of {}", roster.assignments().size(), fetchedAt);
    }

    private static byte[] concat(final byte[] first, final byte[] second) {
        final byte[] both = new byte[first.length + second.length + 1];
        System.arraycopy(first, 0, both, 0, first.length);
        both[first.length] = '\n';
        System.arraycopy(second, 0, both, first.length + 1, second.length);
        return both;
    }
}
