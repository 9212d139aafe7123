package org.spotlight.failure;

import org.spotlight.storage.StoredObject;

import java.io.InputStream;
import java.util.Map;

/**
 * Where payloads above the inline limit go: a bucket of S3-compatible object storage. The processor implements it
 * over the ObjectStorageService, whose uploads stream and compute the SHA-256 on the way.
 */
public interface PayloadObjects {

    /** The key prefix payload objects are stored under, e.g. {@code failures/}. */
    String keyPrefix();

    /** The URI an object with this key has, as {@link StoredObject#uri()} gives it. */
    String uri(String key);

    /**
     * @param size the exact content length
     * @throws org.spotlight.storage.ObjectStorageException classified failure
     */
    StoredObject put(String key, InputStream content, long size, String contentType, Map<String, String> metadata);
}
