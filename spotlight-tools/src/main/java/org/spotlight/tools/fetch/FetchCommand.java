package org.spotlight.tools.fetch;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.document.DirectoryDocuments;
import org.spotlight.congress.enrichment.TradeEnricher;
import org.spotlight.congress.feed.CongressFeed;
import org.spotlight.congress.feed.Documents;
import org.spotlight.congress.feed.FeedListener;
import org.spotlight.congress.feed.FeedState;
import org.spotlight.congress.feed.FilingResult;
import org.spotlight.congress.feed.FilingSource;
import org.spotlight.congress.feed.RunSummary;
import org.spotlight.congress.house.HouseClerkSource;
import org.spotlight.congress.http.HttpFetcher;
import org.spotlight.congress.legislators.LegislatorDirectory;
import org.spotlight.congress.legislators.MemberLookup;
import org.spotlight.congress.model.Chamber;
import org.spotlight.congress.model.TradeRecord;
import org.spotlight.congress.model.TradeRecordJson;
import org.spotlight.congress.model.TradeSource;
import org.spotlight.congress.senate.SenateEfdSource;
import org.spotlight.congress.senate.StoredEfdIndex;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ./spotlight fetch --from DIR}: runs FetchCongressTrades' fetch-and-parse code against a local directory
 * laid out like the official sites and writes the trade records as JSON Lines. Operators use it to backfill
 * from a mirror and to check a parse.
 */
public final class FetchCommand {

    static final String USAGE = """
            Usage: spotlight fetch --from DIR [--chamber house|senate|all] [--year YEAR]... [--out FILE]
                                   [--legislators FILE|URL]... [--state FILE]

              --from DIR         a directory laid out like the official sites:
                                   DIR/public_disc/financial-pdfs/{YEAR}FD.zip       House Clerk yearly index
                                   DIR/public_disc/ptr-pdfs/{YEAR}/{DocID}.pdf       House PTRs
                                   DIR/search/report/data/*.json                     saved eFD search answers
                                   DIR/search/view/ptr/{UUID}/index.html             Senate PTR pages
              --chamber          house, senate or all (default all)
              --year YEAR        only this year (repeatable; default: every year DIR holds)
              --out FILE         write the JSON Lines here instead of stdout
              --legislators SRC  legislators file (congress-legislators format: legislators-current.yaml, and
                                 legislators-historical.yaml or .csv for former members) for bioguide_id; repeatable
              --state FILE       remember handled filings in FILE and skip them next time (FetchCongressTrades' state)

            Records go to stdout (or --out) as JSON Lines with the trade record's field names; failures and a
            summary go to stderr. Exit status: 0 when every filing parsed, 2 when some failed, 1 on usage errors.
            """;
    static final URI HOUSE_SITE = URI.create("https://disclosures-clerk.house.gov/");
    static final URI SENATE_SITE = URI.create("https://efdsearch.senate.gov/");
    private static final long MAX_DOCUMENT_BYTES = 256L * 1024 * 1024;
    private static final Pattern INDEX_ZIP = Pattern.compile("(\\d{4})FD\\.zip");

    /** Parsed command line. */
    record Options(Path from, Chamber chamber, List<Integer> years, Path out, List<String> legislators, Path state) {
    }

    private FetchCommand() {
    }

    public static void main(final String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(final String[] args, final OutputStream stdout, final PrintStream stderr) {
        final Options options;
        try {
            options = parse(args);
        } catch (final IllegalArgumentException e) {
            stderr.println("spotlight fetch: " + e.getMessage());
            stderr.print(USAGE);
            return 1;
        }
        if (options == null) {
            stderr.print(USAGE);
            return 0;
        }
        try {
            return fetch(options, stdout, stderr);
        } catch (final SourceException e) {
            stderr.println("spotlight fetch: " + e.codeName() + ": " + e.getMessage());
            return 1;
        } catch (final IOException | UncheckedIOException e) {
            stderr.println("spotlight fetch: " + e.getMessage());
            return 1;
        }
    }

    static Options parse(final String[] args) {
        Path from = null;
        Chamber chamber = null;
        Path out = null;
        Path state = null;
        final List<Integer> years = new ArrayList<>();
        final List<String> legislators = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            final String arg = args[i];
            switch (arg) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--from" -> from = Path.of(value(args, ++i, arg));
                case "--chamber" -> {
                    final String value = value(args, ++i, arg).toLowerCase(Locale.ROOT);
                    chamber = switch (value) {
                        case "house" -> Chamber.HOUSE;
                        case "senate" -> Chamber.SENATE;
                        case "all" -> null;
                        default -> throw new IllegalArgumentException("--chamber must be house, senate or all, not '" + value + "'");
                    };
                }
                case "--year" -> {
                    final String value = value(args, ++i, arg);
                    if (!value.matches("\\d{4}")) {
                        throw new IllegalArgumentException("--year takes a four-digit year, not '" + value + "'");
                    }
                    years.add(Integer.parseInt(value));
                }
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--legislators" -> legislators.add(value(args, ++i, arg));
                case "--state" -> state = Path.of(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        if (from == null) {
            throw new IllegalArgumentException("--from DIR is required");
        }
        if (!Files.isDirectory(from)) {
            throw new IllegalArgumentException(from + " is not a directory");
        }
        return new Options(from.toAbsolutePath().normalize(), chamber, List.copyOf(years), out, List.copyOf(legislators), state);
    }

    private static String value(final String[] args, final int index, final String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int fetch(final Options options, final OutputStream stdout, final PrintStream stderr) throws IOException, SourceException {
        final long started = System.nanoTime();
        final Clock clock = Clock.systemUTC();
        final MemberLookup members = legislators(options.legislators(), stderr);
        final List<FilingSource> sources = new ArrayList<>();
        if (options.chamber() != Chamber.SENATE) {
            final List<Integer> years = options.years().isEmpty() ? houseYears(options.from()) : options.years();
            final Documents documents = new Documents(new DirectoryDocuments(options.from(), HOUSE_SITE, MAX_DOCUMENT_BYTES, clock), null);
            sources.add(new HouseClerkSource(documents, false, years, members));
        }
        if (options.chamber() != Chamber.HOUSE) {
            final StoredEfdIndex index = StoredEfdIndex.directory(options.from());
            final List<Integer> years = options.years().isEmpty() ? index.years() : options.years();
            final Documents pages = new Documents(new DirectoryDocuments(options.from(), SENATE_SITE, MAX_DOCUMENT_BYTES, clock), null);
            sources.add(new SenateEfdSource(index, pages, null, years, members, clock));
        }
        final FeedState state = options.state() == null ? new FeedState() : readState(options.state());
        final Counter counter = new Counter(stderr);
        final OutputStream sink = options.out() == null ? nonClosing(stdout) : Files.newOutputStream(options.out());
        try (JsonGenerator json = new JsonFactory().createGenerator(sink, JsonEncoding.UTF8)) {
            json.setRootValueSeparator(new SerializedString("\n"));
            counter.json = json;
            final RunSummary summary = new CongressFeed(sources, false).run(state, Integer.MAX_VALUE, counter, () -> true);
            if (summary.records() > 0) {
                json.writeRaw('\n');
            }
            json.flush();
            if (options.state() != null) {
                writeState(options.state(), state);
            }
            final double seconds = (System.nanoTime() - started) / 1e9;
            stderr.printf(Locale.ROOT, "spotlight fetch: %d filings listed, %d skipped as already handled, %d parsed, %d failed, "
                            + "%d to try again, %d index failures; %d records (%d transactions, %d scanned filings; %d without bioguide_id) "
                            + "from %s in %.1f s%n",
                    summary.listed(), summary.skipped(), summary.succeeded(), summary.failed(), summary.retryLater() + summary.waiting(),
                    summary.indexFailures(), summary.records(), counter.transactions, counter.scanned, counter.unidentified, options.from(),
                    seconds);
            return summary.failed() > 0 || summary.retryLater() > 0 || summary.indexFailures() > 0 ? 2 : 0;
        }
    }

    /** Writes each filing's records as they come and reports failures on stderr. */
    private static final class Counter implements FeedListener {
        private final PrintStream stderr;
        private JsonGenerator json;
        private int transactions;
        private int scanned;
        private int unidentified;

        Counter(final PrintStream stderr) {
            this.stderr = stderr;
        }

        @Override
        public void onFiling(final FilingResult result) {
            if (!result.succeeded()) {
                stderr.println("FAILED " + result.filing().describe() + ": " + result.error().codeName() + ": " + result.error().getMessage());
                return;
            }
            try {
                for (TradeRecord record : TradeEnricher.enrich(result.records())) {
                    TradeRecordJson.write(record, json);
                    if (record.filing().member() == null || record.filing().member().bioguideId() == null) {
                        unidentified++;
                    }
                    if (record.transaction() == null) {
                        scanned++;
                    } else {
                        transactions++;
                    }
                }
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void onIndexFailure(final TradeSource source, final String scope, final SourceException error) {
            stderr.println("FAILED index " + scope + ": " + error.codeName() + ": " + error.getMessage());
        }

        @Override
        public void onRetryLater(final FilingResult result, final Instant due, final int failures) {
            stderr.println("TRY AGAIN " + result.filing().describe() + " after " + due + ": " + result.error().codeName() + ": "
                    + result.error().getMessage());
        }
    }

    private static MemberLookup legislators(final List<String> locations, final PrintStream stderr) throws SourceException {
        if (locations.isEmpty()) {
            stderr.println("spotlight fetch: no --legislators given; bioguide_id stays empty");
            return MemberLookup.NONE;
        }
        try (HttpFetcher fetcher = new HttpFetcher(new HttpFetcher.Settings("Spotlight-CLI/0.1 (spotlight fetch)", Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofSeconds(1), 2, Duration.ofSeconds(2), Duration.ofSeconds(30), MAX_DOCUMENT_BYTES, null))) {
            return LegislatorDirectory.load(locations, fetcher);
        }
    }

    static List<Integer> houseYears(final Path from) throws IOException {
        final Path indexes = from.resolve("public_disc/financial-pdfs");
        if (!Files.isDirectory(indexes)) {
            return List.of();
        }
        final TreeSet<Integer> years = new TreeSet<>();
        try (Stream<Path> files = Files.list(indexes)) {
            files.forEach(file -> {
                final Matcher matcher = INDEX_ZIP.matcher(file.getFileName().toString());
                if (matcher.matches()) {
                    years.add(Integer.parseInt(matcher.group(1)));
                }
            });
        }
        return List.copyOf(years);
    }

    private static FeedState readState(final Path file) throws IOException {
        if (!Files.exists(file)) {
            return new FeedState();
        }
        final Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        final Map<String, String> encoded = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> encoded.put(name, properties.getProperty(name)));
        return FeedState.decode(encoded);
    }

    private static void writeState(final Path file, final FeedState state) throws IOException {
        final Properties properties = new Properties();
        properties.putAll(state.encode());
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "spotlight fetch state: filings handled per scope");
        }
    }

    private static OutputStream nonClosing(final OutputStream out) {
        return new OutputStream() {
            @Override
            public void write(final int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(final byte[] b, final int off, final int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }
        };
    }
}
