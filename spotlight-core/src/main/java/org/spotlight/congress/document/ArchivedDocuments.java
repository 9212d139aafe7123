package org.spotlight.congress.document;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.http.Validators;

/**
 * Replay mode: documents come back from the raw archive instead of the web, so a parse can be re-run exactly on
 * the bytes fetched earlier. Records keep the official URL as document_url.
 */
public final class ArchivedDocuments implements DocumentSource {

    private final RawArchive archive;
    private final DocumentSource publicUrls;

    /**
     * @param publicUrls the source whose URLs the records should name (the web source for the same site)
     */
    public ArchivedDocuments(final RawArchive archive, final DocumentSource publicUrls) {
        this.archive = archive;
        this.publicUrls = publicUrls;
    }

    @Override
    public RawDocument fetch(final DocumentRef ref, final Validators validators) throws SourceException {
        return archive.read(ref);
    }

    @Override
    public String publicUrl(final DocumentRef ref) {
        return publicUrls.publicUrl(ref);
    }
}
