package org.spotlight.typing;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a stream's schema changed: columns added (new fields) and columns whose type changed (a wider type, or
 * Nullable after a NULL was seen). Expressed the way an operator would apply it to the table.
 *
 * @param added   new columns
 * @param changed columns with a new type, as {@code before -> after}
 */
public record SchemaDrift(List<TargetColumn> added, List<Change> changed) {

    /** A column whose type changed. */
    public record Change(TargetColumn before, TargetColumn after) {
        @Override
        public String toString() {
            return after.name() + ": " + before.type() + " -> " + after.type();
        }
    }

    public static SchemaDrift between(final InferredSchema before, final InferredSchema after) {
        final List<TargetColumn> added = new ArrayList<>();
        final List<Change> changed = new ArrayList<>();
        for (TargetColumn column : after.columns()) {
            final TargetColumn previous = before.column(column.name());
            if (previous == null) {
                added.add(column);
            } else if (!previous.type().equals(column.type())) {
                changed.add(new Change(previous, column));
            }
        }
        return new SchemaDrift(List.copyOf(added), List.copyOf(changed));
    }

    public boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty();
    }

    /** {@code `a` Int64, `b` String}. */
    public String addedColumns() {
        return added.stream().map(TargetColumn::definition).collect(Collectors.joining(", "));
    }

    /** {@code x: Int64 -> Decimal(18, 2); y: String -> Nullable(String)}. */
    public String changedColumns() {
        return changed.stream().map(Change::toString).collect(Collectors.joining("; "));
    }

    /** The ALTER TABLE clauses that bring a table of the old schema to the new one. */
    public String alterClauses() {
        final List<String> clauses = new ArrayList<>();
        added.forEach(column -> clauses.add("ADD COLUMN IF NOT EXISTS " + column.definition()));
        changed.forEach(change -> clauses.add("MODIFY COLUMN " + change.after().definition()));
        return String.join(", ", clauses);
    }
}
