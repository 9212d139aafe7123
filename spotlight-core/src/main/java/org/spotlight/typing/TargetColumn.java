package org.spotlight.typing;

import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.clickhouse.types.ClickHouseType;

/**
 * One column of a typed record.
 *
 * @param name       the ClickHouse column name
 * @param source     the field it comes from (for flattened fields, the path joined with {@link RecordPreparer#PATH_SEPARATOR})
 * @param derivation how the value is obtained from the field
 * @param type       the column type
 */
public record TargetColumn(String name, String source, Derivation derivation, ClickHouseType type) {

    /** The column as DDL declares it: {@code `name` Type}. */
    public String definition() {
        return ClickHouseIdentifiers.quote(name) + " " + type;
    }

    /** The source field as people read it, flattened paths joined with {@code separator}. */
    public String sourceName(final String separator) {
        return RecordPreparer.displayName(source, separator);
    }
}
