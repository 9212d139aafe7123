package org.spotlight.typing;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The columns records are typed into, in order, and how field names became column names.
 *
 * @param columns the columns
 * @param renames fields whose column name differs from the field name (normalised, or renamed after a collision)
 */
public record InferredSchema(List<TargetColumn> columns, List<ColumnNames.Rename> renames) {

    public InferredSchema {
        columns = List.copyOf(columns);
        renames = List.copyOf(renames);
    }

    /**
     * The columns as ClickHouse DDL: {@code `name` Type, ...}, ready for {@code CREATE TABLE t (...)}. Names are always
     * back-quoted, so that names that are keywords or contain any character stay valid.
     */
    public String columnList() {
        return columns.stream().map(TargetColumn::definition)
                .collect(Collectors.joining(", "));
    }

    /** Renames forced by two fields normalising to the same name. */
    public List<ColumnNames.Rename> collisions() {
        return renames.stream().filter(rename -> !rename.reason().equals("normalised")).toList();
    }

    public TargetColumn column(final String name) {
        return columns.stream().filter(column -> column.name().equals(name)).findFirst().orElse(null);
    }
}
