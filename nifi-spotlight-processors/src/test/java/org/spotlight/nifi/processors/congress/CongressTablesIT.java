package org.spotlight.nifi.processors.congress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spotlight.clickhouse.ddl.SqlScript;
import org.spotlight.congress.cli.FetchCommandRunner;
import org.spotlight.nifi.SpotlightAttributes;
import org.spotlight.nifi.processors.clickhouse.PutClickHouseBatch;
import org.spotlight.nifi.processors.typing.InferSchemaAndCast;
import org.spotlight.nifi.service.clickhouse.StandardClickHouseConnectionService;
import org.spotlight.clickhouse.client.ClickHouseQueryResult;
import org.spotlight.testing.HouseSnapshots;
import org.spotlight.testing.LocalServices;
import org.spotlight.testing.MirrorDirectory;
import org.spotlight.testing.SharedData;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * clickhouse/congress.sql on the stack's real ClickHouse, loaded the way the kafka-to-clickhouse flow loads it: the House
 * PTRs of ../shared/data as {@code spotlight fetch} writes them (JSON Lines, as on the Kafka topic), cast by
 * InferSchemaAndCast to the defined table's columns and inserted by PutClickHouseBatch; then the views. A few records
 * are made up where the shared data has no case: the original of the one House amended row, and a Senate report with
 * two amendments (each marked "synthetic" in its trade_key).
 */
class CongressTablesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATABASE = "spotlight_congress_it";
    private static final String TRADES = "spotlight_congress_trades";

    @TempDir
    Path mirror;

    private TestRunner cast;
    private TestRunner put;
    private StandardClickHouseConnectionService clickHouse;
    private SqlScript script;

    @BeforeEach
    void setUp() throws Exception {
        cast = TestRunners.newTestRunner(InferSchemaAndCast.class);
        final StandardClickHouseConnectionService admin = LocalServices.clickHouse(cast, "admin");
        admin.execute("DROP DATABASE IF EXISTS " + DATABASE, Map.of());
        admin.execute("CREATE DATABASE " + DATABASE, Map.of());
        clickHouse = LocalServices.clickHouse(cast, "clickhouse", null, Map.of(StandardClickHouseConnectionService.DATABASE, DATABASE));
        // As the shipped flow's "Cast records to defined tables" is configured.
        cast.setProperty("Typing Mode", "cast-to-table");
        cast.setProperty("Output Format", "ROW_BINARY");
        cast.setProperty("ClickHouse Connection Service", "clickhouse");
        cast.setProperty("Table", "${kafka.topic:replace('.', '_')}");
        cast.setProperty("Unmatched Field Behavior", "fail");
        cast.setProperty("NULL In Non-Nullable Columns", "column-default");

        put = TestRunners.newTestRunner(PutClickHouseBatch.class);
        LocalServices.clickHouse(put, "clickhouse", null, Map.of(StandardClickHouseConnectionService.DATABASE, DATABASE));
        put.setProperty(PutClickHouseBatch.CLICKHOUSE_SERVICE, "clickhouse");
        put.setProperty(PutClickHouseBatch.TABLE, "${kafka.topic:replace('.', '_')}");
        put.setProperty(PutClickHouseBatch.MAX_BATCH_WAIT, "0 sec");

        script = SqlScript.read(SharedData.projectRoot().resolve("clickhouse/congress.sql"));
        final List<String> log = new ArrayList<>();
        script.apply(clickHouse.getServerInfo(), clickHouse::execute, log::add);
        // Applying it again (every deployment start does) changes nothing and fails nothing.
        script.apply(clickHouse.getServerInfo(), clickHouse::execute, log::add);
    }

    @AfterEach
    void tearDown() {
        clickHouse.execute("DROP DATABASE IF EXISTS " + DATABASE, Map.of());
    }

    @Test
    void theDefinedTablesLoadLikeTheFlowLoadsThemAndTheViewsAnswerTheCommonQuestions() throws Exception {
        // The table as the server has it: the definition's columns and types, exactly.
        final List<String> declared = script.tableColumns(TRADES).orElseThrow().stream()
                .map(column -> column.name() + " " + column.type()).toList();
        assertEquals(declared, rows("SELECT name, type FROM system.columns WHERE database = '" + DATABASE + "' AND table = '" + TRADES
                + "' AND default_kind != 'MATERIALIZED'").stream().map(row -> row.get(0) + " " + row.get(1)).toList());
        assertEquals(List.of(List.of("1")), rows("SELECT toString(is_in_sorting_key) FROM system.columns WHERE database = '" + DATABASE
                + "' AND table = '" + TRADES + "' AND name = 'bioguide_id'"));

        MirrorDirectory.house(mirror, 2025, HouseSnapshots.december());
        final List<String> house = FetchCommandRunner.jsonLines("--from", mirror.toString(), "--chamber", "house",
                "--legislators", SharedData.path("congress/congress_legislators/legislators-current.yaml").toString(),
                "--legislators", SharedData.path("congress/congress_legislators/legislators-historical.csv").toString());
        assertEquals(894, house.size());
        final List<String> records = new ArrayList<>(house);
        records.addAll(synthetic(house));
        load("spotlight.congress.trades", records);

        assertEquals(List.of(List.of(Integer.toString(records.size()))), rows("SELECT count() FROM " + TRADES + " FINAL"));
        // The same filings fetched again later: the newest fetch replaces, nothing doubles.
        load("spotlight.congress.trades", records.stream().map(line -> refetched(line)).toList());
        assertEquals(List.of(List.of(Integer.toString(records.size()), "2026-12-08 00:00:00")),
                rows("SELECT count(), toString(max(fetched_at)) FROM " + TRADES + " FINAL"));
        assertEquals(List.of(List.of(Integer.toString(records.size()))), rows("SELECT count() FROM spotlight_congress_trades_versions"));

        // Values as the record had them: a null bioguide_id or ticker is '' in the sorting key, the rest exact.
        // Decimals compared as numbers: servers since 21.9 print them without trailing zeros.
        assertEquals(List.of(List.of("P000197", "GOOGL", "call", "150", "2026-01-16", "50", "contracts", "2025-02-13", "0", "Democrat")),
                rows("SELECT bioguide_id, ticker, option_type, toString(toFloat64(option_strike)), toString(option_expiration), toString(toFloat64(quantity)), "
                        + "quantity_unit, toString(filing_deadline), toString(filed_late), party FROM " + TRADES + " FINAL "
                        + "WHERE trade_key = 'house/house_clerk/20026590/1'"));
        assertEquals(List.of(List.of("", "4")), rows("SELECT ticker, toString(count()) FROM " + TRADES + " FINAL WHERE scanned = 1 GROUP BY ticker"));

        // Versions: the House amended row supersedes its (synthetic) original; Senate amendment 2 supersedes the original
        // report and amendment 1.
        assertEquals(List.of(List.of("house/house_clerk/20030336/1", "house/house_clerk/synthetic-20030312/1", "1")),
                rows("SELECT amending_trade_key, amended_trade_key, toString(candidates) FROM spotlight_congress_amendment_links"));
        assertEquals(List.of(
                        List.of("house/house_clerk/synthetic-20030312/1", "\\N", "house/house_clerk/20030336/1", "0"),
                        List.of("senate/senate_efd/synthetic-amendment-1/1", "synthetic-amendment-2", "\\N", "0"),
                        List.of("senate/senate_efd/synthetic-amendment-2/1", "\\N", "\\N", "1"),
                        List.of("senate/senate_efd/synthetic-original/1", "synthetic-amendment-2", "\\N", "0")),
                rows("SELECT trade_key, superseded_by_filing_id, superseded_by_trade_key, toString(is_current) FROM spotlight_congress_trades_versions "
                        + "WHERE trade_key LIKE '%synthetic%' ORDER BY trade_key"));
        assertEquals(List.of(List.of(Integer.toString(records.size() - 3))), rows("SELECT count() FROM spotlight_congress_trades_current"));

        // Timeliness, by the record's own fields: McClain's 81-page filing of 2025-08-13 is the one with the most late trades.
        final long late = house.stream().filter(line -> read(line).path("filed_late").asBoolean(false)).count();
        assertEquals(List.of(List.of(Long.toString(late))), rows("SELECT sum(late_trades) FROM spotlight_congress_filing_timeliness "
                + "WHERE source = 'house_clerk'"));
        assertEquals("20030891", rows("SELECT filing_id FROM spotlight_congress_late_filings ORDER BY late_trades DESC LIMIT 1").getFirst().getFirst());
        assertEquals(List.of(List.of("4")), rows("SELECT toString(sum(scanned_filings)) FROM spotlight_congress_filing_timeliness"),
                "scanned filings count by their filing date");
        assertTrue(Long.parseLong(rows("SELECT count() FROM spotlight_congress_trades_by_member_month").getFirst().getFirst()) > 10);
        assertEquals("5000001", rows("SELECT toString(toFloat64(amount_min)) FROM spotlight_congress_largest_trades LIMIT 1").getFirst().getFirst());

        // A record without its key is cast (a null in a non-Nullable column takes the column default, '') but the table refuses
        // it; PutClickHouseBatch isolates it and routes it to failure, and the record beside it lands.
        final ObjectNode keyless = (ObjectNode) read(house.getFirst());
        keyless.putNull("trade_key");
        final ObjectNode beside = (ObjectNode) read(house.getFirst());
        beside.put("trade_key", "house/house_clerk/beside-the-keyless/1");
        cast.clearTransferState();
        put.clearTransferState();
        cast.enqueue(keyless + "\n" + beside, Map.of("kafka.topic", "spotlight.congress.trades"));
        cast.run();
        put.enqueue(cast.getFlowFilesForRelationship(InferSchemaAndCast.REL_SUCCESS).getFirst());
        put.run();
        final MockFlowFile refused = put.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst();
        assertEquals("1", refused.getAttribute(SpotlightAttributes.RECORD_COUNT));
        assertTrue(refused.getAttribute(SpotlightAttributes.ERROR_MESSAGE).contains("throwIf"), refused.getAttribute(SpotlightAttributes.ERROR_MESSAGE));
        assertEquals(List.of(List.of("1", "0")), rows("SELECT toString(countIf(trade_key = 'house/house_clerk/beside-the-keyless/1')), "
                + "toString(countIf(trade_key = '')) FROM " + TRADES));

        // Committee assignments through the same cast, and the trades of committee members.
        final TestRunner committees = TestRunners.newTestRunner(FetchCongressCommittees.class);
        FetchCongressTradesTest.addRecommendedWriter(committees);
        committees.setProperty(FetchCongressCommittees.RECORD_WRITER, "writer");
        committees.setProperty(FetchCongressCommittees.COMMITTEES_SOURCE, SharedData.path("congress/congress_legislators/committees-current.yaml").toString());
        committees.setProperty(FetchCongressCommittees.MEMBERSHIP_SOURCE,
                SharedData.path("congress/congress_legislators/committee-membership-current.yaml").toString());
        committees.run();
        final MockFlowFile assignments = committees.getFlowFilesForRelationship(FetchCongressCommittees.REL_SUCCESS).getFirst();
        load("spotlight.congress.committee_members", List.of(assignments.getContent().split("\n")));
        assertEquals(List.of(List.of("3879")), rows("SELECT count() FROM spotlight_congress_committee_members_current"));
        final List<List<String>> byCommittee = rows("SELECT DISTINCT bioguide_id FROM spotlight_congress_trades_by_committee ORDER BY bioguide_id");
        assertTrue(!byCommittee.isEmpty() && byCommittee.stream().allMatch(row -> row.getFirst().matches("[A-Z]\\d{6}")), byCommittee.toString());
    }

    /** JSON Lines through the cast and the insert, as the flow does for one topic; every record must land. */
    private void load(final String topic, final List<String> lines) {
        cast.clearTransferState();
        put.clearTransferState();
        cast.enqueue(String.join("\n", lines), Map.of("kafka.topic", topic));
        cast.run();
        assertEquals(List.of(), cast.getFlowFilesForRelationship(InferSchemaAndCast.REL_FAILURE).stream()
                .map(failed -> failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE) + ": " + failed.getContent()).toList());
        final MockFlowFile typed = cast.getFlowFilesForRelationship(InferSchemaAndCast.REL_SUCCESS).getFirst();
        assertEquals(Integer.toString(lines.size()), typed.getAttribute(SpotlightAttributes.RECORD_COUNT));
        put.enqueue(typed);
        put.run();
        put.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_SUCCESS, 1);
    }

    /** The original of the amended Bresnahan row (the shared data lacks it), and a Senate report amended twice. */
    private static List<String> synthetic(final List<String> house) {
        final List<String> made = new ArrayList<>();
        final ObjectNode amended = (ObjectNode) read(house.stream().filter(line -> line.contains("\"filing_id\":\"20030336\"")).findFirst().orElseThrow());
        final ObjectNode original = amended.deepCopy();
        original.put("trade_key", "house/house_clerk/synthetic-20030312/1");
        original.put("filing_id", "synthetic-20030312");
        original.put("filing_date", "2025-05-11");
        original.put("is_amendment", false);
        original.putNull("transaction_id");
        made.add(original.toString());
        final String[][] senate = {{"synthetic-original", null, null, "2019-10-01"}, {"synthetic-amendment-1", "synthetic-original", "1", "2019-10-20"},
                {"synthetic-amendment-2", "synthetic-original", "2", "2019-11-02"}};
        for (String[] filing : senate) {
            final ObjectNode row = amended.deepCopy();
            row.put("trade_key", "senate/senate_efd/" + filing[0] + "/1");
            row.put("chamber", "senate");
            row.put("source", "senate_efd");
            row.put("filing_id", filing[0]);
            row.put("filing_date", filing[3]);
            row.put("is_amendment", filing[1] != null);
            if (filing[1] == null) {
                row.putNull("amends");
                row.putNull("amendment_number");
            } else {
                row.put("amends", filing[1]);
                row.put("amendment_number", Integer.parseInt(filing[2]));
            }
            row.putNull("transaction_id");
            made.add(row.toString());
        }
        return made;
    }

    private static String refetched(final String line) {
        final ObjectNode record = (ObjectNode) read(line);
        record.put("fetched_at", "2026-12-08T00:00:00Z");
        return record.toString();
    }

    private static JsonNode read(final String line) {
        try {
            return JSON.readTree(line);
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<List<String>> rows(final String sql) {
        final ClickHouseQueryResult result = clickHouse.query(sql, Map.of());
        return result.rows().stream().map(row -> row.stream().map(value -> value == null ? "\\N" : value).collect(Collectors.toList())).toList();
    }
}
