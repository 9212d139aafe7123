package org.spotlight.clickhouse.ddl;

import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.clickhouse.types.ClickHouseType;

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

    /** {@code `name` Type} as it stands in CREATE TABLE and ADD COLUMN. */
    public String toSql() {
        return ClickHouseIdentifiers.quote(name) + " " + type;
    }
}
