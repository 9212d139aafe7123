package org.spotlight.congress.http;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.SourceException.Reach;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * A polite and suspicious HTTP client for the disclosure sites, on java.net.http.
 *
 * <p>Polite: one request at a time at most every {@code minRequestInterval}, a real User-Agent, conditional GETs,
 * a cookie jar for sites with sessions (the Senate eFD), and within one fetch a few retries with exponential backoff
 * and jitter for server errors, timeouts and broken connections, honouring {@code Retry-After} when it asks for no
 * more than the longest backoff. A site that asks for a longer wait, refuses this client (401, 403, 407), throttles
 * it (429) or shows a firewall's challenge page is not asked again within the fetch: the failure says so
 * ({@link Reach#SITE_REFUSES}, with the wait it asked for) and the feed leaves the site alone until a later run.
 *
 * <p>Suspicious: every fetch has a total deadline ({@code requestTimeout}) that covers the headers and the whole
 * body, so a body that stalls half-way is cut; bodies are read into memory only up to {@code maxBodyBytes} (a declared
 * larger {@code Content-Length} fails before anything is read); a body cut short of its declared length is a broken
 * connection, not a document; a 200 answer that is a challenge page is a {@link Code#CHALLENGE}. Only 404 and 410
 * concern the document itself; every other failure is about the site and is retryable.
 */
public final class HttpFetcher implements AutoCloseable {

    /** An error page is read only this far: enough to recognise a challenge and to quote it. */
    private static final int ERROR_BODY_BYTES = Challenges.INSPECTED_BYTES;
    /** Validators longer than this are not kept: they are not real ETags and would only bloat the state. */
    static final int MAX_VALIDATOR_LENGTH = 256;
    /** The longest Retry-After the fetcher reports; a site asking for more is asked again after this long anyway. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

    /**
     * @param requestTimeout     the total deadline of one request: connecting, the answer's headers and its whole body
     * @param minRequestInterval at least this long between the starts of two requests
     * @param maxRetries         retries within one fetch after the first attempt, for retried failures
     * @param maxBackoff         the longest pause within one fetch; a Retry-After asking for more ends the fetch instead
     * @param maxBodyBytes       larger answers fail with {@link Code#DOCUMENT_TOO_LARGE} instead of filling memory
     * @param sslContext         trust for https endpoints with a private CA; null for the JVM default
     */
    public record Settings(String userAgent, Duration connectTimeout, Duration requestTimeout, Duration minRequestInterval,
                           int maxRetries, Duration initialBackoff, Duration maxBackoff, long maxBodyBytes, SSLContext sslContext) {
        public Settings {
            if (userAgent == null || userAgent.isBlank()) {
                throw new IllegalArgumentException("A User-Agent is required: the disclosure sites ask scrapers to identify themselves");
            }
        }
    }

    private final Settings settings;
    private final HttpClient client;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ORIGINAL_SERVER);
    private final RateLimiter limiter;
    private final Sleeper sleeper;
    private final Clock clock;

    public HttpFetcher(final Settings settings) {
        this(settings, Sleeper.SYSTEM, Clock.systemUTC());
    }

    public HttpFetcher(final Settings settings, final Sleeper sleeper) {
        this(settings, sleeper, Clock.systemUTC());
    }

    /** @param clock reads Retry-After dates */
    public HttpFetcher(final Settings settings, final Sleeper sleeper, final Clock clock) {
        this.settings = settings;
        this.sleeper = sleeper;
        this.clock = clock;
        this.limiter = new RateLimiter(settings.minRequestInterval(), sleeper);
        final HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .cookieHandler(cookies);
        if (settings.sslContext() != null) {
            builder.sslContext(settings.sslContext());
        }
        this.client = builder.build();
    }

    public Settings settings() {
        return settings;
    }

    /** GET; with validators the request is conditional and an unchanged document answers {@code 304} (see {@link HttpResult#notModified()}). */
    public HttpResult get(final URI uri, final Validators validators, final Map<String, String> headers) throws SourceException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (validators != null && validators.etag() != null) {
            request.header("If-None-Match", validators.etag());
        }
        if (validators != null && validators.lastModified() != null) {
            request.header("If-Modified-Since", validators.lastModified());
        }
        headers.forEach(request::header);
        return execute(request, uri);
    }

    /** POST of an application/x-www-form-urlencoded form, fields in the given order. */
    public HttpResult postForm(final URI uri, final Map<String, String> form, final Map<String, String> headers) throws SourceException {
        final String body = form.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
        headers.forEach(request::header);
        return execute(request, uri);
    }

    /** A cookie the given site set, e.g. Django's {@code csrftoken}. */
    public Optional<String> cookie(final URI site, final String name) {
        return cookies.getCookieStore().get(site).stream()
                .filter(cookie -> cookie.getName().equals(name))
                .map(HttpCookie::getValue)
                .findFirst();
    }

    /** Forgets every cookie, e.g. to start a new eFD session. */
    public void clearCookies() {
        cookies.getCookieStore().removeAll();
    }

    private HttpResult execute(final HttpRequest.Builder template, final URI uri) throws SourceException {
        // The request timeout bounds the wait for the headers; the deadline below bounds the body as well.
        template.timeout(settings.requestTimeout()).header("User-Agent", settings.userAgent());
        final HttpRequest request = template.build();
        for (int attempt = 0; ; attempt++) {
            final SourceException failure;
            try {
                return attempt(request, uri);
            } catch (final SourceException e) {
                failure = e;
            }
            if (!failure.retryable() || failure.code() == Code.INTERRUPTED || failure.reach() == Reach.DOCUMENT) {
                throw failure;
            }
            final Duration asked = failure.retryAfter().orElse(null);
            final boolean waitAsAsked = asked != null && asked.compareTo(settings.maxBackoff()) <= 0;
            final boolean refused = failure.reach() == Reach.SITE_REFUSES && !(waitAsAsked && failure.httpStatus() == 429);
            if (refused || (asked != null && !waitAsAsked) || attempt >= settings.maxRetries()) {
                throw attempt == 0 ? failure : failure.withMessage(failure.getMessage() + " (after " + (attempt + 1) + " attempts)");
            }
            pause(waitAsAsked ? asked : backoff(attempt + 1), uri);
        }
    }

    /** One exchange under the total deadline. */
    private HttpResult attempt(final HttpRequest request, final URI uri) throws SourceException {
        final String what = request.method() + " " + uri;
        final BoundedBodyHandler handler = new BoundedBodyHandler(settings.maxBodyBytes(), ERROR_BODY_BYTES);
        final CompletableFuture<HttpResponse<byte[]>> exchange;
        final HttpResponse<byte[]> response;
        try {
            limiter.acquire();
            exchange = client.sendAsync(request, handler);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(Code.INTERRUPTED, uri.toString(), "Interrupted while fetching " + uri, true, e);
        }
        try {
            response = exchange.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (final TimeoutException e) {
            exchange.cancel(true);
            final long received = handler.received();
            throw SourceException.siteTrouble(Code.TIMEOUT, 0, uri.toString(), what + " timed out: no complete answer within "
                    + seconds(settings.requestTimeout()) + (handler.statusSeen() == 0 ? " (no headers)"
                    : " (the body stalled after " + received + " bytes)"), e);
        } catch (final InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new SourceException(Code.INTERRUPTED, uri.toString(), "Interrupted while fetching " + uri, true, e);
        } catch (final ExecutionException | CancellationException e) {
            throw failureOf(e.getCause() == null ? e : e.getCause(), what, uri, handler);
        }
        return result(response, what, uri);
    }

    private HttpResult result(final HttpResponse<byte[]> response, final String what, final URI uri) throws SourceException {
        final int status = response.statusCode();
        final HttpHeaders headers = response.headers();
        final byte[] body = decoded(response.body(), headers, what, uri);
        final Optional<String> challenge = Challenges.recognise(headers, body);
        if (challenge.isPresent()) {
            throw SourceException.siteRefuses(Code.CHALLENGE, status, uri.toString(), what + " answered HTTP " + status + " with "
                    + challenge.get() + " instead of the document: the site's firewall does not let this client through now",
                    retryAfter(headers).orElse(null));
        }
        if (status == 304 || (status >= 200 && status < 300)) {
            return new HttpResult(response.uri(), status, body, headers.firstValue("Content-Type").orElse(null), validators(headers), headers.map());
        }
        final String message = what + " answered HTTP " + status + describeStatus(status) + quote(body);
        final String document = uri.toString();
        throw switch (status) {
            // Only these concern the document itself: it is not published yet, or was removed.
            case 404, 410 -> new SourceException(Code.HTTP_STATUS, status, document, message, true, null);
            case 401, 403, 407, 429 -> SourceException.siteRefuses(Code.HTTP_STATUS, status, document, message, retryAfter(headers).orElse(null));
            default -> new SourceException(Code.HTTP_STATUS, status, document, message, true, Reach.SITE, retryAfter(headers).orElse(null), null);
        };
    }

    /**
     * The body as the document: java.net.http asks for no compression, but servers and proxies sometimes compress
     * anyway; such a body is unpacked here, under the same size bound as any body.
     */
    private byte[] decoded(final byte[] body, final HttpHeaders headers, final String what, final URI uri) throws SourceException {
        final String encoding = headers.firstValue("Content-Encoding").orElse("identity").trim().toLowerCase(Locale.ROOT);
        if (body.length == 0 || encoding.isEmpty() || encoding.equals("identity")) {
            return body;
        }
        try (InputStream in = switch (encoding) {
            case "gzip", "x-gzip" -> new GZIPInputStream(new ByteArrayInputStream(body));
            case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(body));
            default -> throw SourceException.siteTrouble(Code.UNEXPECTED_CONTENT, 0, uri.toString(), what + " answered with a body in the "
                    + "unknown Content-Encoding '" + encoding + "'", null);
        }) {
            final byte[] unpacked = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.maxBodyBytes() + 1));
            if (unpacked.length > settings.maxBodyBytes()) {
                throw new SourceException(Code.DOCUMENT_TOO_LARGE, uri.toString(), what + " answered with a " + encoding
                        + " body that unpacks to more than the maximum document size of " + settings.maxBodyBytes() + " bytes", false, null);
            }
            return unpacked;
        } catch (final IOException e) {
            throw SourceException.siteTrouble(Code.CONNECTION_FAILED, 0, uri.toString(), what + " answered with a body declared "
                    + encoding + " that does not unpack: " + e.getMessage(), e);
        }
    }

    private SourceException failureOf(final Throwable cause, final String what, final URI uri, final BoundedBodyHandler handler) {
        final String document = uri.toString();
        final Throwable root = BoundedBodyHandler.find(cause, BoundedBodyHandler.TooLarge.class);
        if (root instanceof BoundedBodyHandler.TooLarge tooLarge) {
            return new SourceException(Code.DOCUMENT_TOO_LARGE, document, what + " " + tooLarge.getMessage()
                    + "; the maximum document size is " + settings.maxBodyBytes() + " bytes", false, tooLarge);
        }
        if (BoundedBodyHandler.find(cause, HttpConnectTimeoutException.class) != null) {
            return SourceException.siteTrouble(Code.TIMEOUT, 0, document, "Connecting to " + uri.getHost() + " timed out after "
                    + seconds(settings.connectTimeout()), cause);
        }
        if (BoundedBodyHandler.find(cause, HttpTimeoutException.class) != null) {
            return SourceException.siteTrouble(Code.TIMEOUT, 0, document, what + " timed out: no answer within "
                    + seconds(settings.requestTimeout()), cause);
        }
        if (BoundedBodyHandler.find(cause, ConnectException.class) != null) {
            return SourceException.siteTrouble(Code.CONNECTION_FAILED, 0, document, "Cannot connect to " + uri.getHost()
                    + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + ": " + cause, cause);
        }
        final String where = handler.statusSeen() == 0 ? " before an answer came"
                : " after HTTP " + handler.statusSeen() + " and " + handler.received() + " bytes of the body"
                + (handler.declaredLength() >= 0 ? " of " + handler.declaredLength() + " declared" : "");
        return SourceException.siteTrouble(Code.CONNECTION_FAILED, 0, document, what + " failed" + where + ": "
                + (cause instanceof IOException || cause.getMessage() == null ? String.valueOf(cause) : cause.getMessage()), cause);
    }

    /** Exponential backoff with jitter: half the delay fixed, half random, so that retrying clients spread out. */
    private Duration backoff(final int attempt) {
        final long base = settings.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
        final long capped = Math.min(base, settings.maxBackoff().toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private void pause(final Duration delay, final URI uri) throws SourceException {
        try {
            sleeper.sleep(delay);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(Code.INTERRUPTED, uri.toString(), "Interrupted while waiting to retry " + uri, true, e);
        }
    }

    Optional<Duration> retryAfter(final HttpHeaders headers) {
        return RetryAfter.parse(headers.allValues("Retry-After"), clock.instant(), MAX_RETRY_AFTER);
    }

    /** The answer's ETag and Last-Modified, each kept only when it looks like one (short, printable). */
    static Validators validators(final HttpHeaders headers) {
        return new Validators(validator(headers.firstValue("ETag").orElse(null)), validator(headers.firstValue("Last-Modified").orElse(null)));
    }

    private static String validator(final String value) {
        if (value == null || value.isBlank() || value.length() > MAX_VALIDATOR_LENGTH || value.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            return null;
        }
        return value.trim();
    }

    private static String describeStatus(final int status) {
        return switch (status) {
            case 401, 407 -> " (authentication required: the site or a proxy refuses this client)";
            case 403 -> " (Forbidden: the site or its firewall refuses this client now; the Senate eFD also refuses clients outside "
                    + "the United States)";
            case 404 -> " (Not Found: not published yet, or removed)";
            case 410 -> " (Gone: removed)";
            case 429 -> " (Too Many Requests: the site throttles this client)";
            default -> status >= 500 ? " (server error)" : "";
        };
    }

    /** The start of an error page's text, to show what the site said. */
    private static String quote(final byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        final String text = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8)
                .replaceAll("(?s)<(script|style)[^>]*>.*?</\\1>", " ").replaceAll("<[^>]*>", " ")
                .replaceAll("[\\p{Cntrl}\\s]+", " ").trim();
        return text.isEmpty() ? "" : ": " + (text.length() > 160 ? text.substring(0, 160) + "..." : text);
    }

    private static String seconds(final Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    @Override
    public void close() {
        client.shutdownNow();
        client.close();
    }
}
