package org.spotlight.clickhouse.insert;

import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.clickhouse.TargetTable;
import org.spotlight.clickhouse.ddl.ColumnDefinition;
import org.spotlight.clickhouse.ddl.SourceField;
import org.spotlight.clickhouse.ddl.TableCatalog;
import org.spotlight.clickhouse.types.ClickHouseColumn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Maps the fields of records to the columns of their table: a field goes to the column its Field Mapping names, else to
 * the column of its own name. Says which columns to add for new fields, and why a source of records cannot be loaded as
 * it is (a name that cannot be a column, a field without a column, too many columns).
 */
public final class ColumnMapper {

    /** A table name or field name that cannot be used, or a table that cannot be created or widened as asked. */
    public static final String INVALID_TARGET = "INVALID_TARGET";
    /** A field has no column and Unmatched Field Behavior says to fail. */
    public static final String UNMATCHED_FIELDS = "UNMATCHED_FIELDS";
    /** The same code InferSchemaAndCast gives a record beyond its Max Columns, for the same bound on loading. */
    public static final String TOO_MANY_COLUMNS = "TOO_MANY_COLUMNS";

    /** Why a source of records cannot be loaded: its error code and message. */
    public record Rejection(String code, String message) {
    }

    /** A source's column to field mapping, or why it has none. */
    public record Mapping(Map<String, String> fieldByColumn, Rejection rejection) {
        static Mapping rejected(final String code, final String message) {
            return new Mapping(null, new Rejection(code, message));
        }
    }

    private final Map<String, String> columnByField;
    private final boolean failOnUnmatched;
    private final boolean addColumns;
    private final int maxColumns;

    /**
     * @param columnByField   column by field name, for fields whose column has another name
     * @param failOnUnmatched whether a field without a column rejects its source (rather than being left out)
     * @param addColumns      whether columns are added for fields the table lacks
     * @param maxColumns      the most columns a table Spotlight creates or widens may have
     */
    public ColumnMapper(final Map<String, String> columnByField, final boolean failOnUnmatched, final boolean addColumns,
                        final int maxColumns) {
        // In the order given: the first field mapped to a column feeds it.
        this.columnByField = Collections.unmodifiableMap(new LinkedHashMap<>(columnByField));
        this.failOnUnmatched = failOnUnmatched;
        this.addColumns = addColumns;
        this.maxColumns = maxColumns;
    }

    public Map<String, String> columnByField() {
        return columnByField;
    }

    public String columnOf(final String field) {
        return columnByField.getOrDefault(field, field);
    }

    /** Before a table is created for them: fields whose names cannot become columns reject their source (five named). */
    public Optional<Rejection> unsafeNames(final TargetTable target, final List<SourceField> fields) {
        final List<String> problems = fields.stream().map(field -> unsafeName(columnOf(field.name()))).filter(Objects::nonNull)
                .limit(5).toList();
        return problems.isEmpty() ? Optional.empty()
                : Optional.of(new Rejection(INVALID_TARGET, "Cannot create " + target + " with columns for these fields: " + String.join("; ", problems)));
    }

    /**
     * Keeps a table within Max Columns while sources are taken in order: each source that fits adds its new columns to
     * the count, a source that would take the table beyond is rejected.
     */
    public final class ColumnBudget {
        private final Set<String> tableColumns;

        private ColumnBudget(final Collection<String> existing) {
            this.tableColumns = new HashSet<>(existing);
        }

        public Optional<Rejection> admit(final TargetTable target, final List<SourceField> fields) {
            final Set<String> added = new LinkedHashSet<>();
            for (SourceField field : fields) {
                final String column = columnOf(field.name());
                if (!tableColumns.contains(column)) {
                    added.add(column);
                }
            }
            if (tableColumns.size() + added.size() <= maxColumns) {
                tableColumns.addAll(added);
                return Optional.empty();
            }
            return Optional.of(new Rejection(TOO_MANY_COLUMNS, "The FlowFile's fields would give " + target + " "
                    + (tableColumns.size() + added.size()) + " columns, more than Max Columns (" + maxColumns + ")"));
        }
    }

    /** @param existing the columns the table has (none for a table still to be created) */
    public ColumnBudget budget(final Collection<String> existing) {
        return new ColumnBudget(existing);
    }

    /** Whether columns are added for new fields (before mapping). */
    public boolean addsColumns() {
        return addColumns;
    }

    /** The Nullable columns to add for fields the table lacks, in order of appearance; names that cannot be columns are left out. */
    public List<ColumnDefinition> additions(final TableCatalog.Table table, final Collection<List<SourceField>> fieldLists) {
        final Map<String, ColumnDefinition> additions = new LinkedHashMap<>();
        if (!addColumns) {
            return List.of();
        }
        for (List<SourceField> fields : fieldLists) {
            for (SourceField field : fields) {
                final String column = columnOf(field.name());
                // Fields whose names are not safe as column names reject their source in map().
                if (table.column(column).isEmpty() && !additions.containsKey(column) && unsafeName(column) == null) {
                    additions.put(column, ColumnDefinition.forField(column, field.type(), true, false));
                }
            }
        }
        return List.copyOf(additions.values());
    }

    /** Column to field for a source whose fields are known. */
    public Mapping map(final TargetTable target, final TableCatalog.Table table, final List<SourceField> fields) {
        final Map<String, String> mapping = new LinkedHashMap<>();
        final List<String> unmatched = new ArrayList<>();
        for (SourceField field : fields) {
            final String column = columnOf(field.name());
            if (table.column(column).filter(ClickHouseColumn::isInsertable).isPresent()) {
                mapping.putIfAbsent(column, field.name());
            } else {
                unmatched.add(field.name());
            }
        }
        if (!unmatched.isEmpty() && addColumns) {
            final List<String> problems = unmatched.stream().map(field -> unsafeName(columnOf(field))).filter(Objects::nonNull).toList();
            if (!problems.isEmpty()) {
                return Mapping.rejected(INVALID_TARGET, "Cannot add columns for these fields: " + String.join("; ", problems));
            }
        }
        if (!unmatched.isEmpty() && failOnUnmatched) {
            return Mapping.rejected(UNMATCHED_FIELDS, "Fields " + unmatched + " have no column in " + target);
        }
        return new Mapping(mapping, null);
    }

    /**
     * For records whose fields were not scanned (raw JSON): every insertable column, fed by the field mapped to it or by
     * the field of its own name (unless that field is mapped to another column). Records without the field leave the
     * column to its default.
     */
    public Map<String, String> everyColumn(final TableCatalog.Table table) {
        final Map<String, String> fieldByColumn = new LinkedHashMap<>();
        columnByField.forEach((field, column) -> {
            if (table.column(column).filter(ClickHouseColumn::isInsertable).isPresent()) {
                fieldByColumn.putIfAbsent(column, field);
            }
        });
        for (ClickHouseColumn column : table.columns()) {
            if (column.isInsertable() && !columnByField.containsKey(column.name())) {
                fieldByColumn.putIfAbsent(column.name(), column.name());
            }
        }
        return fieldByColumn;
    }

    /** Why a name from data cannot become a column, or null when it can. */
    private static String unsafeName(final String name) {
        try {
            ClickHouseIdentifiers.requireSafeName("Column name", name);
            return null;
        } catch (final IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
