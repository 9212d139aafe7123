package org.spotlight.flows;

import org.apache.nifi.flow.Bundle;
import org.apache.nifi.flow.ControllerServiceAPI;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/** Bundle coordinates of the components the flows use: Spotlight's NARs and NiFi 2.3.0's own. */
public final class Bundles {

    private static final Properties VERSIONS = load();

    public static final String SPOTLIGHT_VERSION = VERSIONS.getProperty("spotlight.version");
    public static final String NIFI_VERSION = VERSIONS.getProperty("nifi.version");

    public static final Bundle SPOTLIGHT = bundle("org.spotlight", "nifi-spotlight-nar", SPOTLIGHT_VERSION);
    public static final Bundle SPOTLIGHT_SERVICES_API = bundle("org.spotlight", "nifi-spotlight-services-api-nar", SPOTLIGHT_VERSION);
    public static final Bundle STANDARD_SERVICES_API = bundle("org.apache.nifi", "nifi-standard-services-api-nar", NIFI_VERSION);
    public static final Bundle RECORD_SERIALIZATION = bundle("org.apache.nifi", "nifi-record-serialization-services-nar", NIFI_VERSION);
    public static final Bundle KAFKA_PROCESSORS = bundle("org.apache.nifi", "nifi-kafka-nar", NIFI_VERSION);
    public static final Bundle STANDARD_PROCESSORS = bundle("org.apache.nifi", "nifi-standard-nar", NIFI_VERSION);
    public static final Bundle KAFKA_3_SERVICE = bundle("org.apache.nifi", "nifi-kafka-3-service-nar", NIFI_VERSION);
    public static final Bundle KAFKA_SERVICE_API = bundle("org.apache.nifi", "nifi-kafka-service-api-nar", NIFI_VERSION);

    public static final List<ControllerServiceAPI> RECORD_READER = List.of(api("org.apache.nifi.serialization.RecordReaderFactory", STANDARD_SERVICES_API));
    public static final List<ControllerServiceAPI> RECORD_WRITER = List.of(api("org.apache.nifi.serialization.RecordSetWriterFactory", STANDARD_SERVICES_API));
    public static final List<ControllerServiceAPI> CLICKHOUSE = List.of(api("org.spotlight.nifi.services.clickhouse.ClickHouseConnectionService", SPOTLIGHT_SERVICES_API));
    public static final List<ControllerServiceAPI> OBJECT_STORAGE = List.of(api("org.spotlight.nifi.services.storage.ObjectStorageService", SPOTLIGHT_SERVICES_API));
    public static final List<ControllerServiceAPI> KAFKA_CONNECTION = List.of(api("org.apache.nifi.kafka.service.api.KafkaConnectionService", KAFKA_SERVICE_API));

    private Bundles() {
    }

    static Bundle bundle(final String group, final String artifact, final String version) {
        return new Bundle(group, artifact, version);
    }

    private static ControllerServiceAPI api(final String type, final Bundle bundle) {
        final ControllerServiceAPI api = new ControllerServiceAPI();
        api.setType(type);
        api.setBundle(bundle);
        return api;
    }

    private static Properties load() {
        final Properties properties = new Properties();
        try (InputStream in = Bundles.class.getResourceAsStream("/spotlight-flows.properties")) {
            if (in == null) {
                throw new IllegalStateException("spotlight-flows.properties is missing from the classpath");
            }
            properties.load(in);
            return properties;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
