package org.spotlight.clickhouse.ddl;

import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.clickhouse.types.ClickHouseColumn;
import org.spotlight.clickhouse.types.TableSchemas;
import org.spotlight.clickhouse.client.ClickHouseCapability;
import org.spotlight.clickhouse.client.ClickHouseClient;
import org.spotlight.clickhouse.client.ClickHouseException;
import org.spotlight.clickhouse.client.ClickHouseQueryResult;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What Spotlight knows about target tables: their columns (system.columns) and engine (system.tables), cached for a
 * while so that a busy processor does not ask for every batch, and refreshed after Spotlight changes a table or an
 * insert reports a schema problem. Creates tables and adds columns; never drops or changes anything.
 */
public final class TableCatalog {

    /** A table as the server describes it. */
    public record Table(String database, String name, List<ClickHouseColumn> columns, String engine, String engineFull) {
        public Table {
            columns = List.copyOf(columns);
        }

        public Optional<ClickHouseColumn> column(final String columnName) {
            return columns.stream().filter(column -> column.name().equals(columnName)).findFirst();
        }

        public boolean replicated() {
            return engine.startsWith("Replicated");
        }
    }

    private record Entry(Optional<Table> table, Instant loaded) {
    }

    /** "Column already exists": ILLEGAL_COLUMN on 18.16, DUPLICATE_COLUMN on later servers. */
    private static final java.util.Set<Integer> COLUMN_ALREADY_EXISTS = java.util.Set.of(44, 15);

    private final ClickHouseClient clickHouse;
    private final Duration maxAge;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile Long defaultDeduplicationWindow;

    public TableCatalog(final ClickHouseClient clickHouse, final Duration maxAge, final Clock clock) {
        this.clickHouse = clickHouse;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /**
     * @return the table, or empty when it does not exist
     * @throws ClickHouseException when the server cannot be asked
     */
    public Optional<Table> describe(final String database, final String table) {
        final String key = key(database, table);
        final Entry cached = entries.get(key);
        if (cached != null && cached.loaded().plus(maxAge).isAfter(clock.instant())) {
            return cached.table();
        }
        final Optional<Table> loaded = load(database, table);
        entries.put(key, new Entry(loaded, clock.instant()));
        return loaded;
    }

    /** Forgets what is cached about a table, e.g. after an insert failed because a column is missing. */
    public void invalidate(final String database, final String table) {
        entries.remove(key(database, table));
    }

    /** Creates the table if it does not exist yet, and returns it as the server has it. */
    public Table create(final TableDefinition definition) {
        clickHouse.execute(definition.createStatement(), Map.of());
        invalidate(definition.database(), definition.table());
        return describe(definition.database(), definition.table()).orElseThrow(() -> new IllegalStateException(
                "Table " + ClickHouseIdentifiers.qualified(definition.database(), definition.table()) + " does not exist after CREATE TABLE"));
    }

    /**
     * Adds columns; a column that another writer added in the meantime is fine.
     *
     * @return the table as the server has it afterwards
     */
    public Table addColumns(final String database, final String table, final List<ColumnDefinition> columns) {
        // IF NOT EXISTS came after 18.16; servers before it report an existing column with an error code instead.
        final boolean ifNotExists = clickHouse.getServerInfo().version().isAtLeast(20, 1);
        for (ColumnDefinition column : columns) {
            try {
                clickHouse.execute(TableDefinition.addColumnStatement(database, table, column, ifNotExists), Map.of());
            } catch (final ClickHouseException e) {
                if (!COLUMN_ALREADY_EXISTS.contains(e.getErrorCode())) {
                    throw e;
                }
            }
        }
        invalidate(database, table);
        return describe(database, table).orElseThrow(() -> new IllegalStateException(
                "Table " + ClickHouseIdentifiers.qualified(database, table) + " disappeared while columns were added"));
    }

    /** The server's default non_replicated_deduplication_window; 0 on servers without the setting. */
    public long defaultDeduplicationWindow() {
        Long window = defaultDeduplicationWindow;
        if (window == null) {
            window = 0L;
            if (clickHouse.getServerInfo().supports(ClickHouseCapability.NON_REPLICATED_DEDUPLICATION_WINDOW)) {
                final ClickHouseQueryResult result = clickHouse.query(
                        "SELECT value FROM system.merge_tree_settings WHERE name = 'non_replicated_deduplication_window'", Map.of());
                window = result.isEmpty() ? 0L : Long.parseLong(result.column("value").getFirst());
            }
            defaultDeduplicationWindow = window;
        }
        return window;
    }

    private Optional<Table> load(final String database, final String table) {
        final Optional<List<ClickHouseColumn>> columns = TableSchemas.columns(clickHouse, database, table);
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        // SELECT *: engine_full is missing on some old servers.
        final ClickHouseQueryResult tables = clickHouse.query("SELECT * FROM system.tables WHERE database = "
                + ClickHouseIdentifiers.literal(database) + " AND name = " + ClickHouseIdentifiers.literal(table), Map.of());
        if (tables.isEmpty()) {
            return Optional.empty();
        }
        final String engine = tables.column("engine").getFirst();
        final String engineFull = tables.columnNames().contains("engine_full") ? tables.column("engine_full").getFirst() : "";
        return Optional.of(new Table(database, table, columns.get(), engine, engineFull));
    }

    private static String key(final String database, final String table) {
        return database + '\u0000' + table;
    }
}
