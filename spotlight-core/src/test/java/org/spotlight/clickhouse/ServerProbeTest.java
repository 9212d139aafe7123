package org.spotlight.clickhouse;

import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.client.ClickHouseCapability;
import org.spotlight.clickhouse.client.ClickHouseQueryResult;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The probe's mapping from system-table contents to capabilities. A modern (24.x) server cannot run on the build
 * machines, so its answers are given here as TabSeparated text in the shape 24.8 returns; the 18.16 path is also
 * exercised for real by StandardClickHouseConnectionServiceIT.
 */
class ServerProbeTest {

    @Test
    void modernServerWithAnS3Disk() {
        final Map<String, String> answers = new LinkedHashMap<>();
        answers.put("SELECT version()", "version\ttimezone\n24.8.4.13\tUTC\n");
        answers.put("FROM system.settings", "name\ninsert_deduplication_token\nasync_insert\ninput_format_defaults_for_omitted_fields\n"
                + "input_format_null_as_default\ninput_format_max_rows_to_read_for_schema_inference\n");
        answers.put("FROM system.formats", "name\nRowBinary\nRowBinaryWithDefaults\nRowBinaryWithNamesAndTypes\n");
        answers.put("FROM system.merge_tree_settings", "name\nnon_replicated_deduplication_window\n");
        answers.put("FROM system.table_functions", "name\ns3\n");
        answers.put("FROM system.tables", "name\ndisks\nstorage_policies\n");
        answers.put("FROM system.disks", "name\tpath\ttype\tobject_storage_type\tmetadata_type\n"
                + "default\t/var/lib/clickhouse/\tLocal\tNone\tNone\n" + "s3_main\t/var/lib/clickhouse/disks/s3_main/\tObjectStorage\tS3\tLocal\n");
        answers.put("FROM system.storage_policies", "name\ndefault\ns3_main\n");
        answers.put("FROM system.data_type_families", "name\nUInt8\nDate32\nLowCardinality\nMap\nBool\n");
        final Recorder recorder = new Recorder(answers);

        final ClickHouseServerInfo info = new ServerProbe(recorder).probe();

        assertEquals("24.8.4.13", info.version().text());
        assertEquals("UTC", info.timezone());
        assertEquals(Set.of(ClickHouseCapability.values()).size() - 1, info.capabilities().size(),
                "everything but NATIVE_COMPRESSION, which the connection probes itself: " + info.capabilities());
        assertFalse(info.supports(ClickHouseCapability.NATIVE_COMPRESSION));
        assertTrue(info.supports(ClickHouseCapability.S3_DISK));
        assertEquals(List.of("default", "s3_main"), info.storagePolicies());
        assertTrue(info.supportsDataType("date32"));
        assertTrue(info.supportsDataType("LowCardinality"));
        assertFalse(info.supportsDataType("Int256"));
    }

    /** What ClickHouse 18.16.1 answers (recorded from the Debian package). */
    @Test
    void server18_16WithoutModernFeatures() {
        final Map<String, String> answers = new LinkedHashMap<>();
        answers.put("SELECT version()", "version\ttimezone\n18.16.1\tUTC\n");
        answers.put("FROM system.settings", "name\n");
        answers.put("FROM system.formats", "name\nRowBinary\n");
        answers.put("FROM system.merge_tree_settings", "name\n");
        answers.put("FROM system.table_functions", "name\n");
        answers.put("FROM system.tables", "name\n");
        answers.put("FROM system.data_type_families", "name\nUInt8\nString\nNullable\nLowCardinality\nDecimal\nUUID\n");
        final Recorder recorder = new Recorder(answers);

        final ClickHouseServerInfo info = new ServerProbe(recorder).probe();

        assertEquals(18, info.version().major());
        assertEquals(Set.of(ClickHouseCapability.ROW_BINARY), info.capabilities());
        assertTrue(info.storagePolicies().isEmpty());
        assertFalse(info.supportsDataType("Date32"));
        assertTrue(recorder.queries.stream().noneMatch(sql -> sql.contains("system.disks") || sql.contains("system.storage_policies")),
                "system tables the server does not have must not be queried: " + recorder.queries);
    }

    private static final class Recorder implements Function<String, ClickHouseQueryResult> {
        private final Map<String, String> answers;
        private final List<String> queries = new ArrayList<>();

        Recorder(final Map<String, String> answers) {
            this.answers = answers;
        }

        @Override
        public ClickHouseQueryResult apply(final String sql) {
            queries.add(sql);
            return answers.entrySet().stream().filter(entry -> sql.contains(entry.getKey())).findFirst()
                    .map(entry -> TabSeparated.parseWithNames(entry.getValue()))
                    .orElseThrow(() -> new AssertionError("unexpected probe query: " + sql));
        }
    }
}
