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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.Locale;
import java.util.Map;

/**
 * The NiFi halves of {@code ./spotlight bench put}: the same JSON-lines file, cut into FlowFiles of 10,000 records, through
 * a nifi-mock TestRunner into ClickHouse, either with PutClickHouseBatch or with NiFi's stock PutDatabaseRecord over a
 * DBCPConnectionPool and the ClickHouse JDBC driver. Prints one line {@code rows=<n> seconds=<s> rows_per_s=<r>
 * jvm_cpu_s=<s> heap_max_mb=<mb> heap_used_max_mb=<mb>}; the script around it times clickhouse-client itself and compares.
 * <p>
 * Usage: {@code generate <source.json> <target.jsonl> <rows>} | {@code spotlight|putdatabaserecord <chunk directory> <table>
 * <warm-up table>}, where the chunk directory holds the data file cut into files of 10,000 lines. ClickHouse endpoint and credentials come from CLICKHOUSE_URL,
 * CLICKHOUSE_USER, CLICKHOUSE_PASSWORD and CLICKHOUSE_DATABASE.
 */
public final class PutBenchmark {

    static final int RECORDS_PER_FLOWFILE = 10_000;
    /** FlowFiles enqueued per trigger: the nifi-mock content repository lives on the heap, so the data goes in by rounds. */
    static final int THREADS = Integer.parseInt(System.getenv().getOrDefault("BENCH_THREADS", "1"));
    static final int FLOWFILES_PER_ROUND = 10 * THREADS;
    static final int WARM_UP_ROUNDS = 2;

    private PutBenchmark() {
    }

    public static void main(final String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "generate" -> TradeData.generate(Path.of(args[1]), Path.of(args[2]), Long.parseLong(args[3]));
            case "spotlight" -> report(warmThenRun(putClickHouseBatch(), "Table", Path.of(args[1]), args[2], args[3]));
            case "putdatabaserecord" -> report(warmThenRun(putDatabaseRecord(), "put-db-record-table-name", Path.of(args[1]), args[2], args[3]));
            default -> {
                System.err.println("usage: PutBenchmark generate <source.json> <target.jsonl> <rows>"
                        + " | spotlight|putdatabaserecord <chunk directory> <table> <warm-up table>");
                System.exit(2);
            }
        }
    }

    private static Relationship relationship(final String name) {
        return new Relationship.Builder().name(name).build();
    }

    private static TestRunner putClickHouseBatch() throws InitializationException {
        final TestRunner runner = TestRunners.newTestRunner(PutClickHouseBatch.class);
        addClickHouseService(runner);
        addJsonReader(runner);
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.enableControllerService(writer);
        runner.setProperty("ClickHouse Connection Service", "clickhouse");
        runner.setProperty("Record Reader", "reader");
        runner.setProperty("Record Writer", "writer");
        runner.setProperty("Max Batch Rows", Integer.toString(RECORDS_PER_FLOWFILE * FLOWFILES_PER_ROUND / THREADS));
        runner.setThreadCount(THREADS);
        runner.setProperty("Max Batch Wait", "0 sec");
        return runner;
    }

    private static TestRunner putDatabaseRecord() throws Exception {
        final TestRunner runner = TestRunners.newTestRunner((Processor) Class.forName("org.apache.nifi.processors.standard.PutDatabaseRecord")
                .getDeclaredConstructor().newInstance());
        // DBCPConnectionPool comes from the jars of nifi-dbcp-service-nar 2.3.0, put on the class path by the bench script.
        final ControllerService pool = (ControllerService) Class.forName("org.apache.nifi.dbcp.DBCPConnectionPool")
                .getDeclaredConstructor().newInstance();
        final String url = env("CLICKHOUSE_URL").replaceFirst("^http", "jdbc:clickhouse:http") + "/" + env("CLICKHOUSE_DATABASE");
        runner.addControllerService("pool", pool, Map.of(
                "Database Connection URL", url,
                "Database Driver Class Name", "com.clickhouse.jdbc.ClickHouseDriver",
                "Database User", env("CLICKHOUSE_USER"),
                "Password", env("CLICKHOUSE_PASSWORD")));
        runner.enableControllerService(pool);
        addClickHouseService(runner);
        final ClickHouse1816MetadataDbcpService dbcp = new ClickHouse1816MetadataDbcpService();
        runner.addControllerService("dbcp", dbcp, Map.of(
                ClickHouse1816MetadataDbcpService.POOL.getName(), "pool",
                ClickHouse1816MetadataDbcpService.METADATA.getName(), "clickhouse"));
        runner.enableControllerService(dbcp);
        addJsonReader(runner);
        runner.setProperty("put-db-record-record-reader", "reader");
        runner.setProperty("put-db-record-dcbp-service", "dbcp");
        runner.setProperty("put-db-record-statement-type", "INSERT");
        // The driver names the database in a header, which 18.16 ignores: the statement names it instead.
        runner.setProperty("put-db-record-schema-name", env("CLICKHOUSE_DATABASE"));
        runner.setProperty("put-db-record-max-batch-size", System.getenv().getOrDefault("BENCH_PDR_BATCH", "1000"));
        return runner;
    }

    private static void addClickHouseService(final TestRunner runner) throws InitializationException {
        final StandardClickHouseConnectionService clickHouse = new StandardClickHouseConnectionService();
        runner.addControllerService("clickhouse", clickHouse, Map.of(
                StandardClickHouseConnectionService.URLS.getName(), env("CLICKHOUSE_URL"),
                StandardClickHouseConnectionService.USERNAME.getName(), env("CLICKHOUSE_USER"),
                StandardClickHouseConnectionService.PASSWORD.getName(), env("CLICKHOUSE_PASSWORD"),
                StandardClickHouseConnectionService.DATABASE.getName(), env("CLICKHOUSE_DATABASE")));
        runner.enableControllerService(clickHouse);
    }

    private static void addJsonReader(final TestRunner runner) throws InitializationException {
        final JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService("reader", reader);
        runner.setProperty(reader, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, SchemaAccessUtils.SCHEMA_TEXT_PROPERTY);
        runner.setProperty(reader, SchemaAccessUtils.SCHEMA_TEXT, TradeData.AVRO_SCHEMA);
        runner.enableControllerService(reader);
    }

    private record Result(long rows, double seconds, double cpuSeconds, long heapUsedMaxBytes) {
    }

    /**
     * A processor in a long-running NiFi is warm: the JIT has compiled the record reader and the insert path, the
     * connection pool is open, the server's capabilities are known. So the same processor first loads the first
     * {@link #WARM_UP_ROUNDS} rounds of the file into a scratch table (same definition), untimed, then the whole file
     * into the measured table.
     */
    private static Result warmThenRun(final TestRunner runner, final String tableProperty, final Path chunks, final String table,
                                      final String warmUpTable) throws Exception {
        runner.setProperty(tableProperty, warmUpTable);
        run(runner, chunks, WARM_UP_ROUNDS, true);
        runner.setProperty(tableProperty, table);
        return run(runner, chunks, Integer.MAX_VALUE, false);
    }

    /**
     * Feeds the FlowFile contents (files of 10,000 JSON lines, cut from the data file beforehand, in name order) in
     * rounds and triggers the processor until each round is through. Reading a prepared file per FlowFile keeps the
     * harness's own work out of the figure as far as nifi-mock allows (its content repository is on the heap).
     */
    private static Result run(final TestRunner runner, final Path chunks, final int rounds, final boolean initialize) throws Exception {
        final List<Path> files;
        try (Stream<Path> listing = Files.list(chunks)) {
            files = listing.sorted().toList();
        }
        final List<Integer> records = new java.util.ArrayList<>();
        for (Path file : files.subList(0, Math.min(files.size(), rounds == Integer.MAX_VALUE ? files.size() : rounds * FLOWFILES_PER_ROUND))) {
            records.add(lines(Files.readAllBytes(file)));
        }
        final Relationship success = relationship("success");
        long rows = 0;
        long heapUsedMax = 0;
        boolean first = initialize;
        final long started = System.nanoTime();
        final long cpuStarted = processCpuNanos();
        for (int from = 0, round = 0; from < files.size() && round < rounds; from += FLOWFILES_PER_ROUND, round++) {
            final List<Path> batch = files.subList(from, Math.min(files.size(), from + FLOWFILES_PER_ROUND));
            for (int i = 0; i < batch.size(); i++) {
                final int count = records.get(from + i);
                runner.enqueue(Files.readAllBytes(batch.get(i)), Map.of("record.count", Integer.toString(count)));
                rows += count;
            }
            while (runner.getQueueSize().getObjectCount() > 0) {
                runner.run(THREADS, false, first);
                first = false;
            }
            final int routed = runner.getFlowFilesForRelationship(success).size();
            if (routed != batch.size()) {
                final StringBuilder problem = new StringBuilder(batch.size() + " FlowFiles in, " + routed + " to success.");
                for (String name : new String[]{"failure", "retry"}) {
                    for (MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship(name))) {
                        problem.append("\n").append(name).append(": ").append(flowFile.getAttributes());
                    }
                }
                throw new IllegalStateException(problem.toString());
            }
            runner.clearTransferState();
            runner.clearProvenanceEvents();
            heapUsedMax = Math.max(heapUsedMax, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return new Result(rows, (System.nanoTime() - started) / 1e9, (processCpuNanos() - cpuStarted) / 1e9, heapUsedMax);
    }

    /** This JVM's CPU time: on two cores the JVM and the server share, so CPU per row says more than wall time alone. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static int lines(final byte[] content) {
        int lines = 0;
        for (byte b : content) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /** One line for the script: rows, time, rate, the JVM's heap limit and the most heap in use after a round. */
    private static void report(final Result result) {
        System.out.printf(Locale.ROOT, "rows=%d seconds=%.3f rows_per_s=%.0f jvm_cpu_s=%.3f heap_max_mb=%d heap_used_max_mb=%d%n",
                result.rows(), result.seconds(), result.rows() / result.seconds(), result.cpuSeconds(), Runtime.getRuntime().maxMemory() / (1024 * 1024),
                result.heapUsedMaxBytes() / (1024 * 1024));
    }

    private static String env(final String name) {
        final String value = System.getenv(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set (./spotlight bench put sets it)");
        }
        return value;
    }
}
