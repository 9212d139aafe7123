package org.spotlight.congress.http;

/**
 * The validators a server sent with a document (ETag and Last-Modified), kept to make the next request
 * conditional: an unchanged document then costs a 304 and no download.
 */
public record Validators(String etag, String lastModified) {

    public static final Validators NONE = new Validators(null, null);

    public boolean isEmpty() {
        return (etag == null || etag.isEmpty()) && (lastModified == null || lastModified.isEmpty());
    }

    /** A compact form for processor state: {@code etag\tlast-modified}. */
    public String encode() {
        return (etag == null ? "" : etag) + "\t" + (lastModified == null ? "" : lastModified);
    }

    public static Validators decode(final String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return NONE;
        }
        final int tab = encoded.indexOf('\t');
        final String etag = tab < 0 ? encoded : encoded.substring(0, tab);
        final String lastModified = tab < 0 ? "" : encoded.substring(tab + 1);
        return new Validators(etag.isEmpty() ? null : etag, lastModified.isEmpty() ? null : lastModified);
    }
}
