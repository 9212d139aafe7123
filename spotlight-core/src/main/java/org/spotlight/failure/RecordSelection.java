package org.spotlight.failure;

import org.spotlight.RecordIndexes;

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
    private final RecordIndexes indexes;
    private final Mode mode;

    private enum Mode { ALL, MAPPED, LISTED, ALL_MISMATCHED }

    private RecordSelection(final long recordCount, final RecordIndexes indexes, final Mode mode) {
        this.recordCount = recordCount;
        this.indexes = indexes;
        this.mode = mode;
    }

    /**
     * @param indexesAttribute the spotlight.record.indexes value (indexes and ranges, see {@link RecordIndexes}), may be null
     * @param recordCount      how many records the content holds
     */
    public static RecordSelection of(final String indexesAttribute, final long recordCount) {
        final RecordIndexes indexes;
        try {
            indexes = RecordIndexes.parse(indexesAttribute);
        } catch (final IllegalArgumentException e) {
            return new RecordSelection(recordCount, null, Mode.ALL_MISMATCHED);
        }
        if (indexes.isEmpty()) {
            return new RecordSelection(recordCount, indexes, Mode.ALL);
        }
        if (indexes.count() == recordCount) {
            return new RecordSelection(recordCount, indexes, Mode.MAPPED);
        }
        final RecordIndexes sorted = indexes.sortedDistinct();
        if (indexes.count() < recordCount && sorted != null && sorted.max() < recordCount) {
            return new RecordSelection(recordCount, sorted, Mode.LISTED);
        }
        return new RecordSelection(recordCount, null, Mode.ALL_MISMATCHED);
    }

    public boolean includes(final long position) {
        return mode != Mode.LISTED || indexes.containsSorted(position);
    }

    /** The record's index in the FlowFile the failing processor read, or null when unknown. */
    public Long sourceIndex(final long position) {
        return switch (mode) {
            case MAPPED -> indexes.get(position);
            case LISTED -> position;
            default -> null;
        };
    }

    public long selectedCount() {
        return mode == Mode.LISTED ? indexes.count() : recordCount;
    }

    /** Why the indexes were not used, for the parse_error column; empty when they were used or absent. */
    public String note() {
        return mode == Mode.ALL_MISMATCHED
                ? "spotlight.record.indexes does not fit the " + recordCount + " records in the content; every record was stored"
                : "";
    }
}
