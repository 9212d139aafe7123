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
import org.apache.nifi.processor.AbstractSessionFactoryProcessor;
import org.apache.nifi.processor.DataUnit;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.ProcessSessionFactory;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.scheduling.SchedulingStrategy;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.ssl.SSLContextProvider;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.document.ArchiveLayout;
import org.spotlight.congress.document.ArchivedDocuments;
import org.spotlight.congress.document.DocumentLimits;
import org.spotlight.congress.document.DocumentSource;
import org.spotlight.congress.document.RawArchive;
import org.spotlight.congress.document.WebDocuments;
import org.spotlight.congress.feed.Backoff;
import org.spotlight.congress.feed.CongressFeed;
import org.spotlight.congress.feed.Documents;
import org.spotlight.congress.feed.FeedListener;
import org.spotlight.congress.feed.FeedState;
import org.spotlight.congress.feed.FilingResult;
import org.spotlight.congress.feed.FilingSource;
import org.spotlight.congress.feed.RunSummary;
import org.spotlight.congress.house.HouseClerkSource;
import org.spotlight.congress.http.HttpFetcher;
import org.spotlight.congress.http.Sleeper;
import org.spotlight.congress.legislators.LegislatorDirectory;
import org.spotlight.congress.legislators.MemberLookup;
import org.spotlight.congress.model.TradeSource;
import org.spotlight.congress.community.StockWatcherSource;
import org.spotlight.congress.senate.EfdSession;
import org.spotlight.congress.senate.SenateEfdSource;
import org.spotlight.congress.senate.StoredEfdIndex;
import org.spotlight.SpotlightAttributes;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

@PrimaryNodeOnly
@TriggerSerially
@InputRequirement(Requirement.INPUT_FORBIDDEN)
@DefaultSchedule(strategy = SchedulingStrategy.TIMER_DRIVEN, period = "1 hour")
@Stateful(scopes = Scope.CLUSTER, description = "The filings already handled, per source and year (id and a fingerprint of the "
        + "index row: 18 bytes for a House filing, 46 for a Senate one; about 234 KB for ten years of both chambers), the reason of "
        + "each permanent failure, the filings waiting to be tried again after a transient failure, the validators of each yearly "
        + "index for conditional requests, and how long a refusing or failing site is left alone. Saved as the run goes, with the "
        + "FlowFiles it concerns. A filing is emitted again only when its index row changes. Clearing the state re-emits every "
        + "filing of the configured years.")
@Tags({"congress", "stock trades", "financial disclosure", "STOCK Act", "house", "senate", "PTR", "pdf", "spotlight"})
@CapabilityDescription("Fetches the stock trades members of the U.S. Congress disclose, incrementally, from the official sources: "
        + "the House Clerk's yearly financial disclosure index and its Periodic Transaction Report PDFs (read with Apache PDFBox), "
        + "and the Senate eFD's PTR search and PTR pages (read with jsoup); community datasets in the House/Senate Stock Watcher "
        + "formats serve backfills. Every trade becomes one record of a single documented schema (see Additional Details) written "
        + "with the configured Record Writer; scanned paper filings become one record flagged 'scanned' with the document URL. "
        + "Raw documents can be archived in S3/MinIO and replayed from there. Requests are rate limited, bounded by a total deadline, "
        + "conditional where the site allows, and identified by a real User-Agent; every answer is checked to be what was asked "
        + "for (firewall challenge pages are recognised). A filing that fails for a reason that may pass is tried again in a later "
        + "run with backoff; only a failure that will not change goes to failure, once.")
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
        @WritesAttribute(attribute = SpotlightAttributes.ERROR_CODE, description = "Why the filing failed: PDF_UNREADABLE, PDF_LAYOUT_CHANGED, "
                + "HTML_LAYOUT_CHANGED, PDF_TOO_MANY_PAGES, DOCUMENT_TOO_LARGE, INVALID_INDEX_ENTRY, HTTP_404 (a document still missing "
                + "30 days after its filing date), UNEXPECTED_ERROR (failure)"),
        @WritesAttribute(attribute = SpotlightAttributes.ERROR_MESSAGE, description = "The reason in words, naming the document (failure)"),
        @WritesAttribute(attribute = SpotlightAttributes.ERROR_RETRYABLE, description = "false: transient failures are not routed but "
                + "tried again in a later run (failure)"),
        @WritesAttribute(attribute = SpotlightAttributes.ERROR_CLASS, description = "permanent (failure)")
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
public class FetchCongressTrades extends AbstractSessionFactoryProcessor {

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
            .description("The total deadline of one request: connecting, the answer's headers and its whole body. A body that stalls "
                    + "half-way is cut at this deadline and the request counts as timed out.")
            .required(true)
            .defaultValue("60 secs")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor MAX_RETRIES = new PropertyDescriptor.Builder()
            .name("Max Retries")
            .description("Retries within one fetch of a request that timed out, broke off, or was answered 408, 429 (with a Retry-After "
                    + "no longer than Max Retry Backoff) or 5xx. A site that refuses (401, 403, 407), throttles without saying for how "
                    + "long, or shows a firewall's challenge page is not asked again in the run.")
            .required(true)
            .defaultValue("3")
            .addValidator(StandardValidators.createLongValidator(0, 10, true))
            .build();

    public static final PropertyDescriptor INITIAL_BACKOFF = new PropertyDescriptor.Builder()
            .name("Initial Retry Backoff")
            .description("The pause before the first retry within one fetch; it doubles with each further retry (with jitter). A "
                    + "Retry-After header takes precedence.")
            .required(true)
            .defaultValue("2 secs")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor MAX_BACKOFF = new PropertyDescriptor.Builder()
            .name("Max Retry Backoff")
            .description("The longest pause between retries within one fetch. A site whose Retry-After asks for more is not asked "
                    + "again in this run but after that wait (see Transient Failure Backoff).")
            .required(true)
            .defaultValue("60 secs")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor MAX_DOCUMENT_SIZE = new PropertyDescriptor.Builder()
            .name("Max Document Size")
            .description("Larger documents fail (DOCUMENT_TOO_LARGE) instead of being read into memory; an answer whose Content-Length "
                    + "says more fails before its body is read.")
            .required(true)
            .defaultValue("64 MB")
            .addValidator(StandardValidators.DATA_SIZE_VALIDATOR)
            .build();

    public static final PropertyDescriptor MAX_PDF_PAGES = new PropertyDescriptor.Builder()
            .name("Max PDF Pages")
            .description("A PTR PDF with more pages fails (PDF_TOO_MANY_PAGES) before its text is read. Real House PTRs run to a few "
                    + "hundred pages at most; the bound keeps a hostile document from holding the processor.")
            .required(true)
            .defaultValue(Integer.toString(DocumentLimits.DEFAULT_MAX_PDF_PAGES))
            .addValidator(StandardValidators.createLongValidator(1, 100_000, true))
            .build();

    public static final PropertyDescriptor TRANSIENT_BACKOFF = new PropertyDescriptor.Builder()
            .name("Transient Failure Backoff")
            .description("A filing that failed for a reason that may pass (a server error, a timeout, a broken connection, a challenge "
                    + "page, throttling, a document not published yet) is tried again by the first run after this long, doubled with "
                    + "each further failure in a row; it never becomes a permanent failure by repetition. A site that refuses or "
                    + "throttles this client, or fails three times in a row, is left alone as long (or as long as its Retry-After asks).")
            .required(true)
            .defaultValue("10 mins")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor MAX_TRANSIENT_BACKOFF = new PropertyDescriptor.Builder()
            .name("Max Transient Failure Backoff")
            .description("The longest a failing filing or site is left alone, Retry-After included (an absurd Retry-After is capped here).")
            .required(true)
            .defaultValue("1 day")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
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
            .description("One FlowFile per filing that failed for a reason that will not change (a document that does not parse, is too "
                    + "large, or is still missing a month after its filing date; an index row that is not a filing), once, holding its "
                    + "document or index row, with spotlight.error.* attributes saying why. Transient failures are tried again in later "
                    + "runs instead.")
            .build();

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(SOURCES, FILING_YEARS, RECORD_WRITER, OUTPUT_GROUPING,
            MAX_FILINGS_PER_RUN, HOUSE_BASE_URL, SENATE_BASE_URL, HOUSE_STOCK_WATCHER_URL, SENATE_STOCK_WATCHER_URL, LEGISLATORS_SOURCE,
            LEGISLATORS_REFRESH, DOCUMENT_ORIGIN, OBJECT_STORAGE, RAW_BUCKET, RAW_PREFIX, USER_AGENT, REQUEST_INTERVAL, CONNECT_TIMEOUT,
            REQUEST_TIMEOUT, MAX_RETRIES, INITIAL_BACKOFF, MAX_BACKOFF, MAX_DOCUMENT_SIZE, MAX_PDF_PAGES, TRANSIENT_BACKOFF, MAX_TRANSIENT_BACKOFF,
            RETRY_FAILED_FILINGS, SSL_CONTEXT_SERVICE);

    static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_FAILURE);

    /**
     * With one FlowFile per filing, the session is committed, state included, after this many filings (or after
     * {@link #CHECKPOINT_INTERVAL}), so that a run that dies keeps what it emitted and the next run redoes only the rest.
     */
    static final int CHECKPOINT_FILINGS = 10;
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(30);
    /**
     * The most state the processor writes: NiFi's ZooKeeper state provider refuses more than its
     * {@code nifi.zookeeper.jute.maxbuffer} (1,048,575 bytes by default), a Kubernetes ConfigMap holds 1 MiB with its
     * keys Base64-encoded. A run that would go beyond stops, keeping nothing of its unsaved part, and says so.
     */
    static final long MAX_STATE_BYTES = 1_000_000;
    /** Above this share of {@link #MAX_STATE_BYTES} every run warns. */
    static final double STATE_WARNING_SHARE = 0.75;

    private final List<HttpFetcher> fetchers = new ArrayList<>();
    private volatile CongressFeed feed;
    private volatile int maxFilings;
    private volatile OutputGrouping grouping;
    private volatile LegislatorsCache legislators;
    /** The time the feed's backoffs and Retry-After dates are read against; tests move it forward between runs. */
    private volatile Clock clock = Clock.systemUTC();

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
        if (context.getProperty(TRANSIENT_BACKOFF).asTimePeriod(TimeUnit.MILLISECONDS)
                > context.getProperty(MAX_TRANSIENT_BACKOFF).asTimePeriod(TimeUnit.MILLISECONDS)) {
            problems.add(new ValidationResult.Builder().subject(TRANSIENT_BACKOFF.getDisplayName()).valid(false)
                    .explanation("it is longer than " + MAX_TRANSIENT_BACKOFF.getDisplayName()).build());
        }
        return problems;
    }

    /** For tests: the clock backoffs are measured with. */
    void setClock(final Clock testClock) {
        this.clock = testClock;
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        final HttpFetcher.Settings http = httpSettings(context);
        final ObjectStorageService storage = context.getProperty(OBJECT_STORAGE).asControllerService(ObjectStorageService.class);
        final long maxBytes = context.getProperty(MAX_DOCUMENT_SIZE).asDataSize(DataUnit.B).longValue();
        final DocumentLimits limits = DocumentLimits.of(maxBytes, context.getProperty(MAX_PDF_PAGES).asInteger());
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
                            ? new HouseClerkSource(new Documents(new ArchivedDocuments(archive, web), null), false, years, members, limits)
                            : new HouseClerkSource(new Documents(web, archive), true, years, members, limits));
                }
                case SENATE_EFD -> {
                    final EfdSession session = new EfdSession(newFetcher(http), baseUrl(context, SENATE_BASE_URL), clock);
                    if (replay) {
                        final DocumentSource archived = new ArchivedDocuments(archive, session);
                        sources.add(new SenateEfdSource(StoredEfdIndex.archived(archived), new Documents(archived, null), null, years, members,
                                clock, limits));
                    } else {
                        sources.add(new SenateEfdSource(session, new Documents(session, archive), archive, years, members, clock, limits));
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
        final Backoff backoff = new Backoff(duration(context, TRANSIENT_BACKOFF), duration(context, MAX_TRANSIENT_BACKOFF));
        feed = new CongressFeed(sources, context.getProperty(RETRY_FAILED_FILINGS).asBoolean(), backoff, clock);
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
    public void onTrigger(final ProcessContext context, final ProcessSessionFactory sessionFactory) throws ProcessException {
        final RecordSetWriterFactory writerFactory = context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class);
        final Segments segments = new Segments(sessionFactory, writerFactory, grouping);
        final FeedState state;
        try {
            state = segments.readState();
        } catch (final IOException e) {
            segments.rollback();
            throw new ProcessException("Cannot read the processor's cluster state", e);
        }
        if (legislators != null) {
            legislators.refreshIfDue(getLogger());
        }
        final RunSummary summary;
        try {
            summary = feed.run(state, maxFilings, segments, this::isScheduled);
            segments.commit(state);
        } catch (final StateTooLarge e) {
            segments.rollback();
            getLogger().error("{}; this run's unsaved filings are rolled back and will be emitted by a run once the state fits. Configure "
                    + "fewer Filing Years, or raise nifi.zookeeper.jute.maxbuffer on every node and in ZooKeeper", e.getMessage());
            context.yield();
            return;
        } catch (final RuntimeException | Error e) {
            segments.rollback();
            throw e;
        }
        getLogger().info("Listed {} filings in {} scopes ({} indexes unchanged, {} unreadable); {} already handled, {} read, {} failed for good, "
                        + "{} to try again later, {} waiting for their retry time, {} waiting for their site; {} records; state {} bytes{}",
                summary.listed(), summary.scopes(), summary.unchangedIndexes(), summary.indexFailures(), summary.skipped(), summary.succeeded(),
                summary.failed(), summary.retryLater(), summary.waiting(), summary.deferred(), summary.records(), segments.stateBytes,
                summary.truncated() ? "; more filings wait for the next run (Max Filings Per Run)" : "");
        if (segments.stateBytes > MAX_STATE_BYTES * STATE_WARNING_SHARE) {
            getLogger().warn("The state takes {} bytes, {}% of the {} bytes the processor writes at most; configure fewer Filing Years "
                    + "before it fills up", segments.stateBytes, segments.stateBytes * 100 / MAX_STATE_BYTES, MAX_STATE_BYTES);
        }
        if (summary.processed() == 0) {
            context.yield();
        }
    }

    /** The state would not fit the cluster state provider. */
    private static final class StateTooLarge extends RuntimeException {
        StateTooLarge(final String message) {
            super(message);
        }
    }

    /**
     * The run's output in consecutive sessions: records and failures go into the current session, and at a checkpoint
     * the state is set in that session and the session committed, so FlowFiles and the state that accounts for them are
     * saved together. A run that dies loses only its current session, whose filings the next run processes again.
     * With one FlowFile per run the whole run is one session.
     */
    private final class Segments implements FeedListener {
        private final ProcessSessionFactory sessionFactory;
        private final RecordSetWriterFactory writerFactory;
        private final OutputGrouping outputGrouping;
        private ProcessSession session;
        private TradeEmitter emitter;
        private Map<String, String> saved;
        private int sinceCommit;
        private long lastCommit = System.nanoTime();
        long stateBytes;

        Segments(final ProcessSessionFactory sessionFactory, final RecordSetWriterFactory writerFactory, final OutputGrouping outputGrouping) {
            this.sessionFactory = sessionFactory;
            this.writerFactory = writerFactory;
            this.outputGrouping = outputGrouping;
        }

        FeedState readState() throws IOException {
            saved = session().getState(Scope.CLUSTER).toMap();
            stateBytes = FeedState.serializedSize(saved);
            return FeedState.decode(saved);
        }

        private ProcessSession session() {
            if (session == null) {
                session = sessionFactory.createSession();
                emitter = new TradeEmitter(session, writerFactory, outputGrouping, getLogger());
            }
            return session;
        }

        @Override
        public void onFiling(final FilingResult result) {
            session();
            emitter.onFiling(result);
        }

        @Override
        public void onIndexFailure(final TradeSource source, final String scope, final SourceException error) {
            session();
            emitter.onIndexFailure(source, scope, error);
        }

        @Override
        public void onRetryLater(final FilingResult result, final Instant due, final int failures) {
            final SourceException error = result.error();
            getLogger().warn("{} failed: {}: {}; tried again by the first run after {} (failure {} in a row)", result.filing().describe(),
                    error.codeName(), error.getMessage(), due, failures);
        }

        @Override
        public void onSitePaused(final TradeSource source, final Instant until, final SourceException cause) {
            getLogger().warn("The {} site is left alone until {}: {}: {}", source.code(), until, cause.codeName(), cause.getMessage());
        }

        @Override
        public void onSiteWaiting(final TradeSource source, final FeedState.SitePause pause) {
            getLogger().info("The {} site is left alone until {} (it answered {}); its filings wait", source.code(), pause.until(), pause.code());
        }

        @Override
        public void checkpoint(final FeedState state) {
            sinceCommit++;
            if (outputGrouping == OutputGrouping.PER_FILING
                    && (sinceCommit >= CHECKPOINT_FILINGS || System.nanoTime() - lastCommit >= CHECKPOINT_INTERVAL.toNanos())) {
                commit(state);
            }
        }

        /** Sets the state in the current session and commits it with the FlowFiles it accounts for. */
        void commit(final FeedState state) {
            final Map<String, String> encoded = state.encode();
            final long size = FeedState.serializedSize(encoded);
            if (size > MAX_STATE_BYTES) {
                throw new StateTooLarge("The processor's state would take " + size + " bytes, more than the " + MAX_STATE_BYTES
                        + " bytes cluster state providers hold");
            }
            final ProcessSession current = session();
            emitter.finish();
            if (!encoded.equals(saved)) {
                try {
                    current.setState(encoded, Scope.CLUSTER);
                } catch (final IOException e) {
                    throw new ProcessException("Cannot save the processor's cluster state; the FlowFiles since the last save are rolled back", e);
                }
                saved = encoded;
                stateBytes = size;
            }
            current.commitAsync();
            session = null;
            emitter = null;
            sinceCommit = 0;
            lastCommit = System.nanoTime();
        }

        void rollback() {
            if (session != null) {
                session.rollback();
                session = null;
                emitter = null;
            }
        }
    }

    private HttpFetcher newFetcher(final HttpFetcher.Settings settings) {
        final HttpFetcher fetcher = new HttpFetcher(settings, Sleeper.SYSTEM, clock);
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
