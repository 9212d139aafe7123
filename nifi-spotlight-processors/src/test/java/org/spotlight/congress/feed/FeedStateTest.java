package org.spotlight.congress.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.spotlight.congress.document.RawDocument;
import org.spotlight.congress.http.Validators;
import org.spotlight.testing.SharedData;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The feed state's encoding: exact for any id, small, and within what NiFi's cluster state providers hold. */
class FeedStateTest {

    private static final String SCOPE = "house_clerk/2025";

    @Test
    void anyIdSurvivesTheEncoding() {
        final List<String> ids = List.of("20026590", "2f4e395e-7637-45c7-a85a-72823a87918c", "a,b=c!d?e", "100%", "with space", "tab\there",
                "line\nbreak", "#starts-with-hash", "##", "#", "Ünïcödé ✓ 漢字", "emoji 😀", "lone \uD800 surrogate", "trailing \uDC00",
                "x".repeat(128), "y".repeat(129), "z".repeat(100_000), "~0041", "%41", "filings:other/2025:0", "");
        final FeedState state = new FeedState();
        for (int i = 0; i < ids.size(); i++) {
            state.markProcessed(SCOPE, ids.get(i), Fingerprint.of("row " + i));
        }
        final Map<String, String> encoded = state.encode();
        encoded.values().forEach(value -> assertTrue(value.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "plain ASCII: " + value));
        final FeedState decoded = FeedState.decode(encoded);
        for (int i = 0; i < ids.size(); i++) {
            assertTrue(decoded.isHandled(SCOPE, ids.get(i), Fingerprint.of("row " + i), false), "id " + i + ": " + abbreviate(ids.get(i)));
            assertFalse(decoded.isHandled(SCOPE, ids.get(i), Fingerprint.of("another row"), false));
        }
        assertEquals(ids.size(), decoded.handledCount(SCOPE));
        assertEquals(encoded, decoded.encode(), "stable");
        assertTrue(encoded.toString().length() < 4_000, "the 100,000-character id is kept by its digest: " + encoded.toString().length());
    }

    @Test
    void outcomesReasonsRetriesValidatorsAndPausesSurvive() {
        final FeedState state = new FeedState();
        final Instant due = Instant.parse("2025-12-04T15:00:00Z");
        state.markProcessed(SCOPE, "1", "fp1");
        state.markFailed(SCOPE, "2", "fp2", "PDF_UNREADABLE");
        state.markWaiting(SCOPE, "3", "fp3", 4, due, "HTTP_503");
        state.setValidators(SCOPE, new Validators("\"a,b\tc\"", "Thu, 04 Dec 2025 14:00:21 GMT"));
        state.pauseSite("senate_efd", new FeedState.SitePause(2, due, "CHALLENGE"));
        final FeedState decoded = FeedState.decode(state.encode());
        assertTrue(decoded.isHandled(SCOPE, "1", "fp1", false));
        assertTrue(decoded.isHandled(SCOPE, "2", "fp2", false), "a permanent failure is handled");
        assertFalse(decoded.isHandled(SCOPE, "2", "fp2", true), "unless failures are retried");
        assertEquals("PDF_UNREADABLE", decoded.entry(SCOPE, "2").code());
        assertFalse(decoded.isHandled(SCOPE, "3", "fp3", false), "a waiting filing is not handled");
        assertEquals(new FeedState.Entry("fp3", FeedState.Outcome.WAITING, "HTTP_503", 4, due), decoded.waiting(SCOPE, "3", "fp3").orElseThrow());
        assertTrue(decoded.waiting(SCOPE, "3", "another").isEmpty(), "a changed row starts afresh");
        assertEquals(new Validators("\"a,b\tc\"", "Thu, 04 Dec 2025 14:00:21 GMT"), decoded.validators(SCOPE));
        assertEquals(new FeedState.SitePause(2, due, "CHALLENGE"), decoded.sitePause("senate_efd").orElseThrow());
        assertEquals(1, decoded.waitingCount());
    }

    @Test
    void stateOfFormatOneIsReadWithoutEmittingAnythingAgain() {
        final String row = "P|CA11|2025|2025-01-17|Hon.|Pelosi|Nancy||20026590";
        final String legacyFingerprint = RawDocument.sha256(row.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        final Map<String, String> legacy = Map.of(
                "filings:house_clerk/2025", "20026590=" + legacyFingerprint + ",20030336=0123456789ab!",
                "index:house_clerk/2025", "\"abc\"\tThu, 04 Dec 2025 14:00:21 GMT");
        final FeedState state = FeedState.decode(legacy);
        assertTrue(state.isHandled(SCOPE, "20026590", Fingerprint.of(row), false), "the same 48 bits in the new form");
        assertEquals(FeedState.Outcome.FAILED, state.entry(SCOPE, "20030336").outcome());
        assertEquals(new Validators("\"abc\"", "Thu, 04 Dec 2025 14:00:21 GMT"), state.validators(SCOPE));
        assertEquals("2", state.encode().get("format"));
    }

    @Test
    void valuesAreSplitBelowWhatZooKeeperCanStoreAndTheSizeIsWhatItStores() throws IOException {
        final FeedState state = new FeedState();
        for (int i = 0; i < 20_000; i++) {
            state.markProcessed("senate_efd/2019", UUID.nameUUIDFromBytes(Integer.toString(i).getBytes(StandardCharsets.UTF_8)).toString(),
                    Fingerprint.of(Integer.toString(i)));
        }
        final Map<String, String> encoded = state.encode();
        assertTrue(encoded.size() > 10, encoded.size() + " values");
        encoded.values().forEach(value -> assertTrue(value.length() <= FeedState.MAX_VALUE_CHARS));
        assertEquals(zooKeeperBytes(encoded), FeedState.serializedSize(encoded), "the formula is what DataOutputStream writes");
        assertEquals(20_000, FeedState.decode(encoded).handledCount("senate_efd/2019"));
    }

    /**
     * Ten years of both chambers, with filing counts from the shared data: House PTRs per year from the Clerk's
     * index snapshots (annualised, plus a fifth), Senate PTRs per year from the Senate Stock Watcher dataset (filings
     * with trades per year of their last trade, the busiest year, plus a quarter for amendments and filings without
     * trades, which that dataset leaves out). Ids as the sites write them: 8-digit DocIDs, UUIDs.
     */
    @Test
    void tenYearsOfBothChambersFitWithRoomToSpare() throws IOException {
        final int housePerYear = (int) Math.ceil(Math.max(
                annualised(ptrRows("congress/house_clerk_index/2025_snapshot-2025-12-04/2025FD.txt"), LocalDate.of(2025, 12, 4)),
                annualised(ptrRows("congress/house_clerk_index/2024_snapshot-2024-07-05/2024FD.txt"), LocalDate.of(2024, 7, 5))) * 1.2);
        final int senatePerYear = (int) Math.ceil(busiestSenateYear() * 1.25);
        final Map<Integer, Long> sizes = new TreeMap<>();
        for (int years : List.of(1, 10, 20)) {
            final FeedState state = new FeedState();
            final Random random = new Random(years);
            for (int year = 2026 - years; year < 2026; year++) {
                final Set<String> docIds = new HashSet<>();
                while (docIds.size() < housePerYear) {
                    docIds.add(Integer.toString(20_000_000 + random.nextInt(10_000_000)));
                }
                for (String id : docIds) {
                    state.markProcessed("house_clerk/" + year, id, Fingerprint.of(id));
                }
                for (int i = 0; i < senatePerYear; i++) {
                    state.markProcessed("senate_efd/" + year, new UUID(random.nextLong(), random.nextLong()).toString(), Fingerprint.of("s" + i));
                }
            }
            sizes.put(years, FeedState.serializedSize(state.encode()));
        }
        System.out.printf("STATE SIZE house PTRs/year=%d senate PTRs/year=%d: 1 year %d bytes, 10 years %d bytes, 20 years %d bytes "
                        + "(ZooKeeper limit 1048575, processor limit 1000000)%n", housePerYear, senatePerYear, sizes.get(1), sizes.get(10),
                sizes.get(20));
        assertTrue(sizes.get(10) < 500_000, "ten years take under half the limit: " + sizes.get(10));
        assertTrue(sizes.get(20) < 1_000_000, "twenty years still fit: " + sizes.get(20));
        final long perFiling = sizes.get(10) / (10L * (housePerYear + senatePerYear));
        assertTrue(perFiling <= 40, perFiling + " bytes per filing on average");
    }

    private static long zooKeeperBytes(final Map<String, String> state) throws IOException {
        // The serialisation of NiFi's ZooKeeperStateProvider (format version 1).
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeInt(state.size());
            for (Map.Entry<String, String> entry : state.entrySet()) {
                out.writeBoolean(true);
                out.writeUTF(entry.getKey());
                out.writeBoolean(true);
                out.writeUTF(entry.getValue());
            }
        }
        return bytes.size();
    }

    private static long ptrRows(final String index) throws IOException {
        return Files.readAllLines(SharedData.path(index), StandardCharsets.UTF_8).stream().skip(1)
                .filter(line -> line.split("\t", -1).length > 4 && line.split("\t", -1)[4].equals("P")).count();
    }

    private static double annualised(final long count, final LocalDate snapshot) {
        return count * 365.0 / snapshot.getDayOfYear();
    }

    private static int busiestSenateYear() throws IOException {
        final JsonNode transactions = new ObjectMapper().readTree(SharedData.path("congress/senate_stock_watcher/all_transactions.json").toFile());
        final Map<String, LocalDate> lastTrade = new HashMap<>();
        final DateTimeFormatter us = DateTimeFormatter.ofPattern("MM/dd/yyyy");
        for (JsonNode row : transactions) {
            try {
                final LocalDate date = LocalDate.parse(row.path("transaction_date").asText(), us);
                lastTrade.merge(row.path("ptr_link").asText(), date, (a, b) -> a.isAfter(b) ? a : b);
            } catch (final RuntimeException e) {
                // A row without a readable date says nothing about the year.
            }
        }
        final Map<Integer, Integer> perYear = new TreeMap<>();
        lastTrade.values().forEach(date -> perYear.merge(date.getYear(), 1, Integer::sum));
        return perYear.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    private static String abbreviate(final String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
