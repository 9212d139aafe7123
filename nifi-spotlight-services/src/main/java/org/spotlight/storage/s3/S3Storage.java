package org.spotlight.storage.s3;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import okhttp3.OkHttpClient;
import org.spotlight.storage.ObjectStorageException;
import org.spotlight.storage.StoredObject;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * S3-compatible object storage over minio-java: MinIO, AWS S3, S3Proxy. Failures are classified as retryable
 * (network, throttling, server errors) or not (missing buckets, denied access, bad credentials).
 */
public final class S3Storage implements AutoCloseable {

    /** User metadata key under which callers that know the hash up front record the content's SHA-256. */
    public static final String SHA256_METADATA = "sha256";

    private static final Set<String> RETRYABLE_CODES = Set.of("SlowDown", "InternalError", "ServiceUnavailable",
            "RequestTimeout", "RequestTimeTooSkewed", "OperationAborted", "XMinioServerNotInitialized");

    /**
     * @param pathStyle  true for path-style addressing (MinIO, S3Proxy), false for virtual-host style (AWS default)
     * @param sslContext with trustManager: custom TLS trust; both null for the JVM default
     * @param partSize   multipart part size for uploads of unknown length (at least 5 MiB, S3's minimum)
     */
    public record Settings(String endpoint, String region, String accessKey, String secretKey, boolean pathStyle,
                           SSLContext sslContext, X509TrustManager trustManager, Duration timeout, long partSize) {
        @Override
        public String toString() {
            return "Settings[endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle + "]";
        }
    }

    private final Settings settings;
    private final MinioClient client;

    public S3Storage(final Settings settings) {
        this.settings = settings;
        final OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(settings.timeout())
                .readTimeout(settings.timeout())
                .writeTimeout(settings.timeout())
                .retryOnConnectionFailure(true);
        if (settings.sslContext() != null && settings.trustManager() != null) {
            http.sslSocketFactory(settings.sslContext().getSocketFactory(), settings.trustManager());
        }
        final MinioClient.Builder builder = MinioClient.builder()
                .endpoint(settings.endpoint())
                .httpClient(http.build(), true);
        if (settings.region() != null && !settings.region().isBlank()) {
            builder.region(settings.region());
        }
        if (settings.accessKey() != null && !settings.accessKey().isEmpty()) {
            builder.credentials(settings.accessKey(), settings.secretKey());
        }
        this.client = builder.build();
        if (settings.pathStyle()) {
            client.disableVirtualStyleEndpoint();
        } else {
            client.enableVirtualStyleEndpoint();
        }
        client.setAppInfo("Spotlight-NiFi", "1");
    }

    public void ensureBucket(final String bucket) {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (final ErrorResponseException e) {
            if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
                throw classify("Creating bucket " + bucket, e);
            }
        } catch (final Exception e) {
            throw classify("Creating bucket " + bucket, e);
        }
    }

    public StoredObject put(final String bucket, final String key, final InputStream content, final long size,
                            final String contentType, final Map<String, String> userMetadata) {
        final MessageDigest sha256 = newSha256();
        try (DigestInputStream digesting = new DigestInputStream(content, sha256)) {
            final PutObjectArgs.Builder args = PutObjectArgs.builder()
                    .bucket(bucket)
                    .object(key)
                    .stream(digesting, size < 0 ? null : size, size < 0 ? settings.partSize() : null)
                    .contentType(contentType == null ? "application/octet-stream" : contentType)
                    .userMetadata(userMetadata == null ? Map.of() : userMetadata);
            final ObjectWriteResponse response = client.putObject(args.build());
            final String hash = HexFormat.of().formatHex(sha256.digest());
            final long length = size >= 0 ? size : stat(bucket, key).map(StoredObject::size).orElse(-1L);
            return new StoredObject(bucket, key, length, stripQuotes(response.etag()), hash, Instant.now(), userMetadata);
        } catch (final Exception e) {
            throw classify("Uploading s3://" + bucket + "/" + key, e);
        }
    }

    public InputStream get(final String bucket, final String key) {
        try {
            return client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (final Exception e) {
            throw classify("Reading s3://" + bucket + "/" + key, e);
        }
    }

    public Optional<StoredObject> stat(final String bucket, final String key) {
        try {
            final StatObjectResponse stat = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            final Map<String, String> metadata = new HashMap<>();
            stat.userMetadata().forEach(entry -> metadata.put(entry.getKey().toLowerCase(Locale.ROOT), entry.getValue()));
            return Optional.of(new StoredObject(bucket, key, stat.size(), stripQuotes(stat.etag()), metadata.get(SHA256_METADATA),
                    stat.lastModified() == null ? null : stat.lastModified().toInstant(), metadata));
        } catch (final ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code()) || "NoSuchObject".equals(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw classify("Reading metadata of s3://" + bucket + "/" + key, e);
        } catch (final Exception e) {
            throw classify("Reading metadata of s3://" + bucket + "/" + key, e);
        }
    }

    public void list(final String bucket, final String prefix, final Consumer<StoredObject> visitor) {
        try {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                final Item item = result.get();
                if (!item.isDir()) {
                    visitor.accept(new StoredObject(bucket, item.objectName(), item.size(), stripQuotes(item.etag()), null,
                            item.lastModified() == null ? null : item.lastModified().toInstant(), Map.of()));
                }
            }
        } catch (final ObjectStorageException e) {
            throw e;
        } catch (final Exception e) {
            throw classify("Listing s3://" + bucket + "/" + prefix, e);
        }
    }

    public void delete(final String bucket, final String key) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (final Exception e) {
            throw classify("Deleting s3://" + bucket + "/" + key, e);
        }
    }

    /** Lists the buckets the credentials can see: the connection check used by verification. */
    public List<String> bucketNames() {
        try {
            return client.listBuckets().stream().map(bucket -> bucket.name()).toList();
        } catch (final Exception e) {
            throw classify("Listing buckets at " + settings.endpoint(), e);
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (final Exception ignored) {
            // Closing only releases idle connections; nothing to report.
        }
    }

    static ObjectStorageException classify(final String action, final Exception failure) {
        if (failure instanceof ObjectStorageException already) {
            return already;
        }
        if (failure instanceof ErrorResponseException response) {
            final String code = response.errorResponse().code();
            return new ObjectStorageException(action + " failed: " + code + ": " + response.errorResponse().message(),
                    RETRYABLE_CODES.contains(code) || response.response().code() >= 500, failure);
        }
        if (failure instanceof IOException || failure.getCause() instanceof IOException) {
            final Throwable io = failure instanceof IOException ? failure : failure.getCause();
            return new ObjectStorageException(action + " failed: " + io.getClass().getSimpleName() + ": " + io.getMessage(), true, failure);
        }
        return new ObjectStorageException(action + " failed: " + failure.getMessage(), false, failure);
    }

    private static String stripQuotes(final String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
