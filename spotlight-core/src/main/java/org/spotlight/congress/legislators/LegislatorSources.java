package org.spotlight.congress.legislators;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.http.HttpFetcher;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Where the congress-legislators files come from: http(s) URLs, fetched politely, or local files (paths or file: URIs). */
public final class LegislatorSources {

    private LegislatorSources() {
    }

    public static byte[] read(final String location, final HttpFetcher fetcher) throws SourceException {
        if (location.startsWith("http://") || location.startsWith("https://")) {
            return fetcher.get(URI.create(location), null, Map.of()).body();
        }
        final Path path;
        try {
            path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        } catch (final IllegalArgumentException e) {
            throw new SourceException(Code.NOT_FOUND, location, "'" + location + "' is neither a URL nor a file path: " + e.getMessage(), false, e);
        }
        try {
            return Files.readAllBytes(path);
        } catch (final IOException e) {
            throw new SourceException(Code.NOT_FOUND, location, "Cannot read " + path + ": " + e, false, e);
        }
    }
}
