package org.spotlight.tools.bench;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.house.HousePtr;
import org.spotlight.congress.house.HousePtrParser;
import org.spotlight.congress.house.HouseTransactions;
import org.spotlight.congress.house.HousePtrRow;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code ./spotlight bench fetch}: parses every House PTR PDF under a directory (the shared electronic and scanned
 * PTRs, the 81-page one among them) with the same parser FetchCongressTrades uses, round after round, and reports
 * throughput and peak heap. The documents are read into memory first, so the figures measure parsing, not disk.
 * The last line is {@code RESULT fetch transactions_per_s=<n> pages_per_s=<n> heap_max_mb=<MB>}.
 */
public final class HousePtrParserBenchmark {

    private record Document(String name, byte[] content) {
    }

    private HousePtrParserBenchmark() {
    }

    public static void main(final String[] args) throws Exception {
        Path directory = null;
        int minRounds = 5;
        double minSeconds = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> directory = Path.of(args[++i]);
                case "--rounds" -> minRounds = Integer.parseInt(args[++i]);
                case "--seconds" -> minSeconds = Double.parseDouble(args[++i]);
                default -> {
                    System.err.println("Usage: spotlight bench fetch [--dir DIR] [--rounds N] [--seconds S]");
                    System.exit(1);
                }
            }
        }
        if (directory == null || !Files.isDirectory(directory)) {
            System.err.println("bench fetch: " + directory + " is not a directory of PTR PDFs (--dir)");
            System.exit(1);
        }
        System.exit(run(directory, minRounds, minSeconds, System.out));
    }

    static int run(final Path directory, final int minRounds, final double minSeconds, final PrintStream out) throws IOException {
        final List<Document> documents = load(directory);
        if (documents.isEmpty()) {
            out.println("bench fetch: no PDFs under " + directory);
            return 1;
        }
        final HeapSampler heap = new HeapSampler();
        try {
            // One untimed round warms up PDFBox and the JIT, and prints what each document holds.
            long pages = 0;
            long transactions = 0;
            for (Document document : documents) {
                final long start = System.nanoTime();
                final HousePtr ptr = parse(document);
                out.printf(Locale.ROOT, "%-16s %3d pages %4d transactions%s  %6.1f ms (warm-up)%n", document.name(), ptr.pages(),
                        ptr.rows().size(), ptr.scanned() ? " (scanned)" : "", (System.nanoTime() - start) / 1e6);
                pages += ptr.pages();
                transactions += ptr.rows().size();
            }
            out.printf(Locale.ROOT, "%d documents, %d pages, %d transactions per round%n", documents.size(), pages, transactions);

            heap.start();
            final long started = System.nanoTime();
            int rounds = 0;
            long largest = 0;
            long largestCount = 0;
            while (rounds < minRounds || (System.nanoTime() - started) / 1e9 < minSeconds) {
                final long roundStart = System.nanoTime();
                for (Document document : documents) {
                    final long start = System.nanoTime();
                    final HousePtr ptr = parse(document);
                    if (ptr.pages() >= 50) {
                        largest += System.nanoTime() - start;
                        largestCount++;
                    }
                }
                rounds++;
                out.printf(Locale.ROOT, "round %d: %.0f ms%n", rounds, (System.nanoTime() - roundStart) / 1e6);
            }
            final double seconds = (System.nanoTime() - started) / 1e9;
            if (largestCount > 0) {
                out.printf(Locale.ROOT, "the largest report (>= 50 pages) parses in %.0f ms on average%n", largest / 1e6 / largestCount);
            }
            out.printf(Locale.ROOT, "%d rounds in %.1f s; max heap %d MB%n", rounds, seconds, Runtime.getRuntime().maxMemory() >> 20);
            out.printf(Locale.ROOT, "RESULT fetch transactions_per_s=%.0f pages_per_s=%.1f heap_max_mb=%d%n",
                    transactions * rounds / seconds, pages * rounds / seconds, heap.stop() >> 20);
            return 0;
        } catch (final SourceException e) {
            out.println("bench fetch: " + e.codeName() + ": " + e.getMessage());
            return 1;
        }
    }

    /** Parses and interprets every row, as the feed does. */
    private static HousePtr parse(final Document document) throws SourceException {
        final HousePtr ptr = HousePtrParser.parse(document.content(), document.name());
        for (HousePtrRow row : ptr.rows()) {
            HouseTransactions.interpret(row, document.name());
        }
        return ptr;
    }

    private static List<Document> load(final Path directory) throws IOException {
        final List<Document> documents = new ArrayList<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pdf")).sorted().toList()) {
                documents.add(new Document(file.getFileName().toString(), Files.readAllBytes(file)));
            }
        }
        return documents;
    }

    /** Samples the used heap every few milliseconds and keeps the peak. */
    private static final class HeapSampler {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running;
        private Thread thread;

        void start() {
            System.gc();
            running = true;
            thread = Thread.ofPlatform().daemon().name("heap-sampler").start(() -> {
                while (running) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (final InterruptedException e) {
                        return;
                    }
                }
            });
        }

        long stop() {
            running = false;
            try {
                thread.join(1000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return peak.get();
        }
    }
}
