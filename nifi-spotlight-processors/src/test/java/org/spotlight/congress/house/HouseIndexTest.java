package org.spotlight.congress.house;

import org.junit.jupiter.api.Test;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.document.DocumentLimits;
import org.spotlight.testing.CongressSites;
import org.spotlight.testing.SharedData;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The House Clerk's yearly index zips as downloaded (../shared/data/congress/house_clerk_index). */
class HouseIndexTest {

    @Test
    void readsTheDownloadedZipsXmlMember() throws Exception {
        final List<HouseIndexEntry> entries = HouseIndex.readZip(
                Files.readAllBytes(SharedData.path("congress/house_clerk_index/2024_snapshot-2024-07-05/2024FD.zip")), 2024, "2024FD.zip").entries();
        assertEquals(1018, entries.size());
        assertEquals(229, entries.stream().filter(HouseIndexEntry::isPeriodicTransactionReport).count());
    }

    @Test
    void xmlAndTextFormsAgree() throws Exception {
        final String snapshot = "congress/house_clerk_index/2025_snapshot-2025-02-17/";
        final List<HouseIndexEntry> xml = HouseIndex.readXml(Files.readAllBytes(SharedData.path(snapshot + "2025FD.xml")), 2025, "xml").entries();
        final List<HouseIndexEntry> text = HouseIndex.readText(Files.readAllBytes(SharedData.path(snapshot + "2025FD.txt")), 2025, "txt").entries();
        assertEquals(123, xml.size());
        assertEquals(xml, text);
        assertEquals(56, xml.stream().filter(HouseIndexEntry::isPeriodicTransactionReport).count());
        final HouseIndexEntry pelosi = xml.stream().filter(e -> e.docId().equals("20026590")).findFirst().orElseThrow();
        assertEquals(new HouseIndexEntry("Hon.", "Pelosi", "Nancy", "", "P", "CA11", 2025, LocalDate.of(2025, 1, 17), "20026590"), pelosi);
        assertEquals("CA", pelosi.state());
        assertEquals(11, pelosi.district());
    }

    @Test
    void readsAZipWithOnlyTheTextIndexKeepingOneRowPerDocId() throws Exception {
        final byte[] zip = CongressSites.indexZip(2025, SharedData.path("congress/house_clerk_index/2025_snapshot-2025-12-04/2025FD.txt"), row -> true);
        final List<HouseIndexEntry> entries = HouseIndex.readZip(zip, 2025, "2025FD.zip").entries();
        assertEquals(1669, entries.size(), "1671 rows, DocID 10072224 three times");
        assertEquals(475, entries.stream().filter(HouseIndexEntry::isPeriodicTransactionReport).count());
        final HouseIndexEntry withdrawn = entries.stream().filter(e -> e.filingType().equals("W") && e.filingDate() == null).findFirst().orElseThrow();
        assertNull(withdrawn.district());
    }

    @Test
    void aCorruptZipFailsClearly() throws Exception {
        final byte[] zip = Files.readAllBytes(SharedData.path("congress/house_clerk_index/2025_snapshot-2025-02-17/2025FD.zip"));
        final byte[] corrupt = Arrays.copyOf(zip, zip.length);
        for (int i = 200; i < 1200; i++) {
            corrupt[i] = (byte) (corrupt[i] ^ 0x5A);
        }
        final SourceException failure = assertThrows(SourceException.class, () -> HouseIndex.readZip(corrupt, 2025, "2025FD.zip"));
        assertEquals(Code.INDEX_UNREADABLE, failure.code());
        assertTrue(failure.getMessage().startsWith("2025FD.zip"), failure.getMessage());

        final SourceException html = assertThrows(SourceException.class,
                () -> HouseIndex.readZip("<html><body>Service Unavailable</body></html>".getBytes(StandardCharsets.UTF_8), 2025, "2025FD.zip"));
        assertTrue(html.getMessage().contains("is not a zip file (it starts with '<html><body>Serv'"), html.getMessage());

        final ByteArrayOutputStream empty = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(empty)) {
            out.putNextEntry(new ZipEntry("readme.txt"));
            out.write("nothing here".getBytes(StandardCharsets.UTF_8));
        }
        final SourceException noIndex = assertThrows(SourceException.class, () -> HouseIndex.readZip(empty.toByteArray(), 2025, "2025FD.zip"));
        assertEquals("2025FD.zip holds neither 2025FD.xml nor 2025FD.txt", noIndex.getMessage());
    }

    @Test
    void malformedRowsAreSetAsideAndTheRestIsRead() throws Exception {
        final String text = String.join("\r\n",
                "Prefix\tLast\tFirst\tSuffix\tFilingType\tStateDst\tYear\tFilingDate\tDocID",
                "Hon.\tPelosi\tNancy\t\tP\tCA11\t2025\t1/17/2025\t20026590",
                "\tNoId\tAnna\t\tP\tTX01\t2025\t1/20/2025\t",
                "\tSlash\tBen\t\tP\tTX02\t2025\t1/20/2025\t../../etc/passwd",
                "\tShifted\tCara\tJr.\tTX03\t2025\t1/20/2025\t20026999\t20026999",
                "\tTabbed\tDan\t\tP\tTX04\t2025\t1/20/2025\t20027000\textra",
                "\tAnnual\tEve\t\tA\tTX05\t2025\t5/15/2025\t10072224",
                "\tBadDate\tFay\t\tP\tTX06\t2025\t13/45/2025\t20027001", "");
        final HouseIndex.Listing listing = HouseIndex.readText(text.getBytes(StandardCharsets.UTF_8), 2025, "2025FD.zip");
        assertEquals(List.of("20026590", "10072224", "20027001"), listing.entries().stream().map(HouseIndexEntry::docId).toList());
        assertNull(listing.entries().get(2).filingDate(), "an unreadable date leaves the date empty, the row stays");
        assertEquals(List.of(2, 3, 4, 5), listing.rejected().stream().map(HouseIndex.Rejected::number).toList());
        assertEquals("it lists a Periodic Transaction Report without a DocID", listing.rejected().get(0).reason());
        assertEquals("its DocID '../../etc/passwd' is not a document number", listing.rejected().get(1).reason());
        assertEquals("its FilingType 'TX03' is not a letter", listing.rejected().get(2).reason());
        assertEquals("it has 10 cells where the header names 9", listing.rejected().get(3).reason());
    }

    @Test
    void aZipBombFailsFastAndSoDoesAZipOfManyEntries() throws Exception {
        final ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bomb)) {
            out.putNextEntry(new ZipEntry("2025FD.txt"));
            final byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 1024; i++) {
                out.write(zeros);
            }
        }
        assertTrue(bomb.size() < 2_000_000, "a gigabyte in " + bomb.size() + " bytes");
        final SourceException bombed = assertThrows(SourceException.class, () -> HouseIndex.readZip(bomb.toByteArray(), 2025, "2025FD.zip",
                DocumentLimits.DEFAULTS));
        assertEquals(Code.DOCUMENT_TOO_LARGE, bombed.code());
        assertEquals("2025FD.zip unpacks to more than 134217728 bytes; refusing it as a zip bomb", bombed.getMessage());
        // The bound is the limit given, whatever the entry would unpack to (no clock: a busy machine must not fail this).
        final DocumentLimits small = new DocumentLimits(DocumentLimits.DEFAULT_MAX_DOCUMENT_BYTES, DocumentLimits.DEFAULT_MAX_PDF_PAGES,
                DocumentLimits.DEFAULT_MAX_PDF_DECODED_BYTES, DocumentLimits.DEFAULT_MAX_HTML_BYTES, DocumentLimits.DEFAULT_MAX_ZIP_ENTRIES,
                1 << 20);
        final SourceException bombedSmall = assertThrows(SourceException.class,
                () -> HouseIndex.readZip(bomb.toByteArray(), 2025, "2025FD.zip", small));
        assertEquals("2025FD.zip unpacks to more than 1048576 bytes; refusing it as a zip bomb", bombedSmall.getMessage());

        final ByteArrayOutputStream many = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(many)) {
            for (int i = 0; i < 1000; i++) {
                out.putNextEntry(new ZipEntry("entry" + i + ".txt"));
            }
        }
        final SourceException crowded = assertThrows(SourceException.class, () -> HouseIndex.readZip(many.toByteArray(), 2025, "2025FD.zip"));
        assertEquals(Code.DOCUMENT_TOO_LARGE, crowded.code());
        assertTrue(crowded.getMessage().contains("more than 64 entries"), crowded.getMessage());
    }

    @Test
    void entityDeclarationsAreRefusedNotExpanded() {
        final String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
                + "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
                + "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
                + "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
                + "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
                + "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
                + "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>"
                + "<FinancialDisclosure><Member><Last>&lol9;</Last><FilingType>P</FilingType><DocID>1</DocID></Member></FinancialDisclosure>";
        final SourceException billion = assertThrows(SourceException.class,
                () -> HouseIndex.readXml(laughs.getBytes(StandardCharsets.UTF_8), 2025, "2025FD.zip"));
        assertEquals(Code.INDEX_UNREADABLE, billion.code());
        // The declarations were not read at all, so nothing could be expanded (no clock: a busy machine must not fail this).
        assertTrue(billion.getMessage().contains("\"lol9\" was referenced, but not declared"), billion.getMessage());

        final String external = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>"
                + "<FinancialDisclosure><Member><Last>&secret;</Last><FilingType>P</FilingType><DocID>1</DocID></Member></FinancialDisclosure>";
        final SourceException xxe = assertThrows(SourceException.class,
                () -> HouseIndex.readXml(external.getBytes(StandardCharsets.UTF_8), 2025, "2025FD.zip"));
        assertEquals(Code.INDEX_UNREADABLE, xxe.code());
        assertFalse(xxe.getMessage().contains("root:"), "the file is never read");
    }

    @Test
    void anUnreadableXmlFormFallsBackToTheTextForm() throws Exception {
        final String snapshot = "congress/house_clerk_index/2025_snapshot-2025-02-17/";
        final ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("2025FD.xml"));
            out.write("<FinancialDisclosure><Member><DocID>".getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new ZipEntry("2025FD.txt"));
            out.write(Files.readAllBytes(SharedData.path(snapshot + "2025FD.txt")));
        }
        assertEquals(123, HouseIndex.readZip(zip.toByteArray(), 2025, "2025FD.zip").entries().size());
    }

    @Test
    void aMalformedXmlIndexFailsClearly() {
        final SourceException failure = assertThrows(SourceException.class,
                () -> HouseIndex.readXml("<FinancialDisclosure><Member><DocID>1</DocID>".getBytes(StandardCharsets.UTF_8), 2025, "x.zip"));
        assertEquals(Code.INDEX_UNREADABLE, failure.code());
    }

    @Test
    void theFingerprintChangesWhenTheClerkCorrectsARow() {
        final HouseIndexEntry row = new HouseIndexEntry("Hon.", "Pelosi", "Nancy", "", "P", "CA11", 2025, LocalDate.of(2025, 1, 17), "20026590");
        assertEquals(row.fingerprint(), new HouseIndexEntry("Hon.", "Pelosi", "Nancy", "", "P", "CA11", 2025, LocalDate.of(2025, 1, 17), "20026590").fingerprint());
        assertNotEquals(row.fingerprint(), new HouseIndexEntry("Hon.", "Pelosi", "Nancy", "", "P", "CA11", 2025, LocalDate.of(2025, 1, 18), "20026590").fingerprint());
    }
}
