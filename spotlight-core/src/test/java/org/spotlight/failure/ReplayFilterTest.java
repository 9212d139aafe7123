package org.spotlight.failure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayFilterTest {

    private static String sql(final String filter) {
        return ReplayFilter.parse(filter, FailureTable.COLUMN_NAMES).sql();
    }

    @Test
    void theFiltersOperatorsWriteAreRenderedWithEveryNameQuotedAndEveryValueALiteral() {
        assertEquals("((`target_table` = 'trades') AND (`error_code` = '49'))", sql("target_table = 'trades' AND error_code = '49'"));
        assertEquals("((`target_table` = 'trades') AND (`error_code` = '27') AND (`ingested_at` >= '2025-06-01 00:00:00'))",
                sql("target_table = 'trades' AND error_code = '27' AND ingested_at >= '2025-06-01 00:00:00'"));
        assertEquals("((`error_code` IN ('27', '49')) AND (`ingested_at` >= now() - INTERVAL 7 DAY))",
                sql("error_code in ('27','49') and ingested_at >= NOW() - interval 7 day"));
        assertEquals("((NOT (`payload_kind` = 'binary')) OR ((`source_offset` BETWEEN 100 AND 200) AND (`parse_error` IS NOT NULL)))",
                sql("NOT payload_kind == 'binary' OR (source_offset BETWEEN 100 AND 200 AND parse_error IS NOT NULL)"));
        assertEquals("((visitParamExtractString(`attributes`, 'filename') LIKE 'trades-%') AND match(`error_message`, 'Enum8'))",
                sql("visitparamextractstring(attributes, 'filename') LIKE 'trades-%' AND match(error_message, 'Enum8')"));
        assertEquals("(`record_index` != -1)", sql("`record_index` <> -1"));
        assertEquals("(`target_table` = 'it''s')".replace("''", "\\'"), sql("target_table = 'it''s'"));
        assertEquals("", sql("  "));
    }

    /** What an operator, or an attribute value pasted into the filter, could try: none of it reaches the server. */
    @ParameterizedTest
    @ValueSource(strings = {
            "1 = 1) OR (1 = 1",
            "target_table = 'x') OR (1 = 1",
            "target_table = 'x' -- ",
            "target_table = 'x' /* comment */",
            "target_table = 'x'; DROP TABLE spotlight.spotlight_failures",
            "target_table IN (SELECT name FROM system.tables)",
            "target_table = 'x' UNION ALL SELECT * FROM system.users",
            "target_table = 'x' SETTINGS max_execution_time = 1",
            "target_table = 'x' FORMAT TabSeparated",
            "target_table = 'x' LIMIT 100000000",
            "password = 'x'",
            "file('/etc/passwd') = 'x'",
            "url('http://example.com/x', 'TSV', 'a String') = 'x'",
            "target_table = 'unclosed",
            "target_table = `unclosed",
            "target_table",
            "target_table = ",
            "1e99999 = record_index",
            "target_table = 'x' OR",
            "replay_count < 100 OR replay_count >= 100 ORDER BY 1"})
    void anythingButAConditionOnTheFailureTableIsRefused(final String filter) {
        final ReplayFilter.InvalidFilterException e = assertThrows(ReplayFilter.InvalidFilterException.class, () -> sql(filter));
        assertTrue(e.getMessage().contains("Replay Filter") || e.getMessage().contains("failure table"), e.getMessage());
    }

    @Test
    void aValueEscapedAsTheInsideOfALiteralStaysAValue() {
        // What ReplayFailures makes of target_table = '${replay.table}' when the attribute holds an attack.
        final String attack = "x' OR '1'='1";
        final String escaped = org.spotlight.clickhouse.ClickHouseIdentifiers.literal(attack);
        assertEquals("(`target_table` = 'x\\' OR \\'1\\'=\\'1')", sql("target_table = " + escaped));
    }

    @Test
    void depthAndLengthAreBounded() {
        final String deep = "(".repeat(10_000) + "record_index = 1" + ")".repeat(10_000);
        assertTrue(assertThrows(ReplayFilter.InvalidFilterException.class, () -> sql(deep)).getMessage().contains("levels deep"));
        final String nots = "NOT ".repeat(10_000) + "record_index = 1";
        assertThrows(ReplayFilter.InvalidFilterException.class, () -> sql(nots));
        final String longFilter = "record_index IN (" + "1, ".repeat(40_000) + "1)";
        assertTrue(assertThrows(ReplayFilter.InvalidFilterException.class, () -> sql(longFilter)).getMessage().contains("characters long"));
    }

    @Test
    void messagesSayWhatIsWrongAndWhere() {
        assertEquals("'no_such_column' at position 1 is not a column of the failure table (attributes, classification, component, "
                        + "error_class, error_code, error_message, failure_id, flow, flowfile_uuid, ingested_at, parse_error, payload, "
                        + "payload_kind, payload_sha256, payload_size, payload_uri, record_index, records, replay_count, retry_count, source_offset, "
                        + "source_partition, source_record_index, source_topic, target_database, target_table)",
                assertThrows(ReplayFilter.InvalidFilterException.class, () -> sql("no_such_column = 1")).getMessage());
        assertEquals("';' at position 24 of the Replay Filter is not part of a filter (one condition, not statements)",
                assertThrows(ReplayFilter.InvalidFilterException.class, () -> sql("target_table = 'trades'; SELECT 1")).getMessage());
    }
}
