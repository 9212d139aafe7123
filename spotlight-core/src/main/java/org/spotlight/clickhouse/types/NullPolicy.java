package org.spotlight.clickhouse.types;

/**
 * What becomes of a NULL headed for a column that cannot hold NULL. ClickHouse itself writes the column's default
 * ({@code input_format_null_as_default}); whether that is right for the data is the user's decision, and either way
 * it is never silent: defaults written are counted, failures say which column.
 */
public enum NullPolicy {
    /** The column's default is written (0, '', 1970-01-01 ..., or its DEFAULT expression), and counted. */
    COLUMN_DEFAULT,
    /** The record fails, naming the column. */
    FAIL
}
