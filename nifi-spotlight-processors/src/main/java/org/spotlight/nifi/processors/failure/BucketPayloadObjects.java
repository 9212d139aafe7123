package org.spotlight.nifi.processors.failure;

import org.spotlight.failure.PayloadObjects;
import org.spotlight.storage.ObjectStorageException;
import org.spotlight.nifi.services.storage.ObjectStorageService;
import org.spotlight.storage.StoredObject;

import java.io.InputStream;
import java.util.Map;

/** Payload objects in one bucket of the object storage service; the bucket is created on first use. */
final class BucketPayloadObjects implements PayloadObjects {

    private final ObjectStorageService storage;
    private final String bucket;
    private final String keyPrefix;
    private volatile boolean bucketEnsured;

    BucketPayloadObjects(final ObjectStorageService storage, final String bucket, final String keyPrefix) {
        this.storage = storage;
        this.bucket = bucket;
        this.keyPrefix = keyPrefix == null ? "" : keyPrefix;
    }

    @Override
    public String keyPrefix() {
        return keyPrefix;
    }

    @Override
    public String uri(final String key) {
        return new StoredObject(bucket, key, 0, null, null, null, Map.of()).uri();
    }

    @Override
    public StoredObject put(final String key, final InputStream content, final long size, final String contentType,
                            final Map<String, String> metadata) {
        if (!bucketEnsured) {
            storage.ensureBucket(bucket);
            bucketEnsured = true;
        }
        try {
            return storage.putObject(bucket, key, content, size, contentType, metadata);
        } catch (final ObjectStorageException e) {
            if (!e.isRetryable()) {
                // The bucket may have been deleted: look for it, and create it, before the next upload.
                bucketEnsured = false;
            }
            throw e;
        }
    }
}
