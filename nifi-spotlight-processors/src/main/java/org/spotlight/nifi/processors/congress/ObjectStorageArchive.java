package org.spotlight.nifi.processors.congress;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.document.ArchiveLayout;
import org.spotlight.congress.document.DocumentRef;
import org.spotlight.congress.document.RawArchive;
import org.spotlight.congress.document.RawDocument;
import org.spotlight.congress.http.Validators;
import org.spotlight.storage.ObjectStorageException;
import org.spotlight.nifi.services.storage.ObjectStorageService;
import org.spotlight.storage.StoredObject;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The raw archive on S3-compatible storage: each document under {@code {prefix}/{chamber}/{year}/{id}.{ext}}
 * with its SHA-256, source URL and fetch time as user metadata. A document whose stored copy has the same
 * SHA-256 is not uploaded again; a replayed document is checked against its recorded SHA-256.
 */
final class ObjectStorageArchive implements RawArchive {

    static final String SHA256 = "sha256";
    static final String SOURCE_URL = "source-url";
    static final String FETCHED_AT = "fetched-at";

    private final ObjectStorageService storage;
    private final ArchiveLayout layout;
    private final long maxBytes;
    private volatile boolean bucketReady;

    ObjectStorageArchive(final ObjectStorageService storage, final ArchiveLayout layout, final long maxBytes) {
        this.storage = storage;
        this.layout = layout;
        this.maxBytes = maxBytes;
    }

    @Override
    public RawDocument store(final RawDocument document) throws SourceException {
        final DocumentRef ref = document.ref();
        final String key = layout.keyOf(ref);
        final String sha256 = document.sha256();
        try {
            ensureBucket();
            final Optional<StoredObject> existing = storage.statObject(layout.bucket(), key);
            if (existing.isEmpty() || !sha256.equals(existing.get().sha256())) {
                final Map<String, String> metadata = new LinkedHashMap<>();
                metadata.put(SHA256, sha256);
                metadata.put(SOURCE_URL, document.location());
                metadata.put(FETCHED_AT, document.fetchedAt().toString());
                storage.putObject(layout.bucket(), key, new ByteArrayInputStream(document.content()), document.content().length,
                        ref.contentType(), metadata);
            }
            return document.archivedAs(layout.uriOf(ref));
        } catch (final ObjectStorageException e) {
            throw new SourceException(Code.ARCHIVE_FAILED, layout.uriOf(ref), "Archiving " + document.location() + " as "
                    + layout.uriOf(ref) + " failed: " + e.getMessage(), e.isRetryable(), e);
        }
    }

    @Override
    public RawDocument read(final DocumentRef ref) throws SourceException {
        final String uri = layout.uriOf(ref);
        try {
            final StoredObject stored = storage.statObject(layout.bucket(), layout.keyOf(ref)).orElseThrow(() ->
                    new SourceException(Code.NOT_FOUND, uri, uri + " is not in the raw archive: the document was never archived", false, null));
            if (stored.size() > maxBytes) {
                throw new SourceException(Code.DOCUMENT_TOO_LARGE, uri, uri + " is larger than the maximum document size of " + maxBytes + " bytes", false, null);
            }
            final byte[] content;
            try (InputStream in = storage.getObject(layout.bucket(), layout.keyOf(ref))) {
                content = in.readNBytes((int) stored.size() + 1);
            }
            final String expected = stored.userMetadata().get(SHA256);
            if (expected != null && !expected.equals(RawDocument.sha256(content))) {
                throw new SourceException(Code.ARCHIVE_FAILED, uri, uri + " does not match the SHA-256 recorded when it was archived", false, null);
            }
            return new RawDocument(ref, uri, content, Validators.NONE, fetchedAt(stored), false, uri);
        } catch (final ObjectStorageException e) {
            throw new SourceException(Code.ARCHIVE_FAILED, uri, "Reading " + uri + " failed: " + e.getMessage(), e.isRetryable(), e);
        } catch (final IOException e) {
            throw new SourceException(Code.ARCHIVE_FAILED, uri, "Reading " + uri + " failed: " + e.getMessage(), true, e);
        }
    }

    private void ensureBucket() {
        if (!bucketReady) {
            storage.ensureBucket(layout.bucket());
            bucketReady = true;
        }
    }

    /** When the archived copy was first fetched from its source, so replayed records keep the original time. */
    private static Instant fetchedAt(final StoredObject stored) {
        final String recorded = stored.userMetadata().get(FETCHED_AT);
        try {
            return recorded != null ? Instant.parse(recorded) : stored.lastModified() != null ? stored.lastModified() : Instant.now();
        } catch (final DateTimeParseException e) {
            return stored.lastModified() != null ? stored.lastModified() : Instant.now();
        }
    }
}
