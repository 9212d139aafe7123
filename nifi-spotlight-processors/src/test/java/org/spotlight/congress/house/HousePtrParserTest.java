package org.spotlight.congress.house;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.document.DocumentLimits;
import org.spotlight.congress.model.Transaction;
import org.spotlight.testing.SharedPtrs;
import org.spotlight.testing.TestPdfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The House PTR parser against every PDF in ../shared/data/congress/house_ptr_pdfs. */
class HousePtrParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** "Filing Status:" as PDFBox's own reading-order text extracts it: the small-caps letters map to nothing. */
    private static final Pattern FILING_STATUS_LABEL = Pattern.compile("F[^A-Za-z0-9 ]{5} S[^A-Za-z0-9 ]{5}\\s*:");

    static List<String> electronic() {
        return SharedPtrs.electronic();
    }

    static List<String> expectedFiles() {
        return List.of("20016861", "20026489", "20026590", "20026647", "20026701", "20027995", "20030336", "20032062");
    }

    @Test
    void theSharedDataHoldsFifteenElectronicAndFourScannedPtrs() {
        assertEquals(15, SharedPtrs.electronic().size());
        assertEquals(4, SharedPtrs.scanned().size());
    }

    @ParameterizedTest
    @MethodSource("electronic")
    void everyElectronicPtrParsesCompletely(final String docId) throws Exception {
        final HousePtr ptr = HousePtrParser.parse(SharedPtrs.pdfBytes(docId), docId + ".pdf");

        assertFalse(ptr.scanned());
        assertEquals(docId, ptr.filingId());
        assertEquals(labelCount(docId), ptr.rows().size(), "one row per 'Filing Status' line in PDFBox's plain text of " + docId);
        for (int i = 0; i < ptr.rows().size(); i++) {
            final HousePtrRow row = ptr.rows().get(i);
            assertEquals(i + 1, row.rowNumber());
            final Transaction transaction = HouseTransactions.interpret(row, docId).transaction();
            final String where = docId + " row " + row.rowNumber() + " (" + row.asset() + ")";
            assertNotNull(transaction.owner(), where);
            assertNotNull(transaction.type(), where);
            assertNotNull(transaction.transactionDate(), where);
            assertNotNull(transaction.notificationDate(), where);
            assertNotNull(transaction.amount(), where + ": " + row.amount());
            assertNotNull(transaction.assetTypeLabel(), where);
            assertNotNull(transaction.capGainsOver200(), where);
            assertFalse(transaction.assetName().isBlank(), where);
            assertEquals(List.of(), HouseTransactions.interpret(row, docId).warnings(), where);
        }
    }

    @ParameterizedTest
    @MethodSource("expectedFiles")
    void matchesTheExpectedFileTranscribedFromTheRenderedDocument(final String docId) throws Exception {
        final JsonNode expected;
        try (InputStream in = getClass().getResourceAsStream("/congress/expected/house/" + docId + ".json")) {
            expected = JSON.readTree(in);
        }
        final HousePtr ptr = HousePtrParser.parse(SharedPtrs.pdfBytes(docId), docId + ".pdf");

        assertEquals(expected.get("filing_id").asText(), ptr.filingId());
        assertEquals(expected.get("pages").asInt(), ptr.pages());
        assertEquals(expected.get("filer_name").asText(), ptr.filerName());
        assertEquals(expected.get("filer_status").asText(), ptr.filerStatus());
        assertEquals(expected.get("state_district").asText(), ptr.stateDistrict());
        assertEquals(expected.get("rows").size(), ptr.rows().size());
        for (int i = 0; i < ptr.rows().size(); i++) {
            final JsonNode want = expected.get("rows").get(i);
            final Transaction got = HouseTransactions.interpret(ptr.rows().get(i), docId).transaction();
            final String where = docId + " row " + (i + 1) + " ";
            assertEquals(want.get("owner").asText(), got.owner().code(), where + "owner");
            assertEquals(want.get("asset_name").asText(), got.assetName(), where + "asset_name");
            assertEquals(text(want, "ticker"), got.ticker(), where + "ticker");
            assertEquals(want.get("asset_type_code").asText(), got.assetTypeCode(), where + "asset_type_code");
            assertEquals(want.get("transaction_type").asText(), got.type().code(), where + "transaction_type");
            assertEquals(want.get("transaction_date").asText(), got.transactionDate().toString(), where + "transaction_date");
            assertEquals(want.get("notification_date").asText(), got.notificationDate().toString(), where + "notification_date");
            assertEquals(want.get("amount_text").asText(), got.amountText(), where + "amount_text");
            assertEquals(0, new BigDecimal(want.get("amount_min").asText()).compareTo(got.amount().min()), where + "amount_min");
            assertEquals(0, new BigDecimal(want.get("amount_max").asText()).compareTo(got.amount().max()), where + "amount_max");
            assertEquals(want.get("cap_gains_over_200").asBoolean(), got.capGainsOver200(), where + "cap_gains_over_200");
            assertEquals(want.get("is_amendment").asBoolean(), got.amended(), where + "is_amendment");
            assertEquals(text(want, "subholding"), got.subholding(), where + "subholding");
            assertEquals(text(want, "description"), got.description(), where + "description");
            assertEquals(text(want, "comment"), got.comment(), where + "comment");
            assertEquals(text(want, "location"), got.location(), where + "location");
            assertEquals(text(want, "transaction_id"), got.transactionId(), where + "transaction_id");
        }
    }

    @Test
    void theEightyOnePageReportParsesCompletelyAcrossPageBreaks() throws Exception {
        final HousePtr ptr = HousePtrParser.parse(SharedPtrs.pdfBytes("20030891"), "20030891.pdf");

        assertEquals(81, ptr.pages());
        assertEquals(722, ptr.rows().size());
        assertEquals(722, labelCount("20030891"));
        // Rows start on every page of the table (the last pages hold the vehicle list and the signature).
        final long pagesWithRows = ptr.rows().stream().mapToInt(HousePtrRow::page).distinct().count();
        assertTrue(pagesWithRows >= 79, pagesWithRows + " pages start rows");
        // Autodesk starts at the foot of page 9 and its "(ADSK) [ST]" line is on page 10, behind the repeated header.
        final HousePtrRow autodesk = ptr.rows().stream().filter(row -> row.asset().startsWith("Autodesk")).findFirst().orElseThrow();
        assertEquals(9, autodesk.page());
        assertEquals("Autodesk, Inc. - Common Stock (ADSK) [ST]", autodesk.asset());
        assertEquals("Charles Schwab Brokerage Account 924", autodesk.subholding());
        final Transaction last = HouseTransactions.interpret(ptr.rows().getLast(), "20030891").transaction();
        assertNotNull(last.ticker());
        assertNotNull(last.amount());
    }

    @Test
    void scannedPaperPtrsAreFlaggedNotDropped() throws Exception {
        final List<Integer> pages = new ArrayList<>();
        for (String docId : SharedPtrs.scanned()) {
            final HousePtr ptr = HousePtrParser.parse(SharedPtrs.pdfBytes(docId), docId + ".pdf");
            assertTrue(ptr.scanned(), docId);
            assertEquals(List.of(), ptr.rows());
            pages.add(ptr.pages());
        }
        assertEquals(List.of(2, 1, 1, 3), pages, "8220747, 8220828, 8220845, 9115670");
    }

    @Test
    void aTruncatedPdfFailsClearly() {
        final byte[] pdf = SharedPtrs.pdfBytes("20026590");
        final byte[] truncated = Arrays.copyOf(pdf, pdf.length / 3);
        final SourceException failure = assertThrows(SourceException.class, () -> HousePtrParser.parse(truncated, "20026590.pdf"));
        assertEquals(Code.PDF_UNREADABLE, failure.code());
        assertEquals("20026590.pdf is truncated: it does not end with the %%EOF marker", failure.getMessage());
        assertFalse(failure.retryable());
    }

    @Test
    void garbageFailsClearly() {
        final byte[] garbage = new byte[50_000];
        new Random(7).nextBytes(garbage);
        final SourceException failure = assertThrows(SourceException.class, () -> HousePtrParser.parse(garbage, "garbage.pdf"));
        assertEquals(Code.PDF_UNREADABLE, failure.code());
        final SourceException html = assertThrows(SourceException.class,
                () -> HousePtrParser.parse("<html>The resource cannot be found.</html>".getBytes(), "missing.pdf"));
        assertEquals(Code.PDF_UNREADABLE, html.code());
    }

    @Test
    void aPdfThatIsNotAPtrFailsAsALayoutChange() throws Exception {
        final SourceException failure = assertThrows(SourceException.class,
                () -> HousePtrParser.parse(TestPdfs.withText("Annual Financial Disclosure Report", "Schedule A: Assets and Unearned Income"), "annual.pdf"));
        assertEquals(Code.PDF_LAYOUT_CHANGED, failure.code());
        assertTrue(failure.getMessage().contains("no transactions table header"), failure.getMessage());
    }

    @Test
    void aTableWhoseRowsLostTheirDatesFailsAsALayoutChange() throws Exception {
        final SourceException failure = assertThrows(SourceException.class, () -> HousePtrParser.parse(TestPdfs.withText(
                "ID Owner Asset Transaction Date Notification Amount Cap.", "SP Apple Inc. (AAPL) [ST] P"), "changed.pdf"));
        assertEquals(Code.PDF_LAYOUT_CHANGED, failure.code());
    }

    @Test
    void labelsAreRecognisedByTheirLettersOrTheirShape() {
        assertTrue(HousePtrParser.sameShape("F\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD S\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD", "Filing Status"));
        assertTrue(HousePtrParser.sameShape("FILING STATUS", "Filing Status"));
        assertTrue(HousePtrParser.sameShape("S\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD O\uFFFD", "Subholding Of"));
        assertFalse(HousePtrParser.sameShape("S\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD", "Filing Status"));
        assertFalse(HousePtrParser.sameShape("Name", "Location"));
    }

    private static String text(final JsonNode node, final String field) {
        return node.get(field) == null || node.get(field).isNull() ? null : node.get(field).asText();
    }

    /** Counts "Filing Status:" labels in PDFBox's standard text extraction, independently of the table reader. */
    private static int labelCount(final String docId) throws IOException {
        try (PDDocument document = Loader.loadPDF(SharedPtrs.pdfBytes(docId))) {
            final Matcher matcher = FILING_STATUS_LABEL.matcher(new PDFTextStripper().getText(document));
            int count = 0;
            while (matcher.find()) {
                count++;
            }
            return count;
        }
    }

    @Test
    void aPdfWithTooManyPagesFailsBeforeItsTextIsRead() throws Exception {
        final byte[] pdf = TestPdfs.blankPages(12);
        final SourceException failure = assertThrows(SourceException.class,
                () -> HousePtrParser.parse(pdf, "long.pdf", DocumentLimits.of(DocumentLimits.DEFAULT_MAX_DOCUMENT_BYTES, 10)));
        assertEquals(Code.PDF_TOO_MANY_PAGES, failure.code());
        assertEquals("long.pdf has 12 pages, more than the maximum of 10 (Max PDF Pages)", failure.getMessage());
        assertFalse(failure.retryable());
        assertEquals(81, HousePtrParser.parse(SharedPtrs.pdfBytes("20030891"), "20030891.pdf").pages(), "the real 81-page PTR is within the default");
    }

    @Test
    void aPdfWhosePageInflatesToGigabytesFailsFast() throws Exception {
        // 64 MB of blanks as a page's content stream: a valid page, compressed to a few dozen kilobytes.
        final byte[] pdf = TestPdfs.inflating(64);
        assertTrue(pdf.length < 1_000_000, pdf.length + " bytes");
        final DocumentLimits limits = new DocumentLimits(DocumentLimits.DEFAULT_MAX_DOCUMENT_BYTES, 1000, 16L * 1024 * 1024,
                DocumentLimits.DEFAULT_MAX_HTML_BYTES, DocumentLimits.DEFAULT_MAX_ZIP_ENTRIES, DocumentLimits.DEFAULT_MAX_ZIP_UNPACKED_BYTES);
        final SourceException failure = assertThrows(SourceException.class, () -> HousePtrParser.parse(pdf, "bomb.pdf", limits));
        assertEquals(Code.DOCUMENT_TOO_LARGE, failure.code());
        assertEquals("bomb.pdf unpacks to more than 16777216 bytes of page content and fonts; refusing it as a PDF bomb", failure.getMessage());
        for (String docId : List.of("20026590", "20030891")) {
            assertFalse(HousePtrParser.parse(SharedPtrs.pdfBytes(docId), docId, limits).rows().isEmpty(), "real PTRs unpack to far less");
        }
    }

    @Test
    void aPdfLargerThanTheDocumentBoundIsRefusedUnread() {
        final SourceException failure = assertThrows(SourceException.class, () -> HousePtrParser.parse(SharedPtrs.pdfBytes("20026590"),
                "20026590.pdf", DocumentLimits.of(10_000, 1000)));
        assertEquals(Code.DOCUMENT_TOO_LARGE, failure.code());
    }

    @Test
    void aBlankPdfIsNotTakenForAScannedFiling() {
        final SourceException failure = assertThrows(SourceException.class, () -> HousePtrParser.parse(TestPdfs.withText(), "blank.pdf"));
        assertEquals(Code.PDF_LAYOUT_CHANGED, failure.code());
        assertTrue(failure.getMessage().contains("neither text nor page images"), failure.getMessage());
    }

    @Test
    void aPdfCutAfterItsFirstPageFailsInsteadOfYieldingTheFirstPageRows() throws Exception {
        // Keep page 1 of the two-page Pelosi PTR intact: the table then never reaches its closing note.
        try (PDDocument document = Loader.loadPDF(SharedPtrs.pdfBytes("20026590"))) {
            document.removePage(1);
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.setAllSecurityToBeRemoved(true);
            document.save(out);
            final SourceException failure = assertThrows(SourceException.class, () -> HousePtrParser.parse(out.toByteArray(), "cut.pdf"));
            assertEquals(Code.PDF_LAYOUT_CHANGED, failure.code());
            assertTrue(failure.getMessage().contains("does not end"), failure.getMessage());
        }
    }
}
