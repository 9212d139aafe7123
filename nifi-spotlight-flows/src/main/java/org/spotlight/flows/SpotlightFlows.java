package org.spotlight.flows;

import org.apache.nifi.flow.Position;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.spotlight.flows.FlowBuilder.Property;
import org.spotlight.flows.FlowBuilder.Scheduling;
import org.spotlight.nifi.processors.clickhouse.PutClickHouseBatch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spotlight's flow definitions. {@code flows/spotlight/} holds what these methods build (GenerateFlows writes it,
 * FlowDefinitionsTest fails when the files and this code disagree), laid out as NiFi's GitHub and GitLab flow registry
 * clients expect: the repository path {@code flows}, one bucket directory {@code spotlight}, one JSON snapshot per flow.
 */
public final class SpotlightFlows {

    public static final String BUCKET = "spotlight";
    public static final String PRODUCER = "congress-trades-producer";
    public static final String KAFKA_TO_CLICKHOUSE = "kafka-to-clickhouse";

    /** Processor names the local variants and tests refer to. */
    public static final String FETCH = "Fetch congress trades";
    public static final String PUBLISH = "Publish trades to Kafka";
    public static final String FETCH_COMMITTEES = "Fetch committee assignments";
    public static final String PUBLISH_COMMITTEES = "Publish committee assignments to Kafka";
    public static final String ROUTE_DEFINED = "Route to defined or inferred tables";
    public static final String CAST = "Cast records to defined tables";
    public static final String CONSUME = "Consume Kafka topics";
    public static final String TYPE = "Type records for ClickHouse";
    public static final String LOAD = "Load into ClickHouse";
    public static final String STORE_TYPING_FAILURES = "Store typing failures";
    public static final String STORE_LOAD_FAILURES = "Retry or store load failures";
    public static final String STORE_FETCH_FAILURES = "Store fetch failures";
    public static final String KAFKA_SERVICE = "Kafka";

    private static final String JSON_TREE_READER = "org.apache.nifi.json.JsonTreeReader";
    private static final String JSON_WRITER = "org.apache.nifi.json.JsonRecordSetWriter";
    /** The tables clickhouse/congress.sql defines: their topics are cast to the table's columns, not inferred. */
    public static final String DEFINED_TABLES = "spotlight_congress_trades|spotlight_congress_committee_members";

    /**
     * ConsumeKafka's Message Demarcator in kafka-to-clickhouse: LF RS, the separator of RFC 7464 JSON text sequences. A valid
     * JSON text never contains RS (0x1E), so messages are told apart exactly, including pretty-printed ones that a newline
     * demarcator would cut into lines; InferSchemaAndCast reads such content message by message.
     */
    public static final String MESSAGE_DEMARCATOR = "\n\u001E";

    private SpotlightFlows() {
    }

    public static Map<String, RegisteredFlowSnapshot> all() {
        final Map<String, RegisteredFlowSnapshot> flows = new LinkedHashMap<>();
        flows.put(PRODUCER, producer());
        flows.put(KAFKA_TO_CLICKHOUSE, kafkaToClickHouse());
        return flows;
    }

    /** FetchCongressTrades, once a day on the primary node, publishing one Kafka message per trade. */
    public static RegisteredFlowSnapshot producer() {
        final FlowBuilder flow = new FlowBuilder(PRODUCER, "Congress trades producer",
                "Fetches U.S. Congress members' stock-trade disclosures from the official House Clerk and Senate eFD sites and "
                        + "publishes one JSON record per trade to Kafka, keyed by trade_key.",
                "Spotlight congress producer", "Endpoints and credentials of the congress trades producer. Fill the sensitive "
                        + "parameters after importing the flow; they never travel in the flow definition.");

        final String kafkaServers = flow.parameter("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092", "Kafka bootstrap servers, host:port[,host:port]");
        final String topic = flow.parameter("congress.topic", "spotlight.congress.trades", "Topic the trade records are published to");
        final String sources = flow.parameter("congress.sources", "house-clerk, senate-efd",
                "Sources to fetch: house-clerk, senate-efd, house-stock-watcher, senate-stock-watcher");
        final String years = flow.parameter("congress.filing.years", "current", "Filing years: current, or a list such as 2024, 2025");
        final String houseUrl = flow.parameter("congress.house.base.url", "https://disclosures-clerk.house.gov", "House Clerk site");
        final String senateUrl = flow.parameter("congress.senate.base.url", "https://efdsearch.senate.gov", "Senate eFD site");
        final String houseWatcherUrl = flow.parameter("congress.house.stock.watcher.url",
                "https://house-stock-watcher-data.s3-us-west-2.amazonaws.com/data/all_transactions.json", "House Stock Watcher dataset (backfill)");
        final String senateWatcherUrl = flow.parameter("congress.senate.stock.watcher.url",
                "https://senate-stock-watcher-data.s3-us-west-2.amazonaws.com/aggregate/all_transactions.json", "Senate Stock Watcher dataset (backfill)");
        final String legislators = flow.parameter("congress.legislators.source",
                "https://unitedstates.github.io/congress-legislators/legislators-current.yaml, "
                        + "https://unitedstates.github.io/congress-legislators/legislators-historical.yaml",
                "Legislators files (unitedstates/congress-legislators format; current, and historical for former members) for bioguide ids");
        final String committeesTopic = flow.parameter("congress.committees.topic", "spotlight.congress.committee_members",
                "Topic the committee assignments are published to");
        final String committees = flow.parameter("congress.committees.source",
                "https://unitedstates.github.io/congress-legislators/committees-current.yaml", "Committees file (committees-current.yaml)");
        final String membership = flow.parameter("congress.committee.membership.source",
                "https://unitedstates.github.io/congress-legislators/committee-membership-current.yaml",
                "Committee membership file (committee-membership-current.yaml)");
        final String userAgent = flow.parameter("congress.user.agent", "Spotlight/0.1 (Apache NiFi FetchCongressTrades; operator: set a contact address)",
                "User-Agent sent to the official sites: name a contact");
        final String maxFilings = flow.parameter("congress.max.filings.per.run", "500", "Filings handled per run; the rest follow in the next run");
        final String s3 = objectStorage(flow);
        final String rawBucket = flow.parameter("S3_BUCKET_RAW", "spotlight-raw", "Bucket the raw disclosure documents are archived in");
        final String clickHouse = clickHouse(flow);
        final String failureBucket = flow.parameter("S3_BUCKET_FAILURES", "spotlight-failures", "Bucket for failure payloads too large for a row");
        final String failureTable = flow.parameter("failure.table", "spotlight_failures", "ClickHouse table of stored failures");

        final String tradesWriter = flow.controllerService("Trade records as JSON", JSON_WRITER, Bundles.RECORD_SERIALIZATION, Bundles.RECORD_WRITER,
                jsonWriterProperties());
        final String tradesReader = flow.controllerService("Read trade records", JSON_TREE_READER, Bundles.RECORD_SERIALIZATION, Bundles.RECORD_READER,
                Map.of("schema-access-strategy", Property.of("infer-schema")));
        final String kafka = kafkaConnection(flow, kafkaServers);

        final VersionedProcessor fetch = flow.processor(FETCH, "org.spotlight.nifi.processors.congress.FetchCongressTrades", Bundles.SPOTLIGHT,
                0, 160, ordered(
                        "Sources", Property.of(sources),
                        "Filing Years", Property.of(years),
                        "Record Writer", Property.service(tradesWriter),
                        "Output Grouping", Property.of("PER_FILING"),
                        "Max Filings Per Run", Property.of(maxFilings),
                        "House Clerk Base URL", Property.of(houseUrl),
                        "Senate eFD Base URL", Property.of(senateUrl),
                        "House Stock Watcher Dataset URL", Property.of(houseWatcherUrl),
                        "Senate Stock Watcher Dataset URL", Property.of(senateWatcherUrl),
                        "Legislators Source", Property.of(legislators),
                        "Document Source", Property.of("WEB"),
                        "Object Storage Service", Property.service(s3),
                        "Raw Bucket", Property.of(rawBucket),
                        "User Agent", Property.of(userAgent)),
                Scheduling.cronOnPrimary("0 0 6 * * ?"), Set.of(),
                "Once a day at 06:00 on the primary node only: the official sites are fetched politely, and its state (which filings "
                        + "are done) is cluster-wide.");

        final Map<String, Property> publishTrades = publishKafka(kafka, topic, tradesReader, tradesWriter);
        publishTrades.put("Message Key Field", Property.of("trade_key"));
        final VersionedProcessor publish = flow.processor(PUBLISH, "org.apache.nifi.kafka.processors.PublishKafka", Bundles.KAFKA_PROCESSORS,
                0, 460, publishTrades, Scheduling.timer("0 sec", 1), Set.of("success"),
                "One message per trade record, keyed by trade_key, so a compacted topic or an upsert keeps one copy of each trade.");

        final VersionedProcessor fetchCommittees = flow.processor(FETCH_COMMITTEES, "org.spotlight.nifi.processors.congress.FetchCongressCommittees",
                Bundles.SPOTLIGHT, -560, 160, ordered(
                        "Committees Source", Property.of(committees),
                        "Committee Membership Source", Property.of(membership),
                        "Record Writer", Property.service(tradesWriter),
                        "User Agent", Property.of(userAgent)),
                Scheduling.cronOnPrimary("0 0 6 * * ?"), Set.of(),
                "Once a day on the primary node: the committee assignments, emitted only when the files changed, so that trades join the "
                        + "committees their members sit on.");
        final VersionedProcessor publishCommittees = flow.processor(PUBLISH_COMMITTEES, "org.apache.nifi.kafka.processors.PublishKafka",
                Bundles.KAFKA_PROCESSORS, -560, 460, publishKafka(kafka, committeesTopic, tradesReader, tradesWriter),
                Scheduling.timer("0 sec", 1), Set.of("success"),
                "One message per committee assignment, without a key: a member sits on several committees.");

        final VersionedProcessor storeFailures = failureStore(flow, PRODUCER, STORE_FETCH_FAILURES, 560, 160, clickHouse, s3, failureBucket,
                failureTable, null,
                "Documents that could not be fetched or read, with the reason; FetchCongressTrades retries transient ones itself.");

        flow.connect(fetch, Set.of("success"), publish, 2_000, "256 MB", FlowBuilder.noBends());
        flow.connect(fetch, Set.of("failure"), storeFailures, 2_000, "1 GB", FlowBuilder.noBends());
        // PublishKafka penalizes what it could not publish; looping it back retries once Kafka answers again.
        flow.connect(publish, Set.of("failure"), publish, 2_000, "256 MB", selfLoopBends(publish));
        flow.connect(fetchCommittees, Set.of("success"), publishCommittees, 100, "256 MB", FlowBuilder.noBends());
        flow.connect(publishCommittees, Set.of("failure"), publishCommittees, 100, "256 MB", selfLoopBends(publishCommittees));
        selfLoop(flow, storeFailures);

        flow.label("""
                Congress trades producer
                FetchCongressTrades reads the official disclosures once a day (primary node only), archives each raw \
                document in S3/MinIO and emits one record per trade. PublishKafka sends each record to #{congress.topic}, \
                keyed by trade_key. FetchCongressCommittees sends the committee assignments to #{congress.committees.topic}.""",
                -20, -20, 560, 110);
        flow.label("""
                Failures
                Filings that cannot be fetched or parsed are stored in the ClickHouse failure table with the document; \
                see docs/failure-table.md for queries and replay.""", 540, 20, 420, 110);
        return flow.build("FetchCongressTrades → PublishKafka: official congress trade disclosures into a Kafka topic.");
    }

    /** Any Spotlight topic into a ClickHouse table of the same name, typed on the way, failures stored. */
    public static RegisteredFlowSnapshot kafkaToClickHouse() {
        final FlowBuilder flow = new FlowBuilder(KAFKA_TO_CLICKHOUSE, "Kafka to ClickHouse",
                "Consumes Spotlight topics, types the records for ClickHouse and loads each topic into a table of the same name "
                        + "(dots become underscores); what cannot be typed or loaded is stored in the failure table.",
                "Spotlight Kafka to ClickHouse", "Endpoints and credentials of the Kafka to ClickHouse flow. Fill the sensitive "
                        + "parameters after importing the flow; they never travel in the flow definition.");

        final String kafkaServers = flow.parameter("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092", "Kafka bootstrap servers, host:port[,host:port]");
        final String topics = flow.parameter("kafka.topics", "spotlight.congress.trades, spotlight.congress.committee_members",
                "Comma-separated topics to land in ClickHouse");
        final String definedTables = flow.parameter("clickhouse.defined.tables", DEFINED_TABLES,
                "Regular expression of the tables created from a shipped definition (clickhouse/congress.sql): records of their topics are "
                        + "cast to the table's own columns; other topics get a table inferred from their records");
        final String groupId = flow.parameter("kafka.group.id", "spotlight-clickhouse", "Kafka consumer group");
        final String clickHouse = clickHouse(flow);
        final String orderBy = flow.parameter("clickhouse.order.by", "trade_key",
                "Sorting key of tables created on first use; rows with the same key are collapsed (ReplacingMergeTree)");
        final String replicated = flow.parameter("clickhouse.replicated", "false",
                "true creates tables as ReplicatedReplacingMergeTree (needs ClickHouse Keeper or ZooKeeper and the {shard} and {replica} "
                        + "macros): replicated tables drop a retried insert they have stored already, also on servers without "
                        + "insert_deduplication_token");
        final String s3 = objectStorage(flow);
        final String failureBucket = flow.parameter("S3_BUCKET_FAILURES", "spotlight-failures", "Bucket for failure payloads too large for a row");
        final String failureTable = flow.parameter("failure.table", "spotlight_failures", "ClickHouse table of stored failures");

        final String jsonReader = flow.controllerService("Read JSON records", JSON_TREE_READER, Bundles.RECORD_SERIALIZATION, Bundles.RECORD_READER,
                Map.of("schema-access-strategy", Property.of("infer-schema")));
        // A consumer fetches at most 1 MB per partition by default: polls of some 4,000 trade records, and as many FlowFiles.
        // 8 MB lets a poll reach Max Poll Records (10,000), so FlowFiles, and ClickHouse's inserts, come fewer and larger.
        final String kafka = kafkaConnection(flow, kafkaServers, ordered("max.partition.fetch.bytes", Property.dynamic("8388608")));

        final VersionedProcessor consume = flow.processor(CONSUME, "org.apache.nifi.kafka.processors.ConsumeKafka", Bundles.KAFKA_PROCESSORS,
                0, 160, ordered(
                        "Kafka Connection Service", Property.service(kafka),
                        "Group ID", Property.of(groupId),
                        "Topic Format", Property.of("names"),
                        "Topics", Property.of(topics),
                        "auto.offset.reset", Property.of("earliest"),
                        "Commit Offsets", Property.of("true"),
                        "Processing Strategy", Property.of("DEMARCATOR"),
                        "Message Demarcator", Property.of(MESSAGE_DEMARCATOR),
                        "Separate By Key", Property.of("false"),
                        // Matches no header: a poll's messages are bundled by topic and partition only. Without a pattern they are
                        // bundled by all their headers, and a producer that sets a trace id per message would make a FlowFile each.
                        "Header Name Pattern", Property.of("(?!)")),
                Scheduling.timer("0 sec", 1), Set.of(),
                "Demarcated: each FlowFile holds a poll's messages of one topic and partition byte for byte, separated by LF RS, "
                        + "with kafka.topic, kafka.partition, kafka.offset, kafka.max.offset and kafka.count (the Kafka range that makes "
                        + "PutClickHouseBatch's retries idempotent) and kafka.timestamp. No Record Reader or Writer: one would re-encode "
                        + "the values (JsonTreeReader rounds 123456789012345678.12 and keeps the last of duplicate keys) before "
                        + "InferSchemaAndCast reads them. LF RS cannot occur in a JSON message (RS is a control character), so "
                        + "InferSchemaAndCast reads each message on its own, pretty-printed ones too.");

        final VersionedProcessor type = flow.processor(TYPE, "org.spotlight.nifi.processors.typing.InferSchemaAndCast", Bundles.SPOTLIGHT,
                0, 420, ordered(
                        "Typing Mode", Property.of("infer"),
                        "Output Format", Property.of("ROW_BINARY"),
                        "ClickHouse Connection Service", Property.service(clickHouse),
                        "Table", Property.of("${kafka.topic:replace('.', '_')}"),
                        "Schema Cache Key", Property.of("${kafka.topic}"),
                        "Nullable Columns", Property.of("always"),
                        "Nested Objects", Property.of("flatten"),
                        // Type hints (taken as given, Nullable included) for fields whose first values would infer too narrow a
                        // type for the whole stream: dollar amounts up to $50,000,000 with cents, and ids that are numbers in one
                        // source and text in another.
                        // The sorting key is never NULL: a record without one is a failure, not a row keyed ''.
                        "trade_key", Property.dynamic("String"),
                        "amount_min", Property.dynamic("Nullable(Decimal(16, 2))"),
                        "amount_max", Property.dynamic("Nullable(Decimal(16, 2))"),
                        "filing_id", Property.dynamic("String"),
                        "transaction_id", Property.dynamic("Nullable(String)")),
                Scheduling.timer("0 sec", 2), Set.of(),
                "Infers ClickHouse types per topic, using only types the server has (schema cached and widened as the stream "
                        + "drifts; every column Nullable, since a stream's first FlowFile cannot show which fields may be missing). "
                        + "Output Format RowBinaryWithNamesAndTypes: each value is encoded once, for its column type, and "
                        + "PutClickHouseBatch forwards the rows as they are; the column types also travel in spotlight.clickhouse.columns.");

        final VersionedProcessor route = flow.processor(ROUTE_DEFINED, "org.apache.nifi.processors.standard.RouteOnAttribute",
                Bundles.STANDARD_PROCESSORS, 0, 290, ordered(
                        "Routing Strategy", Property.of("Route to Property name"),
                        "defined", Property.dynamic("${kafka.topic:replace('.', '_'):matches(" + definedTables + ")}")),
                Scheduling.timer("0 sec", 1), Set.of(),
                "Topics whose table has a shipped definition (#{clickhouse.defined.tables}) go to the cast; the others to inference.");

        final VersionedProcessor cast = flow.processor(CAST, "org.spotlight.nifi.processors.typing.InferSchemaAndCast", Bundles.SPOTLIGHT,
                -620, 420, ordered(
                        "Typing Mode", Property.of("cast-to-table"),
                        "Output Format", Property.of("ROW_BINARY"),
                        "ClickHouse Connection Service", Property.service(clickHouse),
                        "Table", Property.of("${kafka.topic:replace('.', '_')}"),
                        "Unmatched Field Behavior", Property.of("fail"),
                        "NULL In Non-Nullable Columns", Property.of("column-default")),
                Scheduling.timer("0 sec", 2), Set.of(),
                "Casts each record to the columns of its table as clickhouse/congress.sql defines it (created by the deployment), so that "
                        + "the table keeps its designed types. A field the table lacks, or a value its column cannot hold, is a failure "
                        + "with the reason; a null for a sorting-key column (bioguide_id, ticker) takes the column default ''.");

        final VersionedProcessor load = flow.processor(LOAD, "org.spotlight.nifi.processors.clickhouse.PutClickHouseBatch", Bundles.SPOTLIGHT,
                0, 680, ordered(
                        "ClickHouse Connection Service", Property.service(clickHouse),
                        "Table", Property.of("${kafka.topic:replace('.', '_')}"),
                        "Max Batch Rows", Property.of("100000"),
                        "Max Batch Size", Property.of("64 MB"),
                        "Max Batch Wait", Property.of("2 sec"),
                        "Create Missing Table", Property.of("true"),
                        "Add Missing Columns", Property.of("true"),
                        "Table Engine", Property.of("REPLACING_MERGE_TREE"),
                        "Order By", Property.of(orderBy),
                        "Replicated Table", Property.of(replicated)),
                Scheduling.timer("0 sec", 2).yielding(PutClickHouseBatch.DEFAULT_YIELD_DURATION), Set.of("success"),
                "No Record Reader: reads InferSchemaAndCast's typed rows itself (forwarded untouched into a table with the same "
                        + "columns) and creates tables and columns with their types. One streamed insert per table for many FlowFiles; "
                        + "only rejected rows go to failure (as JSON Lines). Two tasks: one insert "
                        + "streams while the next batch is read (ClickHouse prefers few large inserts; more tasks would only make "
                        + "them smaller). It yields only while a batch fills, so briefly (its default).");

        final VersionedProcessor storeTyping = failureStore(flow, KAFKA_TO_CLICKHOUSE, STORE_TYPING_FAILURES, 620, 420, clickHouse, s3,
                failureBucket, failureTable, jsonReader,
                "Records that could not be typed, and messages that were not JSON, stored one row per record.");
        final VersionedProcessor storeLoad = failureStore(flow, KAFKA_TO_CLICKHOUSE, STORE_LOAD_FAILURES, 620, 680, clickHouse, s3,
                failureBucket, failureTable, jsonReader,
                "Load retries come back here: transient ones go back to loading (penalized) until the retry limit, then are stored.");

        flow.connect(consume, Set.of("success"), route, 10_000, "1 GB", FlowBuilder.noBends());
        flow.connect(route, Set.of("unmatched"), type, 10_000, "1 GB", FlowBuilder.noBends());
        flow.connect(route, Set.of("defined"), cast, 10_000, "1 GB", FlowBuilder.noBends());
        flow.connect(cast, Set.of("success"), load, 10_000, "1 GB", FlowBuilder.noBends());
        flow.connect(cast, Set.of("failure"), storeTyping, 10_000, "1 GB", FlowBuilder.noBends());
        flow.connect(type, Set.of("success"), load, 10_000, "1 GB", FlowBuilder.noBends());
        flow.connect(type, Set.of("failure"), storeTyping, 10_000, "1 GB", FlowBuilder.noBends());
        flow.connect(load, Set.of("failure", "retry"), storeLoad, 10_000, "1 GB", FlowBuilder.noBends());
        flow.connect(storeLoad, Set.of("retry"), load, 10_000, "1 GB",
                List.of(new Position(560, 820), new Position(420, 820)));
        // What the failure stores cannot store yet (their database down, with Failure Store Unavailable = route to
        // failure) waits in a loop rather than being dropped.
        flow.connect(storeLoad, Set.of("failure"), storeLoad, 10_000, "1 GB", selfLoopBends(storeLoad));
        selfLoop(flow, storeTyping);

        flow.label("""
                Kafka to ClickHouse
                ConsumeKafka reads #{kafka.topics}, a poll's messages of a partition per FlowFile, as published \
                (separated by LF RS). Topics with a shipped table definition (#{clickhouse.defined.tables}, \
                clickhouse/congress.sql) are cast to their table's columns; the others are typed by inference. \
                PutClickHouseBatch loads each topic into the table named after it (dots become underscores), creating \
                inferred ones on first use (ReplacingMergeTree ordered by #{clickhouse.order.by}).""", -20, -20, 600, 140);
        flow.label("""
                Nothing is lost
                Typing failures and rejected rows are stored in #{failure.table}; transient load failures loop back \
                to PutClickHouseBatch, with a growing backoff, until they land. Replay stored failures with ReplayFailures \
                (docs/failure-table.md).""", 600, 260, 440, 120);
        return flow.build("ConsumeKafka → InferSchemaAndCast → PutClickHouseBatch, failures to RouteToFailureDb: Spotlight topics into ClickHouse.");
    }

    private static VersionedProcessor failureStore(final FlowBuilder flow, final String flowId, final String name, final double x,
                                                   final double y, final String clickHouse, final String s3, final String failureBucket,
                                                   final String failureTable, final String recordReader, final String comments) {
        final Map<String, Property> properties = ordered(
                "ClickHouse Connection Service", Property.service(clickHouse),
                "Failure Table", Property.of(failureTable),
                "Flow Name", Property.of(flowId),
                "Object Storage Service", Property.service(s3),
                "Failure Bucket", Property.of(failureBucket),
                "Failure Store Unavailable", Property.of("KEEP"));
        if (recordReader != null) {
            properties.put("Record Reader", Property.service(recordReader));
        }
        return flow.processor(name, "org.spotlight.nifi.processors.failure.RouteToFailureDb", Bundles.SPOTLIGHT, x, y, properties,
                Scheduling.timer("0 sec", 1), Set.of("stored"), comments);
    }

    /** A failure store's retry and failure relationships lead back into it: nothing it cannot store yet is dropped. */
    private static void selfLoop(final FlowBuilder flow, final VersionedProcessor store) {
        flow.connect(store, Set.of("retry", "failure"), store, 10_000, "1 GB", selfLoopBends(store));
    }

    private static List<Position> selfLoopBends(final VersionedProcessor processor) {
        final Position at = processor.getPosition();
        return List.of(new Position(at.getX() + 400, at.getY() + 20), new Position(at.getX() + 400, at.getY() + 110));
    }

    private static String clickHouse(final FlowBuilder flow) {
        final String url = flow.parameter("CLICKHOUSE_URL", "http://localhost:8123", "ClickHouse HTTP URL(s), comma-separated for failover");
        final String database = flow.parameter("CLICKHOUSE_DATABASE", "spotlight", "ClickHouse database");
        final String user = flow.parameter("CLICKHOUSE_USER", "spotlight", "ClickHouse user");
        final String password = flow.secretParameter("CLICKHOUSE_PASSWORD", "ClickHouse password");
        return flow.controllerService("ClickHouse", "org.spotlight.nifi.service.clickhouse.StandardClickHouseConnectionService",
                Bundles.SPOTLIGHT, Bundles.CLICKHOUSE, ordered(
                        "ClickHouse URLs", Property.of(url),
                        "Database", Property.of(database),
                        "Username", Property.of(user),
                        "Password", Property.secret(password)));
    }

    private static String objectStorage(final FlowBuilder flow) {
        final String endpoint = flow.parameter("S3_ENDPOINT", "http://localhost:9000", "S3/MinIO endpoint URL");
        final String region = flow.parameter("S3_REGION", "us-east-1", "S3 region");
        final String accessKey = flow.secretParameter("S3_ACCESS_KEY", "S3/MinIO access key");
        final String secretKey = flow.secretParameter("S3_SECRET_KEY", "S3/MinIO secret key");
        return flow.controllerService("S3 / MinIO", "org.spotlight.nifi.service.storage.S3ObjectStorageService", Bundles.SPOTLIGHT,
                Bundles.OBJECT_STORAGE, ordered(
                        "Endpoint URL", Property.of(endpoint),
                        "Region", Property.of(region),
                        "Access Key ID", Property.secret(accessKey),
                        "Secret Access Key", Property.secret(secretKey),
                        "Path-Style Access", Property.of("true")));
    }

    /**
     * The deployment's Kafka requires SASL on every listener (docs/deploy.md): SCRAM-SHA-512 as KAFKA_USER, whose
     * password is a sensitive parameter. Kafka3ConnectionService's own property names (nifi-kafka-3-service).
     */
    private static String kafkaConnection(final FlowBuilder flow, final String servers) {
        return kafkaConnection(flow, servers, Map.of());
    }

    /** @param consumerProperties Kafka consumer settings, as the service's dynamic properties */
    private static String kafkaConnection(final FlowBuilder flow, final String servers, final Map<String, Property> consumerProperties) {
        final String protocol = flow.parameter("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "Kafka security protocol: SASL_PLAINTEXT for Spotlight's deployment, SASL_SSL with TLS, PLAINTEXT only for a local broker");
        final String mechanism = flow.parameter("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512", "SASL mechanism: SCRAM-SHA-512 for Spotlight's deployment");
        final String user = flow.parameter("KAFKA_USER", "spotlight", "Kafka user (KAFKA_USER of the deployment's settings)");
        final String password = flow.secretParameter("KAFKA_PASSWORD", "Password of the Kafka user (KAFKA_PASSWORD)");
        final Map<String, Property> properties = ordered(
                "bootstrap.servers", Property.of(servers),
                "security.protocol", Property.of(protocol),
                "sasl.mechanism", Property.of(mechanism),
                "sasl.username", Property.of(user),
                "sasl.password", Property.secret(password));
        properties.putAll(consumerProperties);
        return flow.controllerService(KAFKA_SERVICE, "org.apache.nifi.kafka.service.Kafka3ConnectionService", Bundles.KAFKA_3_SERVICE,
                Bundles.KAFKA_CONNECTION, properties);
    }

    /** PublishKafka sending each record as one JSON message, acknowledged by all replicas. */
    private static Map<String, Property> publishKafka(final String kafka, final String topic, final String reader, final String writer) {
        return ordered(
                "Kafka Connection Service", Property.service(kafka),
                "Topic Name", Property.of(topic),
                "acks", Property.of("all"),
                "Transactions Enabled", Property.of("false"),
                "Record Reader", Property.service(reader),
                "Record Writer", Property.service(writer),
                "Publish Strategy", Property.of("USE_VALUE"));
    }

    private static Map<String, Property> jsonWriterProperties() {
        // Dates as ISO text rather than epoch milliseconds: the records stay readable in Kafka and type cleanly downstream.
        return ordered(
                "Schema Write Strategy", Property.of("no-schema"),
                "schema-access-strategy", Property.of("inherit-record-schema"),
                "Date Format", Property.of("yyyy-MM-dd"),
                "Timestamp Format", Property.of("yyyy-MM-dd'T'HH:mm:ss.SSSX"),
                "output-grouping", Property.of("output-array"),
                "suppress-nulls", Property.of("never-suppress"));
    }

    private static Map<String, Property> ordered(final Object... namesAndProperties) {
        final Map<String, Property> properties = new LinkedHashMap<>();
        for (int i = 0; i < namesAndProperties.length; i += 2) {
            properties.put((String) namesAndProperties[i], (Property) namesAndProperties[i + 1]);
        }
        return properties;
    }
}
