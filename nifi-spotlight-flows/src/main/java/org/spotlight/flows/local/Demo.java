package org.spotlight.flows.local;

import org.spotlight.clickhouse.http.ClickHouseConnection;
import org.spotlight.clickhouse.ddl.SqlScript;
import org.spotlight.clickhouse.client.ClickHouseQueryResult;
import org.spotlight.storage.s3.S3Storage;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The main job behind {@code ./spotlight demo}: runs the congress trades ingest in the local NiFi, from the official
 * sites when they answer and from the offline mirror of ../shared/data otherwise, through Kafka into ClickHouse,
 * then prints what landed and where to look.
 */
public final class Demo {

    private static final String TOPIC = "spotlight.congress.trades";
    private static final String FAILURE_TABLE = "spotlight_failures";
    private static final String GROUP_PREFIX = "Spotlight demo:";

    private Demo() {
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, String> options = options(args);
        final long started = System.nanoTime();
        final LocalPipeline.Stack stack = LocalPipeline.Stack.fromEnvironment();
        final Path flows = Path.of(options.getOrDefault("flows", "flows"));
        final String mode = options.getOrDefault("sources", "auto");
        final boolean live = switch (mode) {
            case "live" -> true;
            case "offline" -> false;
            default -> officialSitesReachable();
        };

        OfflineSources offline = null;
        try (LocalPipeline pipeline = new LocalPipeline(stack, GROUP_PREFIX, TOPIC, FAILURE_TABLE)) {
            final Map<String, String> producerParameters = new HashMap<>();
            if (live) {
                say("sources: the official House Clerk and Senate eFD sites (live)");
                producerParameters.put("congress.sources", "house-clerk, senate-efd");
                producerParameters.put("congress.filing.years", "current");
            } else {
                final Path shared = Path.of(options.getOrDefault("shared", "../shared/data/congress"));
                if (!Files.isDirectory(shared)) {
                    throw new IllegalStateException("the official sites are not reachable and " + shared + " does not exist for the offline mode");
                }
                offline = new OfflineSources(shared, Path.of(options.getOrDefault("work", ".spotlight/demo")).resolve("mirror"));
                say("sources: offline (the official sites did not answer) — the House Clerk's 2025 index and PTR PDFs from "
                        + "../shared/data served at " + offline.houseClerkUrl() + ", and the Senate Stock Watcher dataset");
                producerParameters.putAll(offline.producerParameters());
            }

            final String storagePolicy = options.get("storage-policy");
            if (storagePolicy != null) {
                pipeline.storagePolicy(storagePolicy);
                say("tables the flow creates get storage policy " + storagePolicy);
            }
            pipeline.reset(Demo::say);
            final Path definitions = Path.of(options.getOrDefault("definitions", "clickhouse/congress.sql"));
            final SqlScript.Report applied = pipeline.applyDefinitions(definitions, Demo::say);
            say("created the congress tables and views from " + definitions + " (" + applied.executed().size() + " statements, "
                    + applied.skipped().size() + " skipped on this server)");
            say("deploying the flows congress-trades-producer and kafka-to-clickhouse into NiFi (" + stack.nifiUrl() + ")");
            pipeline.start(flows, producerParameters);
            say("running: FetchCongressTrades → Kafka topic " + TOPIC + " → InferSchemaAndCast → PutClickHouseBatch → "
                    + stack.clickHouseDatabase() + "." + pipeline.table());
            final Duration timeout = Duration.ofMinutes(Long.parseLong(options.getOrDefault("timeout-minutes", "20")));
            pipeline.awaitQuiet(timeout, Duration.ofSeconds(5), progress -> say(String.format(Locale.ROOT,
                    "progress: %,d trade records published to Kafka, %,d delivered to NiFi, %,d FlowFiles queued, fetch %s",
                    progress.published(), progress.forwarded(), progress.queuedInNiFi(),
                    progress.fetchActive() ? "running" : progress.fetchRan() ? "done" : "starting")));
            pipeline.stop();
            summarize(pipeline, stack, started, options.getOrDefault("sql-command", "./spotlight sql"));
        } finally {
            if (offline != null) {
                offline.close();
            }
        }
    }

    private static void summarize(final LocalPipeline pipeline, final LocalPipeline.Stack stack, final long started, final String sqlCommand) {
        try (ClickHouseConnection clickHouse = pipeline.clickHouse()) {
            final String table = "`" + pipeline.table() + "`";
            final long trades = count(clickHouse, "SELECT count() AS n FROM " + table + " FINAL");
            final long failures = exists(clickHouse, FAILURE_TABLE) ? count(clickHouse, "SELECT count() AS n FROM `" + FAILURE_TABLE + "`") : 0;
            System.out.println();
            System.out.println("Spotlight demo summary");
            System.out.println("  ClickHouse " + stack.clickHouseUrl() + ", database " + stack.clickHouseDatabase() + ":");
            final ClickHouseQueryResult tables = clickHouse.query("SELECT table, sum(rows) AS rows FROM system.parts WHERE database = '"
                    + stack.clickHouseDatabase().replace("'", "\\'") + "' AND active AND table IN ('" + pipeline.table() + "', '"
                    + pipeline.committeesTable() + "', '" + FAILURE_TABLE + "') GROUP BY table ORDER BY table", Map.of());
            for (List<String> row : tables.rows()) {
                System.out.printf(Locale.ROOT, "    %-32s %,12d rows stored%n", row.get(0), Long.parseLong(row.get(1)));
            }
            System.out.printf(Locale.ROOT, "    %-32s %,12d distinct trades (FINAL)%n", pipeline.table(), trades);
            System.out.printf(Locale.ROOT, "    %-32s %,12d stored failures%n", FAILURE_TABLE, failures);
            if (failures > 0) {
                final ClickHouseQueryResult byClass = clickHouse.query("SELECT error_class, error_code, count() AS n FROM `" + FAILURE_TABLE
                        + "` GROUP BY error_class, error_code ORDER BY n DESC LIMIT 5", Map.of());
                byClass.rows().forEach(row -> System.out.printf(Locale.ROOT, "      %s / %s: %s%n", row.get(0), row.get(1), row.get(2)));
            }
            final ClickHouseQueryResult bySource = clickHouse.query("SELECT chamber, source, count() AS trades, uniqExact(filing_id) AS filings, "
                    + "countIf(scanned = 1) AS scanned_filings FROM " + table + " FINAL GROUP BY chamber, source ORDER BY chamber, source", Map.of());
            System.out.println();
            System.out.println("  Trades by source:");
            printTable(bySource);

            final String current = "spotlight_congress_trades_current";
            section("Who: records with a bioguide_id (current trades, by chamber and source)",
                    "SELECT chamber, source, count() AS records, countIf(bioguide_id != '') AS identified, "
                            + "toString(round(100 * identified / records, 2)) AS percent, countIf(ifNull(member_match, '') = 'term') AS by_term, "
                            + "countIf(ifNull(member_match, '') = 'last_term') AS by_last_term, countIf(ifNull(member_match, '') = 'ambiguous') AS ambiguous, "
                            + "countIf(ifNull(member_match, '') = 'unmatched') AS unmatched FROM " + current + " GROUP BY chamber, source ORDER BY chamber, source",
                    clickHouse);
            final ClickHouseQueryResult coverage = clickHouse.query("SELECT chamber, toString(round(100 * countIf(bioguide_id != '') / count(), 2)) AS percent FROM "
                    + current + " GROUP BY chamber ORDER BY chamber", Map.of());
            section("How late (STOCK Act: 30 days after notification, at most 45 after the trade): trades by filing timeliness",
                    "SELECT chamber, source, sum(filings) AS filings, sum(late_trades) AS late, sum(on_time_trades) AS on_time, "
                            + "sum(unknown_trades) AS unknown, sum(scanned_filings) AS scanned_filings, max(max_days_late) AS most_days_late "
                            + "FROM spotlight_congress_filing_timeliness GROUP BY chamber, source ORDER BY chamber, source", clickHouse);
            section("The filings with the most late trades",
                    "SELECT filing_date, member, party, late_trades, trades, max_days_late, filing_id FROM spotlight_congress_late_filings "
                            + "ORDER BY late_trades DESC, max_days_late DESC LIMIT 5", clickHouse);
            section("Which instrument: option rows and quantities read from the filings' text",
                    "SELECT chamber, countIf(option_type IS NOT NULL OR option_strike IS NOT NULL OR ifNull(asset_type_code, '') = 'OP') AS option_rows, "
                            + "countIf(option_type IS NOT NULL AND option_strike IS NOT NULL AND option_expiration IS NOT NULL) AS fully_parsed, "
                            + "countIf(arrayExists(w -> w LIKE 'option text%', parse_warnings)) AS with_warning, "
                            + "countIf(quantity IS NOT NULL) AS with_quantity, countIf(ifNull(ticker_method, '') IN ('normalized', 'option_symbol')) "
                            + "AS tickers_normalized, countIf(ifNull(ticker_method, '') IN ('same_asset_name', 'asset_name_is_ticker')) AS tickers_filled "
                            + "FROM " + current + " GROUP BY chamber ORDER BY chamber", clickHouse);
            section("Option trades",
                    "SELECT transaction_date, member_full_name, ticker, transaction_type, option_type, toString(option_strike) AS strike, "
                            + "option_expiration, toString(quantity) AS quantity, quantity_unit FROM " + current + " WHERE option_type IS NOT NULL "
                            + "ORDER BY transaction_date DESC, trade_key LIMIT 8", clickHouse);
            section("Which version: amended rows and what they supersede",
                    "SELECT chamber, countIf(is_amendment = 1) AS amendment_rows, countIf(is_current = 0) AS superseded_rows, "
                            + "countIf(superseded_by_filing_id IS NOT NULL) AS superseded_by_a_later_filing, "
                            + "countIf(superseded_by_trade_key IS NOT NULL) AS superseded_by_an_amended_row "
                            + "FROM spotlight_congress_trades_versions GROUP BY chamber ORDER BY chamber", clickHouse);
            final ClickHouseQueryResult links = clickHouse.query("SELECT count() AS amended_rows, countIf(amended_trade_key IS NOT NULL) AS linked "
                    + "FROM spotlight_congress_amendment_links", Map.of());
            System.out.println("    House amended rows linked to the row they amend: " + links.column("linked").getFirst() + " of "
                    + links.column("amended_rows").getFirst() + " (spotlight_congress_amendment_links)");
            section("Trades by members of a committee (today's assignments): the five committees with the most",
                    "SELECT committee_id, any(committee_name) AS committee, uniqExact(bioguide_id) AS members_trading, count() AS trades "
                            + "FROM spotlight_congress_trades_by_committee WHERE parent_committee_id IS NULL GROUP BY committee_id "
                            + "ORDER BY trades DESC, committee_id LIMIT 5", clickHouse);

            // The latest month with at least ten trades filed: a month with one filing makes a thin top ten.
            final String sample = "SELECT filing_date, member_full_name, party, ticker, transaction_type, amount_min, amount_max "
                    + "FROM spotlight_congress_largest_trades WHERE toStartOfMonth(assumeNotNull(filing_date)) = (SELECT max(month) FROM (SELECT "
                    + "toStartOfMonth(assumeNotNull(filing_date)) AS month, count() AS n FROM " + current + " WHERE filing_date IS NOT NULL "
                    + "GROUP BY month HAVING n >= 10)) LIMIT 10";
            System.out.println();
            System.out.println("  The ten largest trades filed in the latest month with at least ten trades:");
            System.out.println("    " + sample);
            final ClickHouseQueryResult largest = clickHouse.query(sample, Map.of());
            printTable(largest);
            final ClickHouseQueryResult late = clickHouse.query("SELECT sum(late_trades) AS late FROM spotlight_congress_filing_timeliness", Map.of());
            final ClickHouseQueryResult options = clickHouse.query("SELECT countIf(option_type IS NOT NULL) AS n FROM " + current, Map.of());
            final StringBuilder identity = new StringBuilder();
            for (List<String> row : coverage.rows()) {
                identity.append(" bioguide_").append(row.get(0)).append('=').append(row.get(1)).append('%');
            }
            final String figures = identity + " late_trades=" + late.column("late").getFirst() + " option_trades=" + options.column("n").getFirst()
                    + " amendment_links=" + links.column("linked").getFirst() + "/" + links.column("amended_rows").getFirst();
            final String producer = pipeline.producerGroupId();
            final String consumer = pipeline.consumerGroupId();
            System.out.println();
            System.out.println("  NiFi UI: " + stack.nifiUrl() + "/nifi  (process groups '" + GROUP_PREFIX + " congress-trades-producer' "
                    + producer + " and '" + GROUP_PREFIX + " kafka-to-clickhouse' " + consumer + "; stopped, data provenance kept)");
            printStorage(clickHouse, stack, pipeline.table());
            System.out.println("  Query more: " + sqlCommand + " 'SELECT count() FROM " + pipeline.table() + " FINAL'");
            final long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            System.out.println("RESULT demo trades=" + trades + " failures=" + failures + " seconds=" + seconds + figures);
        }
    }

    private static void section(final String title, final String sql, final ClickHouseConnection clickHouse) {
        System.out.println();
        System.out.println("  " + title + ":");
        printTable(clickHouse.query(sql, Map.of()));
    }

    /**
     * Where the trades table's parts are: its policy and disks and, when they are on S3, the objects the engine names for
     * them (system.remote_data_paths) and how many objects the bucket holds under the server's prefix.
     */
    private static void printStorage(final ClickHouseConnection clickHouse, final LocalPipeline.Stack stack, final String table) {
        // Servers before 19.15 (18.16 here) have no storage policies: every table is on the default disk.
        if (clickHouse.query("SELECT name FROM system.columns WHERE database = 'system' AND table = 'tables' AND name = 'storage_policy'",
                Map.of()).isEmpty()) {
            return;
        }
        final ClickHouseQueryResult placement = clickHouse.query("SELECT t.storage_policy AS policy, toString(t.uuid) AS uuid,"
                + " arrayStringConcat(groupUniqArray(p.disk_name), ', ') AS disks FROM system.tables AS t LEFT JOIN"
                + " (SELECT database, table, disk_name FROM system.parts WHERE active) AS p"
                + " ON p.database = t.database AND p.table = t.name WHERE t.database = currentDatabase() AND t.name = '" + table
                + "' GROUP BY policy, uuid", Map.of());
        if (placement.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("  Storage of " + table + ": policy " + placement.column("policy").getFirst() + ", disks " + placement.column("disks").getFirst());
        final boolean hasRemotePaths = !clickHouse.query("SELECT name FROM system.tables WHERE database = 'system' AND name = 'remote_data_paths'",
                Map.of()).isEmpty();
        if (!hasRemotePaths) {
            return;
        }
        final ClickHouseQueryResult objects = clickHouse.query("SELECT count(DISTINCT remote_path) AS n, any(splitByChar('/', remote_path)[1]) AS prefix"
                + " FROM system.remote_data_paths WHERE local_path LIKE '%/" + placement.column("uuid").getFirst() + "/%'", Map.of());
        final long count = Long.parseLong(objects.column("n").getFirst());
        if (count == 0) {
            return;
        }
        final String bucket = System.getenv().getOrDefault("S3_BUCKET_CLICKHOUSE", "spotlight-clickhouse");
        final String prefix = objects.column("prefix").getFirst() + "/";
        final long[] inBucket = new long[1];
        try (S3Storage s3 = new S3Storage(new S3Storage.Settings(stack.s3Endpoint(), stack.s3Region(), stack.s3AccessKey(), stack.s3SecretKey(),
                true, null, null, Duration.ofSeconds(30), 16L * 1024 * 1024))) {
            s3.list(bucket, prefix, object -> inBucket[0]++);
        }
        System.out.printf(Locale.ROOT, "  Objects: %,d objects hold its parts, in bucket %s under prefix %s (%s/%s/%s);"
                + " the prefix holds %,d objects in all%n", count, bucket, prefix, stack.s3Endpoint(), bucket, prefix, inBucket[0]);
        System.out.println("RESULT storage bucket=" + bucket + " prefix=" + prefix + " table_objects=" + count + " prefix_objects=" + inBucket[0]);
    }

    private static void printTable(final ClickHouseQueryResult result) {
        final List<Integer> widths = new ArrayList<>();
        for (int column = 0; column < result.columnNames().size(); column++) {
            int width = result.columnNames().get(column).length();
            for (List<String> row : result.rows()) {
                width = Math.max(width, String.valueOf(row.get(column)).length());
            }
            widths.add(Math.min(width, 40));
        }
        final StringBuilder header = new StringBuilder("    ");
        for (int column = 0; column < widths.size(); column++) {
            header.append(String.format("%-" + (widths.get(column) + 2) + "s", result.columnNames().get(column)));
        }
        System.out.println(header);
        for (List<String> row : result.rows()) {
            final StringBuilder line = new StringBuilder("    ");
            for (int column = 0; column < widths.size(); column++) {
                final String value = String.valueOf(row.get(column));
                line.append(String.format("%-" + (widths.get(column) + 2) + "s", value.length() > 40 ? value.substring(0, 37) + "..." : value));
            }
            System.out.println(line);
        }
    }

    private static long count(final ClickHouseConnection clickHouse, final String sql) {
        return Long.parseLong(clickHouse.query(sql, Map.of()).column("n").getFirst());
    }

    private static boolean exists(final ClickHouseConnection clickHouse, final String table) {
        return !clickHouse.query("SELECT name FROM system.tables WHERE database = currentDatabase() AND name = '" + table + "'", Map.of()).isEmpty();
    }

    private static boolean officialSitesReachable() {
        try {
            final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            final HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("https://disclosures-clerk.house.gov/"))
                    .timeout(Duration.ofSeconds(8)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() < 500;
        } catch (final Exception e) {
            return false;
        }
    }

    private static Map<String, String> options(final String[] args) {
        final Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: Demo [--flows DIR] [--definitions FILE] [--shared DIR] [--work DIR] "
                        + "[--sources auto|live|offline] [--timeout-minutes N] [--storage-policy NAME] [--sql-command COMMAND]");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static void say(final String message) {
        System.out.println("[demo] " + message);
        System.out.flush();
    }
}
