package org.spotlight.nifi.services.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.DataStreamWriter;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.data.ClickHouseFormat;
import org.apache.nifi.controller.ControllerService;

import java.util.List;
import java.util.Map;

/**
 * A connection to a ClickHouse server (or several replicas, with failover) over HTTP.
 * <p>
 * Every statement sent through this service carries an explicit {@code FORMAT} clause where it returns
 * rows, because servers before 19.x ignore the client's format header; callers of {@link #getClient()}
 * must do the same to stay compatible with them.
 */
public interface ClickHouseConnectionService extends ControllerService {

    /** The client-v2 client built from this service's configuration, shared by all callers. */
    Client getClient();

    /** The database that unqualified table names refer to. */
    String getDatabase();

    /** Version and capabilities of the server, detected when the service was enabled. */
    ClickHouseServerInfo getServerInfo();

    /**
     * Runs a statement that returns no rows (DDL, ALTER, OPTIMIZE ...).
     *
     * @param settings server settings for this statement only (may be empty)
     * @throws ClickHouseException classified failure
     */
    void execute(String sql, Map<String, Object> settings);

    /**
     * Runs a query and reads its whole result. The SQL must not carry a FORMAT clause: the service adds one.
     *
     * @throws ClickHouseException classified failure
     */
    ClickHouseQueryResult query(String sql, Map<String, Object> settings);

    /**
     * Streams an insert: {@code writer} writes rows in {@code format} straight into the HTTP request body,
     * so no batch is held in memory. The writer may be called again when the client retries a request.
     *
     * @param table    table name, quoted as needed by the caller (may be database-qualified)
     * @param columns  the columns the rows provide, in order, already quoted; empty for all columns
     * @param settings server settings for this insert (e.g. insert_deduplication_token, async_insert)
     * @param queryId  the query id to use, so that callers can look the insert up or correlate retries
     * @throws ClickHouseException classified failure
     */
    InsertResponse insert(String table, List<String> columns, ClickHouseFormat format, DataStreamWriter writer,
                          Map<String, Object> settings, String queryId);
}
