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
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.annotation.lifecycle.OnStopped;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.DataUnit;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.scheduling.SchedulingStrategy;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.ssl.SSLContextProvider;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.document.ArchiveLayout;
import org.spotlight.congress.document.ArchivedDocuments;
import org.spotlight.congress.document.DocumentSource;
import org.spotlight.congress.document.RawArchive;
import org.spotlight.congress.document.WebDocuments;
import org.spotlight.congress.feed.CongressFeed;
import org.spotlight.congress.feed.Documents;
import org.spotlight.congress.feed.FeedState;
import org.spotlight.congress.feed.FilingSource;
import org.spotlight.congress.feed.RunSummary;
import org.spotlight.congress.house.HouseClerkSource;
import org.spotlight.congress.http.HttpFetcher;
import org.spotlight.congress.legislators.LegislatorDirectory;
import org.spotlight.congress.legislators.MemberLookup;
import org.spotlight.congress.model.TradeSource;
import org.spotlight.congress.community.StockWatcherSource;
import org.spotlight.congress.senate.EfdSession;
import org.spotlight.congress.senate.SenateEfdSource;
import org.spotlight.congress.senate.StoredEfdIndex;
import org.spotlight.nifi.SpotlightAttributes;
import org.spotlight.nifi.services.storage.ObjectStorageService;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

@PrimaryNodeOnly
@TriggerSerially
@InputRequirement(Requirement.INPUT_FORBIDDEN)
@DefaultSchedule(strategy = SchedulingStrategy.TIMER_DRIVEN, period = "1 hour")
@Stateful(scopes = Scope.CLUSTER, description = "The filings already handled, per source and year (id and a fingerprint of the "
        + "index row, about 20 to 50 bytes each), and the validators of each yearly index for conditional requests. A filing is "
        + "emitted again only when its index row changes. Clearing the state re-emits every filing of the configured years.")
@Tags({"congress", "stock trades", "financial disclosure", "STOCK Act", "house", "senate", "PTR", "pdf", "spotlight"})
@CapabilityDescription("Fetches the stock trades members of the U.S. Congress disclose, incrementally, from the official sources: "
        + "the House Clerk's yearly financial disclosure index and its Periodic Transaction Report PDFs (read with Apache PDFBox), "
        + "and the Senate eFD's PTR search and PTR pages (read with jsoup); community datasets in the House/Senate Stock Watcher "
        + "formats serve backfills. Every trade becomes one record of a single documented schema (see Additional Details) written "
        + "with the configured Record Writer; scanned paper filings become one record flagged 'scanned' with the document URL. "
        + "Raw documents can be archived in S3/MinIO and replayed from there. Requests are rate limited, retried with backoff, "
        + "conditional where the site allows, and identified by a real User-Agent.")
@WritesAttributes({
        @WritesAttribute(attribute = "mime.type", description = "The Record Writer's MIME type (success), or the document's (failure)"),
        @WritesAttribute(attribute = "record.count", description = "Number of trade records in the FlowFile"),
        @WritesAttribute(attribute = FetchCongressTrades.FILING_COUNT, description = "Number of filings whose records the FlowFile holds"),
        @WritesAttribute(attribute = FetchCongressTrades.MEMBER_UNIDENTIFIED, description = "Number of records in the FlowFile without a "
                + "bioguide_id: no legislator, or more than one, fits the filer (their parse_warnings say why)"),
        @WritesAttribute(attribute = FetchCongressTrades.CHAMBER, description = "house or senate (per-filing FlowFiles and failures)"),
        @WritesAttribute(attribute = FetchCongressTrades.SOURCE, description = "house_clerk, senate_efd, house_stock_watcher or senate_stock_watcher"),
        @WritesAttribute(attribute = FetchCongressTrades.FILING_ID, description = "The filing's id: House DocID or Senate report UUID"),
        @WritesAttribute(attribute = FetchCongressTrades.FILING_DATE, description = "The date the filing was received, yyyy-MM-dd"),
        @WritesAttribute(attribute = FetchCongressTrades.MEMBER, description = "The filer's name as filed"),
        @WritesAttribute(attribute = FetchCongressTrades.DOCUMENT_URL, description = "The public URL of the filing's document"),
        @WritesAttribute(attribute = FetchCongressTrades.RAW_URI, description = "s3:// URI of the archived document, when archiving is on"),
        @WritesAttribute(attribute = FetchCongressTrades.SCANNED, description = "true for scanned paper filings"),
        @WritesAttribute(attribute = SpotlightAttributes.ERROR_SOURCE, description = "FetchCongressTrades (failure)"),
        @WritesAttribute(attribute = SpotlightAttributes.ERROR_CODE, description = "Why the filing failed: HTTP_404, TIMEOUT, PDF_UNREADABLE, "
                + "PDF_LAYOUT_CHANGED, HTML_LAYOUT_CHANGED, ARCHIVE_FAILED ... (failure)"),
        @WritesAttribute(attribute = SpotlightAttributes.ERROR_MESSAGE, description = "The reason in words, naming the document (failure)"),
        @WritesAttribute(attribute = SpotlightAttributes.ERROR_RETRYABLE, description = "true when a later run may succeed; such filings are "
                + "tried again in the next run (failure)"),
        @WritesAttribute(attribute = SpotlightAttributes.ERROR_CLASS, description = "transient or permanent (failure)")
})
@UseCase(description = "Land every new House and Senate stock trade disclosure as records, hourly",
        keywords = {"congress", "stock act", "insider trading", "periodic transaction report"},
        configuration = """
                Set Sources to "house-clerk, senate-efd" and Filing Years to "current".
                Set Record Writer to a JsonRecordSetWriter (Date Format yyyy-MM-dd) and connect success to PublishKafkaRecord or PutClickHouseBatch.
                Set Legislators Source to https://unitedstates.github.io/congress-legislators/legislators-current.yaml for bioguide_id.
                Set User Agent to name your organisation and a contact address: the disclosure sites ask scrapers to identify themselves.
                To keep every document, set Object Storage Service to an S3ObjectStorageService and Raw Bucket to the raw bucket.
                Connect failure to RouteToFailureDb: it carries the document that could not be read and the reason.
                """)
public class FetchCongressTrades extends AbstractProcessor {

    static final String FILING_COUNT = "congress.filing.count";
    static final String MEMBER_UNIDENTIFIED = "congress.member.unidentified";
    static final String CHAMBER = "congress.chamber";
    static final String SOURCE = "congress.source";
    static final String FILING_ID = "congress.filing.id";
    static final String FILING_DATE = "congress.filing.date";
    static final String MEMBER = "congress.member";
    static final String DOCUMENT_URL = "congress.document.url";
    static final String RAW_URI = "congress.raw.uri";
    static final String SCANNED = "congress.scanned";

    static final String DEFAULT_USER_AGENT = "Spotlight/0.1 (Apache NiFi FetchCongressTrades; operator: set a contact address)";

    private static final Validator SOURCES_VALIDATOR = (subject, input, context) -> {
        try {
            sourcesOf(input);
            return new ValidationResult.Builder().subject(subject).input(input).valid(true).build();
        } catch (final IllegalArgumentException e) {
            return new ValidationResult.Builder().subject(subject).input(input).valid(false).explanation(e.getMessage()).build();
        }
    };

    private static final Validator YEARS_VALIDATOR = (subject, input, context) -> {
        try {
            FilingYears.parse(input, Instant.now().atZone(ZoneOffset.UTC).getYear());
            return new ValidationResult.Builder().subject(subject).input(input).valid(true).build();
        } catch (final IllegalArgumentException e) {
            return new ValidationResult.Builder().subject(subject).input(input).valid(false).explanation(e.getMessage()).build();
        }
    };

    public static final PropertyDescriptor SOURCES = new PropertyDescriptor.Builder()
            .name("Sources")
            .description("Comma-separated sources to read: house-clerk (the House Clerk's index and PTR PDFs), senate-efd (the "
                    + "Senate eFD's PTR search and pages), house-stock-watcher and senate-stock-watcher (community datasets, "
                    + "for backfill).")
            .required(true)
            .defaultValue("house-clerk, senate-efd")
            .addValidator(SOURCES_VALIDATOR)
            .build();

    public static final PropertyDescriptor FILING_YEARS = new PropertyDescriptor.Builder()
            .name("Filing Years")
            .description("The years whose filings to fetch: years (2025), ranges (2023-2025) and 'current' or 'previous', comma-separated. "
                    + "The House index is one file per year; Senate filings are searched by the date they were received. "
                    + "State is kept for these years only.")
            .required(true)
            .defaultValue("current")
            .addValidator(YEARS_VALIDATOR)
            .build();

    public static final PropertyDescriptor HOUSE_BASE_URL = new PropertyDescriptor.Builder()
            .name("House Clerk Base URL")
            .description("Where the House Clerk's public_disc/ paths are served.")
            .required(true)
            .defaultValue("https://disclosures-clerk.house.gov")
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.URL_VALIDATOR)
            .build();

    public static final PropertyDescriptor SENATE_BASE_URL = new PropertyDescriptor.Builder()
            .name("Senate eFD Base URL")
            .description("Where the Senate eFD's search/ paths are served. The eFD serves clients in the United States only.")
            .required(true)
            .defaultValue("https://efdsearch.senate.gov")
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.URL_VALIDATOR)
            .build();

    public static final PropertyDescriptor HOUSE_STOCK_WATCHER_URL = new PropertyDescriptor.Builder()
            .name("House Stock Watcher Dataset URL")
            .description("A JSON dataset in the House Stock Watcher format (all_transactions.json), read when Sources includes "
                    + "house-stock-watcher.")
            .required(false)
            .defaultValue("https://house-stock-watcher-data.s3-us-west-2.amazonaws.com/data/all_transactions.json")
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.URL_VALIDATOR)
            .build();

    public static final PropertyDescriptor SENATE_STOCK_WATCHER_URL = new PropertyDescriptor.Builder()
            .name("Senate Stock Watcher Dataset URL")
            .description("A JSON dataset in the Senate Stock Watcher format (aggregate/all_transactions.json or a daily file), "
                    + "read when Sources includes senate-stock-watcher.")
            .required(false)
            .defaultValue("https://senate-stock-watcher-data.s3-us-west-2.amazonaws.com/aggregate/all_transactions.json")
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.URL_VALIDATOR)
            .build();

    public static final PropertyDescriptor LEGISLATORS_SOURCE = new PropertyDescriptor.Builder()
            .name("Legislators Source")
            .description("Comma-separated URLs or local files in the unitedstates/congress-legislators YAML format, used to add "
                    + "bioguide_id (and a senator's state) to records, e.g. "
                    + "https://unitedstates.github.io/congress-legislators/legislators-current.yaml; add legislators-historical.yaml "
                    + "for former members. Unset: no lookup, bioguide_id stays null.")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor LEGISLATORS_REFRESH = new PropertyDescriptor.Builder()
            .name("Legislators Refresh Interval")
            .description("How long a loaded legislators list is used before it is loaded again.")
            .required(true)
            .defaultValue("1 day")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
            .name("Record Writer")
            .description("Writes the trade records. The schema is fixed (see Additional Details); 'Inherit Record Schema' uses it as is.")
            .required(true)
            .identifiesControllerService(RecordSetWriterFactory.class)
            .build();

    public static final PropertyDescriptor OUTPUT_GROUPING = new PropertyDescriptor.Builder()
            .name("Output Grouping")
            .description("Whether each filing's records go into their own FlowFile or all records of a run into one.")
            .required(true)
            .allowableValues(OutputGrouping.class)
            .defaultValue(OutputGrouping.PER_FILING)
            .build();

    public static final PropertyDescriptor MAX_FILINGS_PER_RUN = new PropertyDescriptor.Builder()
            .name("Max Filings Per Run")
            .description("At most this many filings are fetched and parsed in one run; the rest follow in the next runs, oldest first. "
                    + "Bounds a run's duration (at one request per second, 100 filings take about two minutes) and memory.")
            .required(true)
            .defaultValue("100")
            .addValidator(StandardValidators.createLongValidator(1, 100_000, true))
            .build();

    public static final PropertyDescriptor DOCUMENT_ORIGIN = new PropertyDescriptor.Builder()
            .name("Document Source")
            .description("Where documents are read from: the official sites, or the raw archive (replay).")
            .required(true)
            .allowableValues(DocumentOrigin.class)
            .defaultValue(DocumentOrigin.WEB)
            .build();

    public static final PropertyDescriptor OBJECT_STORAGE = new PropertyDescriptor.Builder()
            .name("Object Storage Service")
            .description("Archives every raw document (index zips, PDFs, HTML pages, search results, datasets) as fetched; "
                    + "required for replay. Leave unset to keep no copies.")
            .required(false)
            .identifiesControllerService(ObjectStorageService.class)
            .build();

    public static final PropertyDescriptor RAW_BUCKET = new PropertyDescriptor.Builder()
            .name("Raw Bucket")
            .description("The bucket raw documents are archived in (created when missing).")
            .required(true)
            .defaultValue("spotlight-raw")
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(OBJECT_STORAGE)
            .build();

    public static final PropertyDescriptor RAW_PREFIX = new PropertyDescriptor.Builder()
            .name("Raw Key Prefix")
            .description("Object keys are {prefix}/{chamber}/{year}/{id}.{ext}, e.g. raw/congress/house/2025/20026590.pdf.")
            .required(true)
            .defaultValue(ArchiveLayout.DEFAULT_PREFIX)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(OBJECT_STORAGE)
            .build();

    public static final PropertyDescriptor USER_AGENT = new PropertyDescriptor.Builder()
            .name("User Agent")
            .description("Sent with every request. Name your organisation and a contact address, as the disclosure sites ask.")
            .required(true)
            .defaultValue(DEFAULT_USER_AGENT)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor REQUEST_INTERVAL = new PropertyDescriptor.Builder()
            .name("Minimum Request Interval")
            .description("At least this long between two requests to the same site, retries included.")
            .required(true)
            .defaultValue("1 sec")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor CONNECT_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Connect Timeout")
            .description("How long to wait for a connection.")
            .required(true)
            .defaultValue("10 secs")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor REQUEST_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Request Timeout")
            .description("How long one request may take, from sending it to the end of the answer's headers.")
            .required(true)
            .defaultValue("60 secs")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor MAX_RETRIES = new PropertyDescriptor.Builder()
            .name("Max Retries")
            .description("Retries of a request that timed out, could not connect, or was answered 408, 429 or 5xx.")
            .required(true)
            .defaultValue("3")
            .addValidator(StandardValidators.createLongValidator(0, 10, true))
            .build();

    public static final PropertyDescriptor INITIAL_BACKOFF = new PropertyDescriptor.Builder()
            .name("Initial Retry Backoff")
            .description("The pause before the first retry; it doubles with each further retry (with jitter). A Retry-After "
                    + "header takes precedence.")
            .required(true)
            .defaultValue("2 secs")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor MAX_BACKOFF = new PropertyDescriptor.Builder()
            .name("Max Retry Backoff")
            .description("The longest pause between retries, Retry-After included.")
            .required(true)
            .defaultValue("60 secs")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor MAX_DOCUMENT_SIZE = new PropertyDescriptor.Builder()
            .name("Max Document Size")
            .description("Larger documents fail (DOCUMENT_TOO_LARGE) instead of being read into memory.")
            .required(true)
            .defaultValue("64 MB")
            .addValidator(StandardValidators.DATA_SIZE_VALIDATOR)
            .build();

    public static final PropertyDescriptor RETRY_FAILED_FILINGS = new PropertyDescriptor.Builder()
            .name("Retry Failed Filings")
            .description("Filings that failed permanently (an unreadable PDF, a changed layout) are reported once and then skipped "
                    + "while their index row is unchanged. Set to true to try them again, e.g. after upgrading Spotlight.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .build();

    public static final PropertyDescriptor SSL_CONTEXT_SERVICE = new PropertyDescriptor.Builder()
            .name("SSL Context Service")
            .description("Trust for https sources signed by a private CA (a mirror, a proxy). The JVM's trust store otherwise.")
            .required(false)
            .identifiesControllerService(SSLContextProvider.class)
            .build();

    public static final Relationship REL_SUCCESS = new Relationship.Builder()
            .name("success")
            .description("Trade records of filings read completely")
            .build();

    public static final Relationship REL_FAILURE = new Relationship.Builder()
            .name("failure")
            .description("One FlowFile per filing that could not be fetched or read, holding its document when one was fetched, "
                    + "with spotlight.error.* attributes saying why")
            .build();

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(SOURCES, FILING_YEARS, RECORD_WRITER, OUTPUT_GROUPING,
            MAX_FILINGS_PER_RUN, HOUSE_BASE_URL, SENATE_BASE_URL, HOUSE_STOCK_WATCHER_URL, SENATE_STOCK_WATCHER_URL, LEGISLATORS_SOURCE,
            LEGISLATORS_REFRESH, DOCUMENT_ORIGIN, OBJECT_STORAGE, RAW_BUCKET, RAW_PREFIX, USER_AGENT, REQUEST_INTERVAL, CONNECT_TIMEOUT,
            REQUEST_TIMEOUT, MAX_RETRIES, INITIAL_BACKOFF, MAX_BACKOFF, MAX_DOCUMENT_SIZE, RETRY_FAILED_FILINGS, SSL_CONTEXT_SERVICE);

    static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_FAILURE);

    private final List<HttpFetcher> fetchers = new ArrayList<>();
    private volatile CongressFeed feed;
    private volatile int maxFilings;
    private volatile OutputGrouping grouping;
    private volatile LegislatorsCache legislators;

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
        final List<ValidationResult> problems = new ArrayList<>();
        final DocumentOrigin origin = context.getProperty(DOCUMENT_ORIGIN).asAllowableValue(DocumentOrigin.class);
        if (origin == DocumentOrigin.REPLAY && !context.getProperty(OBJECT_STORAGE).isSet()) {
            problems.add(new ValidationResult.Builder().subject(OBJECT_STORAGE.getDisplayName()).valid(false)
                    .explanation("replay reads the raw archive, so an Object Storage Service is required").build());
        }
        return problems;
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        final HttpFetcher.Settings http = httpSettings(context);
        final Clock clock = Clock.systemUTC();
        final ObjectStorageService storage = context.getProperty(OBJECT_STORAGE).asControllerService(ObjectStorageService.class);
        final long maxBytes = context.getProperty(MAX_DOCUMENT_SIZE).asDataSize(DataUnit.B).longValue();
        final RawArchive archive = storage == null ? null : new ObjectStorageArchive(storage, new ArchiveLayout(
                context.getProperty(RAW_BUCKET).evaluateAttributeExpressions().getValue(),
                context.getProperty(RAW_PREFIX).evaluateAttributeExpressions().getValue()), maxBytes);
        final boolean replay = context.getProperty(DOCUMENT_ORIGIN).asAllowableValue(DocumentOrigin.class) == DocumentOrigin.REPLAY;
        final List<Integer> years = FilingYears.parse(context.getProperty(FILING_YEARS).getValue(), clock.instant().atZone(ZoneOffset.UTC).getYear());

        final String legislatorsSource = context.getProperty(LEGISLATORS_SOURCE).evaluateAttributeExpressions().getValue();
        legislators = legislatorsSource == null ? null : new LegislatorsCache(
                Arrays.stream(legislatorsSource.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                newFetcher(http), Duration.ofMillis(context.getProperty(LEGISLATORS_REFRESH).asTimePeriod(TimeUnit.MILLISECONDS)));
        final MemberLookup members = (chamber, member, date) -> (legislators == null ? MemberLookup.NONE : legislators.lookup())
                .resolve(chamber, member, date);

        final List<FilingSource> sources = new ArrayList<>();
        for (TradeSource source : sourcesOf(context.getProperty(SOURCES).getValue())) {
            switch (source) {
                case HOUSE_CLERK -> {
                    final DocumentSource web = new WebDocuments(newFetcher(http), baseUrl(context, HOUSE_BASE_URL), clock);
                    sources.add(replay
                            ? new HouseClerkSource(new Documents(new ArchivedDocuments(archive, web), null), false, years, members)
                            : new HouseClerkSource(new Documents(web, archive), true, years, members));
                }
                case SENATE_EFD -> {
                    final EfdSession session = new EfdSession(newFetcher(http), baseUrl(context, SENATE_BASE_URL), clock);
                    if (replay) {
                        final DocumentSource archived = new ArchivedDocuments(archive, session);
                        sources.add(new SenateEfdSource(StoredEfdIndex.archived(archived), new Documents(archived, null), null, years, members, clock));
                    } else {
                        sources.add(new SenateEfdSource(session, new Documents(session, archive), archive, years, members, clock));
                    }
                }
                case HOUSE_STOCK_WATCHER, SENATE_STOCK_WATCHER -> {
                    final PropertyDescriptor url = source == TradeSource.HOUSE_STOCK_WATCHER ? HOUSE_STOCK_WATCHER_URL : SENATE_STOCK_WATCHER_URL;
                    final String dataset = context.getProperty(url).evaluateAttributeExpressions().getValue();
                    final DocumentSource web = new WebDocuments(newFetcher(http), URI.create(dataset), clock);
                    sources.add(replay
                            ? new StockWatcherSource(source, new Documents(new ArchivedDocuments(archive, web), null), dataset, false, members)
                            : new StockWatcherSource(source, new Documents(web, archive), dataset, true, members));
                }
            }
        }
        feed = new CongressFeed(sources, context.getProperty(RETRY_FAILED_FILINGS).asBoolean());
        maxFilings = context.getProperty(MAX_FILINGS_PER_RUN).asInteger();
        grouping = context.getProperty(OUTPUT_GROUPING).asAllowableValue(OutputGrouping.class);
    }

    @OnStopped
    public void onStopped() {
        synchronized (fetchers) {
            fetchers.forEach(HttpFetcher::close);
            fetchers.clear();
        }
        feed = null;
        legislators = null;
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) throws ProcessException {
        final FeedState state;
        try {
            state = FeedState.decode(session.getState(Scope.CLUSTER).toMap());
        } catch (final IOException e) {
            throw new ProcessException("Cannot read the processor's cluster state", e);
        }
        if (legislators != null) {
            legislators.refreshIfDue(getLogger());
        }
        final RecordSetWriterFactory writerFactory = context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class);
        final TradeEmitter emitter = new TradeEmitter(session, writerFactory, grouping, getLogger());
        final RunSummary summary = feed.run(state, maxFilings, emitter, this::isScheduled);
        emitter.finish();
        try {
            session.setState(state.encode(), Scope.CLUSTER);
        } catch (final IOException e) {
            throw new ProcessException("Cannot save the processor's cluster state; the run's FlowFiles are rolled back", e);
        }
        getLogger().info("Listed {} filings in {} scopes ({} indexes unchanged, {} unreadable); {} already handled, {} read, {} failed; "
                        + "{} records{}", summary.listed(), summary.scopes(), summary.unchangedIndexes(), summary.indexFailures(),
                summary.skipped(), summary.succeeded(), summary.failed(), summary.records(),
                summary.truncated() ? "; more filings wait for the next run (Max Filings Per Run)" : "");
        if (summary.processed() == 0) {
            context.yield();
        }
    }

    private HttpFetcher newFetcher(final HttpFetcher.Settings settings) {
        final HttpFetcher fetcher = new HttpFetcher(settings);
        synchronized (fetchers) {
            fetchers.add(fetcher);
        }
        return fetcher;
    }

    private static HttpFetcher.Settings httpSettings(final ProcessContext context) {
        final SSLContextProvider ssl = context.getProperty(SSL_CONTEXT_SERVICE).asControllerService(SSLContextProvider.class);
        return new HttpFetcher.Settings(
                context.getProperty(USER_AGENT).evaluateAttributeExpressions().getValue(),
                duration(context, CONNECT_TIMEOUT),
                duration(context, REQUEST_TIMEOUT),
                duration(context, REQUEST_INTERVAL),
                context.getProperty(MAX_RETRIES).asInteger(),
                duration(context, INITIAL_BACKOFF),
                duration(context, MAX_BACKOFF),
                context.getProperty(MAX_DOCUMENT_SIZE).asDataSize(DataUnit.B).longValue(),
                ssl == null ? null : ssl.createContext());
    }

    private static Duration duration(final ProcessContext context, final PropertyDescriptor property) {
        return Duration.ofMillis(context.getProperty(property).asTimePeriod(TimeUnit.MILLISECONDS));
    }

    private static URI baseUrl(final ProcessContext context, final PropertyDescriptor property) {
        return URI.create(context.getProperty(property).evaluateAttributeExpressions().getValue());
    }

    static Set<TradeSource> sourcesOf(final String value) {
        final Set<TradeSource> sources = new LinkedHashSet<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                sources.add(TradeSource.fromCode(item.trim().toLowerCase(Locale.ROOT)));
            }
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("name at least one source");
        }
        return sources;
    }

    /** The legislators list, loaded on first use and again after the refresh interval; a failed load keeps the last list. */
    private static final class LegislatorsCache {
        private final List<String> locations;
        private final HttpFetcher fetcher;
        private final Duration refresh;
        private volatile MemberLookup lookup = MemberLookup.NONE;
        private volatile Instant loadedAt;
        private volatile Instant lastAttempt;

        LegislatorsCache(final List<String> locations, final HttpFetcher fetcher, final Duration refresh) {
            this.locations = locations;
            this.fetcher = fetcher;
            this.refresh = refresh;
        }

        MemberLookup lookup() {
            return lookup;
        }

        void refreshIfDue(final ComponentLog log) {
            final Instant now = Instant.now();
            final boolean due = loadedAt == null ? lastAttempt == null || lastAttempt.plus(Duration.ofMinutes(10)).isBefore(now)
                    : loadedAt.plus(refresh).isBefore(now);
            if (!due) {
                return;
            }
            lastAttempt = now;
            try {
                final LegislatorDirectory directory = LegislatorDirectory.load(locations, fetcher);
                lookup = directory;
                loadedAt = now;
                log.debug("Loaded {} legislators from {}", directory.size(), locations);
            } catch (final SourceException e) {
                log.warn("Cannot load the legislators list from {} ({}: {}); bioguide_id stays empty until it loads",
                        locations, e.codeName(), e.getMessage());
            }
        }
    }
}
