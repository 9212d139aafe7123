package org.spotlight.clickhouse.ddl;

import org.spotlight.clickhouse.types.ClickHouseType;

/**
 * A field of the records to load and the column type it calls for, without Nullable: {@code nullable} says whether the
 * field may be null (key columns are never made Nullable).
 */
public record SourceField(String name, ClickHouseType type, boolean nullable) {

    /** A field of a typed column such as {@code Nullable(Int64)}: the inner type, nullable. */
    public static SourceField ofColumn(final String name, final ClickHouseType type) {
        return type.is("Nullable") ? new SourceField(name, type.argument(0), true) : new SourceField(name, type, false);
    }
}
