package org.spotlight.congress.community;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.Jsoup;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.document.DocumentRef;
import org.spotlight.congress.document.RawDocument;
import org.spotlight.congress.enrichment.AssetTickerBook;
import org.spotlight.congress.feed.Catalog;
import org.spotlight.congress.feed.Documents;
import org.spotlight.congress.feed.FeedState;
import org.spotlight.congress.feed.FilingResult;
import org.spotlight.congress.feed.FilingSource;
import org.spotlight.congress.feed.Fingerprint;
import org.spotlight.congress.feed.PendingFiling;
import org.spotlight.congress.legislators.MemberLookup;
import org.spotlight.congress.model.Amount;
import org.spotlight.congress.model.AssetTypes;
import org.spotlight.congress.model.Filing;
import org.spotlight.congress.model.Member;
import org.spotlight.congress.model.Owner;
import org.spotlight.congress.model.TradeRecord;
import org.spotlight.congress.model.TradeSource;
import org.spotlight.congress.model.Transaction;
import org.spotlight.congress.model.TransactionType;
import org.spotlight.congress.senate.AssetCell;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Community datasets in the House and Senate Stock Watcher JSON formats, for backfilling years the official
 * feed does not cover. Both are whole-history JSON arrays, fetched conditionally and grouped into filings by
 * their document link. Supported shapes: flat transaction rows (both projects' {@code all_transactions.json},
 * old and revived House Stock Watcher field names) and the Senate Stock Watcher's daily files (filings with a
 * {@code transactions} list). Values a row does not fill in sensibly (the datasets have known defects: amounts
 * with line breaks or cut off, impossible years) are kept as filed with a parse warning, never dropped.
 */
public final class StockWatcherSource implements FilingSource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("M/d/yyyy", Locale.ROOT);
    private static final Pattern DOCUMENT_ID = Pattern.compile("/(?:ptr|paper)/([0-9A-Fa-f-]{36})/?$|/(\\d+)\\.pdf$");
    private static final Pattern STATE_DISTRICT = Pattern.compile("^([A-Z]{2})(\\d{1,2})$");
    /** The Senate Stock Watcher's marker for paper filings it could not read. */
    private static final String PAPER_FILING = "PDF Disclosed Filing";
    /** Disclosures online start in 2008 (House) and 2012 (Senate, STOCK Act); earlier trade dates are typos. */
    private static final int FIRST_PLAUSIBLE_YEAR = 2000;

    private final TradeSource source;
    private final Documents documents;
    private final String datasetUrl;
    private final boolean conditional;
    private final MemberLookup members;

    public StockWatcherSource(final TradeSource source, final Documents documents, final String datasetUrl, final boolean conditional,
                              final MemberLookup members) {
        if (source.official()) {
            throw new IllegalArgumentException(source + " is not a community dataset");
        }
        this.source = source;
        this.documents = documents;
        this.datasetUrl = datasetUrl;
        this.conditional = conditional;
        this.members = members;
    }

    public static DocumentRef datasetRef(final TradeSource source, final String url) {
        return new DocumentRef(source.chamber(), "community", source.code(), "json", url, "application/json");
    }

    @Override
    public TradeSource source() {
        return source;
    }

    @Override
    public List<String> scopes() {
        return List.of(source.code() + "/dataset");
    }

    @Override
    public Catalog open(final String scope, final FeedState state) throws SourceException {
        final RawDocument dataset = documents.fetch(datasetRef(source, datasetUrl), conditional ? state.validators(scope) : null);
        if (dataset.notModified()) {
            return Catalog.unchanged(scope);
        }
        final JsonNode root;
        try {
            root = JSON.readTree(dataset.content());
        } catch (final IOException e) {
            throw new SourceException(Code.JSON_UNREADABLE, dataset.location(), dataset.location() + " is not JSON: " + e.getMessage(), false, e);
        }
        if (root == null || !root.isArray()) {
            throw new SourceException(Code.JSON_UNREADABLE, dataset.location(), dataset.location() + " is not a JSON array of "
                    + "transactions or filings", false, null);
        }
        final Map<String, Group> groups = new LinkedHashMap<>();
        final AssetTickerBook tickers = new AssetTickerBook();
        for (JsonNode element : root) {
            if (element.has("transactions")) {
                final Group group = group(groups, element, dataset);
                element.path("transactions").forEach(group.rows::add);
                group.header = element;
            } else {
                group(groups, element, dataset).rows.add(element);
            }
        }
        // Rows filed without a ticker get one only where this whole dataset makes it certain.
        groups.values().forEach(group -> group.rows.forEach(row -> {
            final AssetCell asset = asset(row);
            tickers.learn(asset.name(), asset.details(), text(row, "asset_type"), text(row, "ticker"));
        }));
        groups.values().forEach(group -> group.tickers = tickers);
        final List<PendingFiling> filings = groups.values().stream().<PendingFiling>map(group -> group).toList();
        return new Catalog(scope, true, filings, done -> done.setValidators(scope, conditional ? dataset.validators() : null));
    }

    private Group group(final Map<String, Group> groups, final JsonNode element, final RawDocument dataset) {
        final String link = text(element, "ptr_link", "source_url");
        final String explicitId = text(element, "filing_id");
        final String id = explicitId != null ? explicitId : documentId(link);
        return groups.computeIfAbsent(id == null ? "row-" + groups.size() : id, key -> new Group(key, link, element, dataset));
    }

    static String documentId(final String link) {
        if (link == null) {
            return null;
        }
        final Matcher matcher = DOCUMENT_ID.matcher(link.trim());
        return matcher.find() ? (matcher.group(1) != null ? matcher.group(1) : matcher.group(2)) : null;
    }

    /** One filing's rows, in dataset order. */
    private final class Group implements PendingFiling {
        private final String id;
        private final String link;
        private final RawDocument dataset;
        private final List<JsonNode> rows = new ArrayList<>();
        private JsonNode header;
        private AssetTickerBook tickers = new AssetTickerBook();

        Group(final String id, final String link, final JsonNode first, final RawDocument dataset) {
            this.id = id;
            this.link = link;
            this.dataset = dataset;
            this.header = first;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String fingerprint() {
            final StringBuilder all = new StringBuilder(header.toString());
            rows.forEach(row -> all.append('\n').append(row));
            return Fingerprint.of(all.toString());
        }

        @Override
        public FilingResult process() {
            final Filing filing = filing();
            final List<TradeRecord> records = new ArrayList<>();
            final boolean paper = rows.stream().anyMatch(row -> PAPER_FILING.equalsIgnoreCase(text(row, "asset_type")));
            if (paper || rows.isEmpty()) {
                records.add(TradeRecord.scannedFiling(filing, dataset.rawObjectUri(), dataset.fetchedAt()));
            }
            int number = 0;
            for (JsonNode row : rows) {
                if (!PAPER_FILING.equalsIgnoreCase(text(row, "asset_type"))) {
                    final List<String> warnings = new ArrayList<>();
                    records.add(new TradeRecord(filing, ++number, transaction(row, filing.filingDate(), warnings), dataset.rawObjectUri(),
                            dataset.fetchedAt(), warnings));
                }
            }
            return FilingResult.success(filing, records, null);
        }

        private Filing filing() {
            final Member asFiled;
            if (source == TradeSource.SENATE_STOCK_WATCHER) {
                final String first = text(header, "first_name");
                final String last = text(header, "last_name");
                asFiled = first != null || last != null
                        ? new Member(first, last, Member.joinName(first, last), null, null, null)
                        : splitName(text(header, "senator"), null, null);
            } else {
                final Matcher seat = STATE_DISTRICT.matcher(String.valueOf(text(header, "district")));
                asFiled = splitName(text(header, "representative"), seat.matches() ? seat.group(1) : null,
                        seat.matches() ? Integer.valueOf(seat.group(2)) : null);
            }
            final LocalDate filed = date(text(header, "date_recieved", "date_received", "disclosure_date"), "filing date", new ArrayList<>());
            // The aggregate datasets give no filing date: a reported trade's date places the filer in office just as well.
            Member member = members.resolve(source.chamber(), asFiled, filed != null ? filed : latestTradeDate());
            final String datasetBioguide = text(header, "bioguide", "bioguide_id");
            if (member.bioguideId() == null && datasetBioguide != null) {
                // The Senate Stock Watcher's daily files name the Bioguide id themselves.
                member = member.withBioguideId(datasetBioguide);
            }
            return new Filing(source, id, filed, member, false, null, null, link, false);
        }

        private LocalDate latestTradeDate() {
            return rows.stream().map(row -> date(text(row, "transaction_date"), "transaction date", new ArrayList<>()))
                    .filter(date -> date != null && date.getYear() >= FIRST_PLAUSIBLE_YEAR)
                    .max(LocalDate::compareTo).orElse(null);
        }

        private Transaction transaction(final JsonNode row, final LocalDate filed, final List<String> warnings) {
            final String ownerText = text(row, "owner");
            final Owner owner = ownerText == null ? null : Owner.fromWords(ownerText).orElse(null);
            if (owner == null) {
                warnings.add("unknown owner '" + ownerText + "'");
            }
            final String typeText = text(row, "type");
            final TransactionType type = typeText == null ? null : TransactionType.fromWords(typeText).orElse(null);
            if (type == null) {
                warnings.add("unknown transaction type '" + typeText + "'");
            }
            final String amountText = Amount.normalizeText(text(row, "amount"));
            final Amount amount = Amount.parse(amountText).orElse(null);
            if (amount == null) {
                warnings.add("amount '" + amountText + "' is not a range, an exact amount or 'Over $X'");
            }
            final AssetCell asset = asset(row);
            final String assetName = asset.name();
            final String details = asset.details();
            final LocalDate traded = date(text(row, "transaction_date"), "transaction date", warnings);
            if (traded != null && filed != null && traded.isAfter(filed)) {
                warnings.add("transaction date " + traded + " is after the filing date " + filed);
            }
            if (traded != null && traded.getYear() < FIRST_PLAUSIBLE_YEAR) {
                warnings.add("transaction date " + traded + " is before " + FIRST_PLAUSIBLE_YEAR);
            }
            final String assetType = text(row, "asset_type");
            final String ticker = text(row, "ticker");
            final Boolean capGains = row.has("cap_gains_over_200_usd") && row.get("cap_gains_over_200_usd").isBoolean()
                    ? row.get("cap_gains_over_200_usd").booleanValue() : null;
            final Transaction transaction = new Transaction(owner, assetName, ticker == null || ticker.equals("--") ? null : ticker,
                    source == TradeSource.SENATE_STOCK_WATCHER ? AssetTypes.codeForSenateType(assetType).orElse(null) : houseCode(assetType),
                    assetType, type, traded, null, amount, amountText, capGains,
                    details, commentOf(row), null, null, false, null);
            return transaction.ticker() != null ? transaction : tickers.fill(assetName, details, assetType)
                    .map(fill -> transaction.withFilledTicker(fill.ticker(), fill.method())).orElse(transaction);
        }

        private String houseCode(final String assetType) {
            return assetType != null && assetType.equalsIgnoreCase("Stock") ? "ST" : null;
        }
    }

    /** The asset's name and details: the Senate Stock Watcher kept the eFD asset cell's HTML. */
    private static AssetCell asset(final JsonNode row) {
        final String description = text(row, "asset_description");
        return description != null && description.contains("<")
                ? AssetCell.of(Jsoup.parseBodyFragment(description).body()) : new AssetCell(description, null);
    }

    private static String commentOf(final JsonNode row) {
        final String comment = text(row, "comment");
        return comment == null || comment.equals("--") ? null : comment;
    }

    /** "Hon. Thomas H. Kean" as first "Thomas H." and last "Kean". */
    private static Member splitName(final String name, final String state, final Integer district) {
        if (name == null) {
            return new Member(null, null, null, state, district, null);
        }
        final String cleaned = name.replaceFirst("^(Hon\\.|Honorable|Mr\\.|Mrs\\.|Ms\\.|Dr\\.)\\s+", "").trim();
        final String[] parts = cleaned.replaceFirst(",?\\s+(Jr\\.?|Sr\\.?|II|III|IV)$", "").split("\\s+");
        final String last = parts[parts.length - 1];
        final String first = parts.length > 1 ? String.join(" ", Arrays.copyOf(parts, parts.length - 1)) : null;
        return new Member(first, last, cleaned, state, district, null);
    }

    private static LocalDate date(final String text, final String what, final List<String> warnings) {
        if (text == null) {
            return null;
        }
        try {
            return text.matches("\\d{4}-\\d{2}-\\d{2}") ? LocalDate.parse(text) : LocalDate.parse(text, US_DATE);
        } catch (final DateTimeParseException e) {
            warnings.add(what + " '" + text + "' is not a date");
            return null;
        }
    }

    private static String text(final JsonNode node, final String... names) {
        for (String name : names) {
            final JsonNode value = node.get(name);
            if (value != null && !value.isNull() && !value.asText().isBlank()) {
                return value.asText().trim();
            }
        }
        return null;
    }
}
