package org.spotlight.bench;

import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.schema.access.SchemaAccessUtils;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.spotlight.nifi.processors.clickhouse.PutClickHouseBatch;
import org.spotlight.nifi.service.clickhouse.StandardClickHouseConnectionService;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The NiFi halves of {@code ./spotlight bench put}: the same JSON-lines file, cut into FlowFiles of 10,000 records, through
 * a nifi-mock TestRunner into ClickHouse, either with PutClickHouseBatch or with NiFi's stock PutDatabaseRecord over a
 * DBCPConnectionPool and the ClickHouse JDBC driver. Prints one line {@code rows=<n> seconds=<s> rows_per_s=<r>
 * heap_max_mb=<mb> heap_peak_mb=<mb>}; the script around it times clickhouse-client itself and compares.
 * <p>
 * Usage: {@code generate <source.json> <target.jsonl> <rows>} | {@code spotlight <data.jsonl> <table>} |
 * {@code putdatabaserecord <data.jsonl> <table>}. ClickHouse endpoint and credentials come from CLICKHOUSE_URL,
 * CLICKHOUSE_USER, CLICKHOUSE_PASSWORD and CLICKHOUSE_DATABASE.
 */
public final class PutBenchmark {

    static final int RECORDS_PER_FLOWFILE = 10_000;
    /** FlowFiles enqueued per trigger: the nifi-mock content repository lives on the heap, so the data goes in by rounds. */
    static final int THREADS = Integer.parseInt(System.getenv().getOrDefault("BENCH_THREADS", "1"));
    static final int FLOWFILES_PER_ROUND = 10 * THREADS;

    private PutBenchmark() {
    }

    public static void main(final String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "generate" -> TradeData.generate(Path.of(args[1]), Path.of(args[2]), Long.parseLong(args[3]));
            case "spotlight" -> report(run(putClickHouseBatch(args[2]), Path.of(args[1]), relationship("success")));
            case "putdatabaserecord" -> report(run(putDatabaseRecord(args[2]), Path.of(args[1]), relationship("success")));
            default -> {
                System.err.println("usage: PutBenchmark generate <source.json> <target.jsonl> <rows> | spotlight|putdatabaserecord <data.jsonl> <table>");
                System.exit(2);
            }
        }
    }

    private static Relationship relationship(final String name) {
        return new Relationship.Builder().name(name).build();
    }

    private static TestRunner putClickHouseBatch(final String table) throws InitializationException {
        final TestRunner runner = TestRunners.newTestRunner(PutClickHouseBatch.class);
        final StandardClickHouseConnectionService clickHouse = new StandardClickHouseConnectionService();
        runner.addControllerService("clickhouse", clickHouse, Map.of(
                StandardClickHouseConnectionService.URLS.getName(), env("CLICKHOUSE_URL"),
                StandardClickHouseConnectionService.USERNAME.getName(), env("CLICKHOUSE_USER"),
                StandardClickHouseConnectionService.PASSWORD.getName(), env("CLICKHOUSE_PASSWORD"),
                StandardClickHouseConnectionService.DATABASE.getName(), env("CLICKHOUSE_DATABASE")));
        runner.enableControllerService(clickHouse);
        addJsonReader(runner);
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.enableControllerService(writer);
        runner.setProperty("ClickHouse Connection Service", "clickhouse");
        runner.setProperty("Record Reader", "reader");
        runner.setProperty("Record Writer", "writer");
        runner.setProperty("Table", table);
        runner.setProperty("Max Batch Rows", Integer.toString(RECORDS_PER_FLOWFILE * FLOWFILES_PER_ROUND / THREADS));
        runner.setThreadCount(THREADS);
        runner.setProperty("Max Batch Wait", "0 sec");
        return runner;
    }

    private static TestRunner putDatabaseRecord(final String table) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner((Processor) Class.forName("org.apache.nifi.processors.standard.PutDatabaseRecord")
                .getDeclaredConstructor().newInstance());
        // DBCPConnectionPool comes from the jars of nifi-dbcp-service-nar 2.3.0, put on the class path by the bench script.
        final ControllerService pool = (ControllerService) Class.forName("org.apache.nifi.dbcp.DBCPConnectionPool")
                .getDeclaredConstructor().newInstance();
        final String url = env("CLICKHOUSE_URL").replaceFirst("^http", "jdbc:clickhouse:http") + "/" + env("CLICKHOUSE_DATABASE");
        runner.addControllerService("dbcp", pool, Map.of(
                "Database Connection URL", url,
                "Database Driver Class Name", "com.clickhouse.jdbc.ClickHouseDriver",
                "Database User", env("CLICKHOUSE_USER"),
                "Password", env("CLICKHOUSE_PASSWORD")));
        runner.enableControllerService(pool);
        addJsonReader(runner);
        runner.setProperty("put-db-record-record-reader", "reader");
        runner.setProperty("put-db-record-dcbp-service", "dbcp");
        runner.setProperty("put-db-record-statement-type", "INSERT");
        runner.setProperty("put-db-record-table-name", table);
        runner.setProperty("put-db-record-max-batch-size", Integer.toString(RECORDS_PER_FLOWFILE));
        return runner;
    }

    private static void addJsonReader(final TestRunner runner) throws InitializationException {
        final JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService("reader", reader);
        runner.setProperty(reader, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, SchemaAccessUtils.SCHEMA_TEXT_PROPERTY);
        runner.setProperty(reader, SchemaAccessUtils.SCHEMA_TEXT, TradeData.AVRO_SCHEMA);
        runner.setProperty(reader, "Date Format", "yyyy-MM-dd");
        runner.enableControllerService(reader);
    }

    private record Result(long rows, double seconds) {
    }

    /** Feeds the file in rounds of FlowFiles and triggers the processor once per round. */
    private static Result run(final TestRunner runner, final Path data, final Relationship success) throws Exception {
        long rows = 0;
        boolean first = true;
        final long started = System.nanoTime();
        try (FlowFileChunks chunks = new FlowFileChunks(data, RECORDS_PER_FLOWFILE)) {
            boolean more = true;
            while (more) {
                int enqueued = 0;
                while (enqueued < FLOWFILES_PER_ROUND) {
                    final byte[] content = chunks.next();
                    if (content == null) {
                        more = false;
                        break;
                    }
                    runner.enqueue(content, Map.of("record.count", Integer.toString(chunks.records())));
                    rows += chunks.records();
                    enqueued++;
                }
                final long t0 = System.nanoTime();
                while (runner.getQueueSize().getObjectCount() > 0) {
                    runner.run(THREADS, false, first);
                    first = false;
                }
                if (System.getenv("BENCH_DEBUG") != null) System.err.println("run ms " + (System.nanoTime() - t0) / 1_000_000);
                final int routed = runner.getFlowFilesForRelationship(success).size();
                if (routed != enqueued) {
                    final StringBuilder problem = new StringBuilder(enqueued + " FlowFiles in, " + routed + " to success.");
                    for (String name : new String[]{"failure", "retry"}) {
                        for (MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship(name))) {
                            problem.append("\n").append(name).append(": ").append(flowFile.getAttributes());
                        }
                    }
                    throw new IllegalStateException(problem.toString());
                }
                runner.clearTransferState();
                runner.clearProvenanceEvents();
            }
        }
        final double seconds = (System.nanoTime() - started) / 1e9;
        runner.run(1, true, false);
        return new Result(rows, seconds);
    }

    private static void report(final Result result) {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "rows=%d seconds=%.3f rows_per_s=%.0f heap_max_mb=%d heap_peak_mb=%d%n", result.rows(), result.seconds(),
                result.rows() / result.seconds(), Runtime.getRuntime().maxMemory() / (1024 * 1024), peak / (1024 * 1024));
    }

    private static String env(final String name) {
        final String value = System.getenv(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set (./spotlight bench put sets it)");
        }
        return value;
    }
}
