package org.spotlight.congress.document;

/**
 * How much of a hostile or broken document Spotlight reads before it refuses it: every bound fails the document
 * alone, fast, with a reason naming the bound ({@code DOCUMENT_TOO_LARGE}, {@code PDF_TOO_MANY_PAGES}).
 *
 * @param maxDocumentBytes      any download (PDF, page, index zip, search answer, dataset); enforced while it arrives
 * @param maxPdfPages           pages of a PTR PDF; the longest real House PTRs run to a few hundred pages
 * @param maxPdfDecodedBytes    the content a PDF's compressed streams unpack to (fonts and page contents; page images
 *                              are not unpacked), so that a small PDF cannot inflate into gigabytes
 * @param maxHtmlBytes          an HTML page handed to jsoup (its DOM takes several times the page's size)
 * @param maxZipEntries         entries of a yearly index zip (the Clerk's hold two: the XML and the text form)
 * @param maxZipUnpackedBytes   the total a yearly index zip unpacks to (a full year is about 1.5 MB of XML)
 */
public record DocumentLimits(long maxDocumentBytes, int maxPdfPages, long maxPdfDecodedBytes, long maxHtmlBytes, int maxZipEntries,
                             long maxZipUnpackedBytes) {

    public static final long DEFAULT_MAX_DOCUMENT_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_MAX_PDF_PAGES = 1000;
    public static final long DEFAULT_MAX_PDF_DECODED_BYTES = 256L * 1024 * 1024;
    public static final long DEFAULT_MAX_HTML_BYTES = 16L * 1024 * 1024;
    public static final int DEFAULT_MAX_ZIP_ENTRIES = 64;
    public static final long DEFAULT_MAX_ZIP_UNPACKED_BYTES = 128L * 1024 * 1024;

    public static final DocumentLimits DEFAULTS = new DocumentLimits(DEFAULT_MAX_DOCUMENT_BYTES, DEFAULT_MAX_PDF_PAGES,
            DEFAULT_MAX_PDF_DECODED_BYTES, DEFAULT_MAX_HTML_BYTES, DEFAULT_MAX_ZIP_ENTRIES, DEFAULT_MAX_ZIP_UNPACKED_BYTES);

    public DocumentLimits {
        if (maxDocumentBytes <= 0 || maxPdfPages <= 0 || maxPdfDecodedBytes <= 0 || maxHtmlBytes <= 0 || maxZipEntries <= 0
                || maxZipUnpackedBytes <= 0) {
            throw new IllegalArgumentException("Document limits must be positive");
        }
    }

    /** The defaults with another download bound and page limit (the two FetchCongressTrades exposes as properties). */
    public static DocumentLimits of(final long maxDocumentBytes, final int maxPdfPages) {
        return new DocumentLimits(maxDocumentBytes, maxPdfPages, DEFAULT_MAX_PDF_DECODED_BYTES, DEFAULT_MAX_HTML_BYTES,
                DEFAULT_MAX_ZIP_ENTRIES, DEFAULT_MAX_ZIP_UNPACKED_BYTES);
    }
}
