package org.spotlight.failure;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordSelectionTest {

    private static List<Long> selected(final RecordSelection selection, final long records) {
        return LongStream.range(0, records).filter(selection::includes).boxed().toList();
    }

    @Test
    void withoutIndexesEveryRecordIsAFailure() {
        final RecordSelection selection = RecordSelection.of(null, 3);
        assertEquals(List.of(0L, 1L, 2L), selected(selection, 3));
        assertNull(selection.sourceIndex(1));
        assertEquals(3, selection.selectedCount());
        assertEquals("", selection.note());
    }

    @Test
    void aFlowFileOfJustTheFailedRecordsMapsThemToTheirIndexes() {
        // PutClickHouseBatch wrote records 4, 17 and 9999 of a 10,000-record FlowFile to failure.
        final RecordSelection selection = RecordSelection.of("4,17,9999", 3);
        assertEquals(List.of(0L, 1L, 2L), selected(selection, 3));
        assertEquals(4L, selection.sourceIndex(0));
        assertEquals(17L, selection.sourceIndex(1));
        assertEquals(9999L, selection.sourceIndex(2));
        assertEquals(3, selection.selectedCount());
    }

    @Test
    void theWholeOriginalFlowFileYieldsOnlyTheListedRecords() {
        final RecordSelection selection = RecordSelection.of(" 7, 2 ", 10);
        assertEquals(List.of(2L, 7L), selected(selection, 10));
        assertEquals(7L, selection.sourceIndex(7));
        assertEquals(2, selection.selectedCount());
        assertEquals("", selection.note());
    }

    @Test
    void indexesThatDoNotFitKeepEveryRecord() {
        for (String indexes : new String[]{"1,99", "1,1", "a,b", "-1", "1,2,3,4"}) {
            final RecordSelection selection = RecordSelection.of(indexes, 3);
            assertEquals(List.of(0L, 1L, 2L), selected(selection, 3), indexes);
            assertNull(selection.sourceIndex(0), indexes);
            assertTrue(selection.note().startsWith("spotlight.record.indexes does not fit the 3 records"), indexes);
        }
    }

    @Test
    void rangesSelectAsTheirIndexesDo() {
        // PutClickHouseBatch writes runs of failed records as ranges: 100,000 failed records are 0-99999.
        final RecordSelection mapped = RecordSelection.of("0-99999", 100_000);
        assertEquals(100_000, mapped.selectedCount());
        assertEquals(99_999L, mapped.sourceIndex(99_999));
        final RecordSelection listed = RecordSelection.of("2-4,8", 10);
        assertEquals(List.of(2L, 3L, 4L, 8L), selected(listed, 10));
        assertEquals(4, listed.selectedCount());
        final RecordSelection overlapping = RecordSelection.of("2-4,3", 10);
        assertTrue(overlapping.note().startsWith("spotlight.record.indexes does not fit"));
    }
}
