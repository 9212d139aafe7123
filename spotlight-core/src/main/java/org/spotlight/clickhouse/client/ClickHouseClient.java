package org.spotlight.clickhouse.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * What Spotlight's domain needs from a ClickHouse server: statements, queries (whole or streamed), streamed inserts and
 * the server's capabilities. The domain codes against this port; NiFi's ClickHouseConnectionService extends it, and the
 * client-v2 implementation lives with the service, so no domain class sees the HTTP client.
 * <p>
 * Every statement that returns rows carries an explicit {@code FORMAT} clause, added here: servers before 19.x ignore
 * the client's format header.
 */
public interface ClickHouseClient {

    /** Writes an insert's rows, in the insert's format, straight into the request body. */
    @FunctionalInterface
    interface InsertWriter {
        /**
         * May be called again for the same insert when the request is retried: each call writes every row from the start.
         */
        void write(OutputStream body) throws IOException;
    }

    /** Reads a streamed query result, in the format the query asked for, while it arrives. */
    @FunctionalInterface
    interface ResultReader {
        void read(InputStream body) throws IOException;
    }

    /**
     * What the server reports about an insert.
     *
     * @param queryId      the insert's query id (for system.query_log)
     * @param writtenRows  rows the server wrote, or -1 when it did not say (servers before 22.x send no summary)
     * @param writtenBytes bytes the server wrote, or -1 when it did not say
     */
    record InsertSummary(String queryId, long writtenRows, long writtenBytes) {
    }

    /** The database that unqualified table names refer to. */
    String getDatabase();

    /**
     * Version and capabilities of the server, detected on first use.
     *
     * @throws ClickHouseException when the server cannot be reached
     */
    ClickHouseServerInfo getServerInfo();

    /**
     * Runs a statement that returns no rows (DDL, ALTER, OPTIMIZE ...).
     *
     * @param settings server settings for this statement only (may be empty)
     * @throws ClickHouseException classified failure
     */
    void execute(String sql, Map<String, Object> settings);

    /**
     * Runs a query and reads its whole result. The SQL must not carry a FORMAT clause: the client adds one.
     *
     * @throws ClickHouseException classified failure
     */
    ClickHouseQueryResult query(String sql, Map<String, Object> settings);

    /**
     * Runs a query and streams its result to {@code reader} in {@code format} (e.g. {@code JSONEachRow}), without
     * holding it in memory. The SQL must not carry a FORMAT clause: the client adds one.
     *
     * @throws IOException         what {@code reader} throws, and a result that breaks off while it is read
     * @throws ClickHouseException classified failure of the request
     */
    void query(String sql, String format, Map<String, Object> settings, ResultReader reader) throws IOException;

    /**
     * Streams an insert: {@code writer} writes rows in {@code format} straight into the HTTP request body, so no batch
     * is held in memory. The settings Spotlight's guarantees rest on (see ProtectedSettings) are pinned last.
     *
     * @param table    table name, quoted as needed by the caller (may be database-qualified)
     * @param columns  the columns the rows provide, in order, already quoted; empty for all columns
     * @param format   a ClickHouse input format name, e.g. {@code RowBinary} or {@code JSONEachRow}
     * @param settings server settings for this insert (e.g. insert_deduplication_token, async_insert)
     * @param queryId  the query id to use, so that callers can look the insert up or correlate retries; null for a new one
     * @throws ClickHouseException classified failure; a failure of {@code writer} itself (its source could not be read)
     *                             is a non-retryable {@link ClickHouseException.Kind#CLIENT} failure whose cause chain holds
     *                             a {@link org.spotlight.clickhouse.ClickHouseErrors.WriterFailure}
     */
    InsertSummary insert(String table, List<String> columns, String format, InsertWriter writer,
                         Map<String, Object> settings, String queryId);
}
