package org.spotlight.clickhouse.client;

import java.util.List;

/**
 * A small, fully read query result with values as ClickHouse prints them in TabSeparated format
 * (NULL as {@code null}). Meant for metadata and control queries; stream large results with
 * {@link ClickHouseClient#query(String, String, java.util.Map, ClickHouseClient.ResultReader)} instead.
 */
public record ClickHouseQueryResult(List<String> columnNames, List<List<String>> rows) {

    public ClickHouseQueryResult {
        columnNames = List.copyOf(columnNames);
        rows = rows.stream().map(java.util.Collections::unmodifiableList).toList();
    }

    public int columnIndex(final String columnName) {
        final int index = columnNames.indexOf(columnName);
        if (index < 0) {
            throw new IllegalArgumentException("No column '" + columnName + "' in result " + columnNames);
        }
        return index;
    }

    /** The values of one column, in row order. */
    public List<String> column(final String columnName) {
        final int index = columnIndex(columnName);
        return rows.stream().map(row -> row.get(index)).toList();
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }
}
