package org.spotlight.congress.senate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.document.DocumentRef;
import org.spotlight.congress.document.DocumentSource;
import org.spotlight.congress.document.RawDocument;
import org.spotlight.congress.document.WebDocuments;
import org.spotlight.congress.http.HttpFetcher;
import org.spotlight.congress.http.HttpResult;
import org.spotlight.congress.http.Validators;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A session with the Senate's electronic Financial Disclosure site (efdsearch.senate.gov), which is a Django
 * application: before anything can be searched or viewed the visitor must accept its terms of use. The session
 * GETs {@code /search/home/} for the form's CSRF token (Django also sets the {@code csrftoken} cookie), POSTs the
 * agreement ({@code prohibition_agreement=1}) with that token and a Referer (Django checks it on https), then
 * pages through {@code /search/report/data/} (DataTables' server-side protocol: {@code start}, {@code length},
 * {@code draw}) with the cookie's token in {@code X-CSRFToken}. PTR pages are fetched in the same session; when
 * the site answers with its agreement page again (an expired session), the session is re-opened once.
 */
public final class EfdSession implements EfdIndex, DocumentSource {

    static final String HOME = "search/home/";
    static final String SEARCH = "search/";
    static final String REPORT_DATA = "search/report/data/";
    /** The eFD's report type for Periodic Transaction Reports. */
    static final String PTR_REPORT_TYPE = "[11]";
    /** The most rows the eFD returns per search page. */
    public static final int MAX_PAGE_LENGTH = 100;
    private static final int MAX_PAGES = 10_000;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM/dd/yyyy", Locale.ROOT);

    private final HttpFetcher fetcher;
    private final URI base;
    private final Clock clock;
    private final DocumentSource publicUrls;
    private final int pageLength;
    private boolean open;

    public EfdSession(final HttpFetcher fetcher, final URI baseUrl, final Clock clock) {
        this(fetcher, baseUrl, clock, MAX_PAGE_LENGTH);
    }

    /** @param pageLength rows per search page, at most {@link #MAX_PAGE_LENGTH} */
    public EfdSession(final HttpFetcher fetcher, final URI baseUrl, final Clock clock, final int pageLength) {
        this.pageLength = Math.max(1, Math.min(pageLength, MAX_PAGE_LENGTH));
        this.fetcher = fetcher;
        this.base = WebDocuments.withTrailingSlash(baseUrl);
        this.clock = clock;
        this.publicUrls = new WebDocuments(fetcher, base, clock);
    }

    /** Accepts the terms of use, leaving the session's cookies in the fetcher. */
    public void open() throws SourceException {
        fetcher.clearCookies();
        final URI home = base.resolve(HOME);
        final HttpResult landing = fetcher.get(home, null, Map.of());
        final Document page = Jsoup.parse(new String(landing.body(), StandardCharsets.UTF_8), landing.uri().toString());
        if (!isAgreementPage(page)) {
            throw new SourceException(Code.SESSION_REJECTED, home.toString(), home + " shows no terms-of-use agreement form; "
                    + "the eFD's entry page has changed", false, null);
        }
        final Map<String, String> form = new LinkedHashMap<>();
        form.put("csrfmiddlewaretoken", formToken(page, home));
        form.put("prohibition_agreement", "1");
        final HttpResult agreed = fetcher.postForm(home, form, Map.of("Referer", home.toString()));
        if (isAgreementPage(Jsoup.parse(new String(agreed.body(), StandardCharsets.UTF_8)))) {
            throw new SourceException(Code.SESSION_REJECTED, home.toString(), "The eFD did not accept the terms-of-use agreement", true, null);
        }
        if (fetcher.cookie(base, "csrftoken").isEmpty()) {
            throw new SourceException(Code.SESSION_REJECTED, home.toString(), "The eFD set no csrftoken cookie after the agreement", true, null);
        }
        open = true;
    }

    @Override
    public ArrayNode rows(final int year) throws SourceException {
        return search(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
    }

    /** Every PTR received between the two days (inclusive), page by page. */
    public ArrayNode search(final LocalDate from, final LocalDate to) throws SourceException {
        final ArrayNode rows = JSON.createArrayNode();
        int start = 0;
        for (int draw = 1; draw <= MAX_PAGES; draw++) {
            final JsonNode answer = searchPage(from, to, start, draw);
            final JsonNode data = answer.get("data");
            if (data == null || !data.isArray()) {
                throw new SourceException(Code.JSON_UNREADABLE, base.resolve(REPORT_DATA).toString(), "The eFD search answer has no data array: "
                        + abbreviate(answer.toString()), true, null);
            }
            data.forEach(rows::add);
            start += data.size();
            final long total = answer.path("recordsFiltered").asLong(answer.path("recordsTotal").asLong(0));
            if (data.isEmpty() || start >= total) {
                return rows;
            }
        }
        throw new SourceException(Code.JSON_UNREADABLE, base.resolve(REPORT_DATA).toString(), "The eFD search did not end after "
                + MAX_PAGES + " pages", false, null);
    }

    private JsonNode searchPage(final LocalDate from, final LocalDate to, final int start, final int draw) throws SourceException {
        final URI data = base.resolve(REPORT_DATA);
        for (int attempt = 0; ; attempt++) {
            if (!open) {
                open();
            }
            final Map<String, String> form = new LinkedHashMap<>();
            form.put("start", Integer.toString(start));
            form.put("length", Integer.toString(pageLength));
            form.put("report_types", PTR_REPORT_TYPE);
            form.put("filer_types", "[]");
            form.put("submitted_start_date", from.format(DAY) + " 00:00:00");
            form.put("submitted_end_date", to.format(DAY) + " 23:59:59");
            form.put("candidate_state", "");
            form.put("senator_state", "");
            form.put("office_id", "");
            form.put("first_name", "");
            form.put("last_name", "");
            form.put("draw", Integer.toString(draw));
            final Map<String, String> headers = Map.of(
                    "X-CSRFToken", fetcher.cookie(base, "csrftoken").orElse(""),
                    "X-Requested-With", "XMLHttpRequest",
                    "Referer", base.resolve(SEARCH).toString(),
                    "Accept", "application/json");
            final HttpResult result;
            try {
                result = fetcher.postForm(data, form, headers);
            } catch (final SourceException e) {
                if (e.code() == Code.HTTP_STATUS && e.httpStatus() == 403) {
                    throw new SourceException(Code.HTTP_STATUS, 403, data.toString(), "The eFD refused the search (HTTP 403): "
                            + "CSRF verification failed or the site refuses this client (it serves only the United States)", false, e);
                }
                throw e;
            }
            try {
                return JSON.readTree(result.body());
            } catch (final IOException e) {
                // An expired session answers with the agreement page instead of JSON: agree again, once.
                open = false;
                if (attempt > 0 || !isAgreementPage(Jsoup.parse(new String(result.body(), StandardCharsets.UTF_8)))) {
                    throw new SourceException(Code.JSON_UNREADABLE, data.toString(), "The eFD search answered with something other than JSON: "
                            + abbreviate(new String(result.body(), StandardCharsets.UTF_8)), true, e);
                }
            }
        }
    }

    @Override
    public RawDocument fetch(final DocumentRef ref, final Validators validators) throws SourceException {
        final URI uri = base.resolve(ref.sitePath());
        for (int attempt = 0; ; attempt++) {
            if (!open) {
                open();
            }
            final HttpResult result = fetcher.get(uri, null, Map.of("Referer", base.resolve(SEARCH).toString()));
            if (attempt == 0 && isAgreementPage(Jsoup.parse(new String(result.body(), StandardCharsets.UTF_8)))) {
                open = false;
                continue;
            }
            return new RawDocument(ref, uri.toString(), result.body(), result.validators(), clock.instant(), false, null);
        }
    }

    @Override
    public String publicUrl(final DocumentRef ref) {
        return publicUrls.publicUrl(ref);
    }

    /** The eFD's terms-of-use page: the form with the {@code prohibition_agreement} checkbox. */
    static boolean isAgreementPage(final Document page) {
        return page.selectFirst("input[name=prohibition_agreement]") != null;
    }

    private static String formToken(final Document page, final URI home) throws SourceException {
        final Element token = page.selectFirst("input[name=csrfmiddlewaretoken]");
        if (token == null || token.attr("value").isBlank()) {
            throw new SourceException(Code.SESSION_REJECTED, home.toString(), home + " has no csrfmiddlewaretoken in its agreement form", false, null);
        }
        return token.attr("value");
    }

    private static String abbreviate(final String text) {
        final String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }
}
