package org.spotlight.testing;

import org.apache.nifi.controller.AbstractControllerService;
import org.spotlight.clickhouse.insert.RowWriter;
import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.clickhouse.client.ClickHouseCapability;
import org.spotlight.nifi.services.clickhouse.ClickHouseConnectionService;
import org.spotlight.clickhouse.client.ClickHouseException;
import org.spotlight.clickhouse.client.ClickHouseQueryResult;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;
import org.spotlight.clickhouse.client.ClickHouseVersion;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A ClickHouse stand-in for tests without a server (a mock stands in only where no real server is wanted: these are
 * unit tests of routing and insert logic; the same paths run against the real ClickHouse in the *IT tests). It decodes
 * the RowBinary rows of each insert (for the few column types the tests use), keeps what it accepted, fails inserts as
 * a test scripts it, and answers the system.columns / system.tables lookups for tables a test registers.
 */
public class FakeClickHouse extends AbstractControllerService implements ClickHouseConnectionService {

    /** One insert as received. */
    public record Insert(String table, List<String> columns, String format, Map<String, Object> settings, List<List<Object>> rows) {
    }

    /** A table the fake knows: columns as name → type, plus the engine as system.tables reports it. */
    private record Table(Map<String, String> columns, String engine, String engineFull) {
    }

    public final List<Insert> attempts = new ArrayList<>();
    public final List<Insert> accepted = new ArrayList<>();
    public final List<String> statements = new ArrayList<>();
    /** What reached the body of each insert the writer gave up on, as a server would receive it. */
    public final List<byte[]> abortedBodies = new ArrayList<>();
    private final Map<String, ClickHouseType> columnTypes;
    private final Map<String, Table> tables = new java.util.HashMap<>();
    private Function<Insert, ClickHouseException> failure = insert -> null;
    public ClickHouseServerInfo serverInfo = serverInfo(EnumSet.of(ClickHouseCapability.ROW_BINARY));

    /**
     * @param columnTypes the type of each column the tests insert (UInt64, Int64, String, Nullable of those)
     */
    public FakeClickHouse(final Map<String, ClickHouseType> columnTypes) {
        this.columnTypes = columnTypes;
    }

    public static ClickHouseServerInfo serverInfo(final Set<ClickHouseCapability> capabilities) {
        return new ClickHouseServerInfo(ClickHouseVersion.parse(capabilities.contains(ClickHouseCapability.INSERT_DEDUPLICATION_TOKEN)
                ? "24.8.4.13" : "18.16.1"), "UTC", capabilities, Set.of("String", "UInt64"), List.of());
    }

    /** Registers a table in database "spotlight" with columns as name → type, in order. */
    public void table(final String name, final Map<String, String> columns, final String engine, final String engineFull) {
        tables.put(name, new Table(columns, engine, engineFull));
    }

    /** Makes inserts fail: the function returns the failure for an insert, or null to accept it. */
    public void failWhen(final Function<Insert, ClickHouseException> rule) {
        this.failure = rule;
    }

    public List<List<Object>> acceptedRows() {
        return accepted.stream().flatMap(insert -> insert.rows().stream()).toList();
    }

    @Override
    public InsertSummary insert(final String table, final List<String> columns, final String format, final InsertWriter writer,
                                final Map<String, Object> settings, final String queryId) {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            writer.write(body);
        } catch (final IOException e) {
            final Insert aborted = new Insert(table, columns, format, settings, List.of());
            attempts.add(aborted);
            abortedBodies.add(body.toByteArray());
            throw new ClickHouseException(ClickHouseException.Kind.CLIENT, 0, false, queryId, "Insert aborted: " + e.getMessage(), e);
        }
        final List<String> names = columns.stream().map(name -> name.substring(1, name.length() - 1)).toList();
        final Insert insert = new Insert(table, names, format, Map.copyOf(settings), decode(names, format, body.toByteArray()));
        attempts.add(insert);
        final ClickHouseException failed = failure.apply(insert);
        if (failed != null) {
            throw failed;
        }
        accepted.add(insert);
        return new InsertSummary(queryId, insert.rows().size(), body.size());
    }

    /** The rows of a body as the server would parse them; IllegalStateException where it ends inside a row. */
    public List<List<Object>> decode(final List<String> names, final String format, final byte[] body) {
        final List<List<Object>> rows = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            while (in.available() > 0) {
                final List<Object> row = new ArrayList<>();
                for (String name : names) {
                    if ("RowBinaryWithDefaults".equals(format) && in.readUnsignedByte() == 1) {
                        row.add(RowWriter.DEFAULT);
                        continue;
                    }
                    row.add(value(columnTypes.get(name), in));
                }
                rows.add(row);
            }
        } catch (final IOException e) {
            throw new IllegalStateException("Undecodable RowBinary", e);
        }
        return rows;
    }

    private static Object value(final ClickHouseType type, final DataInputStream in) throws IOException {
        if (type.is("Nullable")) {
            return in.readUnsignedByte() == 1 ? null : value(type.argument(0), in);
        }
        return switch (type.family()) {
            case "UInt64", "Int64" -> Long.reverseBytes(in.readLong());
            case "String" -> {
                int length = 0;
                int shift = 0;
                int b;
                do {
                    b = in.readUnsignedByte();
                    length |= (b & 0x7F) << shift;
                    shift += 7;
                } while ((b & 0x80) != 0);
                yield new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
            default -> throw new IllegalArgumentException("FakeClickHouse does not decode " + type);
        };
    }

    public static ClickHouseException serverError(final int code, final String message) {
        return new ClickHouseException(ClickHouseException.Kind.SERVER, code, false, "q", "Insert failed: ClickHouse error " + code + ": " + message, null);
    }

    public static ClickHouseException connectionRefused() {
        return new ClickHouseException(ClickHouseException.Kind.CONNECTION, 0, true, "q", "Insert could not reach ClickHouse: Connection refused", null);
    }

    @Override
    public void query(final String sql, final String format, final Map<String, Object> settings, final ResultReader reader) {
        throw new UnsupportedOperationException("not used by these tests");
    }

    @Override
    public String getTransitUri(final String database, final String table) {
        return "http://fake-clickhouse:8123/" + database + "/" + table;
    }

    @Override
    public String getDatabase() {
        return "spotlight";
    }

    @Override
    public ClickHouseServerInfo getServerInfo() {
        return serverInfo;
    }

    @Override
    public void execute(final String sql, final Map<String, Object> settings) {
        statements.add(sql);
    }

    @Override
    public ClickHouseQueryResult query(final String sql, final Map<String, Object> settings) {
        final java.util.regex.Matcher lookup = java.util.regex.Pattern.compile("FROM system\\.(columns|tables) WHERE database = '([^']*)' AND (?:table|name) = '([^']*)'")
                .matcher(sql);
        if (!lookup.find()) {
            throw new UnsupportedOperationException("FakeClickHouse does not answer " + sql);
        }
        final Table table = "spotlight".equals(lookup.group(2)) ? tables.get(lookup.group(3)) : null;
        if (lookup.group(1).equals("columns")) {
            final List<List<String>> rows = table == null ? List.of() : table.columns().entrySet().stream()
                    .map(column -> List.of(lookup.group(2), lookup.group(3), column.getKey(), column.getValue(), "", "")).toList();
            return new ClickHouseQueryResult(List.of("database", "table", "name", "type", "default_kind", "default_expression"), rows);
        }
        return new ClickHouseQueryResult(List.of("database", "name", "engine", "engine_full"),
                table == null ? List.of() : List.of(List.of(lookup.group(2), lookup.group(3), table.engine(), table.engineFull())));
    }

}
