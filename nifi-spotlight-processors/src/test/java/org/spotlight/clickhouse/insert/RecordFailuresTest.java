package org.spotlight.clickhouse.insert;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordFailuresTest {

    @Test
    void recordsFailingOnOneColumnShareTheFirstOnesMessage() {
        final RecordFailures failures = new RecordFailures();
        failures.add(0, RecordFailures.CAST_FAILED, "amount", "Column `amount`: 'x' is not a number");
        failures.add(3, RecordFailures.CAST_FAILED, "amount", "Column `amount`: 'y' is not a number");

        final RecordFailures.Group group = only(failures);
        assertEquals("Column `amount`: 'x' is not a number", group.message());
        assertEquals("{0, 3}", group.indexes().toString());
    }

    @Test
    void recordsFailingOnDifferentColumnsAreNotAllToldTheFirstOnesColumn() {
        final RecordFailures failures = new RecordFailures();
        failures.add(0, RecordFailures.CAST_FAILED, "amount", "Column `amount`: 'x' is not a number");
        failures.add(1, RecordFailures.CAST_FAILED, "filed", "Column `filed`: 'soon' is not a date");
        failures.add(2, RecordFailures.CAST_FAILED, "amount", "Column `amount`: 'y' is not a number");

        final RecordFailures.Group group = only(failures);
        assertEquals("Column `amount`: 'x' is not a number (2 records); Column `filed`: 'soon' is not a date (1 record)", group.message());
        assertEquals(3, group.count());
    }

    @Test
    void reasonsAreBoundedWhateverTheValuesInTheMessages() {
        final RecordFailures failures = new RecordFailures();
        for (int i = 0; i < 10_000; i++) {
            failures.add(i, RecordFailures.MALFORMED_RECORD, "not JSON at byte " + i);
        }

        final RecordFailures.Group group = only(failures);
        assertEquals(10_000, group.count());
        final String message = group.message();
        for (int i = 0; i < RecordFailures.REASONS_PER_GROUP; i++) {
            assertTrue(message.contains("not JSON at byte " + i + " (1 record)"), message);
        }
        assertFalse(message.contains("byte " + RecordFailures.REASONS_PER_GROUP + " "), message);
        assertTrue(message.endsWith("; and " + (10_000 - RecordFailures.REASONS_PER_GROUP) + " records failing for other reasons"), message);
    }

    @Test
    void codesStaySeparateGroupsAndARecordCountsOnce() {
        final RecordFailures failures = new RecordFailures();
        failures.add(0, RecordFailures.CAST_FAILED, "amount", "Column `amount`: 'x' is not a number");
        failures.add(0, RecordFailures.CAST_FAILED, "filed", "Column `filed`: 'soon' is not a date");
        failures.add(1, RecordFailures.NULL_NOT_ALLOWED, "ticker", "Column `ticker`: NULL is not allowed in a non-Nullable column");

        final List<RecordFailures.Group> groups = new ArrayList<>();
        failures.groups().forEach(groups::add);
        assertEquals(List.of(RecordFailures.CAST_FAILED, RecordFailures.NULL_NOT_ALLOWED), groups.stream().map(RecordFailures.Group::code).toList());
        assertEquals("Column `amount`: 'x' is not a number", groups.getFirst().message());
        assertEquals(RecordFailures.NULL_NOT_ALLOWED, failures.codeOf(1));
        assertEquals(2, failures.count());
    }

    private static RecordFailures.Group only(final RecordFailures failures) {
        final List<RecordFailures.Group> groups = new ArrayList<>();
        failures.groups().forEach(groups::add);
        assertEquals(1, groups.size());
        return groups.getFirst();
    }
}
