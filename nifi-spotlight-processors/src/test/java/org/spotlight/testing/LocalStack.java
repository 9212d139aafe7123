package org.spotlight.testing;

import java.util.Locale;
import java.util.UUID;

/**
 * Endpoints and credentials of the local stack that {@code ./spotlight test} starts and exports. Integration tests
 * fail with this message, rather than skip, when they are run without it.
 */
public final class LocalStack {

    private LocalStack() {
    }

    public static String require(final String name) {
        final String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: integration tests run against the local stack; run them with ./spotlight test");
        }
        return value;
    }

    public static String clickHouseUrl() {
        return require("CLICKHOUSE_URL");
    }

    public static String clickHouseUser() {
        return require("CLICKHOUSE_USER");
    }

    public static String clickHousePassword() {
        return System.getenv().getOrDefault("CLICKHOUSE_PASSWORD", "");
    }

    public static String clickHouseDatabase() {
        return require("CLICKHOUSE_DATABASE");
    }

    public static String s3Endpoint() {
        return require("S3_ENDPOINT");
    }

    public static String s3AccessKey() {
        return require("S3_ACCESS_KEY");
    }

    public static String s3SecretKey() {
        return require("S3_SECRET_KEY");
    }

    public static String s3Region() {
        return System.getenv().getOrDefault("S3_REGION", "us-east-1");
    }

    public static String kafkaBootstrapServers() {
        return require("KAFKA_BOOTSTRAP_SERVERS");
    }

    /** A table name no other test run uses, so that tests can run against a shared server. */
    public static String uniqueName(final String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    }
}
