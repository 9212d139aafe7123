package org.spotlight.tools.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spotlight.congress.model.TradeField;
import org.spotlight.testing.HouseSnapshots;
import org.spotlight.testing.MirrorDirectory;
import org.spotlight.testing.SharedData;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code spotlight fetch} against a directory laid out like the official sites, built from ../shared/data. */
class FetchCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path mirror;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private int fetch(final String... args) {
        stdout.reset();
        stderr.reset();
        return FetchCommand.run(args, stdout, new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @Test
    void writesEveryHouseTradeAsJsonLinesWithASummary() throws Exception {
        MirrorDirectory.house(mirror, 2025, HouseSnapshots.december());

        assertEquals(0, fetch("--from", mirror.toString(), "--chamber", "house",
                "--legislators", SharedData.path("congress/congress_legislators/legislators-current.yaml").toString(),
                "--legislators", SharedData.path("congress/congress_legislators/legislators-historical.csv").toString()), err());

        final List<JsonNode> records = lines(stdout.toString(StandardCharsets.UTF_8));
        assertEquals(890 + 4, records.size());
        final List<String> names = new ArrayList<>();
        records.getFirst().fieldNames().forEachRemaining(names::add);
        assertEquals(TradeField.all().stream().map(TradeField::fieldName).toList(), names);
        final JsonNode apple = records.stream().filter(r -> "20026590".equals(r.get("filing_id").asText()) && r.get("row_number").asInt() == 3)
                .findFirst().orElseThrow();
        assertEquals("AAPL", apple.get("ticker").asText());
        assertEquals(5000001, apple.get("amount_min").asLong());
        assertEquals("P000197", apple.get("bioguide_id").asText());
        assertEquals("https://disclosures-clerk.house.gov/public_disc/ptr-pdfs/2025/20026590.pdf", apple.get("document_url").asText(),
                "records name the official URL, not the mirror");
        assertEquals(4, records.stream().filter(r -> r.get("scanned").asBoolean()).count());
        assertTrue(err().contains("19 filings listed, 0 skipped as already handled, 19 parsed, 0 failed, 0 to try again, 0 index failures; "
                + "894 records (890 transactions, 4 scanned filings; 0 without bioguide_id)"), err());
        final JsonNode option = records.stream().filter(r -> "20026590".equals(r.get("filing_id").asText()) && r.get("row_number").asInt() == 1)
                .findFirst().orElseThrow();
        assertEquals("call", option.get("option_type").asText());
        assertEquals(150, option.get("option_strike").asInt());
        assertEquals("2026-01-16", option.get("option_expiration").asText());
        assertEquals(50, option.get("quantity").asInt());
        assertEquals("contracts", option.get("quantity_unit").asText());
        assertEquals("Democrat", option.get("party").asText());
        assertEquals("term", option.get("member_match").asText());
        assertEquals("2025-02-13", option.get("filing_deadline").asText(), "notified 2025-01-14: 30 days");
        assertEquals(3, option.get("days_to_file").asInt());
        assertEquals(false, option.get("filed_late").asBoolean());
        final JsonNode green = records.stream().filter(r -> "20026701".equals(r.get("filing_id").asText())).findFirst().orElseThrow();
        assertEquals("G000590", green.get("bioguide_id").asText(), "Mark Green left in 2025: legislators-historical.csv knows him");
        assertEquals("last_term", green.get("member_match").asText());
        assertTrue(green.get("party").isNull(), "no party from an undated last term");
    }

    @Test
    void reportsFailedFilingsOnStderrAndKeepsGoing() throws Exception {
        MirrorDirectory.senate(mirror);
        final Path out = mirror.resolve("senate.jsonl");

        assertEquals(2, fetch("--from", mirror.toString(), "--chamber", "senate", "--year", "2019", "--out", out.toString()));

        assertEquals("", stdout.toString(StandardCharsets.UTF_8));
        final List<JsonNode> records = lines(Files.readString(out));
        assertEquals(7, records.size(), "Carper's 6 and Coons's 1 transactions; the other 17 PTRs of 2019 have no page in the mirror");
        assertEquals(17, err().lines().filter(line -> line.startsWith("FAILED senate_efd filing ") && line.contains(": NOT_FOUND: No file ")).count(), err());
        assertTrue(err().contains("19 filings listed, 0 skipped as already handled, 2 parsed, 17 failed"), err());
    }

    @Test
    void rememberedStateMakesTheSecondRunEmitNothing() throws Exception {
        MirrorDirectory.house(mirror, 2025, HouseSnapshots.february());
        final Path state = mirror.resolve("fetch.state");
        assertEquals(0, fetch("--from", mirror.toString(), "--chamber", "house", "--state", state.toString()), err());
        assertEquals(99, lines(stdout.toString(StandardCharsets.UTF_8)).size());
        assertTrue(Files.readString(state).contains("filings\\:house_clerk/2025\\:0="), Files.readString(state));
        assertEquals(0, fetch("--from", mirror.toString(), "--chamber", "house", "--state", state.toString()), err());
        assertEquals("", stdout.toString(StandardCharsets.UTF_8));
        assertTrue(err().contains("8 filings listed, 8 skipped as already handled, 0 parsed"), err());
    }

    @Test
    void explainsItsUsage() {
        assertEquals(1, fetch("--chamber", "house"));
        assertTrue(err().startsWith("spotlight fetch: --from DIR is required"), err());
        assertTrue(err().contains("Usage: spotlight fetch --from DIR"));
        assertEquals(1, fetch("--from", mirror.toString(), "--chamber", "congress"));
        assertTrue(err().contains("--chamber must be house, senate or all, not 'congress'"), err());
        assertEquals(1, fetch("--from", mirror.resolve("missing").toString()));
        assertTrue(err().contains("is not a directory"), err());
        assertEquals(0, fetch("--help"));
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    private static List<JsonNode> lines(final String text) throws Exception {
        final List<JsonNode> records = new ArrayList<>();
        for (Iterator<String> lines = text.lines().iterator(); lines.hasNext(); ) {
            records.add(JSON.readTree(lines.next()));
        }
        return records;
    }
}
