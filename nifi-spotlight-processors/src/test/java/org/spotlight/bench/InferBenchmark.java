package org.spotlight.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.OperatingSystemMXBean;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processors.standard.ConvertRecord;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.spotlight.nifi.processors.typing.InferSchemaAndCast;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * {@code ./spotlight bench infer}: InferSchemaAndCast (infer + cast, raw JSON in, JsonRecordSetWriter out) against NiFi's
 * ConvertRecord with JsonTreeReader ("Infer Schema") and JsonRecordSetWriter, both in nifi-mock with default settings,
 * on the same FlowFiles: the records of the Senate Stock Watcher file replicated to the requested count, in FlowFiles
 * of one batch each (the size of a Kafka poll). Neither caches schemas, so both infer every FlowFile.
 * <p>
 * Then InferSchemaAndCast once more, on the same stream with 1% hostile values: one record in a hundred has one value
 * replaced by one of {@link #HOSTILE_VALUES} (huge exponents, a thousand digits, deep nesting, a long string, a field
 * named twice, a lone surrogate, bytes that are not UTF-8). Each value must cost what its text does, so the throughput
 * must hold: the ratio of the two is printed. Records that fail (as some of these must) count as processed.
 * <p>
 * Each processor runs in a JVM of its own (same options), so that neither's JIT profile or garbage shapes the other's
 * figures; warm-up batches are not counted. Times are those of the processor's trigger only, wall-clock and process
 * CPU (on a busy machine the latter is the steadier figure). The last line is the machine-readable result.
 * <p>
 * Not a test: a command, run outside the test suite. Arguments: {@code <senate json> [records] [batch size]}.
 */
public final class InferBenchmark {

    private static final int WARM_UP_BATCHES = 20;
    private static final String CONVERT_RECORD = "ConvertRecord";
    private static final String INFER_SCHEMA_AND_CAST = "InferSchemaAndCast";
    private static final String INFER_SCHEMA_AND_CAST_HOSTILE = "InferSchemaAndCastHostile";
    /** One record in this many gets a hostile value. */
    private static final int HOSTILE_EVERY = 100;
    /** Replacements for the value of one field ({@code comment}), as JSON; some make their record fail, as they must. */
    private static final List<byte[]> HOSTILE_VALUES = List.of(
            utf8("1e500000000"),
            utf8("\"1e500000000\""),
            utf8("-1e-500000000"),
            utf8("9".repeat(1000)),
            utf8("\"" + "9".repeat(10_000) + "\""),
            utf8("[".repeat(90) + "1" + "]".repeat(90)),
            utf8("\"" + "x".repeat(100_000) + "\""),
            utf8("\"\\ud800\""),
            utf8("1, \"comment\": 2"),
            new byte[]{'"', (byte) 0xC0, (byte) 0x80, '"'});

    /** One processor's run. */
    private record Measurement(long records, long wallNanos, long cpuNanos, long heapAfterGcMb) {

        double recordsPerSecond() {
            return records / (wallNanos / 1e9);
        }

        double recordsPerCpuSecond() {
            return records / (cpuNanos / 1e9);
        }

        String line() {
            return String.format(Locale.ROOT, "MEASURE %d %d %d %d", records, wallNanos, cpuNanos, heapAfterGcMb);
        }

        static Measurement parse(final String line) {
            final String[] parts = line.split(" ");
            return new Measurement(Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]), Long.parseLong(parts[4]));
        }
    }

    private InferBenchmark() {
    }

    public static void main(final String[] args) throws Exception {
        if (args[0].equals("--measure")) {
            final Measurement measurement = measure(args[1], Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            System.out.println(measurement.line());
            return;
        }
        final Path data = Path.of(args[0]);
        final int records = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        final int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        System.out.printf(Locale.ROOT, "input: the %s records replicated to %d, in FlowFiles of %d records; JVM %s, %d processors, heap %d MB%n",
                data.getFileName(), records, batchSize, Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024));

        final Measurement convert = fork(CONVERT_RECORD, data, records, batchSize);
        System.out.printf(Locale.ROOT, "ConvertRecord (JsonTreeReader Infer Schema -> JsonRecordSetWriter): %,.0f records/s (%.1f s wall, "
                + "%.1f s CPU: %,.0f records/CPU-s), heap after GC at most %d MB%n", convert.recordsPerSecond(), convert.wallNanos() / 1e9,
                convert.cpuNanos() / 1e9, convert.recordsPerCpuSecond(), convert.heapAfterGcMb());
        final Measurement ours = fork(INFER_SCHEMA_AND_CAST, data, records, batchSize);
        System.out.printf(Locale.ROOT, "InferSchemaAndCast (infer + cast -> JsonRecordSetWriter):           %,.0f records/s (%.1f s wall, "
                + "%.1f s CPU: %,.0f records/CPU-s), heap after GC at most %d MB%n", ours.recordsPerSecond(), ours.wallNanos() / 1e9,
                ours.cpuNanos() / 1e9, ours.recordsPerCpuSecond(), ours.heapAfterGcMb());
        System.out.printf(Locale.ROOT, "ratio by CPU time: %.2f%n", ours.recordsPerCpuSecond() / convert.recordsPerCpuSecond());
        final Measurement hostile = fork(INFER_SCHEMA_AND_CAST_HOSTILE, data, records, batchSize);
        System.out.printf(Locale.ROOT, "InferSchemaAndCast, 1%% hostile values:                              %,.0f records/s (%.1f s wall, "
                + "%.1f s CPU: %,.0f records/CPU-s), heap after GC at most %d MB%n", hostile.recordsPerSecond(), hostile.wallNanos() / 1e9,
                hostile.cpuNanos() / 1e9, hostile.recordsPerCpuSecond(), hostile.heapAfterGcMb());
        System.out.printf(Locale.ROOT, "hostile / clean: %.2f by wall time, %.2f by CPU time%n", hostile.recordsPerSecond() / ours.recordsPerSecond(),
                hostile.recordsPerCpuSecond() / ours.recordsPerCpuSecond());
        System.out.printf(Locale.ROOT, "RESULT infer records_per_s=%.0f vs_convertrecord=%.2f heap_max_mb=%d hostile_records_per_s=%.0f "
                        + "hostile_vs_clean=%.2f%n", ours.recordsPerSecond(), ours.recordsPerSecond() / convert.recordsPerSecond(),
                ours.heapAfterGcMb(), hostile.recordsPerSecond(), hostile.recordsPerSecond() / ours.recordsPerSecond());
    }

    /** Runs one processor in a JVM of its own, with this JVM's options and class path. */
    private static Measurement fork(final String processor, final Path data, final int records, final int batchSize)
            throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), InferBenchmark.class.getName(),
                "--measure", processor, data.toString(), String.valueOf(records), String.valueOf(batchSize)));
        final Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("MEASURE ")) {
                    result = line;
                } else {
                    System.out.println(line);
                }
            }
        }
        if (child.waitFor() != 0 || result == null) {
            throw new IllegalStateException(processor + " run failed with exit code " + child.exitValue());
        }
        return Measurement.parse(result);
    }

    private static Measurement measure(final String processor, final Path data, final int records, final int batchSize) throws Exception {
        final List<byte[]> source = processor.equals(INFER_SCHEMA_AND_CAST_HOSTILE) ? withHostileValues(recordsOf(data)) : recordsOf(data);
        final HeapAfterGc heap = new HeapAfterGc();
        final TestRunner runner = processor.equals(CONVERT_RECORD) ? convertRecord() : inferSchemaAndCast();
        for (int batch = 0; batch < WARM_UP_BATCHES; batch++) {
            run(runner, batch(source, batch * batchSize, batchSize), batchSize);
        }
        final OperatingSystemMXBean process = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        heap.reset();
        long wall = 0;
        long cpu = 0;
        for (int start = 0; start < records; start += batchSize) {
            final int size = Math.min(batchSize, records - start);
            final byte[] content = batch(source, start, size);
            final long cpuStarted = process.getProcessCpuTime();
            final long started = System.nanoTime();
            run(runner, content, size);
            wall += System.nanoTime() - started;
            cpu += process.getProcessCpuTime() - cpuStarted;
        }
        return new Measurement(records, wall, cpu, heap.maxMegabytes());
    }

    private static TestRunner inferSchemaAndCast() throws InitializationException {
        final TestRunner runner = TestRunners.newTestRunner(InferSchemaAndCast.class, new ForgetfulLog());
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.enableControllerService(writer);
        runner.setProperty("Output Format", "RECORD_WRITER");
        runner.setProperty("Record Writer", "writer");
        return runner;
    }

    private static TestRunner convertRecord() throws InitializationException {
        final TestRunner runner = TestRunners.newTestRunner(ConvertRecord.class, new ForgetfulLog());
        final JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.enableControllerService(writer);
        runner.setProperty("Record Reader", "reader");
        runner.setProperty("Record Writer", "writer");
        return runner;
    }

    /** One FlowFile through the processor, which must account for every record: written to success, or failed on its own. */
    private static void run(final TestRunner runner, final byte[] content, final int records) {
        runner.enqueue(content);
        runner.run();
        final List<MockFlowFile> output = runner.getFlowFilesForRelationship("success");
        final int failed = runner.getFlowFilesForRelationship("failure").size();
        if (output.size() != 1 || !String.valueOf(records - failed).equals(output.getFirst().getAttribute("record.count"))) {
            throw new IllegalStateException(runner.getProcessor().getClass().getSimpleName() + " did not account for " + records + " records: "
                    + output.stream().map(MockFlowFile::getAttributes).toList() + ", " + failed + " failed");
        }
        runner.clearTransferState();
        runner.clearProvenanceEvents();
    }

    /** The records with one in {@link #HOSTILE_EVERY} given a hostile value for its comment, the hostile values in turn. */
    private static List<byte[]> withHostileValues(final List<byte[]> records) {
        final byte[] field = utf8("\"comment\":");
        final List<byte[]> hostile = new ArrayList<>(records.size());
        int next = 0;
        for (int i = 0; i < records.size(); i++) {
            final byte[] record = records.get(i);
            final int at = indexOf(record, field);
            if (i % HOSTILE_EVERY != HOSTILE_EVERY / 2 || at < 0) {
                hostile.add(record);
                continue;
            }
            // The comment's value runs to the next field: "comment":"...","senator":...
            final int valueStart = at + field.length;
            final int valueEnd = indexOf(record, utf8(",\"senator\""));
            if (valueEnd < valueStart) {
                hostile.add(record);
                continue;
            }
            final ByteArrayOutputStream out = new ByteArrayOutputStream(record.length + 128);
            out.write(record, 0, valueStart);
            out.writeBytes(HOSTILE_VALUES.get(next++ % HOSTILE_VALUES.size()));
            out.write(record, valueEnd, record.length - valueEnd);
            hostile.add(out.toByteArray());
        }
        return hostile;
    }

    private static int indexOf(final byte[] haystack, final byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The records of the file, each as compact JSON. */
    private static List<byte[]> recordsOf(final Path file) throws IOException {
        final ObjectMapper mapper = new ObjectMapper();
        final List<byte[]> records = new ArrayList<>();
        for (JsonNode record : mapper.readTree(file.toFile())) {
            records.add(mapper.writeValueAsBytes(record));
        }
        return records;
    }

    /** A JSON array of {@code size} records, continuing the cycle through the source records at {@code start}. */
    private static byte[] batch(final List<byte[]> source, final int start, final int size) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(size * 400);
        out.write('[');
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                out.write(',');
                out.write('\n');
            }
            out.writeBytes(source.get((start + i) % source.size()));
        }
        out.write(']');
        return out.toByteArray();
    }

    /**
     * nifi-mock's log keeps every message with its arguments for assertions; ConvertRecord logs each FlowFile at INFO,
     * which would keep every FlowFile's content alive. NiFi's own log keeps nothing, nor does this one below WARN.
     */
    private static final class ForgetfulLog extends MockComponentLog {
        ForgetfulLog() {
            super("benchmark", new Object());
        }

        @Override
        public void info(final String msg, final Object... os) {
        }

        @Override
        public void info(final String msg) {
        }

        @Override
        public void debug(final String msg, final Object... os) {
        }

        @Override
        public void debug(final String msg) {
        }
    }

    /** The most heap in use right after a garbage collection: the data the run really keeps alive. */
    private static final class HeapAfterGc {
        private final AtomicLong max = new AtomicLong();
        private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());

        HeapAfterGc() {
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        final GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                        final long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                                .filter(pool -> heapPools.contains(pool.getKey())).mapToLong(pool -> pool.getValue().getUsed()).sum();
                        max.accumulateAndGet(used, Math::max);
                    }
                }, null, null);
            }
        }

        void reset() {
            max.set(0);
        }

        long maxMegabytes() {
            return max.get() / (1024 * 1024);
        }
    }
}
