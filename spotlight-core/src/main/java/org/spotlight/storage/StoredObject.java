package org.spotlight.storage;

import java.time.Instant;
import java.util.Map;

/**
 * An object in S3-compatible storage.
 *
 * @param etag         the entity tag the server reports (for single-part uploads the MD5 of the content)
 * @param sha256       hex SHA-256 of the content when known: computed while uploading, or read back from the
 *                     {@code sha256} user metadata where the uploader stored it; null otherwise
 * @param lastModified may be null when the server does not report it
 * @param userMetadata user metadata (x-amz-meta-*) with the prefix removed and names in lower case
 */
public record StoredObject(String bucket, String key, long size, String etag, String sha256, Instant lastModified,
                           Map<String, String> userMetadata) {

    public StoredObject {
        userMetadata = userMetadata == null ? Map.of() : Map.copyOf(userMetadata);
    }

    /** The object's address as {@code s3://bucket/key}, the form Spotlight stores in ClickHouse rows. */
    public String uri() {
        return "s3://" + bucket + "/" + key;
    }
}
