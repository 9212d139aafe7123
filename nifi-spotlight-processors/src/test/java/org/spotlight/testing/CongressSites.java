package org.spotlight.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A local HTTP server (com.sun.net.httpserver) standing in for the official disclosure sites, because the build
 * machines have no internet. It serves ../shared/data/congress in the official path layout:
 * <ul>
 *   <li>House Clerk: {@code /public_disc/financial-pdfs/{YEAR}FD.zip} (built by the test from a snapshot; ETag and
 *   Last-Modified with 304 answers to conditional requests) and {@code /public_disc/ptr-pdfs/{YEAR}/{DocID}.pdf}
 *   (the shared electronic and scanned PDFs);</li>
 *   <li>Senate eFD, behaving like the real Django site: {@code GET /search/home/} shows the terms-of-use form with a
 *   {@code csrfmiddlewaretoken} and sets the {@code csrftoken} and {@code sessionid} cookies; {@code POST /search/home/}
 *   accepts {@code prohibition_agreement=1} only with a token this session was given, the cookie and a Referer (else 403
 *   "CSRF verification failed"), then redirects to {@code /search/}; {@code POST /search/report/data/} answers DataTables
 *   paging ({@code start}, {@code length} at most 100, {@code draw}) filtered by {@code report_types} and the submitted
 *   dates, only for agreed sessions and with {@code X-CSRFToken} equal to the cookie; {@code /search/view/ptr/{uuid}/}
 *   serves the shared PTR pages to agreed sessions and redirects everyone else to the agreement.</li>
 * </ul>
 * Tests can replace any path's answer (status, body, delay, for a number of requests) and read the request log.
 */
public final class CongressSites implements AutoCloseable {

    /** A scripted answer. {@code times} requests get it, then the path answers normally again (-1: always). */
    public record Scripted(int status, byte[] body, Map<String, String> headers, long delayMillis, int times) {
        public static Scripted status(final int status, final int times) {
            return new Scripted(status, ("HTTP " + status).getBytes(StandardCharsets.UTF_8), Map.of(), 0, times);
        }

        public static Scripted body(final byte[] body) {
            return new Scripted(200, body, Map.of(), 0, -1);
        }
    }

    /** One request as the server saw it. */
    public record Request(String method, String path, Map<String, String> headers, long nanoTime) {
        public String header(final String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter EFD_DAY = DateTimeFormatter.ofPattern("MM/dd/yyyy", Locale.ROOT);
    private static final Pattern PTR_PDF = Pattern.compile("^/public_disc/ptr-pdfs/(\\d{4})/(\\d+)\\.pdf$");
    private static final Pattern INDEX_ZIP = Pattern.compile("^/public_disc/financial-pdfs/(\\d{4})FD\\.zip$");
    private static final Pattern PTR_PAGE = Pattern.compile("^/search/view/ptr/([0-9a-fA-F-]{36})/$");
    private static final String LAST_MODIFIED = "Thu, 04 Dec 2025 14:00:21 GMT";

    private final HttpServer server;
    private final Map<Integer, byte[]> houseIndexes = new ConcurrentHashMap<>();
    private final Map<String, Scripted> scripted = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> scriptedCounts = new ConcurrentHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, EfdSessionState> efdSessions = new ConcurrentHashMap<>();
    private volatile ArrayNode efdRows = JSON.createArrayNode();

    private static final class EfdSessionState {
        final String csrfSecret = UUID.randomUUID().toString().replace("-", "");
        final Set<String> formTokens = ConcurrentHashMap.newKeySet();
        volatile boolean agreed;
    }

    private CongressSites() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    public static CongressSites start() {
        try {
            return new CongressSites();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Serves {@code /public_disc/financial-pdfs/{year}FD.zip}. */
    public void houseIndex(final int year, final byte[] zip) {
        houseIndexes.put(year, zip);
    }

    /** The eFD search's rows ({@code [first, last, filer type, link, date]}), before report type and date filtering. */
    public void efdRows(final ArrayNode rows) {
        efdRows = rows;
    }

    /** Answers {@code path} with {@code answer} instead of the normal content. */
    public void script(final String path, final Scripted answer) {
        scripted.put(path, answer);
        scriptedCounts.put(path, new AtomicInteger());
    }

    /** Drops every eFD session, as when the real site's sessions expire. */
    public void expireEfdSessions() {
        efdSessions.clear();
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<Request> requests(final Predicate<Request> filter) {
        return requests().stream().filter(filter).toList();
    }

    public void clearRequests() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final String path = exchange.getRequestURI().getPath();
            final Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            requests.add(new Request(exchange.getRequestMethod(), path, headers, System.nanoTime()));
            final Scripted answer = scripted.get(path);
            if (answer != null && (answer.times() < 0 || scriptedCounts.get(path).getAndIncrement() < answer.times())) {
                if (answer.delayMillis() > 0) {
                    sleep(answer.delayMillis());
                }
                answer.headers().forEach(exchange.getResponseHeaders()::add);
                send(exchange, answer.status(), answer.body(), null);
                return;
            }
            if (path.startsWith("/public_disc/")) {
                house(exchange, path);
            } else if (path.startsWith("/search/")) {
                efd(exchange, path);
            } else {
                send(exchange, 404, "Not Found".getBytes(StandardCharsets.UTF_8), "text/plain");
            }
        }
    }

    // ---------------------------------------------------------------- House Clerk

    private void house(final HttpExchange exchange, final String path) throws IOException {
        final Matcher index = INDEX_ZIP.matcher(path);
        if (index.matches() && houseIndexes.containsKey(Integer.parseInt(index.group(1)))) {
            final byte[] zip = houseIndexes.get(Integer.parseInt(index.group(1)));
            final String etag = "\"" + sha256(zip).substring(0, 16) + "\"";
            exchange.getResponseHeaders().add("ETag", etag);
            exchange.getResponseHeaders().add("Last-Modified", LAST_MODIFIED);
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            send(exchange, 200, zip, "application/x-zip-compressed");
            return;
        }
        final Matcher pdf = PTR_PDF.matcher(path);
        if (pdf.matches()) {
            final Path file = SharedPtrs.pdf(pdf.group(2));
            if (file != null && pdf.group(1).equals("2025")) {
                send(exchange, 200, Files.readAllBytes(file), "application/pdf");
                return;
            }
        }
        send(exchange, 404, "<html><body>The resource cannot be found.</body></html>".getBytes(StandardCharsets.UTF_8), "text/html");
    }

    // ---------------------------------------------------------------- Senate eFD

    private void efd(final HttpExchange exchange, final String path) throws IOException {
        final EfdSessionState session = session(exchange);
        switch (path) {
            case "/search/home/" -> {
                if ("POST".equals(exchange.getRequestMethod())) {
                    agree(exchange, session);
                } else {
                    agreementPage(exchange, session);
                }
            }
            case "/search/" -> {
                if (session == null || !session.agreed) {
                    redirect(exchange, "/search/home/");
                } else {
                    send(exchange, 200, "<html><body><h1>Find Reports</h1><table id=\"filedReports\"></table></body></html>"
                            .getBytes(StandardCharsets.UTF_8), "text/html");
                }
            }
            case "/search/report/data/" -> reportData(exchange, session);
            default -> {
                final Matcher page = PTR_PAGE.matcher(path);
                if (session == null || !session.agreed) {
                    redirect(exchange, "/search/home/?next=" + path);
                } else if (page.matches() && SharedPtrs.senatePage(page.group(1)) != null) {
                    send(exchange, 200, Files.readAllBytes(SharedPtrs.senatePage(page.group(1))), "text/html; charset=utf-8");
                } else {
                    send(exchange, 404, "<h1>Not Found</h1>".getBytes(StandardCharsets.UTF_8), "text/html");
                }
            }
        }
    }

    private EfdSessionState session(final HttpExchange exchange) {
        final String id = cookies(exchange.getRequestHeaders()).get("sessionid");
        return id == null ? null : efdSessions.get(id);
    }

    private void agreementPage(final HttpExchange exchange, final EfdSessionState existing) throws IOException {
        EfdSessionState session = existing;
        if (session == null) {
            final String id = UUID.randomUUID().toString();
            session = new EfdSessionState();
            efdSessions.put(id, session);
            exchange.getResponseHeaders().add("Set-Cookie", "sessionid=" + id + "; Path=/; HttpOnly; SameSite=Lax");
        }
        exchange.getResponseHeaders().add("Set-Cookie", "csrftoken=" + session.csrfSecret + "; Path=/; SameSite=Lax");
        // Django masks the secret differently in every form; the stand-in issues a fresh token per page.
        final String formToken = UUID.randomUUID().toString().replace("-", "") + session.csrfSecret.substring(0, 8);
        session.formTokens.add(formToken);
        final String html = """
                <!DOCTYPE html><html lang="en"><head><title>eFD: Home</title></head><body>
                <main class="container-fluid pgContent" id="content"><h1>Financial Disclosures</h1>
                <form method="POST" action="/search/home/" id="agreement_form">
                <input type="hidden" name="csrfmiddlewaretoken" value="%s">
                <p>I understand the prohibitions on obtaining and use of financial disclosure reports.</p>
                <input class="form-check-input" type="checkbox" id="agree_statement" name="prohibition_agreement" value="1">
                <label for="agree_statement">I understand the prohibitions on obtaining and use of financial disclosure reports.</label>
                </form></main></body></html>
                """.formatted(formToken);
        send(exchange, 200, html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
    }

    private void agree(final HttpExchange exchange, final EfdSessionState session) throws IOException {
        final Map<String, String> form = form(exchange);
        final String cookie = cookies(exchange.getRequestHeaders()).get("csrftoken");
        if (session == null || cookie == null || !cookie.equals(session.csrfSecret)
                || !session.formTokens.contains(form.getOrDefault("csrfmiddlewaretoken", ""))) {
            forbidden(exchange, "CSRF verification failed. Request aborted.");
            return;
        }
        if (exchange.getRequestHeaders().getFirst("Referer") == null) {
            forbidden(exchange, "CSRF verification failed. Request aborted. This site requires a 'Referer header' to be sent.");
            return;
        }
        if (!"1".equals(form.get("prohibition_agreement"))) {
            agreementPage(exchange, session);
            return;
        }
        session.agreed = true;
        redirect(exchange, "/search/");
    }

    private void reportData(final HttpExchange exchange, final EfdSessionState session) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            send(exchange, 405, "Method Not Allowed".getBytes(StandardCharsets.UTF_8), "text/plain");
            return;
        }
        if (session == null || !session.agreed) {
            redirect(exchange, "/search/home/");
            return;
        }
        final String cookie = cookies(exchange.getRequestHeaders()).get("csrftoken");
        if (cookie == null || !cookie.equals(exchange.getRequestHeaders().getFirst("X-CSRFToken"))) {
            forbidden(exchange, "CSRF verification failed. Request aborted.");
            return;
        }
        final Map<String, String> form = form(exchange);
        final int start = Integer.parseInt(form.getOrDefault("start", "0"));
        final int length = Math.min(100, Integer.parseInt(form.getOrDefault("length", "25")));
        final boolean ptrOnly = form.getOrDefault("report_types", "[]").contains("11");
        final LocalDate from = day(form.get("submitted_start_date"), LocalDate.of(2012, 1, 1));
        final LocalDate to = day(form.get("submitted_end_date"), LocalDate.of(2100, 1, 1));
        final List<JsonNode> matching = new ArrayList<>();
        for (JsonNode row : efdRows) {
            // A malformed row (too few cells) is filtered by its last cell when that is a date, and served always when not.
            final String date = row.path(4).isMissingNode() && row.isArray() && !row.isEmpty() ? row.get(row.size() - 1).asText() : row.path(4).asText();
            final LocalDate received = date.matches("\\d{2}/\\d{2}/\\d{4}") ? LocalDate.parse(date, EFD_DAY) : null;
            final boolean ptr = row.path(3).asText().contains(">Periodic Transaction Report") || row.size() < 5;
            if (received == null) {
                matching.add(row);
            } else if ((!ptrOnly || ptr) && !received.isBefore(from) && !received.isAfter(to)) {
                matching.add(row);
            }
        }
        final ObjectNode answer = JSON.createObjectNode();
        answer.put("draw", Integer.parseInt(form.getOrDefault("draw", "1")));
        answer.put("recordsTotal", matching.size());
        answer.put("recordsFiltered", matching.size());
        final ArrayNode data = answer.putArray("data");
        matching.subList(Math.min(start, matching.size()), Math.min(start + length, matching.size())).forEach(data::add);
        answer.put("result", "ok");
        send(exchange, 200, JSON.writeValueAsBytes(answer), "application/json");
    }

    private static LocalDate day(final String text, final LocalDate fallback) {
        return text == null || text.isBlank() ? fallback : LocalDate.parse(text.substring(0, 10), EFD_DAY);
    }

    private static Map<String, String> form(final HttpExchange exchange) throws IOException {
        final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        final Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            final int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static Map<String, String> cookies(final Headers headers) {
        final Map<String, String> cookies = new HashMap<>();
        final List<String> values = headers.get("Cookie");
        if (values != null) {
            for (String value : values) {
                for (String cookie : value.split(";")) {
                    final int equals = cookie.indexOf('=');
                    if (equals > 0) {
                        cookies.put(cookie.substring(0, equals).trim(), cookie.substring(equals + 1).trim());
                    }
                }
            }
        }
        return cookies;
    }

    private static void redirect(final HttpExchange exchange, final String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    private static void forbidden(final HttpExchange exchange, final String reason) throws IOException {
        send(exchange, 403, ("<h1>Forbidden <span>(403)</span></h1><p>" + reason + "</p>").getBytes(StandardCharsets.UTF_8), "text/html");
    }

    private static void send(final HttpExchange exchange, final int status, final byte[] body, final String contentType) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String sha256(final byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- helpers for building the served content

    /**
     * A {@code {year}FD.zip} holding the index text (CRLF, as the Clerk ships it), keeping the header and the rows
     * {@code keep} accepts; {@code keep} may edit a row's cells to simulate a correction by the Clerk.
     */
    public static byte[] indexZip(final int year, final Path indexText, final Predicate<String[]> keep) {
        try {
            final List<String> lines = Files.readAllLines(indexText, StandardCharsets.UTF_8);
            final StringBuilder text = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                final String[] cells = lines.get(i).replace("\r", "").split("\t", -1);
                if (i == 0 || keep.test(cells)) {
                    text.append(String.join("\t", cells)).append("\r\n");
                }
            }
            final ByteArrayOutputStream zip = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(zip)) {
                out.putNextEntry(new ZipEntry(year + "FD.txt"));
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            return zip.toByteArray();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of the shared Delaware eFD search answer that {@code keep} accepts. */
    public static ArrayNode delawareRows(final Predicate<JsonNode> keep) {
        try {
            final ArrayNode rows = JSON.createArrayNode();
            for (JsonNode row : JSON.readTree(SharedData.path("congress/senate_efd/search_report_data/state-indexes-2019-11-21_DE.json").toFile())) {
                if (keep.test(row)) {
                    rows.add(row);
                }
            }
            return rows;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
