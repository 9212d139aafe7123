package org.spotlight.clickhouse.insert;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The records of one source that did not land, grouped by error code. Each group says what went wrong with its
 * records: the first message of each column its records failed on (records failing on different columns must not all
 * be told the first one's column), with the record count per column when there are several. Indexes are kept as bits
 * and at most {@value #REASONS_PER_GROUP} messages per group, so memory stays proportional to the number of records,
 * whatever the values in the messages.
 */
public final class RecordFailures {

    /** Spotlight's code for a value that cannot be converted to its column's type without loss. */
    public static final String CAST_FAILED = "CAST_FAILED";
    /** Spotlight's code for a NULL headed for a non-Nullable column, when NULL In Non-Nullable Columns says to fail. */
    public static final String NULL_NOT_ALLOWED = "NULL_NOT_ALLOWED";
    /** Spotlight's code for input that the record reader cannot read. */
    public static final String MALFORMED_RECORD = "MALFORMED_RECORD";

    /** Reasons (columns, or messages where no column is at fault) a group keeps word for word; the others are counted. */
    static final int REASONS_PER_GROUP = 5;

    /** One error and the records it applies to. Record failures are never retryable: the same record fails again. */
    public static final class Group {

        private final String code;
        private final BitSet indexes = new BitSet();
        /** Per reason, in the order first seen: its first message and how many records. */
        private final Map<String, Reason> reasons = new LinkedHashMap<>();
        private int otherRecords;

        private Group(final String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public BitSet indexes() {
            return indexes;
        }

        public int count() {
            return indexes.cardinality();
        }

        /**
         * What went wrong: the first record's message, when every record of the group failed for the same reason;
         * otherwise the first message of each reason with its record count, and how many records failed for reasons
         * not kept.
         */
        public String message() {
            if (reasons.size() == 1 && otherRecords == 0) {
                return reasons.values().iterator().next().message;
            }
            final StringBuilder summary = new StringBuilder();
            reasons.values().forEach(reason -> summary.append(summary.isEmpty() ? "" : "; ").append(reason.message)
                    .append(" (").append(records(reason.records)).append(')'));
            if (otherRecords > 0) {
                summary.append("; and ").append(records(otherRecords)).append(" failing for other reasons");
            }
            return summary.toString();
        }

        private void add(final int recordIndex, final String column, final String message) {
            if (indexes.get(recordIndex)) {
                return;
            }
            indexes.set(recordIndex);
            final String key = column == null ? "message " + message : "column " + column;
            final Reason reason = reasons.get(key);
            if (reason != null) {
                reason.records++;
            } else if (reasons.size() < REASONS_PER_GROUP) {
                reasons.put(key, new Reason(message));
            } else {
                otherRecords++;
            }
        }

        private static String records(final int count) {
            return count + (count == 1 ? " record" : " records");
        }
    }

    private static final class Reason {

        private final String message;
        private int records = 1;

        private Reason(final String message) {
            this.message = message;
        }
    }

    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final BitSet all = new BitSet();

    /** A record that failed for a reason no single column explains (unreadable, refused by the server ...). */
    void add(final int recordIndex, final String code, final String message) {
        add(recordIndex, code, null, message);
    }

    /** A record that failed on one column's value; records failing on the same column share the first one's message. */
    void add(final int recordIndex, final String code, final String column, final String message) {
        groups.computeIfAbsent(code, Group::new).add(recordIndex, column, message);
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
