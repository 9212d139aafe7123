package org.spotlight.congress.house;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;

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
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads the House Clerk's yearly index zip ({@code public_disc/financial-pdfs/{YEAR}FD.zip}). The zip holds the
 * same index as XML and as tab-separated text; the XML is read when present, the text otherwise.
 */
public final class HouseIndex {

    private static final DateTimeFormatter FILING_DATE = DateTimeFormatter.ofPattern("M/d/yyyy", Locale.ROOT);
    private static final long MAX_MEMBER_BYTES = 256L * 1024 * 1024;

    private HouseIndex() {
    }

    /** The rows of the index, one per DocID, in index order. */
    public static List<HouseIndexEntry> readZip(final byte[] zip, final int year, final String document) throws SourceException {
        final Map<String, byte[]> members = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                final String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
                if (name.endsWith("fd.xml") || name.endsWith("fd.txt")) {
                    members.put(name.substring(name.length() - 3), readBounded(in, document));
                }
            }
        } catch (final ZipException e) {
            throw new SourceException(Code.INDEX_UNREADABLE, document, document + " is not a readable zip: " + e.getMessage(), false, e);
        } catch (final IOException e) {
            throw new SourceException(Code.INDEX_UNREADABLE, document, "Cannot read " + document + ": " + e.getMessage(), false, e);
        }
        if (members.containsKey("xml")) {
            return readXml(members.get("xml"), year, document);
        }
        if (members.containsKey("txt")) {
            return readText(members.get("txt"), year, document);
        }
        if (zip.length >= 4 && !(zip[0] == 'P' && zip[1] == 'K')) {
            throw new SourceException(Code.INDEX_UNREADABLE, document, document + " is not a zip file (it starts with "
                    + describeStart(zip) + ")", false, null);
        }
        throw new SourceException(Code.INDEX_UNREADABLE, document, document + " holds neither " + year + "FD.xml nor " + year + "FD.txt", false, null);
    }

    /** Reads the XML form: {@code <FinancialDisclosure><Member><Prefix>...</DocID></Member>...}. */
    public static List<HouseIndexEntry> readXml(final byte[] xml, final int year, final String document) throws SourceException {
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
                            rows.add(member);
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
        return rows.entries();
    }

    /** Reads the tab-separated form; the first line names the columns. */
    public static List<HouseIndexEntry> readText(final byte[] text, final int year, final String document) throws SourceException {
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
            final Map<String, String> member = new HashMap<>();
            for (int c = 0; c < header.length && c < cells.length; c++) {
                member.put(header[c].trim(), cells[c].trim());
            }
            rows.add(member);
        }
        return rows.entries();
    }

    private static byte[] readBounded(final InputStream in, final String document) throws IOException, SourceException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > MAX_MEMBER_BYTES) {
                throw new SourceException(Code.INDEX_UNREADABLE, document, document + " unpacks to more than " + MAX_MEMBER_BYTES
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

    private static String describeStart(final byte[] bytes) {
        final String start = new String(bytes, 0, Math.min(bytes.length, 16), StandardCharsets.ISO_8859_1);
        return "'" + start.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }

    /** Collects rows, keeping the first row of a DocID the index lists more than once. */
    private static final class Rows {
        private final int year;
        private final String document;
        private final Map<String, HouseIndexEntry> byDocId = new LinkedHashMap<>();

        Rows(final int year, final String document) {
            this.year = year;
            this.document = document;
        }

        void add(final Map<String, String> member) throws SourceException {
            final String docId = member.getOrDefault("DocID", "").trim();
            if (docId.isEmpty()) {
                throw new SourceException(Code.INDEX_UNREADABLE, document, "A row of the " + year + " index in " + document
                        + " has no DocID: " + member, false, null);
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

        List<HouseIndexEntry> entries() {
            return new ArrayList<>(byDocId.values());
        }
    }
}
