package org.spotlight;

/**
 * FlowFile attributes that every Spotlight processor writes the same way, so that RouteToFailureDb and operators
 * can read any component's failures without knowing which one produced them.
 */
public final class SpotlightAttributes {

    /** Simple type name of the processor that routed the FlowFile to failure or retry, e.g. {@code PutClickHouseBatch}. */
    public static final String ERROR_SOURCE = "spotlight.error.source";
    /** Machine-readable code: a ClickHouse error code ({@code 27}), an HTTP status, or a Spotlight code such as {@code CAST_FAILED}. */
    public static final String ERROR_CODE = "spotlight.error.code";
    /** Human-readable reason, without credentials. */
    public static final String ERROR_MESSAGE = "spotlight.error.message";
    /** {@code true} when the same input may succeed later (connection refused, timeout, too many parts ...). */
    public static final String ERROR_RETRYABLE = "spotlight.error.retryable";
    /** Broad class of the failure as the failing component saw it: {@code transient}, {@code permanent} or {@code unknown}. */
    public static final String ERROR_CLASS = "spotlight.error.class";
    /**
     * For record-level failures: the 0-based indexes of the failed records within the original FlowFile, comma-separated,
     * runs as inclusive ranges ({@code 4,17,100-199}); see {@link RecordIndexes}.
     */
    public static final String RECORD_INDEXES = "spotlight.record.indexes";
    /** Number of records in the FlowFile, as routed. */
    public static final String RECORD_COUNT = "record.count";
    /** The ClickHouse database and table the records were meant for. */
    public static final String TARGET_DATABASE = "spotlight.target.database";
    public static final String TARGET_TABLE = "spotlight.target.table";
    /** How many times the FlowFile has been routed to retry so far: counted by RouteToFailureDb, once per retry. */
    public static final String RETRY_COUNT = "spotlight.retry.count";
    /** When the FlowFile first failed with a transient failure (ISO-8601 UTC), kept across its retries. */
    public static final String RETRY_SINCE = "spotlight.retry.since";
    /** While RouteToFailureDb holds a FlowFile for its backoff: when it goes back to retry (ISO-8601 UTC). */
    public static final String RETRY_AT = "spotlight.retry.at";

    /**
     * The ClickHouse columns of typed records as DDL ({@code `id` UInt32, `price` Decimal(18, 2)}): written by
     * InferSchemaAndCast, read by PutClickHouseBatch to create tables with the inferred types.
     */
    public static final String CLICKHOUSE_COLUMNS = "spotlight.clickhouse.columns";

    private SpotlightAttributes() {
    }
}
