package org.spotlight.congress.document;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.http.Validators;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Documents from a local directory laid out like the official site: {@code DIR/public_disc/...} for the House,
 * {@code DIR/search/...} for the Senate. A page path ending in a slash reads {@code index.html} inside it, as
 * {@code wget --mirror} stores pages. Records still name the official URL.
 */
public final class DirectoryDocuments implements DocumentSource {

    private final Path root;
    private final URI publicBase;
    private final long maxBytes;
    private final Clock clock;

    public DirectoryDocuments(final Path root, final URI publicBase, final long maxBytes, final Clock clock) {
        this.root = root;
        this.publicBase = WebDocuments.withTrailingSlash(publicBase);
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    public Path root() {
        return root;
    }

    public Path pathOf(final DocumentRef ref) {
        final String sitePath = ref.sitePath();
        final Path path = root.resolve(sitePath.endsWith("/") ? sitePath + "index.html" : sitePath).normalize();
        if (!path.startsWith(root.normalize())) {
            throw new IllegalArgumentException(sitePath + " leaves " + root);
        }
        return path;
    }

    @Override
    public RawDocument fetch(final DocumentRef ref, final Validators validators) throws SourceException {
        final Path path = pathOf(ref);
        try {
            final long size = Files.size(path);
            if (size > maxBytes) {
                throw new SourceException(Code.DOCUMENT_TOO_LARGE, path.toString(), path + " is larger than the maximum document size of "
                        + maxBytes + " bytes", false, null);
            }
            return new RawDocument(ref, path.toString(), Files.readAllBytes(path), Validators.NONE, clock.instant(), false, null);
        } catch (final NoSuchFileException e) {
            throw new SourceException(Code.NOT_FOUND, path.toString(), "No file " + path + " for " + publicUrl(ref), false, e);
        } catch (final IOException e) {
            throw new SourceException(Code.NOT_FOUND, path.toString(), "Cannot read " + path + ": " + e.getMessage(), false, e);
        }
    }

    @Override
    public String publicUrl(final DocumentRef ref) {
        return publicBase.resolve(ref.sitePath()).toString();
    }
}
