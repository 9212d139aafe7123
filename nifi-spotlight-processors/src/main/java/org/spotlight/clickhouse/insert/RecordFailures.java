package org.spotlight.clickhouse.insert;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The records of one source that did not land, grouped by error code. Each group says what went wrong with its
 * records: its message is the group's one message when they all failed alike, otherwise the first few distinct
 * messages with their record counts (records failing on different columns must not all be told the first one's
 * column). Indexes are kept as bits and at most {@value #MESSAGES_PER_GROUP} messages per group, so memory stays
 * proportional to the number of records, whatever the values in the messages.
 */
public final class RecordFailures {

    /** Spotlight's code for a value that cannot be converted to its column's type without loss. */
    public static final String CAST_FAILED = "CAST_FAILED";
    /** Spotlight's code for a NULL headed for a non-Nullable column, when NULL In Non-Nullable Columns says to fail. */
    public static final String NULL_NOT_ALLOWED = "NULL_NOT_ALLOWED";
    /** Spotlight's code for input that the record reader cannot read. */
    public static final String MALFORMED_RECORD = "MALFORMED_RECORD";

    /** Distinct messages a group keeps word for word; the others are only counted. */
    static final int MESSAGES_PER_GROUP = 5;

    /** One error and the records it applies to. Record failures are never retryable: the same record fails again. */
    public static final class Group {

        private final String code;
        private final BitSet indexes = new BitSet();
        /** Distinct messages in the order first seen, with how many records each. */
        private final Map<String, Integer> messages = new LinkedHashMap<>();
        private int otherMessages;

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
         * What went wrong: the message, when every record of the group failed alike; otherwise each kept message with
         * its record count, and how many records failed with messages not kept.
         */
        public String message() {
            if (messages.size() == 1 && otherMessages == 0) {
                return messages.keySet().iterator().next();
            }
            final StringBuilder summary = new StringBuilder();
            messages.forEach((message, records) -> summary.append(summary.isEmpty() ? "" : "; ").append(message)
                    .append(" (").append(records).append(records == 1 ? " record)" : " records)"));
            if (otherMessages > 0) {
                summary.append("; and ").append(otherMessages).append(otherMessages == 1 ? " record" : " records")
                        .append(" with other messages");
            }
            return summary.toString();
        }

        private void add(final int recordIndex, final String message) {
            if (indexes.get(recordIndex)) {
                return;
            }
            indexes.set(recordIndex);
            if (messages.containsKey(message) || messages.size() < MESSAGES_PER_GROUP) {
                messages.merge(message, 1, Integer::sum);
            } else {
                otherMessages++;
            }
        }
    }

    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final BitSet all = new BitSet();

    void add(final int recordIndex, final String code, final String message) {
        groups.computeIfAbsent(code, Group::new).add(recordIndex, message);
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
