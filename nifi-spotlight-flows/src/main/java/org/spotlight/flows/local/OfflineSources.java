package org.spotlight.flows.local;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The official disclosure sites as far as they can be served offline, from the published files in
 * {@code ../shared/data/congress}: the House Clerk's 2025 index and PTR PDFs in the Clerk's own path layout, and the
 * Senate Stock Watcher dataset. Used by {@code ./spotlight demo} when the real sites cannot be reached.
 * <p>
 * The shared data holds 19 of the 475 PTR PDFs the 2025-12-04 index lists, so the served index keeps only those
 * filings: every filing FetchCongressTrades is told about can be fetched. The Senate's eFD search is an interactive
 * protocol that static files cannot answer; the Senate comes from its community dataset instead.
 */
public final class OfflineSources implements AutoCloseable {

    private static final String INDEX_SNAPSHOT = "house_clerk_index/2025_snapshot-2025-12-04/2025FD.txt";
    private static final String SENATE_DATASET = "senate_stock_watcher/all_transactions.json";
    private static final String LEGISLATORS = "congress_legislators/legislators-current.yaml";
    private static final String FORMER_LEGISLATORS = "congress_legislators/legislators-historical.csv";
    private static final String COMMITTEES = "congress_legislators/committees-current.yaml";
    private static final String COMMITTEE_MEMBERSHIP = "congress_legislators/committee-membership-current.yaml";

    private final Path sharedCongress;
    private final HttpServer server;

    /**
     * @param sharedCongress ../shared/data/congress
     * @param mirror         a directory of the work directory to lay the mirror out in (files are copied there, not
     *                       into the project)
     */
    public OfflineSources(final Path sharedCongress, final Path mirror) throws IOException {
        this.sharedCongress = sharedCongress;
        layOut(sharedCongress, mirror);
        server = SimpleFileServer.createFileServer(new InetSocketAddress("127.0.0.1", 0), mirror.toAbsolutePath(),
                SimpleFileServer.OutputLevel.NONE);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String houseClerkUrl() {
        return baseUrl() + "/house-clerk";
    }

    public String senateStockWatcherUrl() {
        return baseUrl() + "/senate-stock-watcher/all_transactions.json";
    }

    /** The legislators files, current and former members, read from the shared files in place. */
    public String legislatorsSource() {
        return shared(LEGISLATORS) + ", " + shared(FORMER_LEGISLATORS);
    }

    private String shared(final String file) {
        return sharedCongress.resolve(file).toAbsolutePath().toUri().toString();
    }

    /** The producer flow's parameters that point FetchCongressTrades at this mirror. */
    public Map<String, String> producerParameters() {
        return Map.of(
                "congress.sources", "house-clerk, senate-stock-watcher",
                "congress.filing.years", "2025",
                "congress.house.base.url", houseClerkUrl(),
                "congress.senate.stock.watcher.url", senateStockWatcherUrl(),
                "congress.legislators.source", legislatorsSource(),
                "congress.committees.source", shared(COMMITTEES),
                "congress.committee.membership.source", shared(COMMITTEE_MEMBERSHIP),
                // The Senate dataset groups into some 1,400 filings: all of them in one run.
                "congress.max.filings.per.run", "100000");
    }

    private static void layOut(final Path shared, final Path mirror) throws IOException {
        final Path pdfs = Files.createDirectories(mirror.resolve("house-clerk/public_disc/ptr-pdfs/2025"));
        final Set<String> available;
        try (Stream<Path> files = Files.walk(shared.resolve("house_ptr_pdfs/2025"))) {
            final List<Path> sharedPdfs = files.filter(file -> file.toString().endsWith(".pdf")).toList();
            for (Path pdf : sharedPdfs) {
                Files.copy(pdf, pdfs.resolve(pdf.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            available = sharedPdfs.stream().map(pdf -> pdf.getFileName().toString().replace(".pdf", "")).collect(Collectors.toSet());
        }
        final List<String> index = Files.readAllLines(shared.resolve(INDEX_SNAPSHOT), StandardCharsets.UTF_8);
        final String kept = Stream.concat(Stream.of(index.getFirst()), index.stream().skip(1).filter(line -> {
            final String[] columns = line.split("\t", -1);
            return columns.length > 8 && "P".equals(columns[4]) && available.contains(columns[8].strip());
        })).collect(Collectors.joining("\r\n", "", "\r\n"));
        final Path indexes = Files.createDirectories(mirror.resolve("house-clerk/public_disc/financial-pdfs"));
        try (OutputStream out = Files.newOutputStream(indexes.resolve("2025FD.zip"));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("2025FD.txt"));
            zip.write(kept.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        final Path senate = Files.createDirectories(mirror.resolve("senate-stock-watcher"));
        Files.copy(shared.resolve(SENATE_DATASET), senate.resolve("all_transactions.json"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
