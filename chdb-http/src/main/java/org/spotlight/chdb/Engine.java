package org.spotlight.chdb;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** What the HTTP front needs from the engine: sessions that run statements and streamed inserts. */
interface Engine {

    /** The engine's version, as {@code SELECT version()} gives it. */
    String version();

    /** The engine's time zone, as {@code SELECT timezone()} gives it. */
    String timezone();

    /**
     * Opens a session for one request: the engine validates the database and every setting, exactly as it would for
     * {@code USE} and {@code SET}, and fails with its own error when one is unknown or has a bad value.
     *
     * @param database null for the engine's default database
     */
    Session open(String database, Map<String, String> settings) throws Chdb.EngineError;

    interface Session extends AutoCloseable {

        /** Runs a statement, handing its output to the sink. */
        Chdb.Stats query(String sql, String format, Map<String, String> parameters, Chdb.Sink sink) throws Chdb.EngineError, IOException;

        /** Streams {@code data} into an INSERT (given without its FORMAT clause) in {@code format}. */
        Chdb.Stats insert(String statement, String format, InputStream data) throws Chdb.EngineError, IOException;

        @Override
        void close();
    }
}
