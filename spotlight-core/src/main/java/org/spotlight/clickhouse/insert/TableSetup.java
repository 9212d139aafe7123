package org.spotlight.clickhouse.insert;

import org.spotlight.clickhouse.TargetTable;
import org.spotlight.clickhouse.ddl.ColumnDefinition;
import org.spotlight.clickhouse.ddl.SourceField;
import org.spotlight.clickhouse.ddl.TableCatalog;
import org.spotlight.clickhouse.ddl.TablePlanner;
import org.spotlight.clickhouse.types.ClickHouseColumn;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Gets a table ready for one batch of record sources (FlowFiles, files ...): creates it when it is missing and that is
 * configured, adds columns for new fields when configured, and maps each source's fields to its columns. A source that
 * cannot go into the table is rejected with a code and message, never the whole batch for it: the caller routes
 * rejected sources and inserts the others.
 *
 * @param <S> a source of records
 */
public final class TableSetup<S> {

    /** The table does not exist and Spotlight does not create tables. */
    public static final String UNKNOWN_TABLE = "UNKNOWN_TABLE";
    /** No field of any source of the batch has a column. */
    public static final String NO_MATCHING_COLUMNS = "NO_MATCHING_COLUMNS";

    /** Reads a source's fields when they are needed and were not read before. */
    @FunctionalInterface
    public interface FieldReader<S> {
        /** @return the fields, or empty when the source cannot be read (the reader has dealt with it) */
        Optional<List<SourceField>> fields(S source);
    }

    /**
     * What to insert: the table as it now is, the columns the batch fills, and each source's column to field mapping.
     */
    public record Plan<S>(TableCatalog.Table table, List<ClickHouseColumn> columns, Map<S, Map<String, String>> fieldByColumn) {
    }

    private final TableCatalog catalog;
    private final ColumnMapper columns;
    private final TablePlanner tables;
    private final Consumer<String> changes;

    /**
     * @param tables  how to create a missing table, or null when missing tables are not created
     * @param changes told of every table created and column added, for the log
     */
    public TableSetup(final TableCatalog catalog, final ColumnMapper columns, final TablePlanner tables, final Consumer<String> changes) {
        this.catalog = catalog;
        this.columns = columns;
        this.tables = tables;
        this.changes = changes;
    }

    /**
     * @param sources  the batch's readable sources, in order
     * @param fields   the fields of the sources read so far (sources of raw JSON need not have them); read fields are added
     * @param rejected receives each rejected source with why, in order, also when this throws
     * @return what to insert, or empty when no source is left
     * @throws IllegalArgumentException when the table cannot be created as configured
     */
    public Optional<Plan<S>> prepare(final ClickHouseServerInfo server, final TargetTable target, final List<S> sources,
                                     final Map<S, List<SourceField>> fields, final FieldReader<S> reader,
                                     final Map<S, ColumnMapper.Rejection> rejected) {
        final List<S> remaining = new ArrayList<>(sources);
        TableCatalog.Table table = catalog.describe(target.database(), target.table()).orElse(null);
        if (table == null) {
            if (tables == null) {
                remaining.forEach(source -> rejected.put(source, new ColumnMapper.Rejection(UNKNOWN_TABLE,
                        "Table " + target + " does not exist; create it or set Create Missing Table")));
                return Optional.empty();
            }
            remaining.removeIf(source -> !fields.containsKey(source) && !read(reader, fields, source));
            // A field whose name cannot be a column fails its own source, not the table every other source needs.
            remaining.removeIf(source -> rejects(rejected, source, columns.unsafeNames(target, fields.get(source))));
            final ColumnMapper.ColumnBudget budget = columns.budget(Set.of());
            remaining.removeIf(source -> rejects(rejected, source, budget.admit(target, fields.get(source))));
            if (remaining.isEmpty()) {
                return Optional.empty();
            }
            table = catalog.create(tables.plan(server, target, columns.columnByField(), remaining.stream().map(fields::get).toList()));
            changes.accept("Created table " + target);
        }
        if (columns.addsColumns()) {
            final ColumnMapper.ColumnBudget budget = columns.budget(table.columns().stream().map(ClickHouseColumn::name).toList());
            remaining.removeIf(source -> fields.containsKey(source) && rejects(rejected, source, budget.admit(target, fields.get(source))));
            final List<ColumnDefinition> additions = columns.additions(table,
                    remaining.stream().filter(fields::containsKey).map(fields::get).toList());
            if (!additions.isEmpty()) {
                table = catalog.addColumns(target.database(), target.table(), additions);
                changes.accept("Added columns " + additions.stream().map(ColumnDefinition::name).toList() + " to " + target);
            }
        }
        final Map<S, Map<String, String>> fieldByColumn = new LinkedHashMap<>();
        for (S source : remaining) {
            if (!fields.containsKey(source)) {
                fieldByColumn.put(source, columns.everyColumn(table));
                continue;
            }
            final ColumnMapper.Mapping mapping = columns.map(target, table, fields.get(source));
            if (!rejects(rejected, source, Optional.ofNullable(mapping.rejection()))) {
                fieldByColumn.put(source, mapping.fieldByColumn());
            }
        }
        final Set<String> provided = new LinkedHashSet<>();
        fieldByColumn.values().forEach(mapping -> provided.addAll(mapping.keySet()));
        final List<ClickHouseColumn> inserted = table.columns().stream()
                .filter(column -> column.isInsertable() && provided.contains(column.name())).toList();
        if (inserted.isEmpty()) {
            final String columnNames = table.columns().stream().map(ClickHouseColumn::name).toList().toString();
            fieldByColumn.keySet().forEach(source -> rejected.put(source, new ColumnMapper.Rejection(NO_MATCHING_COLUMNS,
                    "None of the record fields matches a column of " + target + " (columns: " + columnNames + ")")));
            return Optional.empty();
        }
        return Optional.of(new Plan<>(table, inserted, fieldByColumn));
    }

    private static <S> boolean read(final FieldReader<S> reader, final Map<S, List<SourceField>> fields, final S source) {
        final Optional<List<SourceField>> read = reader.fields(source);
        read.ifPresent(sourceFields -> fields.put(source, sourceFields));
        return read.isPresent();
    }

    private static <S> boolean rejects(final Map<S, ColumnMapper.Rejection> rejected, final S source,
                                       final Optional<ColumnMapper.Rejection> rejection) {
        rejection.ifPresent(why -> rejected.put(source, why));
        return rejection.isPresent();
    }
}
