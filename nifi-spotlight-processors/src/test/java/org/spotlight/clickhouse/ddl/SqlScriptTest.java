package org.spotlight.clickhouse.ddl;

import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;
import org.spotlight.clickhouse.client.ClickHouseVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqlScriptTest {

    private static final String SCRIPT = """
            -- A table; a comment with a semicolon; is no statement end.
            CREATE TABLE IF NOT EXISTS t
            (
                id UInt32,
                note LowCardinality(Nullable(String)),
                amount Nullable(Decimal(16, 2)),
                tags Array(String),
                label String DEFAULT 'a, b',
                checked UInt8 MATERIALIZED throwIf(id = 0)
            )
            ENGINE = ReplacingMergeTree
            ORDER BY id
            SETTINGS storage_policy = 's3_main';

            -- spotlight: since 21.1
            ALTER TABLE t ADD INDEX IF NOT EXISTS note_set note TYPE set(100) GRANULARITY 1;
            CREATE TABLE IF NOT EXISTS u (id UInt32) ENGINE = MergeTree ORDER BY id SETTINGS storage_policy = 's3_main', index_granularity = 1024;
            DROP TABLE IF EXISTS v;
            CREATE VIEW v AS SELECT id, 'a;b' AS text, `odd;name` FROM t
            """;

    private record Call(String sql, Map<String, Object> settings) {
    }

    private static ClickHouseServerInfo server(final String version, final List<String> policies) {
        return new ClickHouseServerInfo(ClickHouseVersion.parse(version), "UTC", Set.of(), Set.of(), policies);
    }

    @Test
    void splitsAtSemicolonsOutsideCommentsStringsAndQuotedNames() {
        final SqlScript script = SqlScript.parse("test.sql", SCRIPT);
        assertEquals(5, script.statements().size());
        assertEquals(ClickHouseVersion.parse("21.1"), script.statements().get(1).since());
        assertEquals(null, script.statements().get(2).since(), "a directive applies to the next statement only");
        assertTrue(script.statements().get(4).sql().endsWith("'a;b' AS text, `odd;name` FROM t"));
        assertEquals(List.of("id UInt32", "note LowCardinality(Nullable(String))", "amount Nullable(Decimal(16, 2))", "tags Array(String)",
                        "label String"),
                script.tableColumns("t").orElseThrow().stream().map(column -> column.name() + " " + column.type()).toList());
    }

    @Test
    void runsAsWrittenOnAModernServerThatHasThePolicy() {
        final List<Call> calls = new ArrayList<>();
        final SqlScript.Report report = SqlScript.parse("test.sql", SCRIPT).apply(server("26.7.2.1", List.of("default", "s3_main")),
                (sql, settings) -> calls.add(new Call(sql, settings)), message -> { });
        assertEquals(5, calls.size());
        assertTrue(calls.getFirst().sql().endsWith("SETTINGS storage_policy = 's3_main'"));
        assertEquals(Map.of(), calls.getFirst().settings());
        assertEquals(List.of(), report.skipped());
        assertEquals(List.of(), report.adapted());
    }

    @Test
    void onAnOldServerSkipsNewerStatementsLeavesOutTheMissingPolicyAndAllowsLowCardinality() {
        final List<Call> calls = new ArrayList<>();
        final List<String> log = new ArrayList<>();
        final SqlScript.Report report = SqlScript.parse("test.sql", SCRIPT).apply(server("18.16.1", List.of()),
                (sql, settings) -> calls.add(new Call(sql, settings)), log::add);
        assertEquals(4, calls.size());
        assertTrue(calls.getFirst().sql().endsWith("ORDER BY id"), calls.getFirst().sql());
        assertEquals(Map.of("allow_experimental_low_cardinality_type", 1), calls.getFirst().settings());
        assertTrue(calls.get(1).sql().endsWith("ORDER BY id SETTINGS index_granularity = 1024"), calls.get(1).sql());
        assertEquals(1, report.skipped().size());
        assertEquals(2, report.adapted().size());
        assertTrue(log.stream().anyMatch(line -> line.contains("needs 21.1")), log.toString());
        assertTrue(log.stream().anyMatch(line -> line.contains("storage policy 's3_main' left out") && line.contains("no storage policies")), log.toString());
    }

    @Test
    void aModernServerWithoutTheDeploymentsStorageKeepsTheTableOnItsDefaultStorage() {
        final List<Call> calls = new ArrayList<>();
        SqlScript.parse("test.sql", SCRIPT).apply(server("26.7.2.1", List.of("default")), (sql, settings) -> calls.add(new Call(sql, settings)),
                message -> { });
        assertTrue(calls.getFirst().sql().endsWith("ORDER BY id"));
        assertEquals(5, calls.size());
    }

    @Test
    void theShippedDefinitionParsesAndCanTravelInsideTheNomadJob() throws Exception {
        final String text = java.nio.file.Files.readString(org.spotlight.testing.SharedData.projectRoot().resolve("clickhouse/congress.sql"));
        final SqlScript script = SqlScript.parse("congress.sql", text);
        assertTrue(script.statements().size() > 10);
        // The deployment writes the file into the ClickHouse job's HCL (nomad/clickhouse.nomad.hcl.tftpl), where these
        // would be interpolation and template directives.
        assertTrue(!text.contains("${") && !text.contains("%{"), "clickhouse/congress.sql must not contain ${ or %{");
    }

    @Test
    void aStopAtTheFirstRefusedStatementAndMalformedScriptsFailClearly() {
        final List<String> executed = new ArrayList<>();
        final RuntimeException refused = assertThrows(RuntimeException.class, () -> SqlScript.parse("test.sql", SCRIPT).apply(
                server("26.7.2.1", List.of("s3_main")), (sql, settings) -> {
                    if (sql.startsWith("ALTER")) {
                        throw new IllegalStateException("Code: 36. refused");
                    }
                    executed.add(sql);
                }, message -> { }));
        assertEquals("Code: 36. refused", refused.getMessage());
        assertEquals(1, executed.size(), "nothing after the refused statement runs");
        assertThrows(IllegalArgumentException.class, () -> SqlScript.parse("bad.sql", "SELECT 'unclosed"));
        assertThrows(IllegalArgumentException.class, () -> SqlScript.parse("bad.sql", "SELECT 1;\n-- spotlight: since 21.1\n"));
    }
}
