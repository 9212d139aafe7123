package org.spotlight.failure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which records of a failed FlowFile are failures, from {@code spotlight.record.indexes}: the 0-based indexes of the
 * failed records within the FlowFile the failing processor read.
 * <ul>
 *     <li>No indexes: every record is a failure.</li>
 *     <li>As many records as indexes: the FlowFile holds just the failed records; record i was number indexes[i].</li>
 *     <li>More records than indexes, all in range: the FlowFile is the one the processor read, and only the listed
 *     records failed (the others were written); only those are stored.</li>
 *     <li>Anything else does not fit the contract: every record is stored, none is dropped, and the mismatch is noted.</li>
 * </ul>
 */
public final class RecordSelection {

    private final long recordCount;
    private final List<Long> indexes;
    private final Mode mode;

    private enum Mode { ALL, MAPPED, LISTED, ALL_MISMATCHED }

    private RecordSelection(final long recordCount, final List<Long> indexes, final Mode mode) {
        this.recordCount = recordCount;
        this.indexes = indexes;
        this.mode = mode;
    }

    /**
     * @param indexesAttribute the spotlight.record.indexes value, may be null
     * @param recordCount      how many records the content holds
     */
    public static RecordSelection of(final String indexesAttribute, final long recordCount) {
        final List<Long> indexes = parseIndexes(indexesAttribute);
        if (indexes == null) {
            return new RecordSelection(recordCount, List.of(), Mode.ALL_MISMATCHED);
        }
        if (indexes.isEmpty()) {
            return new RecordSelection(recordCount, List.of(), Mode.ALL);
        }
        if (indexes.size() == recordCount) {
            return new RecordSelection(recordCount, indexes, Mode.MAPPED);
        }
        final List<Long> sorted = new ArrayList<>(indexes);
        Collections.sort(sorted);
        final boolean distinct = sorted.stream().distinct().count() == sorted.size();
        if (indexes.size() < recordCount && distinct && sorted.getLast() < recordCount) {
            return new RecordSelection(recordCount, List.copyOf(sorted), Mode.LISTED);
        }
        return new RecordSelection(recordCount, List.of(), Mode.ALL_MISMATCHED);
    }

    public boolean includes(final long position) {
        return mode != Mode.LISTED || Collections.binarySearch(indexes, position) >= 0;
    }

    /** The record's index in the FlowFile the failing processor read, or null when unknown. */
    public Long sourceIndex(final long position) {
        return switch (mode) {
            case MAPPED -> indexes.get((int) position);
            case LISTED -> position;
            default -> null;
        };
    }

    public long selectedCount() {
        return mode == Mode.LISTED ? indexes.size() : recordCount;
    }

    /** Why the indexes were not used, for the parse_error column; empty when they were used or absent. */
    public String note() {
        return mode == Mode.ALL_MISMATCHED
                ? "spotlight.record.indexes does not fit the " + recordCount + " records in the content; every record was stored"
                : "";
    }

    /** @return the indexes, an empty list for none, or null when the value is not a comma-separated list of indexes */
    static List<Long> parseIndexes(final String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        final List<Long> indexes = new ArrayList<>();
        for (String part : value.split(",")) {
            final String trimmed = part.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                final long index = Long.parseLong(trimmed);
                if (index < 0) {
                    return null;
                }
                indexes.add(index);
            } catch (final NumberFormatException e) {
                return null;
            }
        }
        return indexes;
    }
}
