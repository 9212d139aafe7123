package org.spotlight.bench;

import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.dbcp.DBCPService;
import org.apache.nifi.processor.exception.ProcessException;
import org.spotlight.clickhouse.types.ClickHouseColumn;
import org.spotlight.clickhouse.types.TableSchemas;
import org.spotlight.nifi.services.clickhouse.ClickHouseConnectionService;

import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetMetaDataImpl;
import javax.sql.rowset.RowSetProvider;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Optional;

/**
 * A DBCPService for the benchmark's PutDatabaseRecord path: connections come from NiFi's stock DBCPConnectionPool with
 * the ClickHouse JDBC driver, and inserts go through the driver unchanged. Only the table metadata differs:
 * clickhouse-jdbc 0.11.0 reads it with SQL that ClickHouse 18.16 rejects (system.columns.position, '::' casts) and in
 * a result format 18.16 lacks, so getColumns / getPrimaryKeys / getTables answer from system.columns as Spotlight's
 * TableSchemas reads it. On a current ClickHouse the stock pool can be used directly.
 */
public class ClickHouse1816MetadataDbcpService extends AbstractControllerService implements DBCPService {

    static final PropertyDescriptor POOL = new PropertyDescriptor.Builder()
            .name("Connection Pool")
            .description("The DBCPService that makes the JDBC connections (DBCPConnectionPool).")
            .required(true)
            .identifiesControllerService(DBCPService.class)
            .build();

    static final PropertyDescriptor METADATA = new PropertyDescriptor.Builder()
            .name("Metadata Connection")
            .description("The ClickHouse connection whose system.columns answers metadata requests.")
            .required(true)
            .identifiesControllerService(ClickHouseConnectionService.class)
            .build();

    private volatile DBCPService pool;
    private volatile ClickHouseConnectionService clickHouse;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return List.of(POOL, METADATA);
    }

    @OnEnabled
    public void onEnabled(final ConfigurationContext context) {
        pool = context.getProperty(POOL).asControllerService(DBCPService.class);
        clickHouse = context.getProperty(METADATA).asControllerService(ClickHouseConnectionService.class);
    }

    @Override
    public Connection getConnection() throws ProcessException {
        final Connection connection = pool.getConnection();
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class}, (proxy, method, args) -> {
            if (method.getName().equals("getMetaData")) {
                return metadata(connection.getMetaData());
            }
            return invoke(connection, method, args);
        });
    }

    private DatabaseMetaData metadata(final DatabaseMetaData driverMetadata) {
        return (DatabaseMetaData) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{DatabaseMetaData.class}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "getColumns" -> columns(database((String) args[0], (String) args[1]), (String) args[2]);
                    case "getPrimaryKeys" -> rowSet(List.of("COLUMN_NAME"));
                    case "getTables" -> tables(database((String) args[0], (String) args[1]), (String) args[2]);
                    default -> invoke(driverMetadata, method, args);
                });
    }

    private String database(final String catalog, final String schema) {
        return catalog != null ? catalog : schema != null ? schema : clickHouse.getDatabase();
    }

    private ResultSet columns(final String database, final String table) throws SQLException {
        final CachedRowSet rows = rowSet(List.of("COLUMN_NAME", "COLUMN_DEF", "DATA_TYPE", "COLUMN_SIZE", "IS_NULLABLE", "IS_AUTOINCREMENT"));
        final Optional<List<ClickHouseColumn>> columns = TableSchemas.columns(clickHouse, database, table);
        for (ClickHouseColumn column : columns.orElse(List.of())) {
            rows.moveToInsertRow();
            rows.updateString(1, column.name());
            rows.updateString(2, column.defaultExpression().isEmpty() ? null : column.defaultExpression());
            rows.updateString(3, Integer.toString(jdbcType(column)));
            rows.updateString(4, "0");
            rows.updateString(5, column.type().isNullable() ? "YES" : "NO");
            rows.updateString(6, "NO");
            rows.insertRow();
            rows.moveToCurrentRow();
        }
        rows.beforeFirst();
        return rows;
    }

    private ResultSet tables(final String database, final String table) throws SQLException {
        final CachedRowSet rows = rowSet(List.of("TABLE_NAME"));
        if (TableSchemas.columns(clickHouse, database, table).isPresent()) {
            rows.moveToInsertRow();
            rows.updateString(1, table);
            rows.insertRow();
            rows.moveToCurrentRow();
        }
        rows.beforeFirst();
        return rows;
    }

    private static int jdbcType(final ClickHouseColumn column) {
        return switch (column.type().base().family()) {
            case "Int8", "Int16", "Int32", "UInt8", "UInt16" -> Types.INTEGER;
            case "Int64", "UInt32", "UInt64" -> Types.BIGINT;
            case "Float32" -> Types.REAL;
            case "Float64" -> Types.DOUBLE;
            case "Decimal", "Decimal32", "Decimal64", "Decimal128" -> Types.DECIMAL;
            case "Date" -> Types.DATE;
            case "DateTime" -> Types.TIMESTAMP;
            default -> Types.VARCHAR;
        };
    }

    /** An empty, updatable result set with VARCHAR columns (JDBC getters convert "12" to an int where asked). */
    private static CachedRowSet rowSet(final List<String> names) throws SQLException {
        final CachedRowSet rows = RowSetProvider.newFactory().createCachedRowSet();
        final RowSetMetaDataImpl metadata = new RowSetMetaDataImpl();
        metadata.setColumnCount(names.size());
        for (int i = 0; i < names.size(); i++) {
            metadata.setColumnName(i + 1, names.get(i));
            metadata.setColumnLabel(i + 1, names.get(i));
            metadata.setColumnType(i + 1, Types.VARCHAR);
            metadata.setNullable(i + 1, java.sql.ResultSetMetaData.columnNullable);
        }
        rows.setMetaData(metadata);
        return rows;
    }

    private static Object invoke(final Object target, final java.lang.reflect.Method method, final Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (final InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
