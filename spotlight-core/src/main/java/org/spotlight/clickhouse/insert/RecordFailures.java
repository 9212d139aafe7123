package org.spotlight.clickhouse.insert;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The records of one source that did not land, grouped by error code, with the first message of each group.
 * Indexes are kept as bits, so memory stays proportional to the number of records, not to the messages.
 */
public final class RecordFailures {

    /** Spotlight's code for a value that cannot be converted to its column's type without loss. */
    public static final String CAST_FAILED = "CAST_FAILED";
    /** Spotlight's code for a NULL headed for a non-Nullable column, when NULL In Non-Nullable Columns says to fail. */
    public static final String NULL_NOT_ALLOWED = "NULL_NOT_ALLOWED";
    /** Spotlight's code for input that the record reader cannot read. */
    public static final String MALFORMED_RECORD = "MALFORMED_RECORD";

    /** One error and the records it applies to. Record failures are never retryable: the same record fails again. */
    public record Group(String code, String message, BitSet indexes) {

        public int count() {
            return indexes.cardinality();
        }
    }

    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final BitSet all = new BitSet();

    void add(final int recordIndex, final String code, final String message) {
        groups.computeIfAbsent(code, key -> new Group(code, message, new BitSet())).indexes().set(recordIndex);
        all.set(recordIndex);
    }

    public boolean contains(final int recordIndex) {
        return all.get(recordIndex);
    }

    public int count() {
        return all.cardinality();
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    public Iterable<Group> groups() {
        return groups.values();
    }

    /** The error code of one failed record, or null when it did not fail. */
    public String codeOf(final int recordIndex) {
        for (Group group : groups.values()) {
            if (group.indexes().get(recordIndex)) {
                return group.code();
            }
        }
        return null;
    }
}
