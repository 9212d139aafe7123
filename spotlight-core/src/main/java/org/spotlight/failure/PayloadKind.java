package org.spotlight.failure;

import java.util.Locale;

/** What a stored payload is, which decides how it is kept inline and how it is replayed. */
public enum PayloadKind {

    /** One record read with the configured Record Reader, kept as JSON. */
    RECORD("application/json", "json"),
    /** Content that is not readable as records but is UTF-8 text, kept as it is. */
    TEXT("text/plain; charset=UTF-8", "txt"),
    /** Content that is not text, kept base64-encoded inline, or byte for byte as an object. */
    BINARY("application/octet-stream", "bin");

    private final String contentType;
    private final String extension;

    PayloadKind(final String contentType, final String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    /** The lower-case name stored in the failure table's payload_kind column. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PayloadKind parse(final String value) {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
    }

    /** Content type of the payload as an object in object storage. */
    public String contentType() {
        return contentType;
    }

    /** File name extension of the payload as an object in object storage. */
    public String extension() {
        return extension;
    }
}
