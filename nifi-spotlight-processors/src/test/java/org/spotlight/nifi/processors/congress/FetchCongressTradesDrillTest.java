package org.spotlight.nifi.processors.congress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.serialization.DateTimeUtils;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.congress.feed.FeedState;
import org.spotlight.SpotlightAttributes;
import org.spotlight.testing.CongressSites;
import org.spotlight.testing.HouseSnapshots;
import org.spotlight.testing.MisbehavingSite;
import org.spotlight.testing.MisbehavingSite.Response;
import org.spotlight.testing.MutableClock;
import org.spotlight.testing.SharedPtrs;
import org.spotlight.testing.TestPdfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The misbehaving-site drill: FetchCongressTrades in a nifi-mock TestRunner, run after run, against a local stand-in
 * of the House Clerk and the Senate eFD that serves the real shared documents ({@link CongressSites}) through a
 * front that misbehaves ({@link MisbehavingSite}) in the ways the real sites and their firewalls do: error statuses
 * with every form of Retry-After, challenge and block pages (also as 200), stalled headers and bodies, resets, bodies
 * cut short, truncated documents served as complete, odd and duplicated headers, malformed index and search rows,
 * oversized and hostile documents (a page-count bomb, a PDF that inflates past its bound, garbage), a maintenance
 * page where the search answer should be, an expired eFD session, and a run that dies half-way (its Record Writer
 * fails). The clock moves an hour between runs (or to the next retry time), as the hourly schedule would.
 *
 * <p>It proves, over all runs: every good filing is emitted exactly once and with the same records as a clean run
 * against the well-behaved stand-in; every bad filing and every malformed row is routed to failure exactly once
 * with its reason; no run hangs (each must end within a generous guard). The counts are printed as {@code DRILL} lines.
 */
class FetchCongressTradesDrillTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PTR = "/public_disc/ptr-pdfs/2025/%s\\.pdf";
    private static final String INDEX = "/public_disc/financial-pdfs/2025FD\\.zip";
    /** A run that takes longer than this hangs: the drill's requests time out after one second, with one retry. */
    private static final Duration HANG_GUARD = Duration.ofMinutes(3);
    private static final int MAX_RUNS = 20;

    /** Filings that cannot be read, by DocID or report id, with the code they must fail with. */
    private static final Map<String, String> BAD = new TreeMap<>(Map.of(
            "29990001", "PDF_UNREADABLE",        // truncated, and served so every time (its Content-Length says so)
            "29990002", "DOCUMENT_TOO_LARGE",    // declares 200 MB
            "29990003", "DOCUMENT_TOO_LARGE",    // streams 8 MB, chunked, without a length
            "29990004", "PDF_TOO_MANY_PAGES",    // 150 blank pages
            "29990005", "DOCUMENT_TOO_LARGE",    // a page that inflates to 260 MB
            "29990006", "PDF_LAYOUT_CHANGED",    // an annual report, not a PTR
            "29990007", "HTTP_404",              // listed, never published (filed in February 2025)
            "29990008", "PDF_UNREADABLE",        // garbage served as application/pdf
            "11111111-2222-3333-4444-555555555555", "HTML_LAYOUT_CHANGED",
            "66666666-7777-8888-9999-000000000000", "DOCUMENT_TOO_LARGE"));

    private CongressSites sites;
    private MisbehavingSite site;
    private final MutableClock clock = MutableClock.startingNow();
    private final Instant runStart = clock.instant();
    private String missingSenatePage;

    @BeforeEach
    void start() {
        sites = CongressSites.start();
        site = new MisbehavingSite(sites.baseUrl());
    }

    @AfterEach
    void stop() {
        site.close();
        sites.close();
    }

    @Test
    void everyGoodFilingOnceEveryBadOneReportedOnceNoRunHangs() throws Exception {
        final Map<String, List<String>> expected = cleanRun();

        sites.houseIndex(2025, houseIndex(true));
        sites.efdRows(senateRows(true));
        misbehave();
        final TestRunner runner = runner(site.baseUrl().toString());
        // The Record Writer fails when asked for its fifth writer: the run that emits the fifth good filing dies there.
        final FetchCongressTradesTest.FailingWriter failing = new FetchCongressTradesTest.FailingWriter(5);
        runner.addControllerService("failing", failing);
        runner.setProperty(failing, JsonRecordSetWriter.OUTPUT_GROUPING, JsonRecordSetWriter.OUTPUT_ONELINE.getValue());
        runner.setProperty(failing, DateTimeUtils.DATE_FORMAT, "yyyy-MM-dd");
        runner.setProperty(failing, DateTimeUtils.TIMESTAMP_FORMAT, "yyyy-MM-dd'T'HH:mm:ss.SSSX");
        runner.enableControllerService(failing);

        final List<String> runs = new ArrayList<>();
        long longestMillis = 0;
        runner.setProperty(FetchCongressTrades.RECORD_WRITER, "failing");
        int died = 0;
        for (int run = 1; run <= MAX_RUNS; run++) {
            final int emittedBefore = runner.getFlowFilesForRelationship(FetchCongressTrades.REL_SUCCESS).size()
                    + runner.getFlowFilesForRelationship(FetchCongressTrades.REL_FAILURE).size();
            final long started = System.nanoTime();
            final boolean dies = assertTimeoutPreemptively(HANG_GUARD, () -> {
                try {
                    runner.run();
                    return false;
                } catch (final AssertionError e) {
                    if (!failing.fired() || !String.valueOf(e.getCause()).contains("Writing the records")) {
                        throw e;
                    }
                    runner.setProperty(FetchCongressTrades.RECORD_WRITER, "writer");
                    return true;
                }
            }, "run " + run + " hangs");
            died += dies ? 1 : 0;
            final long millis = (System.nanoTime() - started) / 1_000_000;
            longestMillis = Math.max(longestMillis, millis);
            final FeedState state = FeedState.decode(runner.getStateManager().getState(Scope.CLUSTER).toMap());
            final int emitted = runner.getFlowFilesForRelationship(FetchCongressTrades.REL_SUCCESS).size()
                    + runner.getFlowFilesForRelationship(FetchCongressTrades.REL_FAILURE).size() - emittedBefore;
            runs.add("run " + run + " at +" + Duration.between(runStart, clock.instant()).toHours() + " h: " + emitted + " FlowFiles in "
                    + millis + " ms" + (dies ? " (died)" : "") + ", " + state.waitingCount() + " filings waiting"
                    + state.nextDue().map(due -> ", next due +" + Duration.between(runStart, due).toMinutes() + " min").orElse(""));
            System.out.println("DRILL " + runs.getLast() + waiting(runner));
            if (!dies && emitted == 0 && state.nextDue().isEmpty()) {
                break;
            }
            final Instant nextHour = clock.instant().plus(Duration.ofHours(1));
            final Instant due = state.nextDue().orElse(nextHour);
            clock.advance(Duration.between(clock.instant(), due.isAfter(nextHour) ? due : nextHour));
        }
        assertEquals(1, died, "one run died half-way");

        // Every good filing exactly once, with the records of the clean run.
        final Map<String, List<MockFlowFile>> succeeded = byFilingId(runner.getFlowFilesForRelationship(FetchCongressTrades.REL_SUCCESS));
        assertEquals(expected.keySet(), succeeded.keySet(), "the good filings");
        succeeded.forEach((id, flowFiles) -> assertEquals(1, flowFiles.size(), id + " emitted " + flowFiles.size() + " times"));
        for (Map.Entry<String, List<String>> filing : expected.entrySet()) {
            assertEquals(filing.getValue(), comparable(succeeded.get(filing.getKey()).getFirst()), "the records of " + filing.getKey());
        }

        // Every bad filing and every malformed row exactly once, with its reason.
        final Map<String, List<MockFlowFile>> failed = byFilingId(runner.getFlowFilesForRelationship(FetchCongressTrades.REL_FAILURE));
        failed.forEach((id, flowFiles) -> assertEquals(1, flowFiles.size(), id + " reported " + flowFiles.size() + " times"));
        final Map<String, String> codes = new TreeMap<>();
        failed.forEach((id, flowFiles) -> codes.put(id, flowFiles.getFirst().getAttribute(SpotlightAttributes.ERROR_CODE)));
        final Map<String, String> expectedCodes = new TreeMap<>(BAD);
        expectedCodes.put(missingSenatePage, "HTTP_404");
        final Map<String, String> rowCodes = new TreeMap<>(codes);
        rowCodes.keySet().removeIf(id -> !id.startsWith("row-"));
        codes.keySet().removeIf(id -> id.startsWith("row-"));
        assertEquals(expectedCodes, codes);
        assertEquals(7, rowCodes.size(), "four malformed House index rows and three malformed eFD search rows: " + rowCodes);
        assertTrue(rowCodes.values().stream().allMatch("INVALID_INDEX_ENTRY"::equals), rowCodes.toString());
        for (List<MockFlowFile> flowFiles : failed.values()) {
            final MockFlowFile failure = flowFiles.getFirst();
            failure.assertAttributeEquals(SpotlightAttributes.ERROR_CLASS, "permanent");
            assertTrue(failure.getAttribute(SpotlightAttributes.ERROR_MESSAGE).length() > 20, failure.getAttributes().toString());
        }
        final FeedState state = FeedState.decode(runner.getStateManager().getState(Scope.CLUSTER).toMap());
        assertEquals(0, state.waitingCount(), "nothing left waiting");
        assertTrue(state.nextDue().isEmpty(), "no site left alone");

        final Map<String, Long> failures = new TreeMap<>();
        codes.values().forEach(code -> failures.merge(code, 1L, Long::sum));
        failures.put("INVALID_INDEX_ENTRY", (long) rowCodes.size());
        final long records = succeeded.values().stream().mapToLong(f -> Long.parseLong(f.getFirst().getAttribute("record.count"))).sum();
        final long retriedLater = runner.getLogger().getWarnMessages().stream().filter(m -> m.getMsg().contains("tried again by the first run")).count();
        final long sitePauses = runner.getLogger().getWarnMessages().stream().filter(m -> m.getMsg().contains("site is left alone until")).count();
        System.out.println("DRILL runs=" + runs.size() + " longest run=" + longestMillis + " ms (guard " + HANG_GUARD.toSeconds() + " s)"
                + " requests=" + site.requests().size());
        System.out.println("DRILL good filings emitted once=" + succeeded.size() + " of " + expected.size() + " (" + records + " records)"
                + ", bad filings and rows reported once=" + failed.size() + " " + failures);
        System.out.println("DRILL transient failures retried in a later run=" + retriedLater + ", site pauses=" + sitePauses
                + ", state=" + FeedState.serializedSize(runner.getStateManager().getState(Scope.CLUSTER).toMap()) + " bytes");
        System.out.println("DRILL misbehaviours injected " + site.injected());
        assertTrue(site.injected().values().stream().allMatch(count -> count > 0), "every misbehaviour happened: " + site.injected());
    }

    /** The filings waiting for another try, as the state says ({@code id=fingerprint?attempts.due.CODE}). */
    private static String waiting(final TestRunner runner) throws IOException {
        final List<String> waiting = new ArrayList<>();
        runner.getStateManager().getState(Scope.CLUSTER).toMap().forEach((key, value) -> {
            if (key.startsWith("filings:")) {
                Arrays.stream(value.split(",")).filter(entry -> entry.contains("?"))
                        .forEach(entry -> waiting.add(entry.replaceAll("=.*\\?(\\d+)\\.\\d+\\.", " x$1 ")));
            } else if (key.startsWith("site:")) {
                waiting.add(key + " " + value.replaceAll("^(\\d+)\\.\\d+\\.", "x$1 "));
            }
        });
        return waiting.isEmpty() ? "" : " " + waiting;
    }

    // ---------------------------------------------------------------- the sites

    /** The records a clean run against the well-behaved stand-in emits, per filing, without their fetch times. */
    private Map<String, List<String>> cleanRun() throws Exception {
        sites.houseIndex(2025, houseIndex(false));
        sites.efdRows(senateRows(false));
        final TestRunner clean = runner(sites.baseUrl().toString());
        clean.run();
        clean.assertTransferCount(FetchCongressTrades.REL_FAILURE, 0);
        final Map<String, List<String>> records = new TreeMap<>();
        byFilingId(clean.getFlowFilesForRelationship(FetchCongressTrades.REL_SUCCESS)).forEach((id, flowFiles) -> {
            assertEquals(1, flowFiles.size());
            records.put(id, comparable(flowFiles.getFirst()));
        });
        assertEquals(21, records.size(), "19 House PTRs and the 2 Senate PTRs of 2019 whose pages the shared data has: " + records.keySet());
        return records;
    }

    private TestRunner runner(final String baseUrl) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(FetchCongressTrades.class);
        ((FetchCongressTrades) runner.getProcessor()).setClock(clock);
        FetchCongressTradesTest.addRecommendedWriter(runner);
        runner.setProperty(FetchCongressTrades.SOURCES, "house-clerk, senate-efd");
        runner.setProperty(FetchCongressTrades.FILING_YEARS, "2019, 2025");
        runner.setProperty(FetchCongressTrades.HOUSE_BASE_URL, baseUrl);
        runner.setProperty(FetchCongressTrades.SENATE_BASE_URL, baseUrl);
        runner.setProperty(FetchCongressTrades.USER_AGENT, "Spotlight-drill/0.1 (misbehaving-site drill)");
        runner.setProperty(FetchCongressTrades.REQUEST_INTERVAL, "0 sec");
        runner.setProperty(FetchCongressTrades.CONNECT_TIMEOUT, "1 sec");
        runner.setProperty(FetchCongressTrades.REQUEST_TIMEOUT, "1 sec");
        runner.setProperty(FetchCongressTrades.MAX_RETRIES, "1");
        runner.setProperty(FetchCongressTrades.INITIAL_BACKOFF, "10 ms");
        runner.setProperty(FetchCongressTrades.MAX_BACKOFF, "50 ms");
        runner.setProperty(FetchCongressTrades.MAX_DOCUMENT_SIZE, "4 MB");
        runner.setProperty(FetchCongressTrades.MAX_PDF_PAGES, "100");
        runner.setProperty(FetchCongressTrades.TRANSIENT_BACKOFF, "10 mins");
        runner.setProperty(FetchCongressTrades.MAX_TRANSIENT_BACKOFF, "1 day");
        return runner;
    }

    /** The December 2025 index (the PTRs whose PDFs the shared data has), with the bad filings and malformed rows when asked. */
    private static byte[] houseIndex(final boolean withBadOnes) throws IOException {
        final List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(HouseSnapshots.DECEMBER_2025, StandardCharsets.UTF_8)) {
            final String[] cells = line.replace("\r", "").split("\t", -1);
            if (lines.isEmpty() || HouseSnapshots.AVAILABLE.test(cells)) {
                lines.add(String.join("\t", cells));
            }
        }
        if (withBadOnes) {
            for (String docId : BAD.keySet()) {
                if (docId.matches("\\d+")) {
                    lines.add("Hon.\tDrill\tBad\t\tP\tVA08\t2025\t2/" + docId.substring(6) + "/2025\t" + docId);
                }
            }
            lines.add("Hon.\tNoDocId\tAnn\t\tP\tVA01\t2025\t2/2/2025\t");
            lines.add("Hon.\tSlashed\tBen\t\tP\tVA02\t2025\t2/2/2025\t2002/../../private");
            lines.add("Hon.\tTabbed\tCy\t\tP\tVA03\t2025\t2/2/2025\t20026999\tspilled");
            lines.add("Hon.\tShifted\tDee\tVA04\t2025\t2/2/2025\t20026998\tP\t20026998");
            // A second row for a DocID the index already lists: the first one counts.
            lines.add("Hon.\tDüplicate\tÑame\t\tP\tCA11\t2025\t1/17/2025\t20026590");
        }
        final ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("2025FD.txt"));
            out.write((String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        return zip.toByteArray();
    }

    /** The eFD's 2019 PTRs whose pages the shared data has, and when asked the bad ones. */
    private ArrayNode senateRows(final boolean withBadOnes) {
        final ArrayNode rows = CongressSites.delawareRows(row -> row.get(4).asText().endsWith("/2019")
                && SharedPtrs.senatePage(row.get(3).asText().replaceAll(".*/ptr/([^/]+)/.*", "$1")) != null);
        if (withBadOnes) {
            final JsonNode missing = CongressSites.delawareRows(row -> row.get(4).asText().endsWith("/2019") && row.get(3).asText().contains("/ptr/")
                    && SharedPtrs.senatePage(row.get(3).asText().replaceAll(".*/ptr/([^/]+)/.*", "$1")) == null).get(0);
            missingSenatePage = missing.get(3).asText().replaceAll(".*/ptr/([^/]+)/.*", "$1");
            rows.add(missing);
            rows.add(row("Jane", "Layout", "<a href=\"/search/view/ptr/11111111-2222-3333-4444-555555555555/\" target=\"_blank\">"
                    + "Periodic Transaction Report for 03/01/2019</a>", "03/04/2019"));
            rows.add(row("John", "Oversize", "<a href=\"/search/view/ptr/66666666-7777-8888-9999-000000000000/\" target=\"_blank\">"
                    + "Periodic Transaction Report for 03/05/2019</a>", "03/06/2019"));
            rows.add(JSON.createArrayNode().add("Three").add("Cells").add("05/02/2019"));
            rows.add(row("Bad", "Link", "<a href=\"/search/view/ptr/not-a-report/\">Periodic Transaction Report for 05/01/2019</a>", "05/02/2019"));
            rows.add(row("No", "Link", "<b>Periodic Transaction Report for 05/01/2019</b>", "05/02/2019"));
        }
        return rows;
    }

    private static ArrayNode row(final String first, final String last, final String link, final String received) {
        return JSON.createArrayNode().add(first).add(last).add("Senator").add(link).add(received);
    }

    /** Every misbehaviour, each for a number of requests (or for ever, for the bad documents). */
    private void misbehave() throws IOException {
        // The House index: odd headers once, then two server errors (an index failure in some run).
        site.on("index: duplicated Content-Type, 600-character ETag, unreadable Last-Modified", INDEX, 1, MisbehavingSite.mutate(r -> r
                .withHeader("Content-Type", "text/plain").withHeader("ETag", "\"" + "e".repeat(600) + "\"").withHeader("Last-Modified", "yesterday")));
        site.on("index: 502 twice", INDEX, 2, MisbehavingSite.status(502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>"));

        // House PTRs that are good, behind a bad day.
        site.on("pdf: body stalls half-way", ptr("20026590"), 2, MisbehavingSite.stallBody(0.5, Duration.ofSeconds(30)));
        site.on("pdf: headers stall", ptr("20030891"), 2, MisbehavingSite.stallHeaders(Duration.ofSeconds(30)));
        site.on("pdf: body cut short of its Content-Length", ptr("20026731"), 2, MisbehavingSite.cutBody(0.3));
        site.on("pdf: reset mid-body", ptr("20027995"), 2, MisbehavingSite.resetMidBody(0.5));
        site.on("pdf: reset before the answer", ptr("20026533"), 4, MisbehavingSite.reset());
        site.on("pdf: Cloudflare challenge as 200", ptr("20026638"), 1, MisbehavingSite.cloudflareChallenge(200));
        site.on("pdf: 429 with a Retry-After in the year 9999", ptr("20026647"), 1,
                MisbehavingSite.status(429, "text/html", "<html><body>Too Many Requests</body></html>", "Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"));
        site.on("pdf: 503 twice", ptr("20026701"), 2, MisbehavingSite.status(503, "text/html", "<html><body>Service Unavailable</body></html>"));
        site.on("pdf: Akamai access denied", ptr("20030336"), 1, MisbehavingSite.akamaiDenied());
        site.on("pdf: 502 with Retry-After 1.5", ptr("20032062"), 1,
                MisbehavingSite.status(502, "text/html", "<html><body>Bad Gateway</body></html>", "Retry-After", "1.5"));
        site.on("pdf: soft 404 page served as 200", ptr("8220828"), 1,
                MisbehavingSite.status(200, "text/html", "<html><head><title>Not Found</title></head><body>The resource cannot be found.</body></html>"));
        site.on("pdf: truncated, served as complete", ptr("20029079"), 1, MisbehavingSite.truncated(0.4));
        site.on("pdf: odd headers", ptr("20026489"), 1, MisbehavingSite.mutate(r -> r.withHeader("Content-Type", "text/html")
                .withHeader("ETag", "\"a\tb\"").withHeader("Retry-After", "soon").withHeader("Set-Cookie", "=;;; broken").withHeader("X-Empty", "")));
        site.on("pdf: gzip body nobody asked for", ptr("20016861"), 1, MisbehavingSite.mutate(r -> r.withBody(gzip(r.body()))
                .withHeader("Content-Encoding", "gzip")));

        // House PTRs that are bad, for ever.
        site.on("bad pdf: truncated", ptr("29990001"), -1, MisbehavingSite.serve("application/pdf",
                Arrays.copyOf(SharedPtrs.pdfBytes("20026590"), 30_000)));
        site.on("bad pdf: declares 200 MB", ptr("29990002"), -1, exchange -> exchange.write(
                Response.of(200, "application/pdf", SharedPtrs.pdfBytes("20026590")).without("Content-Length")
                        .withHeader("Content-Length", Long.toString(200L * 1024 * 1024))));
        site.on("bad pdf: 8 MB chunked", ptr("29990003"), -1, MisbehavingSite.chunked("application/pdf", new byte[8 * 1024 * 1024]));
        site.on("bad pdf: 150 pages", ptr("29990004"), -1, MisbehavingSite.serve("application/pdf", TestPdfs.blankPages(150)));
        site.on("bad pdf: inflates to 260 MB", ptr("29990005"), -1, MisbehavingSite.serve("application/pdf", TestPdfs.inflating(260)));
        site.on("bad pdf: an annual report", ptr("29990006"), -1, MisbehavingSite.serve("application/pdf",
                TestPdfs.withText("Annual Financial Disclosure Report", "Schedule A: Assets and Unearned Income")));
        final byte[] garbage = new byte[40_000];
        new Random(17).nextBytes(garbage);
        site.on("bad pdf: garbage", ptr("29990008"), -1, MisbehavingSite.serve("application/pdf", garbage));

        // The Senate eFD: its firewall, a maintenance page, an expired session, stalls, and bad pages.
        site.on("efd: Akamai denies the entry page", "/search/home/", 1, MisbehavingSite.akamaiDenied());
        site.on("efd: Cloudflare challenge instead of the search answer", "/search/report/data/", 1, MisbehavingSite.cloudflareChallenge(200));
        site.on("efd: maintenance page instead of the search answer", "/search/report/data/", 1, MisbehavingSite.status(200, "text/html",
                "<html><head><title>Scheduled Maintenance</title></head><body>eFD is down for maintenance.</body></html>"));
        site.on("efd: PTR page stalls", "/search/view/ptr/2f4e395e-7637-45c7-a85a-72823a87918c/", 2,
                MisbehavingSite.stallHeaders(Duration.ofSeconds(30)));
        site.on("efd: agreement page again (session expired)", "/search/view/ptr/e356c17f-8053-4e6a-a7a4-f6507ac6d2fa/", 1,
                MisbehavingSite.status(200, "text/html; charset=utf-8", "<html><body><form method=\"POST\" action=\"/search/home/\">"
                        + "<input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\"x\"><input type=\"checkbox\" name=\"prohibition_agreement\" "
                        + "value=\"1\"></form></body></html>"));
        site.on("bad efd page: changed layout", "/search/view/ptr/11111111-2222-3333-4444-555555555555/", -1, MisbehavingSite.status(200,
                "text/html", "<html><body><h1>Periodic Transaction Report</h1><table class=\"table table-striped\"><caption>Transactions</caption>"
                        + "<thead><tr><th>#</th><th>When</th><th>What</th></tr></thead><tbody><tr><td>1</td><td>x</td><td>y</td></tr></tbody>"
                        + "</table></body></html>"));
        site.on("bad efd page: 8 MB chunked", "/search/view/ptr/66666666-7777-8888-9999-000000000000/", -1, MisbehavingSite.chunked(
                "text/html", ("<html><body>" + "<p>filler</p>".repeat(8 * 1024 * 1024 / 13) + "</body></html>").getBytes(StandardCharsets.UTF_8)));
    }

    private static String ptr(final String docId) {
        return PTR.formatted(docId);
    }

    private static byte[] gzip(final byte[] bytes) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- comparing output

    private static Map<String, List<MockFlowFile>> byFilingId(final List<MockFlowFile> flowFiles) {
        final Map<String, List<MockFlowFile>> byId = new TreeMap<>();
        flowFiles.forEach(f -> byId.computeIfAbsent(f.getAttribute(FetchCongressTrades.FILING_ID), id -> new ArrayList<>()).add(f));
        return byId;
    }

    /** A FlowFile's records as JSON text, without the fetch time and the stand-in's port (which differ from run to run). */
    private static List<String> comparable(final MockFlowFile flowFile) {
        try {
            final List<String> records = new ArrayList<>();
            for (JsonNode record : FetchCongressTradesTest.records(flowFile)) {
                ((ObjectNode) record).remove("fetched_at");
                records.add(record.toString().replaceAll("http://127\\.0\\.0\\.1:\\d+/", "https://site/"));
            }
            return records;
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
