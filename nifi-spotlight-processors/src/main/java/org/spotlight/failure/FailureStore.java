package org.spotlight.failure;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.clickhouse.types.ClickHouseColumn;
import org.spotlight.clickhouse.types.TableSchemas;
import org.spotlight.clickhouse.client.ClickHouseCapability;
import org.spotlight.clickhouse.client.ClickHouseClient;
import org.spotlight.clickhouse.client.ClickHouseException;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The failure table in ClickHouse: created (or given missing columns) on first use, written with streaming inserts,
 * read back for replays. Every failure surfaces as a classified {@link ClickHouseException}, retryable when the
 * server is unreachable or busy.
 */
public final class FailureStore {

    /** Receives rows one at a time while a result streams. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(StoredFailure failure) throws IOException;
    }

    private static final String JSON_EACH_ROW = "JSONEachRow";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();

    private final ClickHouseClient clickHouse;
    private final String database;
    private final String tableName;
    private volatile FailureTable table;
    private volatile boolean ensured;

    /**
     * @param database the failure table's database; null or empty for the connection's database
     */
    public FailureStore(final ClickHouseClient clickHouse, final String database, final String tableName) {
        this.clickHouse = clickHouse;
        this.database = database;
        this.tableName = tableName;
    }

    /** The table definition for the connected server (detecting its capabilities on first call). */
    public FailureTable table() {
        FailureTable current = table;
        if (current == null) {
            current = new FailureTable(databaseName(), tableName, clickHouse.getServerInfo());
            table = current;
        }
        return current;
    }

    /** {@code database.table}, for messages; unlike {@link #table()} it needs no answer from the server. */
    public String displayName() {
        return databaseName() + "." + tableName;
    }

    private String databaseName() {
        return database == null || database.isBlank() ? clickHouse.getDatabase() : database;
    }

    /**
     * Forgets that the tables were checked: after the store refused an insert (a table dropped, a column missing), the
     * next {@link #ensureTables()} looks at them again and creates what is missing.
     */
    public void invalidate() {
        ensured = false;
    }

    /** Creates the failure and replay-marker tables when missing, and adds columns that older versions lack. Once. */
    public void ensureTables() {
        if (ensured) {
            return;
        }
        final FailureTable definition = table();
        ensure(definition.table(), definition.createStatement(), definition::addMissingColumns);
        ensure(definition.replaysTable(), definition.createReplaysStatement(), definition::addMissingReplayColumns);
        ensured = true;
    }

    /**
     * Inserts the rows of prepared failures in one streaming insert.
     *
     * @return the number of rows written
     */
    public long insert(final List<FailureRecorder.Prepared> failures, final FailureRecorder recorder) {
        final FailureTable definition = table();
        final long[] rows = {0};
        clickHouse.insert(definition.qualifiedName(), quoted(definition.columns()), JSON_EACH_ROW, out -> {
            try (FailureRowWriter writer = new FailureRowWriter(out, definition)) {
                for (FailureRecorder.Prepared failure : failures) {
                    recorder.write(writer, failure);
                }
                rows[0] = writer.rows();
            }
        }, insertSettings(), UUID.randomUUID().toString());
        return rows[0];
    }

    /** Appends replay markers: from now on these failures are no longer pending. */
    public void markReplayed(final List<ReplayMarker> markers) {
        if (markers.isEmpty()) {
            return;
        }
        final FailureTable definition = table();
        clickHouse.insert(definition.qualifiedReplaysName(), quoted(definition.replayColumns()), JSON_EACH_ROW, out -> {
            try (JsonGenerator generator = JSON.createGenerator(out, JsonEncoding.UTF8).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
                for (ReplayMarker marker : markers) {
                    generator.writeStartObject();
                    generator.writeStringField(FailureTable.FAILURE_ID, marker.failureId());
                    generator.writeStringField(FailureTable.REPLAYED_AT, definition.timestamp(marker.replayedAt()));
                    generator.writeStringField(FailureTable.REPLAY_ID, marker.replayId());
                    generator.writeStringField(FailureTable.REPLAYED_BY, marker.replayedBy());
                    generator.writeStringField(FailureTable.REPLAY_FLOWFILE_UUID, marker.replayFlowFileUuid());
                    generator.writeEndObject();
                    generator.writeRaw('\n');
                }
            }
        }, insertSettings(), UUID.randomUUID().toString());
    }

    /**
     * Streams the failures a replay selects, one row at a time, without reading the result whole.
     *
     * @throws IOException when the consumer fails
     */
    public void readPending(final ReplayQuery query, final RowConsumer consumer) throws IOException {
        clickHouse.query(query.sql(table()), JSON_EACH_ROW, Map.of(), body -> {
            try (MappingIterator<JsonNode> rows = MAPPER.readerFor(JsonNode.class).readValues(body)) {
                while (rows.hasNext()) {
                    consumer.accept(StoredFailure.of(rows.next()));
                }
            }
        });
    }

    private void ensure(final String name, final String createStatement, final Function<Collection<String>, List<String>> migrations) {
        final FailureTable definition = table();
        final Optional<List<ClickHouseColumn>> existing = TableSchemas.columns(clickHouse, definition.database(), name);
        if (existing.isEmpty()) {
            clickHouse.execute(createStatement, Map.of());
            return;
        }
        for (String alter : migrations.apply(existing.get().stream().map(ClickHouseColumn::name).toList())) {
            try {
                clickHouse.execute(alter, Map.of());
            } catch (final ClickHouseException e) {
                // Another task may have added the column in the meantime (18.16 has no ADD COLUMN IF NOT EXISTS).
                final List<String> now = TableSchemas.columns(clickHouse, definition.database(), name).orElse(List.of()).stream()
                        .map(ClickHouseColumn::name).toList();
                if (migrations.apply(now).contains(alter)) {
                    throw e;
                }
            }
        }
    }

    /** Failures are stored synchronously: modern servers that buffer inserts (async_insert) are told not to. */
    private Map<String, Object> insertSettings() {
        return clickHouse.getServerInfo().supports(ClickHouseCapability.ASYNC_INSERT) ? Map.of("async_insert", 0) : Map.of();
    }

    private static List<String> quoted(final List<FailureTable.Column> columns) {
        return columns.stream().map(column -> ClickHouseIdentifiers.quote(column.name())).toList();
    }
}
