package org.spotlight.clickhouse;

import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.client.ClickHouseQueryResult;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TabSeparatedTest {

    @Test
    void parsesHeaderRowsEscapesAndNulls() {
        final ClickHouseQueryResult result = TabSeparated.parseWithNames(
                "name\tvalue\n" + "a\\tb\tline1\\nline2\n" + "back\\\\slash\t\\N\n" + "quote\\'s\t\n");

        assertEquals(List.of("name", "value"), result.columnNames());
        assertEquals(List.of("a\tb", "back\\slash", "quote's"), result.column("name"));
        assertEquals(Arrays.asList("line1\nline2", null, ""), result.column("value"));
    }

    @Test
    void emptyBodyIsAnEmptyResult() {
        final ClickHouseQueryResult result = TabSeparated.parseWithNames("");
        assertTrue(result.isEmpty());
        assertTrue(result.columnNames().isEmpty());
    }

    @Test
    void headerWithoutRowsKeepsTheColumns() {
        final ClickHouseQueryResult result = TabSeparated.parseWithNames("name\n");
        assertEquals(List.of("name"), result.columnNames());
        assertTrue(result.isEmpty());
    }

    @Test
    void rejectsRowsThatDoNotMatchTheHeader() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TabSeparated.parseWithNames("a\tb\n1\n"));
        assertEquals("TabSeparated row 1 has 1 values, header has 2", e.getMessage());
    }

    @Test
    void unknownColumnIsReported() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TabSeparated.parseWithNames("a\n1\n").column("b"));
        assertEquals("No column 'b' in result [a]", e.getMessage());
    }
}
