package org.spotlight;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * The value of {@link SpotlightAttributes#RECORD_INDEXES}: 0-based record indexes as comma-separated numbers and
 * inclusive ranges, e.g. {@code 4,17,100-199}. Runs are written as ranges, so that a FlowFile whose 100,000 records all
 * failed carries {@code 0-99999} rather than an attribute of 590 KB, which NiFi would copy into every provenance event
 * and the failure table into every row. Plain lists ({@code 4,17,9999}) are the same format without ranges.
 * <p>
 * A parsed value keeps its segments in the order written and never expands them, so memory grows with the number of
 * runs, not of records.
 */
public final class RecordIndexes {

    /** First and last index of each run, in the order written. */
    private final long[] from;
    private final long[] to;
    /** Indexes before each segment, in the order written: where segment i starts among all indexes. */
    private final long[] before;
    private final long count;

    private RecordIndexes(final long[] from, final long[] to) {
        this.from = from;
        this.to = to;
        this.before = new long[from.length];
        long total = 0;
        for (int i = 0; i < from.length; i++) {
            before[i] = total;
            total += to[i] - from[i] + 1;
        }
        this.count = total;
    }

    /** The indexes set in {@code indexes}, ascending, runs of consecutive indexes as ranges. */
    public static String format(final BitSet indexes) {
        final StringBuilder text = new StringBuilder();
        for (int start = indexes.nextSetBit(0); start >= 0; ) {
            final int end = indexes.nextClearBit(start) - 1;
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(start);
            if (end > start + 1) {
                text.append('-').append(end);
            } else if (end == start + 1) {
                text.append(',').append(end);
            }
            start = end == Integer.MAX_VALUE ? -1 : indexes.nextSetBit(end + 1);
        }
        return text.toString();
    }

    /**
     * @return the indexes; none for a null or blank value
     * @throws IllegalArgumentException when the value is not a list of non-negative indexes and ranges
     */
    public static RecordIndexes parse(final String value) {
        if (value == null || value.isBlank()) {
            return new RecordIndexes(new long[0], new long[0]);
        }
        final List<long[]> segments = new ArrayList<>();
        for (String part : value.split(",")) {
            final String trimmed = part.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            final int dash = trimmed.indexOf('-');
            final long first = index(dash < 0 ? trimmed : trimmed.substring(0, dash), value);
            final long last = dash < 0 ? first : index(trimmed.substring(dash + 1), value);
            if (last < first) {
                throw new IllegalArgumentException("'" + trimmed + "' is a range that ends before it starts");
            }
            segments.add(new long[]{first, last});
        }
        return new RecordIndexes(segments.stream().mapToLong(segment -> segment[0]).toArray(),
                segments.stream().mapToLong(segment -> segment[1]).toArray());
    }

    private static long index(final String text, final String value) {
        final String trimmed = text.strip();
        if (trimmed.isEmpty() || trimmed.length() > 18 || !trimmed.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + abbreviate(value) + "' is not a list of record indexes and ranges such as 4,17,100-199");
        }
        return Long.parseLong(trimmed);
    }

    /** How many indexes there are (a range counts each index in it). */
    public long count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** The index at {@code position} (0-based) in the order written. */
    public long get(final long position) {
        if (position < 0 || position >= count) {
            throw new IndexOutOfBoundsException(position + " of " + count);
        }
        int low = 0;
        int high = before.length - 1;
        while (low < high) {
            final int middle = (low + high + 1) >>> 1;
            if (before[middle] <= position) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return from[low] + position - before[low];
    }

    /** The same indexes in ascending order, or null when some index occurs twice. */
    public RecordIndexes sortedDistinct() {
        final Integer[] order = new Integer[from.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(i -> from[i]));
        final long[] sortedFrom = new long[order.length];
        final long[] sortedTo = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            sortedFrom[i] = from[order[i]];
            sortedTo[i] = to[order[i]];
            if (i > 0 && sortedFrom[i] <= sortedTo[i - 1]) {
                return null;
            }
        }
        return new RecordIndexes(sortedFrom, sortedTo);
    }

    /** The largest index; -1 when there is none. */
    public long max() {
        long max = -1;
        for (long last : to) {
            max = Math.max(max, last);
        }
        return max;
    }

    /** Whether {@code index} is one of the indexes; the indexes must be {@link #sortedDistinct() sorted}. */
    public boolean containsSorted(final long index) {
        int low = 0;
        int high = from.length - 1;
        while (low <= high) {
            final int middle = (low + high) >>> 1;
            if (to[middle] < index) {
                low = middle + 1;
            } else if (from[middle] > index) {
                high = middle - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    private static String abbreviate(final String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
