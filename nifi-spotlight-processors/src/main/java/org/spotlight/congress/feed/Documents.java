package org.spotlight.congress.feed;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.document.DocumentRef;
import org.spotlight.congress.document.DocumentSource;
import org.spotlight.congress.document.RawArchive;
import org.spotlight.congress.document.RawDocument;
import org.spotlight.congress.http.Validators;

/**
 * Fetching a document and, when an archive is configured, archiving it before anything parses it.
 *
 * @param archive null when documents are not archived (or are being replayed from the archive)
 */
public record Documents(DocumentSource source, RawArchive archive) {

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
