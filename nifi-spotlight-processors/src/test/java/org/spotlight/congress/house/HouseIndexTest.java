package org.spotlight.congress.house;

import org.junit.jupiter.api.Test;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The House Clerk's yearly index zips as downloaded (../shared/data/congress/house_clerk_index). */
class HouseIndexTest {

    @Test
    void readsTheDownloadedZipsXmlMember() throws Exception {
        final List<HouseIndexEntry> entries = HouseIndex.readZip(
                Files.readAllBytes(SharedData.path("congress/house_clerk_index/2024_snapshot-2024-07-05/2024FD.zip")), 2024, "2024FD.zip");
        assertEquals(1018, entries.size());
        assertEquals(229, entries.stream().filter(HouseIndexEntry::isPeriodicTransactionReport).count());
    }

    @Test
    void xmlAndTextFormsAgree() throws Exception {
        final String snapshot = "congress/house_clerk_index/2025_snapshot-2025-02-17/";
        final List<HouseIndexEntry> xml = HouseIndex.readXml(Files.readAllBytes(SharedData.path(snapshot + "2025FD.xml")), 2025, "xml");
        final List<HouseIndexEntry> text = HouseIndex.readText(Files.readAllBytes(SharedData.path(snapshot + "2025FD.txt")), 2025, "txt");
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
        final List<HouseIndexEntry> entries = HouseIndex.readZip(zip, 2025, "2025FD.zip");
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
