package org.spotlight.clickhouse.ddl;

import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.clickhouse.TargetTable;
import org.spotlight.clickhouse.client.ClickHouseCapability;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans the table to create for records whose table is missing: its columns come from the union of the records' fields
 * in order of appearance, its engine, keys and storage from configuration, checked against what the server has.
 *
 * @param engine              the engine of created tables
 * @param versionColumn       ReplacingMergeTree's version column, or null
 * @param orderBy             sorting key expression, or null for none
 * @param partitionBy         partition expression, or null
 * @param storagePolicy       storage policy name, or null for the server default
 * @param replicated          whether to use the Replicated variant of the engine
 * @param zooKeeperPath       the replicated table's ZooKeeper path; {database} and {table} are replaced here
 * @param replicaName         the replica's name, usually the server macro {replica}
 * @param deduplicationWindow non_replicated_deduplication_window where the server has it and retries are deduplicated; 0 for none
 */
public record TablePlanner(TableEngine engine, String versionColumn, String orderBy, String partitionBy, String storagePolicy,
                           boolean replicated, String zooKeeperPath, String replicaName, int deduplicationWindow) {

    /**
     * @param columnByField the column of each field whose column has another name
     * @param fieldLists    the fields of each source of records, in order
     * @throws IllegalArgumentException when the table is not possible as configured (names, storage policy, keys)
     */
    public TableDefinition plan(final ClickHouseServerInfo server, final TargetTable target, final Map<String, String> columnByField,
                                final List<List<SourceField>> fieldLists) {
        if (storagePolicy != null && !server.storagePolicies().contains(storagePolicy)) {
            throw new IllegalArgumentException("Storage policy '" + storagePolicy + "' is not one of the server's policies "
                    + (server.storagePolicies().isEmpty() ? "(ClickHouse " + server.version() + " has none)" : server.storagePolicies()));
        }
        final Set<String> keyColumns = new LinkedHashSet<>();
        if (orderBy != null) {
            keyColumns.addAll(SqlExpressions.identifiers(orderBy));
        }
        if (partitionBy != null) {
            keyColumns.addAll(SqlExpressions.identifiers(partitionBy));
        }
        if (versionColumn != null) {
            keyColumns.add(versionColumn);
        }
        final Map<String, ColumnDefinition> columns = new LinkedHashMap<>();
        for (List<SourceField> fields : fieldLists) {
            for (SourceField field : fields) {
                final String column = ClickHouseIdentifiers.requireSafeName("Column name", columnByField.getOrDefault(field.name(), field.name()));
                columns.putIfAbsent(column, ColumnDefinition.forField(column, field.type(), field.nullable(), keyColumns.contains(column)));
            }
        }
        final TableDefinition.Replication replication = replicated
                ? new TableDefinition.Replication(zooKeeperPath.replace("{database}", target.database()).replace("{table}", target.table()),
                replicaName)
                : null;
        final int window = server.supports(ClickHouseCapability.NON_REPLICATED_DEDUPLICATION_WINDOW) ? deduplicationWindow : 0;
        return new TableDefinition(target.database(), target.table(), List.copyOf(columns.values()), engine, versionColumn, orderBy,
                partitionBy, replication, storagePolicy, window);
    }
}
