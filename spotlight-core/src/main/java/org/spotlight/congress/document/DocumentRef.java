package org.spotlight.congress.document;

import org.spotlight.congress.model.Chamber;

/**
 * Names a source document independently of where it is read from: the web, a local mirror directory, or the
 * raw archive bucket.
 *
 * @param period      the year the document belongs to, or {@code community} for community datasets
 * @param id          the document's id within its period, e.g. {@code 20026590} or {@code 2025FD}
 * @param extension   file extension without the dot: {@code pdf}, {@code zip}, {@code html}, {@code json}
 * @param sitePath    the path on the official site without the leading slash, e.g.
 *                    {@code public_disc/ptr-pdfs/2025/20026590.pdf}; paths of pages end in a slash
 * @param contentType the MIME type to archive the document with
 */
public record DocumentRef(Chamber chamber, String period, String id, String extension, String sitePath, String contentType) {

    @Override
    public String toString() {
        return sitePath;
    }
}
