package org.spotlight.nifi.processors.clickhouse;

import org.spotlight.clickhouse.ClickHouseIdentifiers;

import java.util.LinkedHashMap;
import java.util.Map;

/** The Field Mapping property: comma-separated {@code field=column} pairs. */
final class FieldMapping {

    private FieldMapping() {
    }

    /**
     * @return column by field name, in the order given
     * @throws IllegalArgumentException naming the pair that is not {@code field=column}
     */
    static Map<String, String> parse(final String text) {
        final Map<String, String> columnByField = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            final int separator = pair.indexOf('=');
            if (separator < 0 || pair.indexOf('=', separator + 1) >= 0) {
                throw new IllegalArgumentException("'" + pair.strip() + "' is not a field=column pair");
            }
            final String field = pair.substring(0, separator).strip();
            final String column = pair.substring(separator + 1).strip();
            if (field.isEmpty() || column.isEmpty()) {
                throw new IllegalArgumentException("'" + pair.strip() + "' needs both a field and a column name");
            }
            ClickHouseIdentifiers.validate(column);
            if (columnByField.put(field, column) != null) {
                throw new IllegalArgumentException("Field '" + field + "' is mapped twice");
            }
        }
        return columnByField;
    }
}
