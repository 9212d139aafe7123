package org.spotlight.clickhouse;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClickHouseIdentifiersTest {

    @Test
    void quotesPlainAndUnusualNames() {
        assertEquals("`trades`", ClickHouseIdentifiers.quote("trades"));
        assertEquals("`spotlight.congress.trades`", ClickHouseIdentifiers.quote("spotlight.congress.trades"));
        assertEquals("`amount ($)`", ClickHouseIdentifiers.quote("amount ($)"));
    }

    @Test
    void injectionAttemptsStayInsideTheQuotes() {
        assertEquals("`t\\`; DROP TABLE x; --`", ClickHouseIdentifiers.quote("t`; DROP TABLE x; --"));
        assertEquals("`a\\\\\\``", ClickHouseIdentifiers.quote("a\\`"));
    }

    @Test
    void namesFromDataMayNotCarrySqlPunctuation() {
        assertEquals("congress.trades", ClickHouseIdentifiers.requireSafeName("Table name", "congress.trades"));
        assertEquals("Transaction Date", ClickHouseIdentifiers.requireSafeName("Column name", "Transaction Date"));
        assertEquals("Übersicht_2025-$1", ClickHouseIdentifiers.requireSafeName("Table name", "Übersicht_2025-$1"));
        assertEquals("Table name 't`; DROP TABLE x; --' is not allowed: names from data may only contain letters, digits, "
                        + "'_', '-', '.', '$' and single spaces between them",
                assertThrows(IllegalArgumentException.class, () -> ClickHouseIdentifiers.requireSafeName("Table name", "t`; DROP TABLE x; --")).getMessage());
        for (String unsafe : new String[]{"a'b", "a\"b", "a(b)", "a,b", "a;b", "a/b", " a", "a ", "a  b", "a\\b"}) {
            assertThrows(IllegalArgumentException.class, () -> ClickHouseIdentifiers.requireSafeName("Column name", unsafe), unsafe);
        }
    }

    @Test
    void rejectsNamesNoTableShouldHave() {
        assertEquals("ClickHouse identifier must not be empty",
                assertThrows(IllegalArgumentException.class, () -> ClickHouseIdentifiers.quote("")).getMessage());
        assertEquals("ClickHouse identifier contains control character U+000A: 'a?b'",
                assertThrows(IllegalArgumentException.class, () -> ClickHouseIdentifiers.quote("a\nb")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClickHouseIdentifiers.quote("nul\0byte"));
        assertThrows(IllegalArgumentException.class, () -> ClickHouseIdentifiers.quote("x".repeat(256)));
    }

    @Test
    void qualifiesWithDatabase() {
        assertEquals("`db`.`t`", ClickHouseIdentifiers.qualified("db", "t"));
        assertEquals("`t`", ClickHouseIdentifiers.qualified("", "t"));
        assertEquals("`t`", ClickHouseIdentifiers.qualified(null, "t"));
    }

    @Test
    void literalsEscapeQuotesBackslashesAndControls() {
        assertEquals("'it\\'s'", ClickHouseIdentifiers.literal("it's"));
        assertEquals("'a\\\\b\\nc\\td\\0'", ClickHouseIdentifiers.literal("a\\b\nc\td\0"));
    }

    @Test
    void plainNames() {
        assertTrue(ClickHouseIdentifiers.isPlain("amount_min"));
        assertTrue(ClickHouseIdentifiers.isPlain("_x1"));
        assertFalse(ClickHouseIdentifiers.isPlain("1x"));
        assertFalse(ClickHouseIdentifiers.isPlain("a-b"));
        assertFalse(ClickHouseIdentifiers.isPlain(null));
    }
}
