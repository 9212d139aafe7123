package org.spotlight.clickhouse;

/**
 * A table records are loaded into, validated: names that come from data or Expression Language and could smuggle SQL
 * in are refused.
 */
public record TargetTable(String database, String table) {

    /**
     * @param database        the configured database, or blank for {@code defaultDatabase}
     * @param table           the configured table
     * @param defaultDatabase the connection's database
     * @throws IllegalArgumentException naming what is wrong with either name
     */
    public static TargetTable of(final String database, final String table, final String defaultDatabase) {
        final String resolvedDatabase = database == null || database.isBlank() ? defaultDatabase : database.strip();
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("The Table property evaluated to an empty name");
        }
        return new TargetTable(ClickHouseIdentifiers.requireSafeName("Database name", resolvedDatabase),
                ClickHouseIdentifiers.requireSafeName("Table name", table.strip()));
    }

    @Override
    public String toString() {
        return ClickHouseIdentifiers.qualified(database, table);
    }
}
