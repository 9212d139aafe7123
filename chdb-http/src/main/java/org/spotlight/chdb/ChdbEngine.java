package org.spotlight.chdb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ClickHouse engine of libchdb.so, booted once for the process with its data path and configuration file. Each
 * request gets a connection of its own, so that its database and settings stay its own; connections to the booted
 * path open in about a millisecond.
 */
final class ChdbEngine implements Engine, AutoCloseable {

    private static final int INSERT_CHUNK = 256 * 1024;

    private final Chdb chdb;
    private final List<String> sessionArguments;
    private final Chdb.Connection boot;
    private final String version;
    private final String timezone;

    /**
     * @param configFile a ClickHouse configuration file (its config.d/ beside it is merged in), or null
     */
    ChdbEngine(final Path library, final Path dataPath, final Path configFile) throws Chdb.EngineError {
        chdb = new Chdb(library);
        sessionArguments = List.of("clickhouse", "--path=" + dataPath);
        final List<String> bootArguments = new ArrayList<>(sessionArguments);
        if (configFile != null) {
            bootArguments.add("--config-file=" + configFile);
        }
        boot = chdb.connect(bootArguments);
        final String[] identity = new String(boot.run("SELECT version(), timezone()", "TabSeparated", Map.of()), StandardCharsets.UTF_8)
                .strip().split("\t");
        version = identity[0];
        timezone = identity[1];
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String timezone() {
        return timezone;
    }

    /** Runs one statement on the boot connection (start-up checks, the stack script's CREATE DATABASE). */
    String runOnBoot(final String sql) throws Chdb.EngineError {
        return new String(boot.run(sql, "TabSeparated", Map.of()), StandardCharsets.UTF_8);
    }

    @Override
    public Session open(final String database, final Map<String, String> settings) throws Chdb.EngineError {
        final Chdb.Connection connection = chdb.connect(sessionArguments);
        try {
            if (database != null) {
                connection.run("USE " + SqlText.identifier(database), "TabSeparated", Map.of());
            }
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                connection.run("SET " + SqlText.identifier(setting.getKey()) + " = " + SqlText.literal(setting.getValue()), "TabSeparated", Map.of());
            }
        } catch (final Chdb.EngineError | RuntimeException e) {
            connection.close();
            throw e;
        }
        return new ChdbSession(connection);
    }

    private record ChdbSession(Chdb.Connection connection) implements Session {

        @Override
        public Chdb.Stats query(final String sql, final String format, final Map<String, String> parameters, final Chdb.Sink sink)
                throws Chdb.EngineError, IOException {
            return connection.run(sql, format, parameters, sink);
        }

        @Override
        public Chdb.Stats insert(final String statement, final String format, final InputStream data) throws Chdb.EngineError, IOException {
            return connection.insert(statement, format, data, INSERT_CHUNK);
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    @Override
    public void close() {
        boot.close();
    }
}
