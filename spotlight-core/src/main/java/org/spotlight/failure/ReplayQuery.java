package org.spotlight.failure;

import org.spotlight.clickhouse.ClickHouseIdentifiers;

import java.util.stream.Collectors;

/**
 * Selects failures to replay: those not yet replayed (no row in the replay-marker table), replayed fewer than
 * {@code maxReplays} times before (so a record that keeps failing does not loop for ever), matching the operator's
 * filter. Rows come in the order they were stored, records of one FlowFile together and in their original order.
 *
 * @param filter     the operator's condition, parsed: it can only narrow the selection (see {@link ReplayFilter})
 * @param limit      the most rows one run replays
 * @param maxReplays failures whose replay_count has reached this are left alone
 */
public record ReplayQuery(ReplayFilter filter, int limit, int maxReplays) {

    public ReplayQuery {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        filter = filter == null ? ReplayFilter.parse("", FailureTable.COLUMN_NAMES) : filter;
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
            sql.append("\n  AND ").append(filter.sql());
        }
        return sql.append("\nORDER BY ").append(FailureTable.INGESTED_AT).append(", ").append(FailureTable.FLOWFILE_UUID)
                .append(", ").append(FailureTable.RECORD_INDEX)
                .append("\nLIMIT ").append(limit)
                .toString();
    }
}
