package org.spotlight.storage;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * S3-compatible object storage (MinIO, AWS S3, S3Proxy ...) as Spotlight's domain uses it: raw documents and large
 * failure payloads. Content is streamed in both directions; nothing is buffered whole in memory. Failures are
 * {@link ObjectStorageException}s.
 */
public interface ObjectStorage {

    /** Creates the bucket unless it exists. */
    void ensureBucket(String bucket);

    /**
     * Uploads an object, replacing any object with the same key. The content's SHA-256 is computed while it streams
     * and returned in {@link StoredObject#sha256()}.
     *
     * @param size         the content length, or -1 when unknown (the upload then uses multipart parts)
     * @param contentType  the MIME type, or null for application/octet-stream
     * @param userMetadata stored as x-amz-meta-* headers
     */
    StoredObject putObject(String bucket, String key, InputStream content, long size, String contentType,
                           Map<String, String> userMetadata);

    /** Opens an object's content; the caller closes the stream. */
    InputStream getObject(String bucket, String key);

    /** The object's metadata, or empty when it does not exist. */
    Optional<StoredObject> statObject(String bucket, String key);

    /** Visits every object whose key starts with {@code prefix}, in key order, without loading the listing whole. */
    void listObjects(String bucket, String prefix, Consumer<StoredObject> visitor);

    /** Deletes an object; deleting a missing object is not an error. */
    void deleteObject(String bucket, String key);
}
