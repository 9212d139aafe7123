package org.spotlight.congress.house;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.document.ContentCheck;
import org.spotlight.congress.document.DocumentLimits;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads the House Clerk's yearly index zip ({@code public_disc/financial-pdfs/{YEAR}FD.zip}). The zip holds the
 * same index as XML and as tab-separated text; the XML is read when present (the text when the XML is unreadable or
 * absent). The zip is read under {@link DocumentLimits}: at most so many entries and so many unpacked bytes in all,
 * so a zip bomb fails fast. A row that cannot be a filing as written (a PTR row without a usable DocID, a filing type
 * that is not a letter, a text row with the wrong number of cells) does not fail the index: it comes back among the
 * {@link Listing#rejected()} rows, to be reported on its own.
 */
public final class HouseIndex {

    private static final DateTimeFormatter FILING_DATE = DateTimeFormatter.ofPattern("M/d/yyyy", Locale.ROOT);
    /** DocIDs are numbers (20026590, 8220747); letters are tolerated, anything that would change the PDF's URL is not. */
    private static final Pattern DOC_ID = Pattern.compile("[0-9A-Za-z]{1,32}");
    private static final Pattern FILING_TYPE = Pattern.compile("[A-Z]");
    private static final List<String> FIELDS = List.of("Prefix", "Last", "First", "Suffix", "FilingType", "StateDst", "Year", "FilingDate", "DocID");

    /** The rows of an index: the readable ones, one per DocID in index order, and those that cannot be filings. */
    public record Listing(List<HouseIndexEntry> entries, List<Rejected> rejected) {
        public Listing {
            entries = List.copyOf(entries);
            rejected = List.copyOf(rejected);
        }
    }

    /**
     * An index row that cannot be read as a filing.
     *
     * @param row    the row as the index wrote it (text form) or its fields (XML form)
     * @param number the row's position in the index, from 1
     */
    public record Rejected(int number, String row, String reason) {
    }

    private HouseIndex() {
    }

    public static Listing readZip(final byte[] zip, final int year, final String document) throws SourceException {
        return readZip(zip, year, document, DocumentLimits.DEFAULTS);
    }

    /** The rows of the index in the zip, read within the limits' zip bounds. */
    public static Listing readZip(final byte[] zip, final int year, final String document, final DocumentLimits limits) throws SourceException {
        if (!ContentCheck.isZip(zip)) {
            throw new SourceException(Code.INDEX_UNREADABLE, document, document + " is not a zip file (it starts with "
                    + ContentCheck.start(zip) + ")", false, null);
        }
        final Map<String, byte[]> members = new HashMap<>();
        final long[] unpacked = {0};
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (++entries > limits.maxZipEntries()) {
                    throw new SourceException(Code.DOCUMENT_TOO_LARGE, document, document + " holds more than " + limits.maxZipEntries()
                            + " entries; a yearly index holds two", false, null);
                }
                final String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
                // Every entry is unpacked (skipping one inflates it too), so every entry counts towards the bound.
                final byte[] content = readBounded(in, document, unpacked, limits.maxZipUnpackedBytes());
                if ((name.endsWith("fd.xml") || name.endsWith("fd.txt")) && !members.containsKey(name.substring(name.length() - 3))) {
                    members.put(name.substring(name.length() - 3), content);
                }
            }
        } catch (final ZipException e) {
            throw new SourceException(Code.INDEX_UNREADABLE, document, document + " is not a readable zip: " + e.getMessage(), false, e);
        } catch (final IOException e) {
            throw new SourceException(Code.INDEX_UNREADABLE, document, "Cannot read " + document + ": " + e.getMessage(), false, e);
        }
        if (members.containsKey("xml")) {
            try {
                return readXml(members.get("xml"), year, document);
            } catch (final SourceException e) {
                if (!members.containsKey("txt")) {
                    throw e;
                }
                // The same index in its other form.
            }
        }
        if (members.containsKey("txt")) {
            return readText(members.get("txt"), year, document);
        }
        throw new SourceException(Code.INDEX_UNREADABLE, document, document + " holds neither " + year + "FD.xml nor " + year + "FD.txt", false, null);
    }

    /**
     * Reads the XML form: {@code <FinancialDisclosure><Member><Prefix>...</DocID></Member>...}. DTDs are refused, so
     * entity declarations (billion laughs, external entities) never expand: a document using them is not well-formed here.
     */
    public static Listing readXml(final byte[] xml, final int year, final String document) throws SourceException {
        final XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        final Rows rows = new Rows(year, document);
        try (InputStream in = new ByteArrayInputStream(skipBom(xml))) {
            final XMLStreamReader reader = factory.createXMLStreamReader(in, "UTF-8");
            Map<String, String> member = null;
            String field = null;
            final StringBuilder text = new StringBuilder();
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        if ("Member".equals(reader.getLocalName())) {
                            member = new HashMap<>();
                        } else if (member != null) {
                            field = reader.getLocalName();
                            text.setLength(0);
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (field != null) {
                            text.append(reader.getText());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        if ("Member".equals(reader.getLocalName()) && member != null) {
                            rows.add(member, null);
                            member = null;
                        } else if (field != null && member != null) {
                            member.put(field, text.toString().trim());
                            field = null;
                        }
                    }
                    default -> {
                    }
                }
            }
            reader.close();
        } catch (final XMLStreamException | IOException e) {
            throw new SourceException(Code.INDEX_UNREADABLE, document, year + "FD.xml in " + document + " is not well-formed: " + e.getMessage(), false, e);
        }
        return rows.listing();
    }

    /** Reads the tab-separated form; the first line names the columns. */
    public static Listing readText(final byte[] text, final int year, final String document) throws SourceException {
        final String[] lines = new String(skipBom(text), StandardCharsets.UTF_8).split("\r?\n");
        if (lines.length == 0 || !lines[0].contains("DocID")) {
            throw new SourceException(Code.INDEX_UNREADABLE, document, year + "FD.txt in " + document + " has no header line naming DocID", false, null);
        }
        final String[] header = lines[0].split("\t", -1);
        final Rows rows = new Rows(year, document);
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            final String[] cells = lines[i].split("\t", -1);
            if (cells.length != header.length) {
                rows.reject(lines[i], "it has " + cells.length + " cells where the header names " + header.length);
                continue;
            }
            final Map<String, String> member = new LinkedHashMap<>();
            for (int c = 0; c < header.length; c++) {
                member.put(header[c].trim(), cells[c].trim());
            }
            rows.add(member, lines[i]);
        }
        return rows.listing();
    }

    private static byte[] readBounded(final InputStream in, final String document, final long[] unpacked, final long max)
            throws IOException, SourceException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            unpacked[0] += n;
            if (unpacked[0] > max) {
                throw new SourceException(Code.DOCUMENT_TOO_LARGE, document, document + " unpacks to more than " + max
                        + " bytes; refusing it as a zip bomb", false, null);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] skipBom(final byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            final byte[] rest = new byte[bytes.length - 3];
            System.arraycopy(bytes, 3, rest, 0, rest.length);
            return rest;
        }
        return bytes;
    }

    /** Collects rows, keeping the first row of a DocID the index lists more than once. */
    private static final class Rows {
        private final int year;
        private final Map<String, HouseIndexEntry> byDocId = new LinkedHashMap<>();
        private final List<Rejected> rejected = new ArrayList<>();
        private int number;

        Rows(final int year, final String document) {
            this.year = year;
        }

        void reject(final String row, final String reason) {
            rejected.add(new Rejected(++number, row, reason));
        }

        /** @param row the row as written, for the report of a rejected row; null to describe it by its fields */
        void add(final Map<String, String> member, final String row) {
            final String docId = member.getOrDefault("DocID", "").trim();
            final String filingType = member.getOrDefault("FilingType", "").trim();
            final String text = row != null ? row : fields(member);
            if (!FILING_TYPE.matcher(filingType).matches()) {
                reject(text, "its FilingType '" + filingType + "' is not a letter");
                return;
            }
            if (HouseIndexEntry.PERIODIC_TRANSACTION_REPORT.equals(filingType) && !DOC_ID.matcher(docId).matches()) {
                reject(text, docId.isEmpty() ? "it lists a Periodic Transaction Report without a DocID"
                        : "its DocID '" + abbreviate(docId) + "' is not a document number");
                return;
            }
            number++;
            if (docId.isEmpty()) {
                return;
            }
            final String rowYear = member.getOrDefault("Year", "");
            final HouseIndexEntry entry = new HouseIndexEntry(member.getOrDefault("Prefix", ""), member.getOrDefault("Last", ""),
                    member.getOrDefault("First", ""), member.getOrDefault("Suffix", ""), member.getOrDefault("FilingType", ""),
                    member.getOrDefault("StateDst", ""), rowYear.matches("\\d{4}") ? Integer.parseInt(rowYear) : year,
                    filingDate(member.getOrDefault("FilingDate", "")), docId);
            byDocId.putIfAbsent(docId, entry);
        }

        /** An unreadable date leaves the filing date empty rather than losing the row (the PTR itself is still fetched). */
        private static LocalDate filingDate(final String text) {
            try {
                return text.isBlank() ? null : LocalDate.parse(text.trim(), FILING_DATE);
            } catch (final DateTimeParseException e) {
                return null;
            }
        }

        Listing listing() {
            return new Listing(new ArrayList<>(byDocId.values()), rejected);
        }

        private static String fields(final Map<String, String> member) {
            final StringBuilder text = new StringBuilder();
            for (String field : FIELDS) {
                text.append(text.isEmpty() ? "" : "\t").append(member.getOrDefault(field, ""));
            }
            return text.toString();
        }

        private static String abbreviate(final String text) {
            return text.length() > 64 ? text.substring(0, 64) + "..." : text;
        }
    }
}
