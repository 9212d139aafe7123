package org.spotlight.clickhouse.ddl;

import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.clickhouse.types.ClickHouseType;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A column to create or add: a name and a type. */
public record ColumnDefinition(String name, ClickHouseType type) {

    public ColumnDefinition {
        ClickHouseIdentifiers.validate(name);
        Objects.requireNonNull(type, "type");
    }

    /**
     * The column for a record field: Nullable when the field may be null, except for key columns (ORDER BY and
     * PARTITION BY columns cannot be Nullable) and container types, which ClickHouse does not wrap in Nullable
     * (a null array is stored as an empty one).
     */
    public static ColumnDefinition forField(final String name, final ClickHouseType type, final boolean nullable, final boolean keyColumn) {
        final boolean container = type.is("Array") || type.is("Map") || type.is("Tuple") || type.is("Nested") || type.is("LowCardinality");
        return new ColumnDefinition(name, nullable && !keyColumn && !container ? ClickHouseType.nullable(type) : type);
    }

    /**
     * Reads a column list as {@link #toSql()} writes it, {@code `name` Type, `other` Nullable(Decimal(16, 2)), ...}:
     * back-quoted names (with {@code \`} and {@code \\} escapes), types up to the next comma outside parentheses and
     * string literals.
     *
     * @throws IllegalArgumentException saying what is wrong, for anything else
     */
    public static List<ColumnDefinition> parseList(final String ddl) {
        final List<ColumnDefinition> columns = new ArrayList<>();
        int i = 0;
        final int length = ddl.length();
        while (i < length) {
            while (i < length && Character.isWhitespace(ddl.charAt(i))) {
                i++;
            }
            if (i == length || ddl.charAt(i) != '`') {
                throw new IllegalArgumentException("Column " + (columns.size() + 1) + " of '" + ddl + "' does not start with a back-quoted name");
            }
            final StringBuilder name = new StringBuilder();
            i++;
            while (i < length && ddl.charAt(i) != '`') {
                final char c = ddl.charAt(i++);
                if (c == '\\' && i < length) {
                    name.append(ddl.charAt(i++));
                } else {
                    name.append(c);
                }
            }
            if (i == length) {
                throw new IllegalArgumentException("The name of column " + (columns.size() + 1) + " of '" + ddl + "' is not closed");
            }
            final int typeStart = ++i;
            int depth = 0;
            boolean quoted = false;
            while (i < length && (quoted || depth > 0 || ddl.charAt(i) != ',')) {
                final char c = ddl.charAt(i++);
                if (quoted) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '\'') {
                        quoted = false;
                    }
                } else if (c == '\'') {
                    quoted = true;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                }
            }
            final String type = ddl.substring(typeStart, i).strip();
            if (type.isEmpty()) {
                throw new IllegalArgumentException("Column `" + name + "` of '" + ddl + "' has no type");
            }
            columns.add(new ColumnDefinition(name.toString(), ClickHouseType.parse(type)));
            i++;
        }
        return columns;
    }

    /** {@code `name` Type} as it stands in CREATE TABLE and ADD COLUMN. */
    public String toSql() {
        return ClickHouseIdentifiers.quote(name) + " " + type;
    }
}
