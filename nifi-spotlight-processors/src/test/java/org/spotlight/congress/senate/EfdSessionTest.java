package org.spotlight.congress.senate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.document.RawDocument;
import org.spotlight.congress.http.HttpFetcher;
import org.spotlight.congress.testing.Fetchers;
import org.spotlight.testing.CongressSites;
import org.spotlight.testing.CongressSites.Request;
import org.spotlight.testing.CongressSites.Scripted;
import org.spotlight.testing.MisbehavingSite;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The eFD protocol (terms-of-use agreement, Django CSRF, DataTables paging) against {@link CongressSites}, a
 * local stand-in that enforces what the real site enforces; the real site cannot be reached from here.
 */
class EfdSessionTest {

    private CongressSites sites;
    private HttpFetcher fetcher;

    @BeforeEach
    void start() {
        sites = CongressSites.start();
        sites.efdRows(CongressSites.delawareRows(row -> true));
        fetcher = Fetchers.fast();
    }

    @AfterEach
    void stop() {
        fetcher.close();
        sites.close();
    }

    @Test
    void agreesToTheTermsThenPagesThroughTheSearch() throws Exception {
        final EfdSession session = new EfdSession(fetcher, sites.baseUrl(), Clock.systemUTC(), 5);
        final ArrayNode rows = session.rows(2019);

        // 19 PTRs were received in 2019 (the stand-in filters report_types [11] and the dates like the site).
        assertEquals(19, rows.size());
        for (JsonNode row : rows) {
            assertTrue(row.get(4).asText().endsWith("/2019"));
            assertTrue(row.get(3).asText().contains("Periodic Transaction Report"));
        }
        final List<Request> requests = sites.requests();
        assertEquals("GET /search/home/", describe(requests.get(0)));
        assertEquals("POST /search/home/", describe(requests.get(1)));
        assertNotNull(requests.get(1).header("Referer"), "Django rejects the agreement without a Referer");
        final List<Request> searches = sites.requests(r -> r.path().equals("/search/report/data/"));
        assertEquals(4, searches.size(), "19 rows in pages of 5");
        for (Request search : searches) {
            assertEquals("POST", search.method());
            assertNotNull(search.header("X-CSRFToken"));
            assertTrue(search.header("Cookie").contains("csrftoken=" + search.header("X-CSRFToken")));
            assertTrue(search.header("User-Agent").startsWith("Spotlight-test"));
        }
    }

    @Test
    void searchesByDateRange() throws Exception {
        final EfdSession session = new EfdSession(fetcher, sites.baseUrl(), Clock.systemUTC());
        assertEquals(2, session.search(LocalDate.of(2019, 7, 1), LocalDate.of(2019, 7, 31)).size(), "07/02 Coons and 07/03 Carper");
    }

    @Test
    void agreesAgainWhenTheSessionExpires() throws Exception {
        final EfdSession session = new EfdSession(fetcher, sites.baseUrl(), Clock.systemUTC(), 5);
        session.open();
        sites.expireEfdSessions();
        assertEquals(19, session.rows(2019).size());
        assertEquals(2, sites.requests(r -> r.method().equals("POST") && r.path().equals("/search/home/")).size());

        sites.expireEfdSessions();
        final EfdReport carper = EfdReport.ptrs(CongressSites.delawareRows(row -> row.get(3).asText().contains("2f4e395e")), "DE").getFirst();
        final RawDocument page = session.fetch(SenateEfdSource.pageRef(carper), null);
        assertTrue(new String(page.content(), StandardCharsets.UTF_8).contains("(6 transactions total)"));
        assertEquals(3, sites.requests(r -> r.method().equals("POST") && r.path().equals("/search/home/")).size());
    }

    @Test
    void aRefusingSiteIsReportedAsSuch() {
        sites.script("/search/home/", Scripted.status(403, -1));
        final EfdSession session = new EfdSession(fetcher, sites.baseUrl(), Clock.systemUTC());
        final SourceException failure = assertThrows(SourceException.class, () -> session.rows(2019));
        assertEquals("HTTP_403", failure.codeName());
        assertTrue(failure.retryable(), "a refusal passes; the feed leaves the site alone for a while");
        assertEquals(SourceException.Reach.SITE_REFUSES, failure.reach());
        assertTrue(failure.getMessage().contains("serves only") || failure.getMessage().contains("outside the United States"), failure.getMessage());
    }

    @Test
    void aChangedEntryPageIsReportedAsSuch() {
        sites.script("/search/home/", Scripted.body("<html><body>We have moved</body></html>".getBytes(StandardCharsets.UTF_8)));
        final EfdSession session = new EfdSession(fetcher, sites.baseUrl(), Clock.systemUTC());
        final SourceException failure = assertThrows(SourceException.class, session::open);
        assertEquals(Code.SESSION_REJECTED, failure.code());
        assertTrue(failure.getMessage().contains("no terms-of-use agreement form"), failure.getMessage());
        assertTrue(failure.retryable(), "a maintenance page passes");
    }

    @Test
    void aSearchAnswerThatIsNotJsonFailsClearly() {
        sites.script("/search/report/data/", Scripted.body("<html>Service temporarily unavailable</html>".getBytes(StandardCharsets.UTF_8)));
        final EfdSession session = new EfdSession(fetcher, sites.baseUrl(), Clock.systemUTC());
        final SourceException failure = assertThrows(SourceException.class, () -> session.rows(2019));
        assertEquals(Code.UNEXPECTED_CONTENT, failure.code());
        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("Service temporarily unavailable"), failure.getMessage());

        sites.script("/search/report/data/", Scripted.body("{\"draw\": 1, \"rows\": []}".getBytes(StandardCharsets.UTF_8)));
        final SourceException shape = assertThrows(SourceException.class, () -> session.rows(2019));
        assertEquals(Code.JSON_UNREADABLE, shape.code(), "JSON of another shape: the eFD's interface changed");
        assertFalse(shape.retryable());
    }

    @Test
    void aSearchThatAnswersTheSamePageForeverIsNotFollowed() {
        final String page = "{\"draw\": 1, \"recordsTotal\": 1000000, \"recordsFiltered\": 1000000, \"data\": "
                + "[[\"A\", \"B\", \"Senator\", \"<a href=\\\"/search/view/ptr/2f4e395e-7637-45c7-a85a-72823a87918c/\\\">Periodic Transaction Report for 10/01/2019</a>\", \"10/01/2019\"]]}";
        sites.script("/search/report/data/", Scripted.body(page.getBytes(StandardCharsets.UTF_8)));
        final SourceException failure = assertThrows(SourceException.class, () -> new EfdSession(fetcher, sites.baseUrl(), Clock.systemUTC()).rows(2019));
        assertEquals(Code.UNEXPECTED_CONTENT, failure.code());
        assertTrue(failure.getMessage().contains("same rows as the page before"), failure.getMessage());
    }

    @Test
    void aPtrPageBehindAChallengeIsRecognised() throws Exception {
        try (MisbehavingSite site = new MisbehavingSite(sites.baseUrl())) {
            site.on("challenge", "/search/view/ptr/.*", 1, MisbehavingSite.cloudflareChallenge(200));
            final EfdSession session = new EfdSession(fetcher, site.baseUrl(), Clock.systemUTC());
            final EfdReport carper = EfdReport.ptrs(CongressSites.delawareRows(row -> row.get(3).asText().contains("2f4e395e")), "DE").getFirst();
            final SourceException failure = assertThrows(SourceException.class, () -> session.fetch(SenateEfdSource.pageRef(carper), null));
            assertEquals(Code.CHALLENGE, failure.code());
            assertEquals(SourceException.Reach.SITE_REFUSES, failure.reach());
        }
    }

    private static String describe(final Request request) {
        return request.method() + " " + request.path();
    }
}
