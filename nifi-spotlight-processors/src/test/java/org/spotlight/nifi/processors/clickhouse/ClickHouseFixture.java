package org.spotlight.nifi.processors.clickhouse;

import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.schema.access.SchemaAccessUtils;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.nifi.SpotlightAttributes;
import org.spotlight.nifi.service.clickhouse.StandardClickHouseConnectionService;
import org.spotlight.testing.LocalServices;
import org.spotlight.testing.LocalStack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * PutClickHouseBatch in a TestRunner against the local stack's real ClickHouse, with a JSON reader and writer, plus
 * helpers to query what landed and to account for every record.
 */
public final class ClickHouseFixture implements AutoCloseable {

    final TestRunner runner;
    final StandardClickHouseConnectionService clickHouse;
    final String database = LocalStack.clickHouseDatabase();
    private final JsonTreeReader reader;
    private final List<String> tables = new ArrayList<>();
    private Map<String, Object> outputSettings;

    ClickHouseFixture() throws InitializationException {
        this(LocalStack.clickHouseUrl(), Map.of());
    }

    /**
     * @param url             the ClickHouse URL the processor uses (a proxy in front of the real server, for instance)
     * @param serviceSettings extra properties of the connection service
     */
    ClickHouseFixture(final String url, final Map<PropertyDescriptor, String> serviceSettings) throws InitializationException {
        runner = TestRunners.newTestRunner(PutClickHouseBatch.class);
        clickHouse = LocalServices.clickHouse(runner, "clickhouse", url, serviceSettings);
        reader = configure(runner, "clickhouse");
    }

    /**
     * Points a PutClickHouseBatch runner at the connection service registered as {@code clickHouseService}, with a JSON
     * reader (inferring schemas) and writer, and no batch wait.
     *
     * @return the reader, for tests that change its settings
     */
    public static JsonTreeReader configure(final TestRunner runner, final String clickHouseService) throws InitializationException {
        final JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.enableControllerService(writer);
        runner.setProperty(PutClickHouseBatch.CLICKHOUSE_SERVICE, clickHouseService);
        runner.setProperty(PutClickHouseBatch.RECORD_READER, "reader");
        runner.setProperty(PutClickHouseBatch.RECORD_WRITER, "writer");
        runner.setProperty(PutClickHouseBatch.MAX_BATCH_WAIT, "0 sec");
        return reader;
    }

    /** Reads with a fixed Avro schema instead of inferring one: the reader then sees a record only when it gets to it. */
    void readWithSchema(final String avroSchema) {
        runner.disableControllerService(reader);
        runner.setProperty(reader, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, SchemaAccessUtils.SCHEMA_TEXT_PROPERTY);
        runner.setProperty(reader, SchemaAccessUtils.SCHEMA_TEXT, avroSchema);
        runner.enableControllerService(reader);
    }

    /** Sets a property of the JSON reader, e.g. "Date Format" so that inference recognises dates. */
    void readerProperty(final String name, final String value) {
        runner.disableControllerService(reader);
        runner.setProperty(reader, name, value);
        runner.enableControllerService(reader);
    }

    /** A fresh table name, dropped on close. */
    String table(final String prefix) {
        final String table = LocalStack.uniqueName(prefix);
        tables.add(table);
        return table;
    }

    void execute(final String sql) {
        clickHouse.execute(sql, Map.of());
    }

    /** Rows of a query as TabSeparated values (the query must not carry FORMAT), printed alike by every server. */
    List<List<String>> rows(final String sql) {
        if (outputSettings == null) {
            outputSettings = org.spotlight.testing.ClickHouseOutput.settings(clickHouse);
        }
        return clickHouse.query(sql, outputSettings).rows();
    }

    /** Whether the server has the type, e.g. Date32 (26.x) where 18.16 has only Date. */
    boolean serverHas(final String dataType) {
        return clickHouse.getServerInfo().supportsDataType(dataType);
    }

    /** Whether the server has a (Zoo)Keeper for replicated tables: 18.16 here does, the 26.x chDB engine has none. */
    boolean replicates() {
        try {
            rows("SELECT name FROM system.zookeeper WHERE path = '/' LIMIT 1");
            return true;
        } catch (final org.spotlight.clickhouse.client.ClickHouseException e) {
            return false;
        }
    }

    /**
     * Creates a table that drops a retried insert the way this server can, and returns how: with
     * insert_deduplication_token, the non-replicated MergeTree Spotlight creates (non_replicated_deduplication_window);
     * on servers without tokens (18.16), a ReplicatedMergeTree, whose block hashes do it.
     */
    org.spotlight.clickhouse.insert.Deduplication createDeduplicatingTable(final String table, final String columns, final String orderBy) {
        if (clickHouse.getServerInfo().supports(org.spotlight.clickhouse.client.ClickHouseCapability.INSERT_DEDUPLICATION_TOKEN)) {
            execute("CREATE TABLE " + table + " (" + columns + ") ENGINE = MergeTree ORDER BY " + orderBy
                    + " SETTINGS non_replicated_deduplication_window = 1000");
            return org.spotlight.clickhouse.insert.Deduplication.TOKEN;
        }
        execute("CREATE TABLE " + table + " (" + columns + ") ENGINE = ReplicatedMergeTree("
                + "'/clickhouse/tables/{shard}/" + database + "." + table + "', '{replica}') ORDER BY " + orderBy);
        return org.spotlight.clickhouse.insert.Deduplication.BLOCK_HASH;
    }

    long count(final String table) {
        return Long.parseLong(rows("SELECT count() AS c FROM " + ClickHouseIdentifiers.quote(table)).getFirst().getFirst());
    }

    /** Records in every relationship, by record.count (a FlowFile without it counts as one record). */
    long recordsIn(final org.apache.nifi.processor.Relationship relationship) {
        return runner.getFlowFilesForRelationship(relationship).stream().mapToLong(ClickHouseFixture::records).sum();
    }

    static long records(final MockFlowFile flowFile) {
        final String count = flowFile.getAttribute(SpotlightAttributes.RECORD_COUNT);
        return count == null ? 1 : Long.parseLong(count);
    }

    /** Every FlowFile went to success; otherwise the failure names the first error. */
    void assertAllSucceeded(final int count) {
        for (org.apache.nifi.processor.Relationship other : List.of(PutClickHouseBatch.REL_FAILURE, PutClickHouseBatch.REL_RETRY)) {
            runner.getFlowFilesForRelationship(other).stream().findFirst().ifPresent(flowFile -> org.junit.jupiter.api.Assertions.fail(
                    other.getName() + ": " + flowFile.getAttribute(SpotlightAttributes.ERROR_CODE) + " " + flowFile.getAttribute(SpotlightAttributes.ERROR_MESSAGE)));
        }
        runner.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_SUCCESS, count);
    }

    /** Nothing is lost: every record that went in is in exactly one relationship. */
    void assertRecordsAccountedFor(final long recordsIn) {
        assertEquals(recordsIn, recordsIn(PutClickHouseBatch.REL_SUCCESS) + recordsIn(PutClickHouseBatch.REL_FAILURE)
                + recordsIn(PutClickHouseBatch.REL_RETRY), "records in == success + failure + retry");
    }

    @Override
    public void close() {
        for (String table : tables) {
            try {
                execute("DROP TABLE IF EXISTS " + ClickHouseIdentifiers.qualified(database, table));
            } catch (final RuntimeException ignored) {
                // The server may be down in tests that stop it; the unique name keeps leftovers harmless.
            }
        }
        runner.disableControllerService(clickHouse);
    }
}
