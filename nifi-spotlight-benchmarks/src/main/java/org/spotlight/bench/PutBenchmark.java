package org.spotlight.bench;

import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.schema.access.SchemaAccessUtils;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.record.Record;
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
 * jvm_cpu_s=<s> server_cpu_s=<s> heap_max_mb=<mb> heap_used_max_mb=<mb>}; the script around it times clickhouse-client itself and compares.
 * <p>
 * Usage: {@code generate <source.json> <target.jsonl> <rows>} | {@code spotlight|spotlight-reader|putdatabaserecord <chunk directory> <table>
 * <warm-up table>} (spotlight: PutClickHouseBatch reading the JSON itself; spotlight-reader: through NiFi's JsonTreeReader)
 * | {@code reader <chunk directory>} (the JSON reader of (b) alone, reading every record: the part of
 * (b)'s CPU time that no insert path can save), where the chunk directory holds the data file cut into files of 10,000 lines. ClickHouse endpoint and credentials come from CLICKHOUSE_URL,
 * CLICKHOUSE_USER, CLICKHOUSE_PASSWORD and CLICKHOUSE_DATABASE; the server's pid and the clock ticks per second (for its
 * CPU time) from BENCH_SERVER_PID and BENCH_CLK_TCK.
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
            case "spotlight" -> report(warmThenRun(putClickHouseBatch(false), "Table", Path.of(args[1]), args[2], args[3]));
            case "spotlight-reader" -> report(warmThenRun(putClickHouseBatch(true), "Table", Path.of(args[1]), args[2], args[3]));
            case "reader" -> report(readOnly(Path.of(args[1])));
            case "putdatabaserecord" -> report(warmThenRun(putDatabaseRecord(), "put-db-record-table-name", Path.of(args[1]), args[2], args[3]));
            default -> {
                System.err.println("usage: PutBenchmark generate <source.json> <target.jsonl> <rows>"
                        + " | spotlight|spotlight-reader|putdatabaserecord <chunk directory> <table> <warm-up table> | reader <chunk directory>");
                System.exit(2);
            }
        }
    }

    private static Relationship relationship(final String name) {
        return new Relationship.Builder().name(name).build();
    }

    /**
     * @param withJsonTreeReader whether to read through NiFi's JsonTreeReader; otherwise PutClickHouseBatch reads the JSON
     *                           itself (no Record Reader set), as it does by default
     */
    private static TestRunner putClickHouseBatch(final boolean withJsonTreeReader) throws InitializationException {
        final TestRunner runner = TestRunners.newTestRunner(PutClickHouseBatch.class);
        addClickHouseService(runner);
        runner.setProperty("ClickHouse Connection Service", "clickhouse");
        if (withJsonTreeReader) {
            addJsonReader(runner);
            final JsonRecordSetWriter writer = new JsonRecordSetWriter();
            runner.addControllerService("writer", writer);
            runner.enableControllerService(writer);
            runner.setProperty("Record Reader", "reader");
            runner.setProperty("Record Writer", "writer");
        }
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

    /**
     * Reads every FlowFile content with the JSON reader (b) uses, the way PutClickHouseBatch reads them, and touches every
     * value; after the same warm-up. Nothing is inserted: the figure is the reader's share of (b).
     */
    private static Result readOnly(final Path chunks) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(PutClickHouseBatch.class);
        addJsonReader(runner);
        final RecordReaderFactory reader = runner.getControllerService("reader", RecordReaderFactory.class);
        final List<Path> files = chunkFiles(chunks);
        long touched = 0;
        for (Path file : files.subList(0, Math.min(files.size(), WARM_UP_ROUNDS * FLOWFILES_PER_ROUND))) {
            touched += readAll(reader, Files.readAllBytes(file))[1];
        }
        final List<byte[]> contents = new java.util.ArrayList<>();
        long rows = 0;
        final Clock clock = new Clock();
        // A round's contents are read from disk before its clock starts, as the other paths have theirs enqueued.
        for (int from = 0; from < files.size(); from += FLOWFILES_PER_ROUND) {
            contents.clear();
            for (Path file : files.subList(from, Math.min(files.size(), from + FLOWFILES_PER_ROUND))) {
                contents.add(Files.readAllBytes(file));
            }
            clock.start();
            for (byte[] content : contents) {
                final long[] read = readAll(reader, content);
                rows += read[0];
                touched += read[1];
            }
            clock.stop();
        }
        if (touched == 0) {
            throw new IllegalStateException("the reader returned no values");
        }
        return new Result(rows, clock.seconds(), clock.cpuSeconds(), clock.serverCpuSeconds(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    /** Records read and a count of characters seen, which keeps the JIT from dropping the reads. */
    private static long[] readAll(final RecordReaderFactory factory, final byte[] content) throws Exception {
        long records = 0;
        long characters = 0;
        try (RecordReader reader = factory.createRecordReader(Map.of(), new java.io.ByteArrayInputStream(content), content.length,
                new org.apache.nifi.util.MockComponentLog("reader", factory))) {
            Record record;
            while ((record = reader.nextRecord(true, false)) != null) {
                records++;
                for (String field : record.getSchema().getFieldNames()) {
                    final Object value = record.getValue(field);
                    characters += value == null ? 0 : value.toString().length();
                }
            }
        }
        return new long[]{records, characters};
    }

    private record Result(long rows, double seconds, double cpuSeconds, double serverCpuSeconds, long heapUsedMaxBytes) {
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
     * rounds (nifi-mock's content repository is on the heap) and triggers the processor until each round is through;
     * only the triggers are timed ({@link Clock}).
     */
    private static Result run(final TestRunner runner, final Path chunks, final int rounds, final boolean initialize) throws Exception {
        final List<Path> files = chunkFiles(chunks);
        final List<Integer> records = new java.util.ArrayList<>();
        for (Path file : files.subList(0, Math.min(files.size(), rounds == Integer.MAX_VALUE ? files.size() : rounds * FLOWFILES_PER_ROUND))) {
            records.add(lines(Files.readAllBytes(file)));
        }
        final Relationship success = relationship("success");
        long rows = 0;
        long heapUsedMax = 0;
        boolean first = initialize;
        final Clock clock = new Clock();
        for (int from = 0, round = 0; from < files.size() && round < rounds; from += FLOWFILES_PER_ROUND, round++) {
            final List<Path> batch = files.subList(from, Math.min(files.size(), from + FLOWFILES_PER_ROUND));
            for (int i = 0; i < batch.size(); i++) {
                final int count = records.get(from + i);
                runner.enqueue(Files.readAllBytes(batch.get(i)), Map.of("record.count", Integer.toString(count)));
                rows += count;
            }
            clock.start();
            while (runner.getQueueSize().getObjectCount() > 0) {
                runner.run(THREADS, false, first);
                first = false;
            }
            clock.stop();
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
        return new Result(rows, clock.seconds(), clock.cpuSeconds(), clock.serverCpuSeconds(), heapUsedMax);
    }

    /**
     * Wall time, this JVM's CPU time and the ClickHouse server's CPU time of the measured stretches only: the harness
     * enqueueing FlowFiles (reading files, copying them into nifi-mock's heap content repository) is not the processor's
     * work, as in a running NiFi the content is in the repository before the processor is triggered.
     */
    private static final class Clock {
        private long wallNanos;
        private long cpuNanos;
        private long serverTicks;
        private long wallStarted;
        private long cpuStarted;
        private long serverTicksStarted;

        void start() throws java.io.IOException {
            wallStarted = System.nanoTime();
            cpuStarted = processCpuNanos();
            serverTicksStarted = serverCpuTicks();
        }

        void stop() throws java.io.IOException {
            wallNanos += System.nanoTime() - wallStarted;
            cpuNanos += processCpuNanos() - cpuStarted;
            serverTicks += serverCpuTicks() - serverTicksStarted;
        }

        double seconds() {
            return wallNanos / 1e9;
        }

        double cpuSeconds() {
            return cpuNanos / 1e9;
        }

        double serverCpuSeconds() {
            return serverTicks / (double) Long.parseLong(env("BENCH_CLK_TCK"));
        }
    }

    /** This JVM's CPU time: on two cores the JVM and the server share, so CPU per row says more than wall time alone. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The ClickHouse server's CPU time in clock ticks (utime + stime of /proc/<pid>/stat), its pid in BENCH_SERVER_PID. */
    private static long serverCpuTicks() throws java.io.IOException {
        final String stat = Files.readString(Path.of("/proc", env("BENCH_SERVER_PID"), "stat"));
        // The process name in parentheses may hold spaces; the fields counted from it are fixed.
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The FlowFile contents of the chunk directory, in name order (the order of the data file). */
    private static List<Path> chunkFiles(final Path chunks) throws java.io.IOException {
        try (Stream<Path> listing = Files.list(chunks)) {
            return listing.sorted().toList();
        }
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
        System.out.printf(Locale.ROOT, "rows=%d seconds=%.3f rows_per_s=%.0f jvm_cpu_s=%.3f server_cpu_s=%.2f heap_max_mb=%d heap_used_max_mb=%d%n",
                result.rows(), result.seconds(), result.rows() / result.seconds(), result.cpuSeconds(), result.serverCpuSeconds(), Runtime.getRuntime().maxMemory() / (1024 * 1024),
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
