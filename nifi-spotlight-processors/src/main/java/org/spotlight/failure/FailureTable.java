package org.spotlight.failure;

import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The failure table and its replay-marker table: names, columns and DDL for the server at hand.
 * <p>
 * The DDL runs on every ClickHouse from 18.16 on. What differs is detected from the server's capabilities:
 * {@code DateTime64(3)} timestamps where the server has the type, {@code DateTime} otherwise; {@code LowCardinality}
 * for the short repetitive strings where the type is production-ready (19.3+; 18.16 knows it only behind an
 * experimental setting). Failure rows are written once and never updated: whether a failure was replayed is recorded
 * by appending a row to the replay-marker table, so no mutation ({@code ALTER TABLE ... UPDATE}, heavy and
 * asynchronous on every version, lightweight updates only on recent ones) is ever needed.
 * <p>
 * The failure table is a {@code ReplacingMergeTree} keyed by the deterministic {@code failure_id}: if the same failed
 * FlowFile is stored twice (NiFi restarted between the insert and the session commit), the copies collapse in merges,
 * and {@code FINAL} or {@code uniqExact(failure_id)} count them once before that.
 */
public final class FailureTable {

    public static final String DEFAULT_TABLE = "spotlight_failures";
    public static final String REPLAYS_SUFFIX = "_replays";

    public static final String FAILURE_ID = "failure_id";
    public static final String INGESTED_AT = "ingested_at";
    public static final String FLOW = "flow";
    public static final String COMPONENT = "component";
    public static final String FLOWFILE_UUID = "flowfile_uuid";
    public static final String ERROR_CLASS = "error_class";
    public static final String CLASSIFICATION = "classification";
    public static final String ERROR_CODE = "error_code";
    public static final String ERROR_MESSAGE = "error_message";
    public static final String RETRY_COUNT = "retry_count";
    public static final String SOURCE_TOPIC = "source_topic";
    public static final String SOURCE_PARTITION = "source_partition";
    public static final String SOURCE_OFFSET = "source_offset";
    public static final String TARGET_DATABASE = "target_database";
    public static final String TARGET_TABLE = "target_table";
    public static final String RECORD_INDEX = "record_index";
    public static final String SOURCE_RECORD_INDEX = "source_record_index";
    public static final String PAYLOAD_KIND = "payload_kind";
    public static final String PAYLOAD = "payload";
    public static final String PAYLOAD_SIZE = "payload_size";
    public static final String PAYLOAD_SHA256 = "payload_sha256";
    public static final String PAYLOAD_URI = "payload_uri";
    public static final String PARSE_ERROR = "parse_error";
    public static final String ATTRIBUTES = "attributes";
    public static final String REPLAY_COUNT = "replay_count";
    public static final String RECORDS = "records";

    public static final String REPLAYED_AT = "replayed_at";
    public static final String REPLAY_ID = "replay_id";
    public static final String REPLAYED_BY = "replayed_by";
    public static final String REPLAY_FLOWFILE_UUID = "replay_flowfile_uuid";

    /** The names of the failure table's columns: what a Replay Filter may refer to. */
    public static final Set<String> COLUMN_NAMES = Set.of(FAILURE_ID, INGESTED_AT, FLOW, COMPONENT, FLOWFILE_UUID, ERROR_CLASS,
            CLASSIFICATION, ERROR_CODE, ERROR_MESSAGE, RETRY_COUNT, SOURCE_TOPIC, SOURCE_PARTITION, SOURCE_OFFSET, TARGET_DATABASE,
            TARGET_TABLE, RECORD_INDEX, SOURCE_RECORD_INDEX, PAYLOAD_KIND, PAYLOAD, PAYLOAD_SIZE, PAYLOAD_SHA256, PAYLOAD_URI,
            PARSE_ERROR, ATTRIBUTES, REPLAY_COUNT, RECORDS);

    /** A column: name, SQL type and the comment operators see in DESCRIBE. */
    public record Column(String name, String type, String comment) {
        String definition() {
            return ClickHouseIdentifiers.quote(name) + " " + type + " COMMENT " + ClickHouseIdentifiers.literal(comment);
        }
    }

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MILLISECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final String database;
    private final String table;
    private final boolean dateTime64;
    private final boolean lowCardinality;

    /**
     * @throws IllegalArgumentException when a name is not a usable identifier
     */
    public FailureTable(final String database, final String table, final ClickHouseServerInfo server) {
        ClickHouseIdentifiers.validate(database);
        ClickHouseIdentifiers.validate(table);
        ClickHouseIdentifiers.validate(table + REPLAYS_SUFFIX);
        this.database = database;
        this.table = table;
        this.dateTime64 = server.supportsDataType("DateTime64");
        this.lowCardinality = server.supportsDataType("LowCardinality") && server.version().isAtLeast(19, 3);
    }

    public String database() {
        return database;
    }

    public String table() {
        return table;
    }

    public String replaysTable() {
        return table + REPLAYS_SUFFIX;
    }

    public String qualifiedName() {
        return ClickHouseIdentifiers.qualified(database, table);
    }

    public String qualifiedReplaysName() {
        return ClickHouseIdentifiers.qualified(database, replaysTable());
    }

    /** Where provenance events say the failures went, e.g. {@code clickhouse:spotlight.spotlight_failures}. */
    public String transitUri() {
        return "clickhouse:" + database + "." + table;
    }

    public List<Column> columns() {
        final String text = lowCardinality ? "LowCardinality(String)" : "String";
        return List.of(
                new Column(FAILURE_ID, "String", "Deterministic id of the failed record: name-based UUID of the FlowFile uuid and record_index"),
                new Column(INGESTED_AT, timestampType(), "When RouteToFailureDb stored the failure (UTC)"),
                new Column(FLOW, text, "The flow the failure happened in (RouteToFailureDb's Flow Name)"),
                new Column(COMPONENT, text, "The processor that failed: spotlight.error.source, or inferred from stock processors' error attributes"),
                new Column(FLOWFILE_UUID, "String", "uuid of the failed FlowFile, for NiFi provenance lookups"),
                new Column(ERROR_CLASS, text, "transient, permanent or unknown, as stored (a transient failure that outlasted the Maximum Retry Duration stays transient)"),
                new Column(CLASSIFICATION, "String", "Why the failure got its class: the rule, code or message that decided"),
                new Column(ERROR_CODE, text, "ClickHouse error code, HTTP status, SQL state or Spotlight code such as CAST_FAILED"),
                new Column(ERROR_MESSAGE, "String", "The error message the failing processor reported"),
                new Column(RETRY_COUNT, "UInt32", "How often the FlowFile was routed to retry before it was stored"),
                new Column(SOURCE_TOPIC, text, "kafka.topic of the FlowFile, if it came from Kafka"),
                new Column(SOURCE_PARTITION, "Nullable(Int32)", "kafka.partition"),
                new Column(SOURCE_OFFSET, "Nullable(Int64)", "kafka.offset (of the first message in the FlowFile)"),
                new Column(TARGET_DATABASE, text, "spotlight.target.database: the database the record was meant for"),
                new Column(TARGET_TABLE, text, "spotlight.target.table: the table the record was meant for"),
                new Column(RECORD_INDEX, "UInt64", "0-based position of the record in the failed FlowFile; 0 for a whole-content row"),
                new Column(SOURCE_RECORD_INDEX, "Nullable(UInt64)", "0-based index of the record in the FlowFile the failing processor read (spotlight.record.indexes)"),
                new Column(PAYLOAD_KIND, text, "record (JSON of a parsed record), text (raw UTF-8 content) or binary (base64 inline, raw bytes as an object)"),
                new Column(PAYLOAD, "String", "The payload inline; empty when it is in object storage (payload_uri)"),
                new Column(PAYLOAD_SIZE, "UInt64", "Payload size in bytes (of the JSON for records, of the raw bytes otherwise)"),
                new Column(PAYLOAD_SHA256, "String", "Hex SHA-256 of those bytes"),
                new Column(PAYLOAD_URI, "String", "s3://bucket/key of the payload when it was above the inline limit; empty otherwise"),
                new Column(PARSE_ERROR, "String", "Why the content was stored whole rather than as records (Record Reader error); empty otherwise"),
                new Column(ATTRIBUTES, "String", "All FlowFile attributes as a JSON object"),
                new Column(REPLAY_COUNT, "UInt32", "How often the record had been replayed before this failure (spotlight.replay.count)"),
                new Column(RECORDS, "UInt64", "How many input records the row stands for: 1 for a record; for content stored whole, the "
                        + "JSON values, array elements or lines of text it holds (1 for binary, 0 for empty content)"));
    }

    public List<Column> replayColumns() {
        return List.of(
                new Column(FAILURE_ID, "String", "The replayed failure"),
                new Column(REPLAYED_AT, timestampType(), "When ReplayFailures emitted it (UTC), after its session was committed"),
                new Column(REPLAY_ID, "String", "Id of the replay run: every failure emitted by one run shares it"),
                new Column(REPLAYED_BY, "String", "Name and id of the ReplayFailures processor"),
                new Column(REPLAY_FLOWFILE_UUID, "String", "uuid of the FlowFile that carried the replayed payload"));
    }

    public String createStatement() {
        return "CREATE TABLE IF NOT EXISTS " + qualifiedName() + "\n(\n    " + definitions(columns()) + "\n)\n"
                + "ENGINE = ReplacingMergeTree()\n"
                + "PARTITION BY toYYYYMM(" + INGESTED_AT + ")\n"
                + "ORDER BY (" + TARGET_DATABASE + ", " + TARGET_TABLE + ", " + FAILURE_ID + ")";
    }

    public String createReplaysStatement() {
        return "CREATE TABLE IF NOT EXISTS " + qualifiedReplaysName() + "\n(\n    " + definitions(replayColumns()) + "\n)\n"
                + "ENGINE = MergeTree()\n"
                + "PARTITION BY toYYYYMM(" + REPLAYED_AT + ")\n"
                + "ORDER BY (" + FAILURE_ID + ", " + REPLAYED_AT + ")";
    }

    /** ALTER statements adding the columns of this version that an older table lacks; existing columns are never touched. */
    public List<String> addMissingColumns(final Collection<String> existingColumns) {
        return missing(columns(), existingColumns, qualifiedName());
    }

    public List<String> addMissingReplayColumns(final Collection<String> existingColumns) {
        return missing(replayColumns(), existingColumns, qualifiedReplaysName());
    }

    /** A timestamp as the timestamp columns take it in JSONEachRow. */
    public String timestamp(final Instant instant) {
        return (dateTime64 ? MILLISECONDS : SECONDS).format(instant);
    }

    private String timestampType() {
        return dateTime64 ? "DateTime64(3, 'UTC')" : "DateTime('UTC')";
    }

    private static List<String> missing(final List<Column> columns, final Collection<String> existing, final String qualifiedName) {
        final List<String> statements = new ArrayList<>();
        for (Column column : columns) {
            if (!existing.contains(column.name())) {
                statements.add("ALTER TABLE " + qualifiedName + " ADD COLUMN " + column.definition());
            }
        }
        return statements;
    }

    private static String definitions(final List<Column> columns) {
        return columns.stream().map(Column::definition).collect(Collectors.joining(",\n    "));
    }
}
