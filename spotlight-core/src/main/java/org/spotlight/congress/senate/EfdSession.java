package org.spotlight.congress.senate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.document.ContentCheck;
import org.spotlight.congress.document.DocumentRef;
import org.spotlight.congress.document.DocumentSource;
import org.spotlight.congress.document.RawDocument;
import org.spotlight.congress.document.WebDocuments;
import org.spotlight.congress.http.Challenges;
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
 *
 * <p>Every answer is checked before it is used: the search must answer JSON with a {@code data} array (an HTML page
 * there is a session that expired, a firewall, or a maintenance page), a PTR page must be HTML and not the agreement
 * page. What the site does wrong here is a passing condition of the site ({@code SESSION_REJECTED},
 * {@code UNEXPECTED_CONTENT}, {@code CHALLENGE}: retried in a later run); only a search answer of the wrong JSON shape
 * says the eFD's interface changed. A search is bounded: at most {@value #MAX_SEARCH_ROWS} rows for one period, and a
 * site that answers the same page again is not asked for more.
 */
public final class EfdSession implements EfdIndex, DocumentSource {

    static final String HOME = "search/home/";
    static final String SEARCH = "search/";
    static final String REPORT_DATA = "search/report/data/";
    /** The eFD's report type for Periodic Transaction Reports. */
    static final String PTR_REPORT_TYPE = "[11]";
    /** The most rows the eFD returns per search page. */
    public static final int MAX_PAGE_LENGTH = 100;
    /** More PTRs than the eFD has ever received in a year (a few hundred); beyond it the search answer is not believed. */
    public static final int MAX_SEARCH_ROWS = 20_000;
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
            throw SourceException.siteTrouble(Code.SESSION_REJECTED, 0, home.toString(), home + " shows no terms-of-use agreement form"
                    + title(page) + "; the eFD is down for maintenance or its entry page has changed", null);
        }
        final Map<String, String> form = new LinkedHashMap<>();
        form.put("csrfmiddlewaretoken", formToken(page, home));
        form.put("prohibition_agreement", "1");
        final HttpResult agreed = fetcher.postForm(home, form, Map.of("Referer", home.toString()));
        if (isAgreementPage(Jsoup.parse(new String(agreed.body(), StandardCharsets.UTF_8)))) {
            throw SourceException.siteTrouble(Code.SESSION_REJECTED, 0, home.toString(), "The eFD did not accept the terms-of-use agreement", null);
        }
        if (fetcher.cookie(base, "csrftoken").isEmpty()) {
            throw SourceException.siteTrouble(Code.SESSION_REJECTED, 0, home.toString(), "The eFD set no csrftoken cookie after the agreement", null);
        }
        open = true;
    }

    @Override
    public ArrayNode rows(final int year) throws SourceException {
        return search(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
    }

    /** Every PTR received between the two days (inclusive), page by page. */
    public ArrayNode search(final LocalDate from, final LocalDate to) throws SourceException {
        final String document = base.resolve(REPORT_DATA).toString();
        final ArrayNode rows = JSON.createArrayNode();
        JsonNode previous = null;
        int start = 0;
        for (int draw = 1; ; draw++) {
            final JsonNode answer = searchPage(from, to, start, draw);
            final JsonNode data = answer.get("data");
            if (!answer.isObject() || data == null || !data.isArray()) {
                throw new SourceException(Code.JSON_UNREADABLE, document, "The eFD search answer is not DataTables' "
                        + "{\"data\": [...]} object: " + abbreviate(answer.toString()), false, null);
            }
            if (!data.isEmpty() && data.equals(previous)) {
                throw SourceException.siteTrouble(Code.UNEXPECTED_CONTENT, 0, document, "The eFD search answered rows " + start
                        + " onwards with the same rows as the page before; not asking for more", null);
            }
            previous = data;
            data.forEach(rows::add);
            start += data.size();
            if (rows.size() > MAX_SEARCH_ROWS) {
                throw new SourceException(Code.JSON_UNREADABLE, document, "The eFD search lists more than " + MAX_SEARCH_ROWS
                        + " PTRs received between " + from + " and " + to + "; not believing it", false, null);
            }
            final JsonNode totalNode = answer.has("recordsFiltered") ? answer.get("recordsFiltered") : answer.get("recordsTotal");
            final long total = totalNode != null && totalNode.canConvertToLong() ? totalNode.asLong() : Long.MAX_VALUE;
            if (data.isEmpty() || start >= total) {
                return rows;
            }
        }
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
                    // Django answers 403 to a session whose CSRF token it no longer knows: the next run opens a new one.
                    open = false;
                    throw SourceException.siteRefuses(Code.HTTP_STATUS, 403, data.toString(), "The eFD refused the search (HTTP 403): "
                            + "CSRF verification failed, or the site refuses this client (it serves only the United States)",
                            e.retryAfter().orElse(null));
                }
                throw e;
            }
            final byte[] body = result.body();
            if (!Challenges.startsWithMarkup(body)) {
                try {
                    final JsonNode answer = JSON.readTree(body);
                    if (answer != null) {
                        return answer;
                    }
                } catch (final IOException e) {
                    throw SourceException.siteTrouble(Code.UNEXPECTED_CONTENT, 0, data.toString(), "The eFD search answered with "
                            + "something that is not JSON: " + abbreviate(new String(body, StandardCharsets.UTF_8)), e);
                }
            }
            // An expired session answers with the agreement page instead of JSON: agree again, once.
            open = false;
            final Document page = Jsoup.parse(new String(body, StandardCharsets.UTF_8));
            if (attempt > 0 || !isAgreementPage(page)) {
                throw SourceException.siteTrouble(Code.UNEXPECTED_CONTENT, 0, data.toString(), "The eFD search answered with an HTML page"
                        + title(page) + " instead of JSON: " + abbreviate(page.text()), null);
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
            ContentCheck.verify(ref, result.body(), result.contentType(), uri.toString());
            if (isAgreementPage(Jsoup.parse(new String(result.body(), StandardCharsets.UTF_8)))) {
                open = false;
                if (attempt == 0) {
                    continue;
                }
                throw SourceException.siteTrouble(Code.SESSION_REJECTED, 0, uri.toString(), "The eFD answered " + uri
                        + " with its terms-of-use page again right after the agreement", null);
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

    private static String title(final Document page) {
        final String title = page.title().trim();
        return title.isEmpty() ? "" : " ('" + abbreviate(title) + "')";
    }

    private static String abbreviate(final String text) {
        final String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }
}
