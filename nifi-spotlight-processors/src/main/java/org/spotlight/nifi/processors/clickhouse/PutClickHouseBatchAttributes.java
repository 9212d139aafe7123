package org.spotlight.nifi.processors.clickhouse;

import org.spotlight.clickhouse.insert.ColumnMapper;

/**
 * The FlowFile attributes PutClickHouseBatch writes besides the spotlight.* ones every component shares, and the
 * spotlight.error.code values of its own (the server's codes are passed on as they are).
 */
public interface PutClickHouseBatchAttributes {

    String ROWS_WRITTEN = "clickhouse.rows.written";
    String NULLS_DEFAULTED = "clickhouse.nulls.defaulted";
    String QUERY_ID = "clickhouse.query.id";
    String BATCH_KEY = "clickhouse.batch.key";
    String IDEMPOTENCY_KEY = "clickhouse.idempotency.key";
    String DEDUPLICATION = "clickhouse.deduplication";
    String RETRY_BATCH = "clickhouse.retry.batch";
    String RETRY_BATCH_SIZE = "clickhouse.retry.batch.size";
    String RETRY_BATCH_INDEX = "clickhouse.retry.batch.index";

    String INVALID_TARGET = ColumnMapper.INVALID_TARGET;
    String UNKNOWN_TABLE = "UNKNOWN_TABLE";
    String UNMATCHED_FIELDS = ColumnMapper.UNMATCHED_FIELDS;
    String NO_MATCHING_COLUMNS = "NO_MATCHING_COLUMNS";
    String TABLE_SETUP_FAILED = "TABLE_SETUP_FAILED";
    String TOO_MANY_COLUMNS = ColumnMapper.TOO_MANY_COLUMNS;
}
