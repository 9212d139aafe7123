package org.spotlight.clickhouse.client;

/**
 * Server features that Spotlight uses when present and works around when absent. They are detected from the
 * server's own system tables, not inferred from the version number, so backports and builds with features
 * compiled out are handled correctly.
 */
public enum ClickHouseCapability {

    INSERT_DEDUPLICATION_TOKEN("Setting insert_deduplication_token: idempotent retries of an insert with a caller-chosen token"),
    NON_REPLICATED_DEDUPLICATION_WINDOW("MergeTree setting non_replicated_deduplication_window: insert deduplication without replication"),
    ASYNC_INSERT("Setting async_insert: server-side buffering of small inserts (Spotlight sets it explicitly)"),
    ROW_BINARY("Format RowBinary"),
    ROW_BINARY_WITH_DEFAULTS("Format RowBinaryWithDefaults: binary rows where absent values take the column DEFAULT"),
    ROW_BINARY_WITH_NAMES_AND_TYPES("Format RowBinaryWithNamesAndTypes (client-v2's default query format)"),
    DEFAULTS_FOR_OMITTED_FIELDS("Setting input_format_defaults_for_omitted_fields: JSONEachRow omissions take the column DEFAULT"),
    NULL_AS_DEFAULT("Setting input_format_null_as_default: NULL into a non-Nullable column takes the DEFAULT"),
    S3_DISK("At least one disk of the server stores data on S3/MinIO"),
    S3_TABLE_FUNCTION("Table function s3()"),
    SCHEMA_INFERENCE("Schema inference for input formats (DESCRIBE format(...))"),
    NATIVE_COMPRESSION("HTTP responses and requests compressed with ClickHouse's native LZ4 framing");

    private final String description;

    ClickHouseCapability(final String description) {
        this.description = description;
    }

    public String getDescription() {
        return description;
    }
}
