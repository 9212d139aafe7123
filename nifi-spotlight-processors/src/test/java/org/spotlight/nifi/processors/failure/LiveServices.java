package org.spotlight.nifi.processors.failure;

import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.TestRunner;
import org.spotlight.nifi.service.clickhouse.StandardClickHouseConnectionService;
import org.spotlight.nifi.service.storage.S3ObjectStorageService;
import org.spotlight.testing.LocalStack;

/** The real services of the local stack (and NiFi's real JSON reader and writer), added to a TestRunner. */
final class LiveServices {

    private LiveServices() {
    }

    /** ClickHouse at the local stack's URL, or at {@code url} (a proxy, or a closed port). */
    static StandardClickHouseConnectionService clickHouse(final TestRunner runner, final String id, final String url) throws InitializationException {
        final StandardClickHouseConnectionService service = new StandardClickHouseConnectionService();
        runner.addControllerService(id, service);
        runner.setProperty(service, StandardClickHouseConnectionService.URLS, url == null ? LocalStack.clickHouseUrl() : url);
        runner.setProperty(service, StandardClickHouseConnectionService.USERNAME, LocalStack.clickHouseUser());
        runner.setProperty(service, StandardClickHouseConnectionService.PASSWORD, LocalStack.clickHousePassword());
        runner.setProperty(service, StandardClickHouseConnectionService.DATABASE, LocalStack.clickHouseDatabase());
        runner.setProperty(service, StandardClickHouseConnectionService.CONNECT_TIMEOUT, "2 secs");
        runner.setProperty(service, StandardClickHouseConnectionService.SOCKET_TIMEOUT, "60 secs");
        runner.enableControllerService(service);
        return service;
    }

    static S3ObjectStorageService s3(final TestRunner runner, final String id, final String endpoint) throws InitializationException {
        final S3ObjectStorageService service = new S3ObjectStorageService();
        runner.addControllerService(id, service);
        runner.setProperty(service, S3ObjectStorageService.ENDPOINT, endpoint == null ? LocalStack.s3Endpoint() : endpoint);
        runner.setProperty(service, S3ObjectStorageService.ACCESS_KEY, LocalStack.s3AccessKey());
        runner.setProperty(service, S3ObjectStorageService.SECRET_KEY, LocalStack.s3SecretKey());
        runner.setProperty(service, S3ObjectStorageService.REGION, LocalStack.s3Region());
        runner.setProperty(service, S3ObjectStorageService.PART_SIZE, "5 MB");
        runner.setProperty(service, S3ObjectStorageService.TIMEOUT, "10 secs");
        runner.enableControllerService(service);
        return service;
    }

    /** NiFi's JsonTreeReader with its defaults (schema inferred from the data). */
    static JsonTreeReader jsonReader(final TestRunner runner, final String id) throws InitializationException {
        final JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService(id, reader);
        runner.enableControllerService(reader);
        return reader;
    }

    /** NiFi's JsonRecordSetWriter writing one JSON object per line. */
    static JsonRecordSetWriter jsonLinesWriter(final TestRunner runner, final String id) throws InitializationException {
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService(id, writer);
        runner.setProperty(writer, JsonRecordSetWriter.OUTPUT_GROUPING, JsonRecordSetWriter.OUTPUT_ONELINE);
        runner.enableControllerService(writer);
        return writer;
    }
}
