package org.spotlight.clickhouse.http;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.CompressionMethod;
import com.clickhouse.client.api.DataStreamWriter;
import com.clickhouse.client.api.command.CommandSettings;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import org.spotlight.clickhouse.ClickHouseErrors;
import org.spotlight.clickhouse.ProtectedSettings;
import org.spotlight.clickhouse.ServerProbe;
import org.spotlight.clickhouse.TabSeparated;
import org.spotlight.clickhouse.client.ClickHouseCapability;
import org.spotlight.clickhouse.client.ClickHouseClient;
import org.spotlight.clickhouse.client.ClickHouseException;
import org.spotlight.clickhouse.client.ClickHouseQueryResult;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;

import javax.net.ssl.SSLContext;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Spotlight's {@link ClickHouseClient} over HTTP with client-v2: the server's detected capabilities and the statement,
 * query and insert operations the Spotlight components need, with client-v2's failures classified
 * ({@link ClientFailures}). The only place besides the connection service that sees client-v2.
 * <p>
 * The server is probed lazily, on first use, so that a connection can be created while ClickHouse is down:
 * operations then fail with a retryable {@link ClickHouseException} until the server answers.
 */
public final class ClickHouseConnection implements ClickHouseClient, AutoCloseable {

    /**
     * @param endpoints      one or more base URLs such as {@code http://ch1:8123}; client-v2 fails over between them
     * @param password       may be empty
     * @param sslContext     null for the JVM default trust
     * @param serverSettings sent with every request
     */
    public record Settings(List<String> endpoints, String database, String username, String password, SSLContext sslContext,
                           Duration connectTimeout, Duration socketTimeout, ClickHouseCompression compression,
                           int maxConnections, Map<String, String> serverSettings, String clientName) {
        public Settings {
            endpoints = List.copyOf(endpoints);
            serverSettings = Map.copyOf(serverSettings);
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(compression, "compression");
            password = password == null ? "" : password;
        }

        @Override
        public String toString() {
            // Records print every component; the password must never reach a log line.
            return "Settings[endpoints=" + endpoints + ", database=" + database + ", username=" + username
                    + ", compression=" + compression + ", serverSettings=" + serverSettings.keySet() + "]";
        }
    }

    private static final String PROBE_ANSWER = "spotlight";
    private static final String SYSTEM_DATABASE = "system";
    private static final String DATABASE_PARAMETER = "database";

    private final Settings settings;
    private volatile Client client;
    private volatile ClickHouseServerInfo serverInfo;

    public ClickHouseConnection(final Settings settings) {
        this.settings = settings;
        this.client = buildClient(false);
    }

    @Override
    public String getDatabase() {
        return settings.database();
    }

    public List<String> endpoints() {
        return settings.endpoints();
    }

    public Settings settings() {
        return settings;
    }

    /** The client, once the server has been probed (compression is only switched on after it is known to work). */
    Client client() {
        getServerInfo();
        return client;
    }

    /**
     * @throws ClickHouseException when the server cannot be reached or refuses the probe queries
     */
    @Override
    public ClickHouseServerInfo getServerInfo() {
        ClickHouseServerInfo info = serverInfo;
        if (info == null) {
            synchronized (this) {
                info = serverInfo;
                if (info == null) {
                    info = detect();
                    serverInfo = info;
                }
            }
        }
        return info;
    }

    private ClickHouseServerInfo detect() {
        // Probed in the system database so that a missing configured database is reported as such, not as "unreachable".
        final ClickHouseServerInfo probed = new ServerProbe(sql -> query(client, SYSTEM_DATABASE, sql, Map.of())).probe();
        if (settings.compression() == ClickHouseCompression.NONE || !switchToCompressedClientIfItWorks()) {
            if (settings.compression() == ClickHouseCompression.LZ4) {
                throw new ClickHouseException(ClickHouseException.Kind.CLIENT, 0, false, null,
                        "ClickHouse " + probed.version() + " does not return correct LZ4-compressed responses;"
                                + " set Compression to None or Automatic", null);
            }
            return probed;
        }
        final Set<ClickHouseCapability> capabilities = EnumSet.of(ClickHouseCapability.NATIVE_COMPRESSION);
        capabilities.addAll(probed.capabilities());
        return new ClickHouseServerInfo(probed.version(), probed.timezone(), capabilities, probed.dataTypes(), probed.storagePolicies());
    }

    /**
     * Servers before 19.x answer {@code compress=1} requests with an empty body instead of an error, so compression is
     * probed with a query whose answer is known rather than assumed from the version.
     */
    private boolean switchToCompressedClientIfItWorks() {
        final Client compressedClient = buildClient(true);
        if (answersCorrectly(compressedClient)) {
            final Client plainClient = client;
            client = compressedClient;
            plainClient.close();
            return true;
        }
        compressedClient.close();
        return false;
    }

    private static boolean answersCorrectly(final Client candidate) {
        try (QueryResponse response = candidate.query("SELECT '" + PROBE_ANSWER + "' FORMAT TabSeparated").get();
             InputStream body = response.getInputStream()) {
            return (PROBE_ANSWER + "\n").equals(new String(body.readAllBytes(), StandardCharsets.UTF_8));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (final Exception | LinkageError e) {
            return false;
        }
    }

    @Override
    public void execute(final String sql, final Map<String, Object> statementSettings) {
        final CommandSettings commandSettings = new CommandSettings();
        statementSettings.forEach((name, value) -> commandSettings.serverSetting(name, String.valueOf(value)));
        final String queryId = UUID.randomUUID().toString();
        commandSettings.setQueryId(queryId);
        try {
            client().execute(sql, commandSettings).get().close();
        } catch (final ClickHouseException e) {
            throw e;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ClientFailures.classify(describe(sql), e, queryId);
        } catch (final Exception e) {
            throw ClientFailures.classify(describe(sql), e, queryId);
        }
    }

    @Override
    public ClickHouseQueryResult query(final String sql, final Map<String, Object> querySettings) {
        return query(client(), settings.database(), sql, querySettings);
    }

    @Override
    public void query(final String sql, final String format, final Map<String, Object> querySettings, final ResultReader reader)
            throws IOException {
        final QuerySettings options = queryOptions(settings.database(), querySettings);
        final String queryId = options.getQueryId();
        final QueryResponse response;
        try {
            // A FORMAT clause rather than the format header: servers before 19.x ignore the header.
            response = client().query(sql + "\nFORMAT " + format, options).get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ClientFailures.classify(describe(sql), e, queryId);
        } catch (final Exception e) {
            throw ClientFailures.classify(describe(sql), e, queryId);
        }
        try (response; InputStream body = response.getInputStream()) {
            reader.read(body);
        } catch (final IOException e) {
            throw e;
        } catch (final Exception e) {
            throw ClientFailures.classify(describe(sql), e, queryId);
        }
    }

    /** Runs a query in the system database: for checks that must work even when the configured database does not exist. */
    public ClickHouseQueryResult querySystem(final String sql) {
        return query(client(), SYSTEM_DATABASE, sql, Map.of());
    }

    private static ClickHouseQueryResult query(final Client using, final String database, final String sql,
                                               final Map<String, Object> querySettings) {
        final QuerySettings options = queryOptions(database, querySettings);
        final String queryId = options.getQueryId();
        // A FORMAT clause rather than the format header: servers before 19.x ignore the header.
        try (QueryResponse response = using.query(sql + "\nFORMAT TabSeparatedWithNames", options).get();
             InputStream body = response.getInputStream()) {
            final String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            if (text.isEmpty()) {
                // Even an empty result names its columns: the connection closed before the answer began.
                throw new EOFException("the response ended before its first line");
            }
            return TabSeparated.parseWithNames(text);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ClientFailures.classify(describe(sql), e, queryId);
        } catch (final Exception e) {
            throw ClientFailures.classify(describe(sql), e, queryId);
        }
    }

    private static QuerySettings queryOptions(final String database, final Map<String, Object> querySettings) {
        final QuerySettings options = new QuerySettings().setDatabase(database);
        options.serverSetting(DATABASE_PARAMETER, database);
        querySettings.forEach((name, value) -> options.serverSetting(name, String.valueOf(value)));
        options.setQueryId(UUID.randomUUID().toString());
        return options;
    }

    @Override
    public InsertSummary insert(final String table, final List<String> columns, final String format, final InsertWriter writer,
                                final Map<String, Object> insertSettings, final String queryId) {
        final InsertSettings options = new InsertSettings();
        insertSettings.forEach((name, value) -> options.serverSetting(name, String.valueOf(value)));
        // Last, so that nothing overrides them: what every record landing or failing loudly depends on.
        ProtectedSettings.pinned().forEach((name, value) -> options.serverSetting(name, String.valueOf(value)));
        final String id = queryId == null ? UUID.randomUUID().toString() : queryId;
        options.setQueryId(id);
        final ClickHouseFormat clickHouseFormat;
        try {
            clickHouseFormat = ClickHouseFormat.valueOf(format);
        } catch (final IllegalArgumentException e) {
            throw new ClickHouseException(ClickHouseException.Kind.CLIENT, 0, false, id, "Insert into " + table
                    + " failed: '" + format + "' is not a ClickHouse format", e);
        }
        try (InsertResponse response = client().insert(table, columns, new SourceGuard(writer), clickHouseFormat, options).get()) {
            return summary(id, response);
        } catch (final ClickHouseException e) {
            throw e;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ClientFailures.classify("Insert into " + table, e, id);
        } catch (final Exception e) {
            throw ClientFailures.classify("Insert into " + table, e, id);
        }
    }

    private static InsertSummary summary(final String queryId, final InsertResponse response) {
        try {
            return new InsertSummary(queryId, response.getWrittenRows(), response.getWrittenBytes());
        } catch (final RuntimeException e) {
            // Servers before 22.x send no X-ClickHouse-Summary header.
            return new InsertSummary(queryId, -1, -1);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * Tells the request body's own failures (its source could not be read) from the connection's: what the stream to
     * the server throws passes as it is, and is classified as a connection failure; anything else is wrapped in a
     * {@link ClickHouseErrors.WriterFailure}.
     */
    private record SourceGuard(InsertWriter writer) implements DataStreamWriter {
        @Override
        public void onOutput(final OutputStream out) throws IOException {
            final TransportStream transport = new TransportStream(out);
            try {
                writer.write(transport);
            } catch (final IOException | RuntimeException e) {
                if (transport.failure != null) {
                    // Once the connection failed, whatever the writer throws follows from it (often a second failure of
                    // the same stream, when the writer is closed).
                    if (e != transport.failure) {
                        transport.failure.addSuppressed(e);
                    }
                    throw transport.failure;
                }
                throw new ClickHouseErrors.WriterFailure(e);
            }
        }

        @Override
        public void onRetry() {
            // Every call of onOutput writes the rows from the start.
        }
    }

    /** The request body's stream, remembering whether it failed. */
    private static final class TransportStream extends FilterOutputStream {
        /** The first failure of the stream. */
        private IOException failure;

        TransportStream(final OutputStream out) {
            super(out);
        }

        @Override
        public void write(final int b) throws IOException {
            try {
                out.write(b);
            } catch (final IOException e) {
                failure = failure == null ? e : failure;
                throw e;
            }
        }

        @Override
        public void write(final byte[] bytes, final int offset, final int length) throws IOException {
            try {
                out.write(bytes, offset, length);
            } catch (final IOException e) {
                failure = failure == null ? e : failure;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (final IOException e) {
                failure = failure == null ? e : failure;
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (final IOException e) {
                failure = failure == null ? e : failure;
                throw e;
            }
        }
    }

    private Client buildClient(final boolean compressed) {
        final Client.Builder builder = new Client.Builder();
        settings.endpoints().forEach(builder::addEndpoint);
        builder.setUsername(settings.username())
                .setPassword(settings.password())
                .setDefaultDatabase(settings.database())
                .setConnectTimeout(settings.connectTimeout().toMillis(), ChronoUnit.MILLIS)
                .setSocketTimeout(settings.socketTimeout().toMillis(), ChronoUnit.MILLIS)
                .setMaxConnections(settings.maxConnections())
                .compressServerResponse(compressed)
                .compressClientRequest(compressed)
                // LZ4 is what every server speaks; ZSTD would need zstd-jni, which the NAR does not carry.
                .compressionMethod(CompressionMethod.LZ4)
                .setClientName(settings.clientName());
        if (settings.sslContext() != null) {
            builder.setSSLContext(settings.sslContext());
        }
        settings.serverSettings().forEach(builder::serverSetting);
        // client-v2 names the database in a header, which servers before 19.x ignore; the URL parameter works everywhere.
        builder.serverSetting(DATABASE_PARAMETER, settings.database());
        return builder.build();
    }

    private static String describe(final String sql) {
        final String oneLine = sql.strip().replaceAll("\\s+", " ");
        return "Query '" + (oneLine.length() > 120 ? oneLine.substring(0, 117) + "..." : oneLine) + "'";
    }
}
