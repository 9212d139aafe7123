package org.spotlight.congress.house;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.document.DocumentLimits;
import org.spotlight.congress.house.PdfCheckboxes.Box;
import org.spotlight.congress.house.PdfText.Line;
import org.spotlight.congress.house.PdfText.Page;
import org.spotlight.congress.house.PdfText.Word;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the transactions table of a House Periodic Transaction Report PDF (the Clerk's electronic filing
 * system renders them all alike) with Apache PDFBox.
 *
 * <p>The table is read by position. Each page's header row ("ID Owner Asset Transaction Type Date Notification
 * Date Amount Cap. Gains > $200?") gives the column edges; a row starts at the line with a date in the Date or
 * Notification Date column; the lines after it continue its asset and amount cells (both wrap) until the
 * detail lines ("Filing Status:", "Subholding Of:", "Description:", "Comments:", "Location:") start. Rows
 * continue across page breaks, behind the repeated header. The capital-gains answer is a drawn checkbox.
 * Anything that does not fit this layout fails the whole document with {@link Code#PDF_LAYOUT_CHANGED} and the
 * page and line concerned, rather than yielding a partly wrong parse.
 */
public final class HousePtrParser {

    private static final Pattern DATE = Pattern.compile("\\d{1,2}/\\d{1,2}/\\d{4}");
    private static final Pattern FILING_ID = Pattern.compile("^Filing ID #\\s*(\\d+)$");
    private static final Pattern FILER_FIELD = Pattern.compile("^(Name|Status|State/District):\\s*(.*)$");
    private static final String END_OF_TABLE = "* For the complete list of asset type abbreviations";
    private static final List<String> HEADER = List.of("ID", "Owner", "Asset", "Transaction", "Date", "Notification", "Amount", "Cap.");
    private static final Set<String> HEADER_CONTINUATION = Set.of("Type", "Date", "Gains", ">", "Gains >", "$200?");
    /** Cells start a little left of their header word; ID values start left of the header too. */
    private static final float CELL_SLACK = 4f;

    /** The detail lines under a row's asset, by label. */
    enum Detail {
        FILING_STATUS("Filing Status"),
        SUBHOLDING("Subholding Of"),
        DESCRIPTION("Description"),
        COMMENT("Comments"),
        LOCATION("Location");

        final String label;

        Detail(final String label) {
            this.label = label;
        }
    }

    private HousePtrParser() {
    }

    public static HousePtr parse(final byte[] pdf, final String document) throws SourceException {
        return parse(pdf, document, DocumentLimits.DEFAULTS);
    }

    /**
     * Reads the PTR within the limits: a PDF larger than the document bound, with more pages than the page bound, or
     * whose streams unpack to more than the decoded bound fails before its text is read.
     */
    public static HousePtr parse(final byte[] pdf, final String document, final DocumentLimits limits) throws SourceException {
        if (pdf.length > limits.maxDocumentBytes()) {
            throw new SourceException(Code.DOCUMENT_TOO_LARGE, document, document + " has " + pdf.length + " bytes, more than the maximum "
                    + "document size of " + limits.maxDocumentBytes(), false, null);
        }
        requireComplete(pdf, document);
        try (PDDocument pdDocument = Loader.loadPDF(pdf)) {
            if (pdDocument.getNumberOfPages() == 0) {
                throw new SourceException(Code.PDF_UNREADABLE, document, document + " has no pages", false, null);
            }
            if (pdDocument.getNumberOfPages() > limits.maxPdfPages()) {
                throw new SourceException(Code.PDF_TOO_MANY_PAGES, document, document + " has " + pdDocument.getNumberOfPages()
                        + " pages, more than the maximum of " + limits.maxPdfPages() + " (Max PDF Pages)", false, null);
            }
            if (!PdfBounds.unpacksWithin(pdDocument, limits.maxPdfDecodedBytes())) {
                throw new SourceException(Code.DOCUMENT_TOO_LARGE, document, document + " unpacks to more than " + limits.maxPdfDecodedBytes()
                        + " bytes of page content and fonts; refusing it as a PDF bomb", false, null);
            }
            final List<Page> pages = PdfText.read(pdDocument);
            if (PdfText.characterCount(pages) == 0) {
                if (!PdfImages.anyPageHasImages(pdDocument)) {
                    throw new SourceException(Code.PDF_LAYOUT_CHANGED, document, document + " has neither text nor page images: "
                            + "blank or damaged, not a scanned filing", false, null);
                }
                return new HousePtr(pages.size(), true, null, null, null, null, List.of());
            }
            final Table table = new Table(document);
            for (Page page : pages) {
                table.readPage(page, pdDocument);
            }
            return table.finish(pages.size());
        } catch (final InvalidPasswordException e) {
            throw new SourceException(Code.PDF_UNREADABLE, document, document + " is protected by a password", false, e);
        } catch (final IOException e) {
            throw new SourceException(Code.PDF_UNREADABLE, document, document + " is not a readable PDF: " + e.getMessage(), false, e);
        } catch (final RuntimeException | StackOverflowError e) {
            // PDFBox signals some malformed structures with unchecked exceptions, and deeply nested ones by exhausting the stack.
            throw new SourceException(Code.PDF_UNREADABLE, document, document + " is not a readable PDF: " + e, false, e);
        }
    }

    /**
     * PDFBox reads damaged files leniently and would return what it could recover of a truncated download (often
     * no pages, or only the first ones). Every PDF ends with an end-of-file marker; without it the file is cut.
     */
    private static void requireComplete(final byte[] pdf, final String document) throws SourceException {
        final int tail = Math.min(pdf.length, 2048);
        final String end = new String(pdf, pdf.length - tail, tail, StandardCharsets.ISO_8859_1);
        if (!end.contains("%%EOF")) {
            final String start = new String(pdf, 0, Math.min(pdf.length, 5), StandardCharsets.ISO_8859_1);
            throw new SourceException(Code.PDF_UNREADABLE, document, document + (start.equals("%PDF-")
                    ? " is truncated: it does not end with the %%EOF marker" : " is not a PDF (it does not start with %PDF-)"), false, null);
        }
    }

    /** Column edges (left x of each column) taken from a page's header row. */
    private record Columns(float owner, float asset, float type, float date, float notification, float amount, float capGains) {

        static Columns of(final List<Word> header) {
            return new Columns(header.get(1).x() - CELL_SLACK, header.get(2).x() - CELL_SLACK, header.get(3).x() - CELL_SLACK,
                    header.get(4).x() - CELL_SLACK, header.get(5).x() - CELL_SLACK, header.get(6).x() - CELL_SLACK,
                    header.get(7).x() - CELL_SLACK);
        }
    }

    /** The reading state across pages. */
    private static final class Table {
        private final String document;
        private final List<HousePtrRow> rows = new ArrayList<>();
        private String filingId;
        private String filerName;
        private String filerStatus;
        private String stateDistrict;
        private Columns columns;
        private boolean ended;
        private RowBuilder current;

        Table(final String document) {
            this.document = document;
        }

        void readPage(final Page page, final PDDocument pdDocument) throws IOException, SourceException {
            final List<Line> lines = page.lines();
            final int header = findHeader(lines);
            for (int i = 0; i < (header >= 0 ? header : lines.size()); i++) {
                readPreamble(lines.get(i).text());
            }
            int body = 0;
            if (header >= 0) {
                columns = Columns.of(headerWords(lines.get(header)));
                body = header + 1;
                while (body < lines.size() && isHeaderContinuation(lines.get(body))) {
                    body++;
                }
            }
            if (ended || columns == null) {
                return;
            }
            List<Box> boxes = null;
            for (int i = body; i < lines.size() && !ended; i++) {
                final Line line = lines.get(i);
                final String text = line.text();
                if (text.startsWith(END_OF_TABLE)) {
                    ended = true;
                } else if (!FILING_ID.matcher(text).matches()) {
                    if (boxes == null) {
                        boxes = new ArrayList<>(PdfCheckboxes.find(pdDocument.getPage(page.number() - 1)));
                    }
                    readBodyLine(line, boxes);
                }
            }
        }

        private void readPreamble(final String text) {
            final Matcher id = FILING_ID.matcher(text);
            if (id.matches() && filingId == null) {
                filingId = id.group(1);
                return;
            }
            final Matcher field = FILER_FIELD.matcher(text);
            if (field.matches() && columns == null) {
                switch (field.group(1)) {
                    case "Name" -> filerName = field.group(2).trim();
                    case "Status" -> filerStatus = field.group(2).trim();
                    default -> stateDistrict = field.group(2).trim();
                }
            }
        }

        private void readBodyLine(final Line line, final List<Box> boxes) throws SourceException {
            final Detail detail = detailOf(line);
            if (detail != null || isUnknownLabel(line)) {
                if (current == null) {
                    throw layout(line, "a detail line comes before any transaction row");
                }
                current.startDetail(detail, line);
                return;
            }
            final String date = line.textBetween(columns.date, columns.notification);
            final String notification = line.textBetween(columns.notification, columns.amount);
            if (DATE.matcher(date).matches() || DATE.matcher(notification).matches()) {
                finishRow();
                current = new RowBuilder(rows.size() + 1, line, columns, capGainsOf(line, boxes));
                return;
            }
            if (current == null) {
                throw layout(line, "text before the first transaction row: '" + line.text() + "'");
            }
            if (current.inDetails() && line.left() < columns.type) {
                current.continueDetail(line);
            } else {
                current.continueCells(line, columns);
            }
        }

        /** The box in the capital-gains column level with the row's first line; null when there is none. */
        private Boolean capGainsOf(final Line line, final List<Box> boxes) {
            Box best = null;
            for (Box box : boxes) {
                final float distance = Math.abs(box.centerY() - (line.y() - line.fontSize() * 0.35f));
                if (box.left() >= columns.capGains - CELL_SLACK && distance < line.fontSize()
                        && (best == null || distance < Math.abs(best.centerY() - (line.y() - line.fontSize() * 0.35f)))) {
                    best = box;
                }
            }
            if (best == null) {
                return null;
            }
            boxes.remove(best);
            return best.checked();
        }

        private void finishRow() {
            if (current != null) {
                rows.add(current.build());
                current = null;
            }
        }

        HousePtr finish(final int pageCount) throws SourceException {
            finishRow();
            if (columns == null) {
                throw new SourceException(Code.PDF_LAYOUT_CHANGED, document, document + " has text but no transactions table header ("
                        + String.join(" ", HEADER) + "): not a House PTR, or the Clerk changed the form", false, null);
            }
            if (!ended) {
                throw new SourceException(Code.PDF_LAYOUT_CHANGED, document, document + ": the transactions table does not end "
                        + "with the asset type note ('" + END_OF_TABLE + "'); pages are missing or the form changed", false, null);
            }
            if (rows.isEmpty()) {
                throw new SourceException(Code.PDF_LAYOUT_CHANGED, document, document + " has a transactions table without rows", false, null);
            }
            for (HousePtrRow row : rows) {
                if (row.filingStatus() == null) {
                    throw new SourceException(Code.PDF_LAYOUT_CHANGED, document, document + ": row " + row.rowNumber() + " on page "
                            + row.page() + " (" + row.asset() + ") has no 'Filing Status' line", false, null);
                }
            }
            return new HousePtr(pageCount, false, filingId, filerName, filerStatus, stateDistrict, rows);
        }

        private SourceException layout(final Line line, final String problem) {
            return new SourceException(Code.PDF_LAYOUT_CHANGED, document, document + ", page " + line.page() + ": " + problem
                    + "; the table does not read as a House PTR", false, null);
        }
    }

    /** Collects one row's cells and details. */
    private static final class RowBuilder {
        private final int rowNumber;
        private final int page;
        private final String idCell;
        private final StringBuilder owner = new StringBuilder();
        private final StringBuilder asset = new StringBuilder();
        private final StringBuilder type = new StringBuilder();
        private final String transactionDate;
        private final String notificationDate;
        private final StringBuilder amount = new StringBuilder();
        private final Boolean capGains;
        private final List<String> warnings = new ArrayList<>();
        private final StringBuilder[] details = new StringBuilder[Detail.values().length];
        private final Set<Detail> seen = new HashSet<>();
        private StringBuilder currentDetail;

        RowBuilder(final int rowNumber, final Line line, final Columns columns, final Boolean capGains) {
            this.rowNumber = rowNumber;
            this.page = line.page();
            this.idCell = line.textBetween(Float.NEGATIVE_INFINITY, columns.owner);
            append(owner, line.textBetween(columns.owner, columns.asset));
            append(asset, line.textBetween(columns.asset, columns.type));
            append(type, line.textBetween(columns.type, columns.date));
            this.transactionDate = line.textBetween(columns.date, columns.notification);
            this.notificationDate = line.textBetween(columns.notification, columns.amount);
            append(amount, line.textBetween(columns.amount, columns.capGains));
            this.capGains = capGains;
        }

        boolean inDetails() {
            return currentDetail != null;
        }

        void continueCells(final Line line, final Columns columns) {
            append(owner, line.textBetween(columns.owner, columns.asset));
            append(asset, line.textBetween(columns.asset, columns.type));
            append(type, line.textBetween(columns.type, columns.date));
            append(amount, line.textBetween(columns.amount, columns.capGains));
        }

        void startDetail(final Detail detail, final Line line) {
            final String text = line.text();
            final String value = text.substring(text.indexOf(':') + 1).trim();
            if (detail == null) {
                warnings.add("unrecognised detail line '" + readable(text) + "'");
                currentDetail = new StringBuilder();
                return;
            }
            if (!seen.add(detail)) {
                warnings.add("second '" + detail.label + "' line: '" + readable(value) + "'");
            }
            details[detail.ordinal()] = details[detail.ordinal()] == null ? new StringBuilder() : details[detail.ordinal()].append(' ');
            currentDetail = details[detail.ordinal()];
            currentDetail.append(value);
        }

        void continueDetail(final Line line) {
            append(currentDetail, line.text());
        }

        HousePtrRow build() {
            for (StringBuilder detail : details) {
                if (detail != null && detail.indexOf(String.valueOf(PdfText.UNMAPPED)) >= 0) {
                    warnings.add("characters without a text mapping in '" + readable(detail.toString()) + "'");
                }
            }
            return new HousePtrRow(rowNumber, page, blankToNull(idCell), owner.toString(), asset.toString(), type.toString(),
                    transactionDate, notificationDate, amount.toString(), capGains, detail(Detail.FILING_STATUS),
                    detail(Detail.SUBHOLDING), detail(Detail.DESCRIPTION), detail(Detail.COMMENT), detail(Detail.LOCATION), warnings);
        }

        private String detail(final Detail detail) {
            final StringBuilder value = details[detail.ordinal()];
            return value == null ? null : blankToNull(value.toString().trim());
        }

        private static void append(final StringBuilder target, final String text) {
            if (text != null && !text.isBlank()) {
                if (!target.isEmpty()) {
                    target.append(' ');
                }
                target.append(text.trim());
            }
        }
    }

    /** The detail a line starts with, matched on the label's letters where they map and on its shape where they do not. */
    private static Detail detailOf(final Line line) {
        final String label = labelOf(line.text());
        if (label == null) {
            return null;
        }
        for (Detail detail : Detail.values()) {
            if (sameShape(label, detail.label)) {
                return detail;
            }
        }
        return null;
    }

    /** A line shaped like a label ("X\uFFFD\uFFFD: value") that is none of the known details. */
    private static boolean isUnknownLabel(final Line line) {
        final String label = labelOf(line.text());
        return label != null && label.indexOf(PdfText.UNMAPPED) >= 0;
    }

    private static String labelOf(final String text) {
        final int colon = text.indexOf(':');
        if (colon <= 0 || colon > 40) {
            return null;
        }
        final String label = text.substring(0, colon).trim();
        return label.matches("[A-Za-z\uFFFD]+(?: [A-Za-z\uFFFD]+){0,3}") ? label : null;
    }

    static boolean sameShape(final String extracted, final String label) {
        final String[] words = extracted.split(" ");
        final String[] expected = label.split(" ");
        if (words.length != expected.length) {
            return false;
        }
        for (int w = 0; w < words.length; w++) {
            if (words[w].length() != expected[w].length()) {
                return false;
            }
            for (int c = 0; c < words[w].length(); c++) {
                final char got = words[w].charAt(c);
                if (got != PdfText.UNMAPPED && Character.toLowerCase(got) != Character.toLowerCase(expected[w].charAt(c))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int findHeader(final List<Line> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (headerWords(lines.get(i)) != null) {
                return i;
            }
        }
        return -1;
    }

    /** The eight header words in order, or null when the line is not the table header. */
    private static List<Word> headerWords(final Line line) {
        final List<Word> words = line.words();
        if (words.size() != HEADER.size()) {
            return null;
        }
        for (int i = 0; i < HEADER.size(); i++) {
            if (!words.get(i).text().equals(HEADER.get(i))) {
                return null;
            }
        }
        return words;
    }

    private static boolean isHeaderContinuation(final Line line) {
        for (Word word : line.words()) {
            if (!HEADER_CONTINUATION.contains(word.text())) {
                return false;
            }
        }
        return true;
    }

    /** Text for messages: glyphs without a mapping shown as '?'. */
    private static String readable(final String text) {
        return text.replace(PdfText.UNMAPPED, '?');
    }

    private static String blankToNull(final String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
