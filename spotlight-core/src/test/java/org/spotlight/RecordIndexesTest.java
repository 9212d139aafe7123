package org.spotlight;

import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordIndexesTest {

    private static BitSet bits(final int... indexes) {
        final BitSet bits = new BitSet();
        for (int index : indexes) {
            bits.set(index);
        }
        return bits;
    }

    @Test
    void runsAreWrittenAsRangesSoThatAllFailedRecordsTakeAFewBytes() {
        final BitSet all = new BitSet();
        all.set(0, 100_000);
        assertEquals("0-99999", RecordIndexes.format(all));
        assertEquals("4,17,100-199", RecordIndexes.format(bits(4, 17)) + "," + RecordIndexes.format(rangeOf(100, 200)));
        assertEquals("1,2", RecordIndexes.format(bits(1, 2)), "two neighbours are no shorter as a range");
        assertEquals("0,2-4,9", RecordIndexes.format(bits(0, 2, 3, 4, 9)));
        assertEquals("", RecordIndexes.format(new BitSet()));
    }

    private static BitSet rangeOf(final int from, final int to) {
        final BitSet bits = new BitSet();
        bits.set(from, to);
        return bits;
    }

    @Test
    void parsingKeepsTheWrittenOrderWithoutExpandingRanges() {
        final RecordIndexes indexes = RecordIndexes.parse(" 9, 3-5 ,0-999999999999 ");
        assertEquals(1 + 3 + 1_000_000_000_000L, indexes.count());
        assertEquals(List.of(9L, 3L, 4L, 5L, 0L, 1L), LongStream.range(0, 6).map(indexes::get).boxed().toList());
        assertEquals(999_999_999_999L, indexes.get(indexes.count() - 1));
        assertNull(indexes.sortedDistinct(), "9 lies in 0-999999999999");
        final RecordIndexes sorted = RecordIndexes.parse("9,3-5").sortedDistinct();
        assertTrue(sorted.containsSorted(4));
        assertTrue(sorted.containsSorted(9));
        assertFalse(sorted.containsSorted(6));
        assertEquals(9, sorted.max());
        assertTrue(RecordIndexes.parse(null).isEmpty());
        assertTrue(RecordIndexes.parse(" ").isEmpty());
    }

    @Test
    void anythingButIndexesAndRangesIsRefused() {
        for (String value : new String[]{"-1", "a", "5-3", "1-", "1--2", "99999999999999999999", "1;2", "1 2"}) {
            assertThrows(IllegalArgumentException.class, () -> RecordIndexes.parse(value), value);
        }
    }
}
