package org.spotlight.congress.feed;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.document.DocumentRef;
import org.spotlight.congress.document.DocumentSource;
import org.spotlight.congress.document.RawArchive;
import org.spotlight.congress.document.RawDocument;
import org.spotlight.congress.http.Validators;

import java.util.Arrays;

/**
 * Fetching a document and, when an archive is configured, archiving it before anything parses it.
 *
 * @param archive null when documents are not archived (or are being replayed from the archive)
 */
public record Documents(DocumentSource source, RawArchive archive) {

    /** Reads a fetched document into what the caller needs, or says why it cannot. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(RawDocument document) throws SourceException;
    }

    /**
     * A document and what was read from it, or the reason it could not be read.
     *
     * @param document the (last) document fetched, null when none came
     */
    public record Read<T>(RawDocument document, T value, SourceException error) {
    }

    /**
     * Fetches and parses a document. When it fails to parse for good, it is fetched once more, because a document
     * damaged on its way (cut short by a proxy, mixed up by a cache) fails the same way: only the same bytes again
     * confirm that the document itself is at fault. Other bytes are parsed instead; when they fail too, the site is
     * serving different broken versions, which is taken as a passing condition of the site.
     */
    public <T> Read<T> read(final DocumentRef ref, final Parser<T> parser) {
        RawDocument first = null;
        try {
            first = fetch(ref);
            return new Read<>(first, parser.parse(first), null);
        } catch (final SourceException e) {
            if (first == null || e.retryable() || !damageCanCause(e)) {
                return new Read<>(first, null, e);
            }
            final SourceException verdict = e;
            final RawDocument second;
            try {
                second = fetch(ref);
            } catch (final SourceException again) {
                return new Read<>(first, null, again.retryable() ? again : verdict);
            }
            if (Arrays.equals(first.content(), second.content())) {
                return new Read<>(first, null, verdict);
            }
            try {
                return new Read<>(second, parser.parse(second), null);
            } catch (final SourceException differentFailure) {
                return new Read<>(second, null, SourceException.siteTrouble(differentFailure.code(), 0, differentFailure.document(),
                        differentFailure.getMessage() + " (fetched twice, the site served two different versions that do not read)",
                        differentFailure));
            }
        }
    }

    /** A damaged transfer cuts or garbles a document; it never adds pages or bytes, so such verdicts need no second look. */
    private static boolean damageCanCause(final SourceException e) {
        return e.code() != Code.DOCUMENT_TOO_LARGE && e.code() != Code.PDF_TOO_MANY_PAGES;
    }

    public RawDocument fetch(final DocumentRef ref, final Validators validators) throws SourceException {
        final RawDocument document = source.fetch(ref, validators);
        return document.notModified() || archive == null ? document : archive.store(document);
    }

    public RawDocument fetch(final DocumentRef ref) throws SourceException {
        return fetch(ref, null);
    }

    public String publicUrl(final DocumentRef ref) {
        return source.publicUrl(ref);
    }
}
