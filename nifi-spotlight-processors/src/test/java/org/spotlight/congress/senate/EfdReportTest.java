package org.spotlight.congress.senate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.testing.CongressSites;
import org.spotlight.testing.SharedData;

import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Search result rows of the shared Delaware eFD answer (148 rows of every report kind). */
class EfdReportTest {

    @Test
    void keepsPeriodicTransactionReportsElectronicAndPaper() throws Exception {
        final ArrayNode rows = CongressSites.delawareRows(row -> true);
        final List<EfdReport> ptrs = EfdReport.ptrs(rows, "DE.json");

        assertEquals(148, rows.size());
        assertTrue(ptrs.stream().allMatch(report -> report.title().startsWith("Periodic Transaction Report")));
        final EfdReport carper = ptrs.stream().filter(r -> r.reportId().equals("2f4e395e-7637-45c7-a85a-72823a87918c")).findFirst().orElseThrow();
        assertEquals("Thomas R", carper.firstName());
        assertEquals("Carper", carper.lastName());
        assertEquals("Senator", carper.filerType());
        assertEquals(LocalDate.of(2019, 10, 1), carper.dateReceived());
        assertEquals(LocalDate.of(2019, 10, 1), carper.reportFor());
        assertEquals("search/view/ptr/2f4e395e-7637-45c7-a85a-72823a87918c/", carper.path());
        assertFalse(carper.paper());
        assertFalse(carper.amendment());

        final EfdReport paper = ptrs.stream().filter(r -> r.reportId().equals("CAFCC425-B1D5-47DF-A2EC-7CBB8BF37FE5")).findFirst().orElseThrow();
        assertTrue(paper.paper());
        assertEquals("search/view/paper/CAFCC425-B1D5-47DF-A2EC-7CBB8BF37FE5/", paper.path());
    }

    @Test
    void linksAmendmentsToTheOriginalOfTheSameFilerAndDate() throws Exception {
        final List<EfdReport> ptrs = EfdReport.ptrs(CongressSites.delawareRows(row -> true), "DE.json");
        final Map<String, String> amends = EfdReport.originals(ptrs);

        final EfdReport second = ptrs.stream().filter(r -> r.reportId().equals("acf289a7-36c4-40fb-a491-8f31e24cdb32")).findFirst().orElseThrow();
        assertTrue(second.amendment());
        assertEquals(2, second.amendmentNumber());
        assertEquals(LocalDate.of(2019, 1, 3), second.reportFor());
        final EfdReport first = ptrs.stream().filter(r -> r.reportId().equals("2ae1f15e-73c5-40ea-bff7-28aecdbeb585")).findFirst().orElseThrow();
        assertEquals(1, first.amendmentNumber());
        final String original = amends.get(second.reportId());
        assertEquals(original, amends.get(first.reportId()), "both amendments point at the same original");
        final EfdReport originalReport = ptrs.stream().filter(r -> r.reportId().equals(original)).findFirst().orElseThrow();
        assertEquals("Periodic Transaction Report for 01/03/2019", originalReport.title());
        assertFalse(originalReport.amendment());

        final EfdReport paperAmendment = ptrs.stream().filter(r -> r.reportId().equals("D322BE57-9E16-482D-9998-11D04BB37132")).findFirst().orElseThrow();
        assertTrue(paperAmendment.amendment());
        assertNull(paperAmendment.amendmentNumber(), "'(Amendment)' without a number");
        assertTrue(ptrs.stream().filter(EfdReport::amendment).allMatch(r -> amends.containsKey(r.reportId()) || r.paper()
                || ptrs.stream().noneMatch(o -> !o.amendment() && r.reportFor() != null && r.reportFor().equals(o.reportFor())
                && o.lastName().equalsIgnoreCase(r.lastName()))), "every amendment whose original is listed is linked");
    }

    @Test
    void aRowOfTheWrongShapeFailsClearly() throws Exception {
        final ArrayNode rows = (ArrayNode) EfdIndex.JSON.readTree("[[\"only\", \"three\", \"cells\"]]");
        final SourceException failure = assertThrows(SourceException.class, () -> EfdReport.ptrs(rows, "answer"));
        assertEquals(Code.JSON_UNREADABLE, failure.code());
        assertEquals(Code.JSON_UNREADABLE, assertThrows(SourceException.class,
                () -> EfdIndex.rowsOf("{\"error\": \"oops\"}".getBytes(), "answer")).code());
        assertEquals(Code.JSON_UNREADABLE, assertThrows(SourceException.class,
                () -> EfdIndex.rowsOf("<html>".getBytes(), "answer")).code());
    }

    @Test
    void readsSavedAnswersInEitherShape() throws Exception {
        final byte[] bare = Files.readAllBytes(SharedData.path("congress/senate_efd/search_report_data/state-indexes-2019-11-21_DE.json"));
        final ArrayNode rows = EfdIndex.rowsOf(bare, "bare");
        assertEquals(148, rows.size());
        final List<JsonNode> all = new ArrayList<>();
        rows.forEach(all::add);
        assertEquals(148, EfdIndex.rowsOf(EfdIndex.serialize(all), "wrapped").size(), "the eFD's {\"data\": [...]} answer");
        assertEquals(23, EfdIndex.receivedIn(rows, 2019).size(), "rows received in 2019, of every report kind");
    }
}
