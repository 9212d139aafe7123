package org.spotlight.congress.document;

import org.spotlight.congress.http.Validators;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A fetched document: its bytes as the source served them, when they were fetched, and the validators for the
 * next conditional request. {@link #notModified()} documents carry no content.
 *
 * @param location  where the bytes came from: a URL, a file path, or an s3:// URI
 * @param rawObjectUri the s3:// URI of the archived copy, once archived
 */
public record RawDocument(DocumentRef ref, String location, byte[] content, Validators validators, Instant fetchedAt,
                          boolean notModified, String rawObjectUri) {

    public static RawDocument unchanged(final DocumentRef ref, final String location, final Validators validators, final Instant at) {
        return new RawDocument(ref, location, new byte[0], validators, at, true, null);
    }

    public RawDocument archivedAs(final String uri) {
        return new RawDocument(ref, location, content, validators, fetchedAt, notModified, uri);
    }

    public String sha256() {
        return sha256(content);
    }

    public static String sha256(final byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
