package org.spotlight.congress.document;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.http.Validators;

/** Where documents are read from: the official sites, a local mirror of them, or the raw archive. */
public interface DocumentSource {

    /**
     * Reads a document. With validators from an earlier fetch, a source that supports conditional requests may
     * answer {@link RawDocument#notModified()}.
     */
    RawDocument fetch(DocumentRef ref, Validators validators) throws SourceException;

    /** The public URL of a document, written into records as document_url whichever source read it. */
    String publicUrl(DocumentRef ref);
}
