package org.spotlight.clickhouse;

import org.spotlight.clickhouse.client.ClickHouseCapability;
import org.spotlight.clickhouse.client.ClickHouseException;
import org.spotlight.clickhouse.client.ClickHouseQueryResult;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;
import org.spotlight.clickhouse.client.ClickHouseVersion;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Detects what a ClickHouse server can do from its system tables. Every query here works on 18.16 as well as on
 * current releases: system tables that old servers lack (disks, storage_policies) are looked up before use.
 */
public final class ServerProbe {

    private static final Map<String, ClickHouseCapability> SETTINGS = Map.of(
            "insert_deduplication_token", ClickHouseCapability.INSERT_DEDUPLICATION_TOKEN,
            "async_insert", ClickHouseCapability.ASYNC_INSERT,
            "input_format_defaults_for_omitted_fields", ClickHouseCapability.DEFAULTS_FOR_OMITTED_FIELDS,
            "input_format_null_as_default", ClickHouseCapability.NULL_AS_DEFAULT,
            "input_format_max_rows_to_read_for_schema_inference", ClickHouseCapability.SCHEMA_INFERENCE);

    private static final Map<String, ClickHouseCapability> FORMATS = Map.of(
            "RowBinary", ClickHouseCapability.ROW_BINARY,
            "RowBinaryWithDefaults", ClickHouseCapability.ROW_BINARY_WITH_DEFAULTS,
            "RowBinaryWithNamesAndTypes", ClickHouseCapability.ROW_BINARY_WITH_NAMES_AND_TYPES);

    private final Function<String, ClickHouseQueryResult> query;

    /**
     * @param query runs a SELECT (without FORMAT clause) and returns its rows
     */
    public ServerProbe(final Function<String, ClickHouseQueryResult> query) {
        this.query = query;
    }

    public ClickHouseServerInfo probe() {
        final ClickHouseQueryResult identity = query.apply("SELECT version() AS version, timezone() AS timezone");
        if (identity.isEmpty() || !identity.columnNames().contains("version")) {
            throw new ClickHouseException(ClickHouseException.Kind.CLIENT, 0, false, null,
                    "The server answered SELECT version() without a row: it is not a ClickHouse HTTP endpoint, or a proxy in between altered the response", null);
        }
        final ClickHouseVersion version = ClickHouseVersion.parse(identity.column("version").getFirst());
        final String timezone = identity.column("timezone").getFirst();

        final Set<ClickHouseCapability> capabilities = EnumSet.noneOf(ClickHouseCapability.class);
        names("SELECT name FROM system.settings WHERE name IN " + inList(SETTINGS.keySet()))
                .forEach(name -> capabilities.add(SETTINGS.get(name)));
        names("SELECT name FROM system.formats WHERE name IN " + inList(FORMATS.keySet()))
                .forEach(name -> capabilities.add(FORMATS.get(name)));
        if (!names("SELECT name FROM system.merge_tree_settings WHERE name = 'non_replicated_deduplication_window'").isEmpty()) {
            capabilities.add(ClickHouseCapability.NON_REPLICATED_DEDUPLICATION_WINDOW);
        }
        if (!names("SELECT name FROM system.table_functions WHERE name = 's3'").isEmpty()) {
            capabilities.add(ClickHouseCapability.S3_TABLE_FUNCTION);
        }

        final Set<String> systemTables = names("SELECT name FROM system.tables WHERE database = 'system' AND name IN ('disks', 'storage_policies')");
        if (systemTables.contains("disks") && hasS3Disk()) {
            capabilities.add(ClickHouseCapability.S3_DISK);
        }
        final List<String> storagePolicies = systemTables.contains("storage_policies")
                ? List.copyOf(names("SELECT DISTINCT policy_name AS name FROM system.storage_policies ORDER BY name"))
                : List.of();
        final Set<String> dataTypes = names("SELECT name FROM system.data_type_families");
        return new ClickHouseServerInfo(version, timezone, capabilities, dataTypes, storagePolicies);
    }

    /**
     * system.disks changed shape across releases (type 's3' before 24.x, 'ObjectStorage' with object_storage_type
     * 'S3' after), so any column whose value names S3 counts.
     */
    private boolean hasS3Disk() {
        final ClickHouseQueryResult disks = query.apply("SELECT * FROM system.disks");
        final Set<String> typeColumns = disks.columnNames().stream()
                .filter(column -> column.equals("type") || column.equals("object_storage_type"))
                .collect(Collectors.toSet());
        return typeColumns.stream()
                .flatMap(column -> disks.column(column).stream())
                .anyMatch(value -> value != null && value.toLowerCase(Locale.ROOT).startsWith("s3"));
    }

    private Set<String> names(final String sql) {
        return new HashSet<>(query.apply(sql).column("name"));
    }

    private static String inList(final Set<String> values) {
        return values.stream().sorted().map(ClickHouseIdentifiers::literal).collect(Collectors.joining(", ", "(", ")"));
    }
}
