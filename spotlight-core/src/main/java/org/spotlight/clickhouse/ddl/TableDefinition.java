package org.spotlight.clickhouse.ddl;

import org.spotlight.clickhouse.ClickHouseIdentifiers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A table Spotlight may create, and the DDL for it. Everything that comes from data or Expression Language
 * (database, table and column names, policy names, ZooKeeper paths) is validated and quoted here; the ORDER BY and
 * PARTITION BY expressions come from configuration and are checked to be single expressions.
 *
 * @param versionColumn                    ReplacingMergeTree's version column, or null
 * @param orderBy                          sorting key expression, or null for none ({@code tuple()})
 * @param partitionBy                      partition expression, or null
 * @param replication                      ZooKeeper path and replica name for a Replicated engine, or null
 * @param storagePolicy                    storage policy name, or null for the server default
 * @param nonReplicatedDeduplicationWindow non_replicated_deduplication_window for a non-replicated table; 0 leaves it unset
 */
public record TableDefinition(String database, String table, List<ColumnDefinition> columns, TableEngine engine,
                              String versionColumn, String orderBy, String partitionBy, Replication replication,
                              String storagePolicy, int nonReplicatedDeduplicationWindow) {

    /** Where a replicated table keeps its replication state. ClickHouse macros such as {shard} are allowed. */
    public record Replication(String zooKeeperPath, String replicaName) {
        public Replication {
            requireText("ZooKeeper path", zooKeeperPath);
            requireText("Replica name", replicaName);
        }
    }

    public TableDefinition {
        ClickHouseIdentifiers.validate(database);
        ClickHouseIdentifiers.validate(table);
        columns = List.copyOf(columns);
        Objects.requireNonNull(engine, "engine");
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("A table needs at least one column");
        }
        if (versionColumn != null && engine != TableEngine.REPLACING_MERGE_TREE) {
            throw new IllegalArgumentException("A version column only applies to ReplacingMergeTree");
        }
        orderBy = orderBy == null || orderBy.isBlank() ? null : SqlExpressions.requireSingleExpression("ORDER BY", orderBy);
        partitionBy = partitionBy == null || partitionBy.isBlank() ? null : SqlExpressions.requireSingleExpression("PARTITION BY", partitionBy);
        if (storagePolicy != null) {
            requireText("Storage policy", storagePolicy);
        }
    }

    public boolean replicated() {
        return replication != null;
    }

    /** {@code CREATE TABLE IF NOT EXISTS ...}: a concurrent creation of the same table is not an error. */
    public String createStatement() {
        final StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ")
                .append(ClickHouseIdentifiers.qualified(database, table))
                .append(" (")
                .append(columns.stream().map(ColumnDefinition::toSql).collect(Collectors.joining(", ")))
                .append(") ENGINE = ")
                .append(engine.sqlName(replicated()))
                .append('(')
                .append(String.join(", ", engineArguments()))
                .append(')');
        if (partitionBy != null) {
            sql.append(" PARTITION BY ").append(SqlExpressions.asKey(partitionBy));
        }
        sql.append(" ORDER BY ").append(orderBy == null ? "tuple()" : SqlExpressions.asKey(orderBy));
        final Map<String, String> settings = new LinkedHashMap<>();
        if (storagePolicy != null) {
            settings.put("storage_policy", ClickHouseIdentifiers.literal(storagePolicy));
        }
        if (!replicated() && nonReplicatedDeduplicationWindow > 0) {
            settings.put("non_replicated_deduplication_window", Integer.toString(nonReplicatedDeduplicationWindow));
        }
        if (!settings.isEmpty()) {
            sql.append(" SETTINGS ").append(settings.entrySet().stream()
                    .map(setting -> setting.getKey() + " = " + setting.getValue()).collect(Collectors.joining(", ")));
        }
        return sql.toString();
    }

    private List<String> engineArguments() {
        final List<String> arguments = new ArrayList<>();
        if (replicated()) {
            arguments.add(ClickHouseIdentifiers.literal(replication.zooKeeperPath()));
            arguments.add(ClickHouseIdentifiers.literal(replication.replicaName()));
        }
        if (versionColumn != null) {
            arguments.add(ClickHouseIdentifiers.quote(versionColumn));
        }
        return arguments;
    }

    /**
     * {@code ALTER TABLE ... ADD COLUMN [IF NOT EXISTS] ...} for a field the table lacks. Existing columns are never changed.
     *
     * @param ifNotExists whether the server's parser has IF NOT EXISTS here (18.16's does not)
     */
    public static String addColumnStatement(final String database, final String table, final ColumnDefinition column, final boolean ifNotExists) {
        return "ALTER TABLE " + ClickHouseIdentifiers.qualified(database, table) + " ADD COLUMN " + (ifNotExists ? "IF NOT EXISTS " : "") + column.toSql();
    }

    private static void requireText(final String what, final String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " contains a control character");
        }
    }
}
