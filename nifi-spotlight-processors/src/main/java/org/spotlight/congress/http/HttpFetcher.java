package org.spotlight.congress.http;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;

import javax.net.ssl.SSLContext;
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
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * A polite HTTP client for the disclosure sites, on java.net.http: one request at a time at most every
 * {@code minRequestInterval}, a real User-Agent, connect and request timeouts, bounded retries with exponential
 * backoff (honouring Retry-After) for throttling, server errors and network failures, conditional GETs, and a
 * cookie jar for sites with sessions (the Senate eFD).
 */
public final class HttpFetcher implements AutoCloseable {

    /** Answers worth repeating after a pause: throttling, timeouts and server-side trouble. */
    private static final Set<Integer> RETRIED_STATUSES = Set.of(408, 425, 429, 500, 502, 503, 504);
    /** Statuses that say the same request can succeed later without anything changing on our side. */
    private static final Set<Integer> RETRYABLE_STATUSES = Set.of(404, 408, 410, 425, 429, 500, 502, 503, 504);

    /**
     * @param minRequestInterval at least this long between the starts of two requests
     * @param maxRetries         retries after the first attempt for retried failures
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

    public HttpFetcher(final Settings settings) {
        this(settings, Sleeper.SYSTEM);
    }

    public HttpFetcher(final Settings settings, final Sleeper sleeper) {
        this.settings = settings;
        this.sleeper = sleeper;
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
        template.timeout(settings.requestTimeout()).header("User-Agent", settings.userAgent());
        final HttpRequest request = template.build();
        int attempt = 0;
        while (true) {
            Duration retryAfter = null;
            SourceException failure;
            try {
                limiter.acquire();
                final HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                final int status = response.statusCode();
                if (status == 304 || (status >= 200 && status < 300)) {
                    final byte[] body = readBounded(response, uri);
                    return new HttpResult(response.uri(), status, body, response.headers().firstValue("Content-Type").orElse(null),
                            new Validators(response.headers().firstValue("ETag").orElse(null),
                                    response.headers().firstValue("Last-Modified").orElse(null)),
                            response.headers().map());
                }
                drain(response);
                failure = new SourceException(Code.HTTP_STATUS, status, uri.toString(),
                        request.method() + " " + uri + " answered HTTP " + status + describeStatus(status),
                        RETRYABLE_STATUSES.contains(status), null);
                if (!RETRIED_STATUSES.contains(status)) {
                    throw failure;
                }
                retryAfter = retryAfter(response.headers()).orElse(null);
            } catch (final HttpConnectTimeoutException e) {
                failure = new SourceException(Code.TIMEOUT, uri.toString(), "Connecting to " + uri.getHost() + " timed out after "
                        + settings.connectTimeout().toSeconds() + " s", true, e);
            } catch (final HttpTimeoutException e) {
                failure = new SourceException(Code.TIMEOUT, uri.toString(), request.method() + " " + uri + " timed out after "
                        + settings.requestTimeout().toSeconds() + " s", true, e);
            } catch (final ConnectException e) {
                failure = new SourceException(Code.CONNECTION_FAILED, uri.toString(), "Cannot connect to " + uri.getHost()
                        + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + ": " + e, true, e);
            } catch (final IOException e) {
                failure = new SourceException(Code.CONNECTION_FAILED, uri.toString(), request.method() + " " + uri + " failed: " + e, true, e);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException(Code.INTERRUPTED, uri.toString(), "Interrupted while fetching " + uri, true, e);
            }
            if (attempt >= settings.maxRetries()) {
                throw attempt == 0 ? failure : new SourceException(failure.code(), failure.httpStatus(), failure.document(),
                        failure.getMessage() + " (after " + (attempt + 1) + " attempts)", failure.retryable(), failure.getCause());
            }
            attempt++;
            pause(retryAfter != null ? retryAfter : backoff(attempt), uri);
        }
    }

    private byte[] readBounded(final HttpResponse<InputStream> response, final URI uri) throws IOException, SourceException {
        try (InputStream body = response.body()) {
            final byte[] content = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.maxBodyBytes() + 1));
            if (content.length > settings.maxBodyBytes()) {
                throw new SourceException(Code.DOCUMENT_TOO_LARGE, uri.toString(), uri + " is larger than the maximum document size of "
                        + settings.maxBodyBytes() + " bytes", false, null);
            }
            return content;
        }
    }

    private static void drain(final HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            body.skip(64 * 1024);
        } catch (final IOException ignored) {
            // The status is what matters; an unreadable error page changes nothing.
        }
    }

    /** Exponential backoff with jitter: half the delay fixed, half random, so that retrying clients spread out. */
    private Duration backoff(final int attempt) {
        final long base = settings.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
        final long capped = Math.min(base, settings.maxBackoff().toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private void pause(final Duration delay, final URI uri) throws SourceException {
        final Duration bounded = delay.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : delay;
        try {
            sleeper.sleep(bounded);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(Code.INTERRUPTED, uri.toString(), "Interrupted while waiting to retry " + uri, true, e);
        }
    }

    static Optional<Duration> retryAfter(final HttpHeaders headers) {
        return headers.firstValue("Retry-After").flatMap(value -> {
            final String trimmed = value.trim();
            if (trimmed.matches("\\d+")) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
            }
            try {
                final Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (final DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    private static String describeStatus(final int status) {
        return switch (status) {
            case 403 -> " (Forbidden: access refused; the Senate eFD refuses clients outside the United States and sessions without the terms-of-use agreement)";
            case 404 -> " (Not Found: not published yet, or removed)";
            case 429 -> " (Too Many Requests: the site throttles this client)";
            case 500, 502, 503, 504 -> " (server error)";
            default -> "";
        };
    }

    @Override
    public void close() {
        client.close();
    }
}
