package org.spotlight.clickhouse.types;

/**
 * A table column as system.columns describes it.
 *
 * @param defaultKind {@code DEFAULT}, {@code MATERIALIZED}, {@code ALIAS}, {@code EPHEMERAL} or empty
 */
public record ClickHouseColumn(String name, ClickHouseType type, String defaultKind, String defaultExpression) {

    /** Whether an INSERT may provide a value: MATERIALIZED and ALIAS columns are computed by the server only. */
    public boolean isInsertable() {
        return !"MATERIALIZED".equals(defaultKind) && !"ALIAS".equals(defaultKind);
    }

    /** Whether an insert that leaves the column out stores its type's default: it has no default kind of any sort. */
    public boolean defaultsToItsType() {
        return defaultKind == null || defaultKind.isEmpty();
    }

    /** Whether the server fills the column from an expression when an insert leaves it out. */
    public boolean hasDefaultExpression() {
        return "DEFAULT".equals(defaultKind) || "MATERIALIZED".equals(defaultKind);
    }
}
