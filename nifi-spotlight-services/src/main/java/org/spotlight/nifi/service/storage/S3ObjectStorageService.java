package org.spotlight.nifi.service.storage;

import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnDisabled;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.controller.VerifiableControllerService;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.DataUnit;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.ssl.SSLContextProvider;
import org.spotlight.storage.ObjectStorageException;
import org.spotlight.nifi.services.storage.ObjectStorageService;
import org.spotlight.storage.StoredObject;
import org.spotlight.storage.s3.S3Storage;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

@Tags({"s3", "minio", "object storage", "aws", "spotlight"})
@CapabilityDescription("S3-compatible object storage (MinIO, AWS S3, S3Proxy ...) for Spotlight processors: raw documents "
        + "archived by FetchCongressTrades and large failure payloads stored by RouteToFailureDb. Uploads and downloads "
        + "stream; uploads of unknown length use multipart parts. Built on minio-java.")
public class S3ObjectStorageService extends AbstractControllerService implements ObjectStorageService, VerifiableControllerService {

    public static final PropertyDescriptor ENDPOINT = new PropertyDescriptor.Builder()
            .name("Endpoint URL")
            .description("The S3 API endpoint, e.g. http://minio:9000 or https://s3.us-east-1.amazonaws.com.")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.URL_VALIDATOR)
            .build();

    public static final PropertyDescriptor REGION = new PropertyDescriptor.Builder()
            .name("Region")
            .description("The region requests are signed for. MinIO accepts us-east-1 unless configured otherwise.")
            .required(true)
            .defaultValue("us-east-1")
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor ACCESS_KEY = new PropertyDescriptor.Builder()
            .name("Access Key ID")
            .description("The access key. Leave unset only for anonymous access to public buckets.")
            .required(false)
            .sensitive(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor SECRET_KEY = new PropertyDescriptor.Builder()
            .name("Secret Access Key")
            .description("The secret key that belongs to the access key.")
            .required(false)
            .sensitive(true)
            .dependsOn(ACCESS_KEY)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor PATH_STYLE = new PropertyDescriptor.Builder()
            .name("Path-Style Access")
            .description("Address buckets as http://host/bucket (MinIO, S3Proxy and most self-hosted servers) rather than "
                    + "http://bucket.host (AWS's default).")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("true")
            .build();

    public static final PropertyDescriptor SSL_CONTEXT_SERVICE = new PropertyDescriptor.Builder()
            .name("SSL Context Service")
            .description("Trust for an https endpoint signed by a private CA. Without it the JVM's default trust store is used.")
            .required(false)
            .identifiesControllerService(SSLContextProvider.class)
            .build();

    public static final PropertyDescriptor TIMEOUT = new PropertyDescriptor.Builder()
            .name("Communications Timeout")
            .description("Connect, read and write timeout of each request.")
            .required(true)
            .defaultValue("30 secs")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor PART_SIZE = new PropertyDescriptor.Builder()
            .name("Multipart Part Size")
            .description("Part size for uploads whose length is not known in advance; each part is buffered once, so this "
                    + "bounds the memory an upload uses. S3 requires at least 5 MB.")
            .required(true)
            .defaultValue("16 MB")
            .addValidator(StandardValidators.createDataSizeBoundsValidator(5L * 1024 * 1024, 5L * 1024 * 1024 * 1024))
            .build();

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(
            ENDPOINT, REGION, ACCESS_KEY, SECRET_KEY, PATH_STYLE, SSL_CONTEXT_SERVICE, TIMEOUT, PART_SIZE);

    private volatile S3Storage storage;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @OnEnabled
    public void onEnabled(final ConfigurationContext context) {
        storage = new S3Storage(settingsOf(context));
    }

    @OnDisabled
    public void onDisabled() {
        final S3Storage current = storage;
        storage = null;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public void ensureBucket(final String bucket) {
        storage().ensureBucket(bucket);
    }

    @Override
    public StoredObject putObject(final String bucket, final String key, final InputStream content, final long size,
                                  final String contentType, final Map<String, String> userMetadata) {
        return storage().put(bucket, key, content, size, contentType, userMetadata);
    }

    @Override
    public InputStream getObject(final String bucket, final String key) {
        return storage().get(bucket, key);
    }

    @Override
    public Optional<StoredObject> statObject(final String bucket, final String key) {
        return storage().stat(bucket, key);
    }

    @Override
    public void listObjects(final String bucket, final String prefix, final Consumer<StoredObject> visitor) {
        storage().list(bucket, prefix, visitor);
    }

    @Override
    public void deleteObject(final String bucket, final String key) {
        storage().delete(bucket, key);
    }

    @Override
    public List<ConfigVerificationResult> verify(final ConfigurationContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> variables) {
        final List<ConfigVerificationResult> results = new ArrayList<>();
        final S3Storage.Settings settings = settingsOf(context);
        try (S3Storage candidate = new S3Storage(settings)) {
            final List<String> buckets = candidate.bucketNames();
            results.add(new ConfigVerificationResult.Builder().verificationStepName("List buckets").outcome(Outcome.SUCCESSFUL)
                    .explanation("Authenticated at " + settings.endpoint() + "; " + buckets.size() + " bucket(s) visible: " + buckets)
                    .build());
        } catch (final ObjectStorageException e) {
            verificationLogger.warn("Object storage check failed", e);
            results.add(new ConfigVerificationResult.Builder().verificationStepName("List buckets").outcome(Outcome.FAILED)
                    .explanation(e.getMessage()).build());
        }
        return results;
    }

    private S3Storage storage() {
        final S3Storage current = storage;
        if (current == null) {
            throw new IllegalStateException("Object storage service " + getIdentifier() + " is not enabled");
        }
        return current;
    }

    private static S3Storage.Settings settingsOf(final ConfigurationContext context) {
        final SSLContextProvider ssl = context.getProperty(SSL_CONTEXT_SERVICE).asControllerService(SSLContextProvider.class);
        return new S3Storage.Settings(
                context.getProperty(ENDPOINT).evaluateAttributeExpressions().getValue(),
                context.getProperty(REGION).evaluateAttributeExpressions().getValue(),
                context.getProperty(ACCESS_KEY).getValue(),
                context.getProperty(SECRET_KEY).getValue(),
                context.getProperty(PATH_STYLE).asBoolean(),
                ssl == null ? null : ssl.createContext(),
                ssl == null ? null : ssl.createTrustManager(),
                Duration.ofMillis(context.getProperty(TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS)),
                context.getProperty(PART_SIZE).asDataSize(DataUnit.B).longValue());
    }
}
