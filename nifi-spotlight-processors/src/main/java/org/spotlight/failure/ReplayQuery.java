package org.spotlight.failure;

import org.spotlight.clickhouse.ClickHouseIdentifiers;

import java.util.stream.Collectors;

/**
 * Selects failures to replay: those not yet replayed (no row in the replay-marker table), replayed fewer than
 * {@code maxReplays} times before (so a record that keeps failing does not loop for ever), matching the operator's
 * filter. Rows come in the order they were stored, records of one FlowFile together and in their original order.
 *
 * @param filter     a SQL boolean expression over the failure table's columns, e.g.
 *                   {@code target_table = 'trades' AND error_code = '27'}; blank for all pending failures
 * @param limit      the most rows one run replays
 * @param maxReplays failures whose replay_count has reached this are left alone
 */
public record ReplayQuery(String filter, int limit, int maxReplays) {

    public ReplayQuery {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        filter = filter == null ? "" : filter.strip();
    }

    /** The SELECT, without FORMAT clause. */
    public String sql(final FailureTable table) {
        final StringBuilder sql = new StringBuilder("SELECT ")
                .append(StoredFailure.COLUMNS.stream().map(ClickHouseIdentifiers::quote).collect(Collectors.joining(", ")))
                .append("\nFROM ").append(table.qualifiedName())
                .append("\nWHERE ").append(FailureTable.FAILURE_ID).append(" NOT IN (SELECT ").append(FailureTable.FAILURE_ID)
                .append(" FROM ").append(table.qualifiedReplaysName()).append(")")
                .append("\n  AND ").append(FailureTable.REPLAY_COUNT).append(" < ").append(maxReplays);
        if (!filter.isEmpty()) {
            sql.append("\n  AND (").append(filter).append("\n)");
        }
        return sql.append("\nORDER BY ").append(FailureTable.INGESTED_AT).append(", ").append(FailureTable.FLOWFILE_UUID)
                .append(", ").append(FailureTable.RECORD_INDEX)
                .append("\nLIMIT ").append(limit)
                .toString();
    }
}
