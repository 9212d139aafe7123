package org.spotlight.nifi.processors.failure;

import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.TestRunner;
import org.spotlight.nifi.service.clickhouse.StandardClickHouseConnectionService;

import java.io.IOException;
import java.net.ServerSocket;

/**
 * The real connection service pointed at a loopback port nothing listens on: every request is refused at once, as
 * when the failure database is down. No server is needed, so unit tests can use it.
 */
final class UnreachableClickHouse {

    private UnreachableClickHouse() {
    }

    static StandardClickHouseConnectionService add(final TestRunner runner, final String id) throws InitializationException, IOException {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        final StandardClickHouseConnectionService service = new StandardClickHouseConnectionService();
        runner.addControllerService(id, service);
        runner.setProperty(service, StandardClickHouseConnectionService.URLS, "http://127.0.0.1:" + closedPort);
        runner.setProperty(service, StandardClickHouseConnectionService.CONNECT_TIMEOUT, "1 sec");
        runner.enableControllerService(service);
        return service;
    }
}
