package org.spotlight.congress.document;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.http.HttpFetcher;
import org.spotlight.congress.http.HttpResult;
import org.spotlight.congress.http.Validators;

import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * Documents from an official site (or a stand-in serving the same paths) over HTTP, each checked to be the kind of
 * document asked for ({@link ContentCheck}) before anyone archives or parses it.
 */
public final class WebDocuments implements DocumentSource {

    private final HttpFetcher fetcher;
    private final URI baseUrl;
    private final Clock clock;

    public WebDocuments(final HttpFetcher fetcher, final URI baseUrl, final Clock clock) {
        this.fetcher = fetcher;
        this.baseUrl = withTrailingSlash(baseUrl);
        this.clock = clock;
    }

    @Override
    public RawDocument fetch(final DocumentRef ref, final Validators validators) throws SourceException {
        final URI uri = baseUrl.resolve(ref.sitePath());
        final HttpResult result = fetcher.get(uri, validators, Map.of());
        if (result.notModified()) {
            return RawDocument.unchanged(ref, uri.toString(), validators, clock.instant());
        }
        ContentCheck.verify(ref, result.body(), result.contentType(), uri.toString());
        return new RawDocument(ref, uri.toString(), result.body(), result.validators(), clock.instant(), false, null);
    }

    @Override
    public String publicUrl(final DocumentRef ref) {
        return baseUrl.resolve(ref.sitePath()).toString();
    }

    public static URI withTrailingSlash(final URI uri) {
        final String text = uri.toString();
        return text.endsWith("/") ? uri : URI.create(text + "/");
    }
}
