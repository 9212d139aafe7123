package org.spotlight.nifi.processors.congress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.serialization.DateTimeUtils;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.SpotlightAttributes;
import org.spotlight.testing.CongressSites;
import org.spotlight.testing.CongressSites.Scripted;
import org.spotlight.testing.HouseSnapshots;
import org.spotlight.testing.MutableClock;
import org.spotlight.testing.SharedData;
import org.spotlight.testing.SharedPtrs;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FetchCongressTrades in a nifi-mock TestRunner against {@link CongressSites}, the local stand-in for the House
 * Clerk and Senate eFD sites (the build machines have no internet), with JsonRecordSetWriter as Record Writer.
 */
public class FetchCongressTradesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CongressSites sites;
    private TestRunner runner;
    private final MutableClock clock = MutableClock.startingNow();

    @BeforeEach
    void setUp() throws InitializationException {
        sites = CongressSites.start();
        runner = TestRunners.newTestRunner(FetchCongressTrades.class);
        ((FetchCongressTrades) runner.getProcessor()).setClock(clock);
        addRecommendedWriter(runner);
        runner.setProperty(FetchCongressTrades.SOURCES, "house-clerk");
        runner.setProperty(FetchCongressTrades.FILING_YEARS, "2025");
        runner.setProperty(FetchCongressTrades.HOUSE_BASE_URL, sites.baseUrl().toString());
        runner.setProperty(FetchCongressTrades.SENATE_BASE_URL, sites.baseUrl().toString());
        runner.setProperty(FetchCongressTrades.LEGISLATORS_SOURCE, SharedData.path("congress/congress_legislators/legislators-current.yaml").toString());
        runner.setProperty(FetchCongressTrades.REQUEST_INTERVAL, "0 sec");
        runner.setProperty(FetchCongressTrades.INITIAL_BACKOFF, "10 ms");
        runner.setProperty(FetchCongressTrades.MAX_BACKOFF, "50 ms");
        runner.setProperty(FetchCongressTrades.USER_AGENT, "Spotlight-test/0.1 (unit tests)");
    }

    /** One-line JSON with ISO dates, as additionalDetails.md recommends: without formats NiFi's JSON writer prints epoch milliseconds. */
    public static void addRecommendedWriter(final TestRunner runner) throws InitializationException {
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.setProperty(writer, JsonRecordSetWriter.OUTPUT_GROUPING, JsonRecordSetWriter.OUTPUT_ONELINE.getValue());
        runner.setProperty(writer, DateTimeUtils.DATE_FORMAT, "yyyy-MM-dd");
        runner.setProperty(writer, DateTimeUtils.TIMESTAMP_FORMAT, "yyyy-MM-dd'T'HH:mm:ss.SSSX");
        runner.enableControllerService(writer);
        runner.setProperty(FetchCongressTrades.RECORD_WRITER, "writer");
    }

    @AfterEach
    void tearDown() {
        sites.close();
    }

    @Test
    void emitsEachFilingOnceAndALaterIndexOnlyItsNewFilings() throws Exception {
        sites.houseIndex(2025, HouseSnapshots.february());
        runner.run();

        runner.assertAllFlowFilesTransferred(FetchCongressTrades.REL_SUCCESS, 8);
        assertEquals(99, recordCount(FetchCongressTrades.REL_SUCCESS));
        final MockFlowFile pelosi = flowFile("20026590");
        pelosi.assertAttributeEquals("record.count", "9");
        pelosi.assertAttributeEquals(FetchCongressTrades.CHAMBER, "house");
        pelosi.assertAttributeEquals(FetchCongressTrades.SOURCE, "house_clerk");
        pelosi.assertAttributeEquals(FetchCongressTrades.FILING_DATE, "2025-01-17");
        pelosi.assertAttributeEquals(FetchCongressTrades.MEMBER, "Nancy Pelosi");
        pelosi.assertAttributeEquals(FetchCongressTrades.DOCUMENT_URL, sites.baseUrl() + "public_disc/ptr-pdfs/2025/20026590.pdf");
        pelosi.assertAttributeEquals(FetchCongressTrades.SCANNED, "false");
        pelosi.assertAttributeEquals(FetchCongressTrades.MEMBER_UNIDENTIFIED, "0");
        pelosi.assertAttributeEquals("mime.type", "application/json");
        final JsonNode apple = records(pelosi).get(2);
        assertEquals("AAPL", apple.get("ticker").asText());
        assertEquals("sale_partial", apple.get("transaction_type").asText());
        assertEquals("2024-12-31", apple.get("transaction_date").asText());
        assertEquals(5000001, apple.get("amount_min").asLong());
        assertEquals(25000000, apple.get("amount_max").asLong());
        assertTrue(apple.get("cap_gains_over_200").asBoolean());
        assertEquals("P000197", apple.get("bioguide_id").asText());
        assertEquals(11, apple.get("district").asInt());
        assertEquals(0, apple.get("parse_warnings").size());
        assertTrue(apple.get("fetched_at").asText().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"), apple.get("fetched_at").asText());
        final MockFlowFile scanned = flowFile("8220747");
        scanned.assertAttributeEquals(FetchCongressTrades.SCANNED, "true");
        assertTrue(records(scanned).getFirst().get("scanned").asBoolean());
        final Map<String, String> state = runner.getStateManager().getState(Scope.CLUSTER).toMap();
        assertTrue(state.get("filings:house_clerk/2025:0").contains("20026590="), state.toString());
        assertTrue(state.containsKey("index:house_clerk/2025"), "validators for the next conditional request");
        assertEquals(8, runner.getProvenanceEvents().size());

        runner.clearTransferState();
        runner.clearProvenanceEvents();
        runner.run();
        runner.assertTransferCount(FetchCongressTrades.REL_SUCCESS, 0);
        runner.assertTransferCount(FetchCongressTrades.REL_FAILURE, 0);

        sites.houseIndex(2025, HouseSnapshots.december());
        runner.run();
        runner.assertAllFlowFilesTransferred(FetchCongressTrades.REL_SUCCESS, 11);
        assertEquals(890 - 98 + 3, recordCount(FetchCongressTrades.REL_SUCCESS));
        final Set<String> newFilings = new HashSet<>(SharedPtrs.allHouse());
        newFilings.removeAll(Set.of("20026489", "20026533", "20026590", "20026638", "20026647", "20026701", "20026731", "8220747"));
        assertEquals(newFilings, filingIds(FetchCongressTrades.REL_SUCCESS));

        runner.clearTransferState();
        runner.run();
        runner.assertTransferCount(FetchCongressTrades.REL_SUCCESS, 0);
    }

    @Test
    void oneFlowFilePerRunHoldsEveryRecord() throws Exception {
        sites.houseIndex(2025, HouseSnapshots.december());
        runner.setProperty(FetchCongressTrades.OUTPUT_GROUPING, OutputGrouping.PER_RUN.getValue());
        runner.run();

        runner.assertAllFlowFilesTransferred(FetchCongressTrades.REL_SUCCESS, 1);
        final MockFlowFile all = runner.getFlowFilesForRelationship(FetchCongressTrades.REL_SUCCESS).getFirst();
        all.assertAttributeEquals("record.count", "894");
        all.assertAttributeEquals(FetchCongressTrades.FILING_COUNT, "19");
        assertEquals(894, records(all).size());
    }

    @Test
    void badDocumentsGoToFailureWithTheirReasonAndNothingIsLost() throws Exception {
        final String corrupt = "20026590";
        final String unavailable = "20026647";
        final String unpublished = "20026537";
        sites.houseIndex(2025, CongressSites.indexZip(2025, HouseSnapshots.FEBRUARY_2025, HouseSnapshots.AVAILABLE.or(row -> unpublished.equals(row[8]))));
        final byte[] truncated = Arrays.copyOf(SharedPtrs.pdfBytes(corrupt), 30_000);
        sites.script("/public_disc/ptr-pdfs/2025/" + corrupt + ".pdf", Scripted.body(truncated));
        sites.script("/public_disc/ptr-pdfs/2025/" + unavailable + ".pdf", Scripted.status(503, -1));
        runner.setProperty(FetchCongressTrades.OUTPUT_GROUPING, OutputGrouping.PER_RUN.getValue());
        runner.run();

        // Nine filings listed: six read, two failed for good, one to be tried again; each accounted for exactly once.
        runner.assertTransferCount(FetchCongressTrades.REL_SUCCESS, 1);
        runner.assertTransferCount(FetchCongressTrades.REL_FAILURE, 2);
        runner.getFlowFilesForRelationship(FetchCongressTrades.REL_SUCCESS).getFirst().assertAttributeEquals(FetchCongressTrades.FILING_COUNT, "6");
        final MockFlowFile pdf = failure(corrupt);
        pdf.assertAttributeEquals(SpotlightAttributes.ERROR_SOURCE, "FetchCongressTrades");
        pdf.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "PDF_UNREADABLE");
        pdf.assertAttributeEquals(SpotlightAttributes.ERROR_RETRYABLE, "false");
        pdf.assertAttributeEquals(SpotlightAttributes.ERROR_CLASS, "permanent");
        pdf.assertAttributeEquals(SpotlightAttributes.ERROR_MESSAGE, sites.baseUrl() + "public_disc/ptr-pdfs/2025/20026590.pdf is truncated: "
                + "it does not end with the %%EOF marker");
        pdf.assertAttributeEquals("mime.type", "application/pdf");
        pdf.assertAttributeEquals("filename", "20026590.pdf");
        pdf.assertContentEquals(truncated);
        final MockFlowFile missing = failure(unpublished);
        missing.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "HTTP_404");
        missing.assertAttributeEquals(SpotlightAttributes.ERROR_CLASS, "permanent");
        assertTrue(runner.getLogger().getErrorMessages().stream().anyMatch(m -> m.getMsg().contains("20026590") && m.getMsg().contains("truncated")));
        assertTrue(runner.getLogger().getWarnMessages().stream().anyMatch(m -> m.getMsg().contains("20026647") && m.getMsg().contains("HTTP_503")
                && m.getMsg().contains("tried again")), runner.getLogger().getWarnMessages().toString());
        final String state = runner.getStateManager().getState(Scope.CLUSTER).get("filings:house_clerk/2025:0");
        assertTrue(state.contains("20026590=") && state.contains("!PDF_UNREADABLE"), "the reason is stored: " + state);
        assertTrue(state.contains("20026647=") && state.contains("?1."), "the transient failure waits: " + state);

        // A run before the backoff ran out asks nothing; the next one retries only the transient failure.
        runner.clearTransferState();
        sites.script("/public_disc/ptr-pdfs/2025/" + unavailable + ".pdf", Scripted.status(503, 0));
        runner.run();
        runner.assertTransferCount(FetchCongressTrades.REL_SUCCESS, 0);
        runner.assertTransferCount(FetchCongressTrades.REL_FAILURE, 0);
        clock.advance(Duration.ofMinutes(10));
        runner.run();
        runner.assertTransferCount(FetchCongressTrades.REL_SUCCESS, 1);
        runner.getFlowFilesForRelationship(FetchCongressTrades.REL_SUCCESS).getFirst().assertAttributeEquals(FetchCongressTrades.FILING_COUNT, "1");
        runner.assertTransferCount(FetchCongressTrades.REL_FAILURE, 0);
        clock.advance(Duration.ofHours(1));
        runner.clearTransferState();
        runner.run();
        runner.assertTransferCount(FetchCongressTrades.REL_SUCCESS, 0);
        runner.assertTransferCount(FetchCongressTrades.REL_FAILURE, 0);
    }

    @Test
    void aRunThatDiesKeepsWhatItSavedAndTheNextRunEmitsTheRestOnce() throws Exception {
        sites.houseIndex(2025, HouseSnapshots.december());
        final FailingWriter failing = new FailingWriter(FetchCongressTrades.CHECKPOINT_FILINGS + 5);
        runner.addControllerService("failing", failing);
        runner.setProperty(failing, JsonRecordSetWriter.OUTPUT_GROUPING, JsonRecordSetWriter.OUTPUT_ONELINE.getValue());
        runner.enableControllerService(failing);
        runner.setProperty(FetchCongressTrades.RECORD_WRITER, "failing");

        assertThrows(AssertionError.class, () -> runner.run(), "the Record Writer fails at the fifteenth filing");
        final Set<String> saved = filingIds(FetchCongressTrades.REL_SUCCESS);
        assertTrue(saved.size() >= FetchCongressTrades.CHECKPOINT_FILINGS && saved.size() < 15, saved.size() + " filings kept");
        assertEquals(saved.size(), Arrays.stream(runner.getStateManager().getState(Scope.CLUSTER).get("filings:house_clerk/2025:0").split(","))
                .filter(entry -> !entry.contains("?") && !entry.contains("!")).count(), "the state accounts for exactly the kept FlowFiles");

        failing.failAt = Integer.MAX_VALUE;
        runner.run();
        final List<String> all = new ArrayList<>();
        runner.getFlowFilesForRelationship(FetchCongressTrades.REL_SUCCESS).forEach(f -> all.add(f.getAttribute(FetchCongressTrades.FILING_ID)));
        assertEquals(19, all.size(), "every filing once: " + all);
        assertEquals(19, new HashSet<>(all).size());
    }

    /** A JSON Record Writer that fails when asked for its {@code failAt}-th writer, as a full disk or a bug would. */
    static final class FailingWriter extends JsonRecordSetWriter {
        volatile int failAt;
        private final AtomicInteger created = new AtomicInteger();

        FailingWriter(final int failAt) {
            this.failAt = failAt;
        }

        boolean fired() {
            return created.get() >= failAt;
        }

        @Override
        public RecordSetWriter createWriter(final ComponentLog logger, final RecordSchema schema, final OutputStream out,
                                            final Map<String, String> variables) throws SchemaNotFoundException, IOException {
            if (created.incrementAndGet() == failAt) {
                throw new IOException("No space left on device");
            }
            return super.createWriter(logger, schema, out, variables);
        }
    }

    @Test
    void anUnreadableIndexIsABulletinAndNothingIsEmitted() {
        sites.houseIndex(2025, "PK\u0003\u0004 not really a zip".getBytes());
        runner.run();
        runner.assertTransferCount(FetchCongressTrades.REL_SUCCESS, 0);
        runner.assertTransferCount(FetchCongressTrades.REL_FAILURE, 0);
        assertTrue(runner.getLogger().getErrorMessages().stream()
                .anyMatch(m -> m.getMsg().contains("house_clerk/2025 index") && m.getMsg().contains("INDEX_UNREADABLE")));

        sites.houseIndex(2025, "<html><head><title>Service Unavailable</title></head></html>".getBytes());
        runner.run();
        assertTrue(runner.getLogger().getWarnMessages().stream()
                .anyMatch(m -> m.getMsg().contains("house_clerk/2025 index") && m.getMsg().contains("UNEXPECTED_CONTENT")
                        && m.getMsg().contains("Service Unavailable")), "a maintenance page is a warning, tried again next run");
    }

    @Test
    void readsSenatePtrsThroughTheEfdSession() throws Exception {
        sites.efdRows(CongressSites.delawareRows(row -> SharedPtrs.senatePage(row.get(3).asText().replaceAll(".*/ptr/([^/]+)/.*", "$1")) != null));
        runner.setProperty(FetchCongressTrades.SOURCES, "senate-efd");
        runner.setProperty(FetchCongressTrades.FILING_YEARS, "2019");
        runner.run();

        runner.assertAllFlowFilesTransferred(FetchCongressTrades.REL_SUCCESS, 2);
        final MockFlowFile coons = flowFile("e356c17f-8053-4e6a-a7a4-f6507ac6d2fa");
        final JsonNode gore = records(coons).getFirst();
        assertEquals("senate", gore.get("chamber").asText());
        assertEquals("C001088", gore.get("bioguide_id").asText());
        assertEquals("DE", gore.get("state").asText());
        assertEquals("sale_partial", gore.get("transaction_type").asText());
        assertEquals(100001, gore.get("amount_min").asLong());
        assertTrue(gore.get("ticker").isNull());
        assertTrue(gore.get("cap_gains_over_200").isNull(), "the Senate form has no such checkbox");
        assertEquals(6, records(flowFile("2f4e395e-7637-45c7-a85a-72823a87918c")).size());
        assertTrue(sites.requests().stream().anyMatch(r -> r.method().equals("POST") && r.path().equals("/search/home/")));
    }

    @Test
    void validatesItsConfiguration() {
        runner.setProperty(FetchCongressTrades.SOURCES, "house-clerk, lobbying");
        runner.assertNotValid();
        runner.setProperty(FetchCongressTrades.SOURCES, "house-clerk");
        runner.setProperty(FetchCongressTrades.FILING_YEARS, "2025-2023");
        runner.assertNotValid();
        runner.setProperty(FetchCongressTrades.FILING_YEARS, "previous, current");
        runner.assertValid();
        runner.setProperty(FetchCongressTrades.DOCUMENT_ORIGIN, DocumentOrigin.REPLAY.getValue());
        runner.assertNotValid();
        runner.setProperty(FetchCongressTrades.DOCUMENT_ORIGIN, DocumentOrigin.WEB.getValue());
        runner.setProperty(FetchCongressTrades.SOURCES, "house-stock-watcher");
        runner.removeProperty(FetchCongressTrades.HOUSE_STOCK_WATCHER_URL);
        runner.assertValid();
        runner.setProperty(FetchCongressTrades.USER_AGENT, " ");
        runner.assertNotValid();
        runner.setProperty(FetchCongressTrades.USER_AGENT, "Spotlight-test/0.1");
        runner.setProperty(FetchCongressTrades.TRANSIENT_BACKOFF, "2 days");
        runner.assertNotValid();
        runner.setProperty(FetchCongressTrades.TRANSIENT_BACKOFF, "1 hour");
        runner.setProperty(FetchCongressTrades.MAX_PDF_PAGES, "0");
        runner.assertNotValid();
        runner.setProperty(FetchCongressTrades.MAX_PDF_PAGES, "500");
        runner.assertValid();
    }

    private long recordCount(final Relationship relationship) {
        return runner.getFlowFilesForRelationship(relationship).stream().mapToLong(f -> Long.parseLong(f.getAttribute("record.count"))).sum();
    }

    private Set<String> filingIds(final Relationship relationship) {
        final Set<String> ids = new HashSet<>();
        runner.getFlowFilesForRelationship(relationship).forEach(f -> ids.add(f.getAttribute(FetchCongressTrades.FILING_ID)));
        return ids;
    }

    private MockFlowFile flowFile(final String filingId) {
        return runner.getFlowFilesForRelationship(FetchCongressTrades.REL_SUCCESS).stream()
                .filter(f -> filingId.equals(f.getAttribute(FetchCongressTrades.FILING_ID))).findFirst().orElseThrow();
    }

    private MockFlowFile failure(final String filingId) {
        return runner.getFlowFilesForRelationship(FetchCongressTrades.REL_FAILURE).stream()
                .filter(f -> filingId.equals(f.getAttribute(FetchCongressTrades.FILING_ID))).findFirst().orElseThrow();
    }

    static List<JsonNode> records(final MockFlowFile flowFile) throws Exception {
        final List<JsonNode> records = new ArrayList<>();
        for (String line : flowFile.getContent().split("\n")) {
            if (!line.isBlank()) {
                records.add(JSON.readTree(line));
            }
        }
        return records;
    }

}
