package org.spotlight.nifi.processors.failure;

import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.TestRunner;
import org.spotlight.nifi.service.clickhouse.StandardClickHouseConnectionService;
import org.spotlight.testing.LocalServices;

import java.util.Map;

/** The real services of the local stack (and NiFi's real JSON reader and writer), added to a TestRunner. */
final class LiveServices {

    /** Short timeouts for tests that take ClickHouse away: a dead connection is noticed in seconds. */
    static final Map<PropertyDescriptor, String> CLICKHOUSE_TIMEOUTS = Map.of(
            StandardClickHouseConnectionService.CONNECT_TIMEOUT, "2 secs",
            StandardClickHouseConnectionService.SOCKET_TIMEOUT, "60 secs");

    private LiveServices() {
    }

    /**
     * Points a RouteToFailureDb runner at the local stack: its failure table in the real ClickHouse (short timeouts), large
     * payloads in a bucket of the real S3 server, and NiFi's JsonTreeReader registered as "json-reader" for the tests that
     * make it the Record Reader.
     *
     * @return the ClickHouse connection service, for the test's own queries
     */
    static StandardClickHouseConnectionService failureStore(final TestRunner route, final String failureTable, final String bucket)
            throws InitializationException {
        final StandardClickHouseConnectionService clickHouse = LocalServices.clickHouse(route, "clickhouse", null, CLICKHOUSE_TIMEOUTS);
        LocalServices.s3(route, "s3", null);
        jsonReader(route, "json-reader");
        route.setProperty(RouteToFailureDb.CLICKHOUSE_SERVICE, "clickhouse");
        route.setProperty(RouteToFailureDb.FAILURE_TABLE, failureTable);
        route.setProperty(RouteToFailureDb.OBJECT_STORAGE_SERVICE, "s3");
        route.setProperty(RouteToFailureDb.FAILURE_BUCKET, bucket);
        return clickHouse;
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
