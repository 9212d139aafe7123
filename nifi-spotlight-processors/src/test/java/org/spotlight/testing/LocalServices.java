package org.spotlight.testing;

import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.TestRunner;
import org.spotlight.nifi.service.clickhouse.StandardClickHouseConnectionService;
import org.spotlight.nifi.service.storage.S3ObjectStorageService;

import java.util.Map;

/** The local stack's real ClickHouse and S3 server as enabled controller services of a TestRunner. */
public final class LocalServices {

    private LocalServices() {
    }

    /** The local stack's ClickHouse. */
    public static StandardClickHouseConnectionService clickHouse(final TestRunner runner, final String id) throws InitializationException {
        return clickHouse(runner, id, null, Map.of());
    }

    /**
     * @param url   where to connect instead of the local stack's ClickHouse (a proxy in front of it, a closed port), or null
     * @param extra further properties of the service
     */
    public static StandardClickHouseConnectionService clickHouse(final TestRunner runner, final String id, final String url,
                                                                 final Map<PropertyDescriptor, String> extra) throws InitializationException {
        final StandardClickHouseConnectionService service = new StandardClickHouseConnectionService();
        runner.addControllerService(id, service);
        runner.setProperty(service, StandardClickHouseConnectionService.URLS, url == null ? LocalStack.clickHouseUrl() : url);
        runner.setProperty(service, StandardClickHouseConnectionService.USERNAME, LocalStack.clickHouseUser());
        runner.setProperty(service, StandardClickHouseConnectionService.PASSWORD, LocalStack.clickHousePassword());
        runner.setProperty(service, StandardClickHouseConnectionService.DATABASE, LocalStack.clickHouseDatabase());
        extra.forEach((descriptor, value) -> runner.setProperty(service, descriptor, value));
        runner.enableControllerService(service);
        return service;
    }

    /** The local stack's S3 server, or {@code endpoint} when not null. */
    public static S3ObjectStorageService s3(final TestRunner runner, final String id, final String endpoint) throws InitializationException {
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
}
