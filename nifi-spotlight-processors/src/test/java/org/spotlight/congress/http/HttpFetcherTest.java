package org.spotlight.congress.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.SourceException.Reach;
import org.spotlight.congress.testing.Fetchers;
import org.spotlight.testing.CongressSites;
import org.spotlight.testing.CongressSites.Request;
import org.spotlight.testing.CongressSites.Scripted;
import org.spotlight.testing.MisbehavingSite;
import org.spotlight.testing.SharedData;
import org.spotlight.testing.SharedPtrs;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Politeness and failure handling of the fetcher, against the local stand-in sites (no internet here). */
class HttpFetcherTest {

    private static final String PDF = "/public_disc/ptr-pdfs/2025/20026590.pdf";

    private CongressSites sites;
    private final List<Duration> pauses = new ArrayList<>();

    @BeforeEach
    void start() {
        sites = CongressSites.start();
    }

    @AfterEach
    void stop() {
        sites.close();
    }

    private HttpFetcher fetcher(final HttpFetcher.Settings settings) {
        return new HttpFetcher(settings, pauses::add);
    }

    private HttpFetcher.Settings settings(final int retries, final Duration requestTimeout) {
        return new HttpFetcher.Settings(Fetchers.USER_AGENT, Duration.ofSeconds(2), requestTimeout, Duration.ZERO, retries,
                Duration.ofSeconds(2), Duration.ofSeconds(60), 64L * 1024 * 1024, null);
    }

    @Test
    void retriesServerErrorsWithGrowingBackoff() throws Exception {
        sites.script(PDF, Scripted.status(503, 2));
        try (HttpFetcher fetcher = fetcher(settings(3, Duration.ofSeconds(10)))) {
            final HttpResult result = fetcher.get(uri(PDF), null, Map.of());
            assertArrayEquals(SharedPtrs.pdfBytes("20026590"), result.body());
        }
        assertEquals(3, sites.requests(r -> r.path().equals(PDF)).size());
        assertEquals(2, pauses.size());
        // 2 s then 4 s, each half fixed and half random.
        assertTrue(between(pauses.get(0), 1000, 2000), pauses.toString());
        assertTrue(between(pauses.get(1), 2000, 4000), pauses.toString());
    }

    @Test
    void honoursRetryAfterOnThrottling() throws Exception {
        sites.script(PDF, new Scripted(429, new byte[0], Map.of("Retry-After", "7"), 0, 1));
        try (HttpFetcher fetcher = fetcher(settings(3, Duration.ofSeconds(10)))) {
            fetcher.get(uri(PDF), null, Map.of());
        }
        assertEquals(List.of(Duration.ofSeconds(7)), pauses);
    }

    @Test
    void aLongerRetryAfterEndsTheFetchAndSaysHowLongToWait() {
        sites.script(PDF, new Scripted(429, new byte[0], Map.of("Retry-After", "3600"), 0, -1));
        try (HttpFetcher fetcher = fetcher(settings(3, Duration.ofSeconds(10)))) {
            final SourceException throttled = assertThrows(SourceException.class, () -> fetcher.get(uri(PDF), null, Map.of()));
            assertEquals("HTTP_429", throttled.codeName());
            assertEquals(Reach.SITE_REFUSES, throttled.reach());
            assertEquals(Duration.ofHours(1), throttled.retryAfter().orElseThrow());
        }
        assertEquals(List.of(), pauses, "not asked again within the fetch: an hour is for a later run");
        assertEquals(1, sites.requests(r -> r.path().equals(PDF)).size());
    }

    @Test
    void anAbsurdRetryAfterIsCapped() {
        sites.script(PDF, new Scripted(503, new byte[0], Map.of("Retry-After", "99999999999999999999999"), 0, -1));
        try (HttpFetcher fetcher = fetcher(settings(3, Duration.ofSeconds(10)))) {
            final SourceException unavailable = assertThrows(SourceException.class, () -> fetcher.get(uri(PDF), null, Map.of()));
            assertEquals(HttpFetcher.MAX_RETRY_AFTER, unavailable.retryAfter().orElseThrow());
            assertEquals(Reach.SITE, unavailable.reach());
        }
    }

    @Test
    void givesUpAfterTheLastRetryNamingTheDocumentAndStatus() {
        sites.script(PDF, Scripted.status(502, -1));
        try (HttpFetcher fetcher = fetcher(settings(2, Duration.ofSeconds(10)))) {
            final SourceException failure = assertThrows(SourceException.class, () -> fetcher.get(uri(PDF), null, Map.of()));
            assertEquals("HTTP_502", failure.codeName());
            assertTrue(failure.retryable());
            assertTrue(failure.getMessage().contains(uri(PDF).toString()) && failure.getMessage().contains("after 3 attempts"), failure.getMessage());
        }
        assertEquals(3, sites.requests(r -> r.path().equals(PDF)).size());
    }

    @Test
    void doesNotAskAgainWhenTheDocumentIsMissingOrTheSiteRefuses() {
        try (HttpFetcher fetcher = fetcher(settings(3, Duration.ofSeconds(10)))) {
            final SourceException missing = assertThrows(SourceException.class,
                    () -> fetcher.get(uri("/public_disc/ptr-pdfs/2025/99999999.pdf"), null, Map.of()));
            assertEquals("HTTP_404", missing.codeName());
            assertTrue(missing.retryable(), "a PTR the index lists may not be published yet");
            assertEquals(Reach.DOCUMENT, missing.reach());
            sites.script(PDF, Scripted.status(403, -1));
            final SourceException forbidden = assertThrows(SourceException.class, () -> fetcher.get(uri(PDF), null, Map.of()));
            assertEquals("HTTP_403", forbidden.codeName());
            assertTrue(forbidden.retryable(), "a firewall's 403 passes; it is not a property of the document");
            assertEquals(Reach.SITE_REFUSES, forbidden.reach());
        }
        assertEquals(List.of(), pauses);
        assertEquals(1, sites.requests(r -> r.path().equals(PDF)).size());
    }

    @Test
    void timesOutSlowAnswers() {
        sites.script(PDF, new Scripted(200, new byte[]{1}, Map.of(), 3000, -1));
        try (HttpFetcher fetcher = fetcher(settings(1, Duration.ofMillis(300)))) {
            final SourceException failure = assertThrows(SourceException.class, () -> fetcher.get(uri(PDF), null, Map.of()));
            assertEquals(Code.TIMEOUT, failure.code());
            assertTrue(failure.retryable());
            assertTrue(failure.getMessage().contains("timed out"), failure.getMessage());
        }
        assertEquals(1, pauses.size(), "one retry");
    }

    @Test
    void reportsRefusedConnections() throws Exception {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (HttpFetcher fetcher = fetcher(settings(0, Duration.ofSeconds(5)))) {
            final SourceException failure = assertThrows(SourceException.class,
                    () -> fetcher.get(URI.create("http://127.0.0.1:" + closedPort + PDF), null, Map.of()));
            assertEquals(Code.CONNECTION_FAILED, failure.code());
            assertTrue(failure.getMessage().contains("127.0.0.1:" + closedPort), failure.getMessage());
        }
    }

    @Test
    void conditionalRequestsAnswerNotModified() throws Exception {
        sites.houseIndex(2025, CongressSites.indexZip(2025, SharedData.path("congress/house_clerk_index/2025_snapshot-2025-02-17/2025FD.txt"), row -> true));
        final URI index = uri("/public_disc/financial-pdfs/2025FD.zip");
        try (HttpFetcher fetcher = fetcher(settings(0, Duration.ofSeconds(5)))) {
            final HttpResult first = fetcher.get(index, null, Map.of());
            assertEquals(200, first.status());
            assertFalse(first.validators().isEmpty());
            final HttpResult second = fetcher.get(index, first.validators(), Map.of());
            assertTrue(second.notModified());
            assertEquals(0, second.body().length);
        }
        final Request conditional = sites.requests().getLast();
        assertTrue(conditional.header("If-None-Match").matches("\"[0-9a-f]{16}\""), conditional.header("If-None-Match"));
        assertEquals("Thu, 04 Dec 2025 14:00:21 GMT", conditional.header("If-Modified-Since"));
    }

    @Test
    void identifiesItselfAndSpacesItsRequests() throws Exception {
        final HttpFetcher.Settings polite = new HttpFetcher.Settings("Spotlight/0.1 (ops@example.org)", Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofMillis(250), 0, Duration.ofSeconds(1), Duration.ofSeconds(1), 64L * 1024 * 1024, null);
        try (HttpFetcher fetcher = new HttpFetcher(polite)) {
            for (int i = 0; i < 3; i++) {
                fetcher.get(uri(PDF), null, Map.of());
            }
        }
        final List<Request> requests = sites.requests();
        assertEquals(3, requests.size());
        // The limiter spaces the starts of requests (RateLimiterTest); when they reach the server also depends on connection
        // set-up and on how busy the machine is. Without the limiter all three arrive within a few milliseconds.
        final long spanMillis = (requests.getLast().nanoTime() - requests.getFirst().nanoTime()) / 1_000_000;
        assertTrue(spanMillis >= 250, "three requests over " + spanMillis + " ms");
        assertTrue(requests.stream().allMatch(r -> r.header("User-Agent").equals("Spotlight/0.1 (ops@example.org)")));
    }

    @Test
    void refusesDocumentsAboveTheSizeLimit() {
        final HttpFetcher.Settings small = new HttpFetcher.Settings(Fetchers.USER_AGENT, Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ZERO, 0, Duration.ofSeconds(1), Duration.ofSeconds(1), 1000, null);
        try (HttpFetcher fetcher = fetcher(small)) {
            final SourceException failure = assertThrows(SourceException.class, () -> fetcher.get(uri(PDF), null, Map.of()));
            assertEquals(Code.DOCUMENT_TOO_LARGE, failure.code());
            assertFalse(failure.retryable());
        }
    }

    @Test
    void requiresAUserAgent() {
        assertThrows(IllegalArgumentException.class, () -> new HttpFetcher.Settings(" ", Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ZERO, 0, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, null));
    }

    @Test
    void aStalledBodyIsCutAtTheTotalDeadline() {
        try (MisbehavingSite site = new MisbehavingSite(sites.baseUrl());
             HttpFetcher fetcher = fetcher(settings(1, Duration.ofMillis(700)))) {
            site.on("stall", PDF, -1, MisbehavingSite.stallBody(0.5, Duration.ofSeconds(30)));
            final long started = System.nanoTime();
            final SourceException failure = assertThrows(SourceException.class, () -> fetcher.get(site(site, PDF), null, Map.of()));
            final long millis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(Code.TIMEOUT, failure.code());
            assertTrue(failure.retryable());
            assertTrue(failure.getMessage().contains("the body stalled after"), failure.getMessage());
            assertTrue(millis < 10_000, "two attempts of 0.7 s, not the 30 s stall: " + millis + " ms");
            assertEquals(1, pauses.size(), "one retry");
        }
    }

    @Test
    void aBodyCutShortOrResetIsABrokenConnectionNotADocument() throws Exception {
        try (MisbehavingSite site = new MisbehavingSite(sites.baseUrl());
             HttpFetcher fetcher = fetcher(settings(0, Duration.ofSeconds(5)))) {
            site.on("cut", PDF, 1, MisbehavingSite.cutBody(0.4));
            site.on("reset", PDF, 1, MisbehavingSite.resetMidBody(0.4));
            for (int i = 0; i < 2; i++) {
                final SourceException failure = assertThrows(SourceException.class, () -> fetcher.get(site(site, PDF), null, Map.of()));
                assertEquals(Code.CONNECTION_FAILED, failure.code(), failure.getMessage());
                assertTrue(failure.getMessage().contains("after HTTP 200 and 29569 bytes of the body of 73924 declared"), failure.getMessage());
                assertTrue(failure.retryable());
                assertEquals(Reach.SITE, failure.reach());
            }
            // java.net.http itself repeats a GET whose connection closed before any answer, so the reset has to persist.
            site.on("reset-early", PDF, -1, MisbehavingSite.reset());
            final SourceException early = assertThrows(SourceException.class, () -> fetcher.get(site(site, PDF), null, Map.of()));
            assertEquals(Code.CONNECTION_FAILED, early.code(), early.getMessage());
            assertTrue(early.getMessage().contains("before an answer came"), early.getMessage());
            site.clearRules();
            assertArrayEquals(SharedPtrs.pdfBytes("20026590"), fetcher.get(site(site, PDF), null, Map.of()).body());
        }
    }

    @Test
    void aChallengePageServedAs200IsRecognised() {
        try (MisbehavingSite site = new MisbehavingSite(sites.baseUrl());
             HttpFetcher fetcher = fetcher(settings(3, Duration.ofSeconds(5)))) {
            site.on("cloudflare", PDF, 1, MisbehavingSite.cloudflareChallenge(200));
            site.on("akamai", PDF, 1, MisbehavingSite.akamaiDenied());
            final SourceException cloudflare = assertThrows(SourceException.class, () -> fetcher.get(site(site, PDF), null, Map.of()));
            assertEquals(Code.CHALLENGE, cloudflare.code());
            assertEquals(Reach.SITE_REFUSES, cloudflare.reach());
            assertTrue(cloudflare.getMessage().contains("Cloudflare challenge page"), cloudflare.getMessage());
            final SourceException akamai = assertThrows(SourceException.class, () -> fetcher.get(site(site, PDF), null, Map.of()));
            assertEquals("CHALLENGE", akamai.codeName());
            assertEquals(403, akamai.httpStatus());
            assertTrue(akamai.getMessage().contains("Akamai"), akamai.getMessage());
        }
        assertEquals(List.of(), pauses, "a refusing firewall is not asked again within the fetch");
    }

    @Test
    void aDeclaredOversizedBodyFailsBeforeItIsReadAndAnUndeclaredOneWhileItArrives() {
        final HttpFetcher.Settings small = new HttpFetcher.Settings(Fetchers.USER_AGENT, Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ZERO, 0, Duration.ofSeconds(1), Duration.ofSeconds(1), 100_000, null);
        try (MisbehavingSite site = new MisbehavingSite(sites.baseUrl()); HttpFetcher fetcher = fetcher(small)) {
            site.on("declared", PDF, 1, MisbehavingSite.mutate(r -> r.without("Content-Length").withHeader("Content-Length", "10000000000")));
            site.on("chunked", PDF, 1, MisbehavingSite.chunked("application/pdf", new byte[5_000_000]));
            final SourceException declared = assertThrows(SourceException.class, () -> fetcher.get(site(site, PDF), null, Map.of()));
            assertEquals(Code.DOCUMENT_TOO_LARGE, declared.code(), declared.getMessage());
            assertTrue(declared.getMessage().contains("declares a body of 10000000000 bytes"), declared.getMessage());
            assertFalse(declared.retryable());
            final SourceException streamed = assertThrows(SourceException.class, () -> fetcher.get(site(site, PDF), null, Map.of()));
            assertEquals(Code.DOCUMENT_TOO_LARGE, streamed.code(), streamed.getMessage());
            assertTrue(streamed.getMessage().contains("sent more than 100000 bytes"), streamed.getMessage());
        }
    }

    @Test
    void oddHeadersFailNothing() throws Exception {
        try (MisbehavingSite site = new MisbehavingSite(sites.baseUrl());
             HttpFetcher fetcher = fetcher(settings(0, Duration.ofSeconds(5)))) {
            site.on("odd", PDF, 1, MisbehavingSite.mutate(r -> r.without("Content-Type")
                    .withHeader("Content-Type", "application/pdf").withHeader("Content-Type", "text/html")
                    .withHeader("ETag", "\"a\tb\"").withHeader("ETag", "\"second\"")
                    .withHeader("Last-Modified", "x".repeat(2000)).withHeader("Retry-After", "soon").withHeader("X-Weird", "")
                    .withHeader("Set-Cookie", "=;;; broken")));
            final HttpResult odd = fetcher.get(site(site, PDF), null, Map.of());
            assertArrayEquals(SharedPtrs.pdfBytes("20026590"), odd.body());
            assertNull(odd.validators().lastModified(), "a 2,000-character Last-Modified is not kept");
            assertTrue(odd.validators().etag().chars().allMatch(c -> c >= 0x20 && c < 0x7f), "the first ETag, printable: " + odd.validators());

            final byte[] pdf = SharedPtrs.pdfBytes("20026590");
            final java.io.ByteArrayOutputStream gzipped = new java.io.ByteArrayOutputStream();
            try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gzipped)) {
                out.write(pdf);
            }
            site.on("gzip", PDF, 1, MisbehavingSite.mutate(r -> r.withBody(gzipped.toByteArray()).withHeader("Content-Encoding", "gzip")));
            assertArrayEquals(pdf, fetcher.get(site(site, PDF), null, Map.of()).body(), "an unasked-for gzip body is unpacked");
        }
    }

    private static URI site(final MisbehavingSite site, final String path) {
        return site.baseUrl().resolve(path.substring(1));
    }

    private URI uri(final String path) {
        return sites.baseUrl().resolve(path.substring(1));
    }

    private static boolean between(final Duration duration, final long fromMillis, final long toMillis) {
        return duration.toMillis() >= fromMillis && duration.toMillis() <= toMillis;
    }

}
