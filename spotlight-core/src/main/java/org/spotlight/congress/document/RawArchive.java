package org.spotlight.congress.document;

import org.spotlight.congress.SourceException;

/**
 * Keeps every raw document as fetched, so that parses can be re-run later without the web (replay mode), and
 * so that each record can point at the exact bytes it came from.
 */
public interface RawArchive {

    /** Stores the document (unless the same bytes are already stored) and returns it with its s3:// URI set. */
    RawDocument store(RawDocument document) throws SourceException;

    /** Reads a stored document back; {@link SourceException.Code#NOT_FOUND} when it was never archived. */
    RawDocument read(DocumentRef ref) throws SourceException;
}
