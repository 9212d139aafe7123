package org.spotlight.nifi.services.clickhouse;

import org.apache.nifi.controller.ControllerService;
import org.spotlight.clickhouse.client.ClickHouseClient;

/**
 * A connection to a ClickHouse server (or several replicas, with failover) over HTTP, as a NiFi controller service.
 * <p>
 * The operations are Spotlight's own {@link ClickHouseClient} port (statements, whole and streamed queries, streamed
 * inserts, server info), so processors and domain classes never touch the HTTP client the implementation uses.
 */
public interface ClickHouseConnectionService extends ControllerService, ClickHouseClient {

    /**
     * The address of a table for provenance events, e.g. {@code http://clickhouse-1:8123/spotlight/trades}: the first
     * of the configured endpoints (in sorted order, so that it does not change with failover) and the table.
     */
    String getTransitUri(String database, String table);
}
