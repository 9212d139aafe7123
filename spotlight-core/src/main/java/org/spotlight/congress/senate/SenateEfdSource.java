package org.spotlight.congress.senate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.document.DocumentLimits;
import org.spotlight.congress.document.DocumentRef;
import org.spotlight.congress.document.RawArchive;
import org.spotlight.congress.document.RawDocument;
import org.spotlight.congress.feed.Catalog;
import org.spotlight.congress.feed.Documents;
import org.spotlight.congress.feed.FeedState;
import org.spotlight.congress.feed.FilingResult;
import org.spotlight.congress.feed.FilingSource;
import org.spotlight.congress.feed.Fingerprint;
import org.spotlight.congress.feed.PendingFiling;
import org.spotlight.congress.feed.RejectedRow;
import org.spotlight.congress.http.Validators;
import org.spotlight.congress.legislators.MemberLookup;
import org.spotlight.congress.model.Chamber;
import org.spotlight.congress.model.Filing;
import org.spotlight.congress.model.Member;
import org.spotlight.congress.model.TradeRecord;
import org.spotlight.congress.model.TradeSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The Senate eFD: the PTRs a year's search lists, each electronic PTR's page parsed with jsoup, paper PTRs
 * emitted as filing records flagged {@code scanned}, and amendments linked to the original they amend. A search row
 * that cannot be read (not a row of five cells, no report link, a PTR title with a link that is not a report's) is
 * listed as a filing of its own that fails once with {@code INVALID_INDEX_ENTRY}, carrying the row.
 */
public final class SenateEfdSource implements FilingSource {

    private static final String SCOPE_PREFIX = TradeSource.SENATE_EFD.code() + "/";

    private final EfdIndex index;
    private final Documents pages;
    private final RawArchive indexArchive;
    private final List<Integer> years;
    private final MemberLookup members;
    private final Clock clock;
    private final DocumentLimits limits;

    /**
     * @param index        where the search results come from
     * @param pages        where PTR pages come from (the same session as a live index)
     * @param indexArchive archives each year's search results when they come from the live site; null otherwise
     */
    public SenateEfdSource(final EfdIndex index, final Documents pages, final RawArchive indexArchive, final List<Integer> years,
                           final MemberLookup members, final Clock clock) {
        this(index, pages, indexArchive, years, members, clock, DocumentLimits.DEFAULTS);
    }

    public SenateEfdSource(final EfdIndex index, final Documents pages, final RawArchive indexArchive, final List<Integer> years,
                           final MemberLookup members, final Clock clock, final DocumentLimits limits) {
        this.limits = limits;
        this.index = index;
        this.pages = pages;
        this.indexArchive = indexArchive;
        this.years = List.copyOf(years);
        this.members = members;
        this.clock = clock;
    }

    public static DocumentRef pageRef(final EfdReport report) {
        final int year = report.dateReceived() == null ? 0 : report.dateReceived().getYear();
        return new DocumentRef(Chamber.SENATE, Integer.toString(year), report.reportId(), "html", report.path(), "text/html");
    }

    @Override
    public TradeSource source() {
        return TradeSource.SENATE_EFD;
    }

    @Override
    public List<String> scopes() {
        return years.stream().map(year -> SCOPE_PREFIX + year).toList();
    }

    @Override
    public Catalog open(final String scope, final FeedState state) throws SourceException {
        final int year = Integer.parseInt(scope.substring(SCOPE_PREFIX.length()));
        final ArrayNode rows = index.rows(year);
        final DocumentRef resultsRef = StoredEfdIndex.searchResultsRef(year);
        if (indexArchive != null) {
            final List<JsonNode> all = new ArrayList<>();
            rows.forEach(all::add);
            indexArchive.store(new RawDocument(resultsRef, pages.publicUrl(resultsRef), EfdIndex.serialize(all), Validators.NONE,
                    clock.instant(), false, null));
        }
        final String searchUrl = pages.publicUrl(resultsRef);
        final List<EfdReport> reports = new ArrayList<>();
        final List<PendingFiling> rejected = new ArrayList<>();
        for (JsonNode row : rows) {
            try {
                EfdReport.fromRow(row, searchUrl).ifPresent(reports::add);
            } catch (final SourceException e) {
                rejected.add(new RejectedRow(TradeSource.SENATE_EFD, resultsRef, searchUrl, clock.instant(), null, row.toString(), e.getMessage()));
            }
        }
        reports.sort(Comparator.comparing(EfdReport::dateReceived, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(EfdReport::reportId));
        final Map<String, String> originals = EfdReport.originals(reports);
        final List<PendingFiling> filings = new ArrayList<>(reports.stream()
                .<PendingFiling>map(report -> new Report(report, originals.get(report.reportId())))
                .toList());
        filings.addAll(rejected);
        return new Catalog(scope, true, filings, done -> {
        });
    }

    private final class Report implements PendingFiling {
        private final EfdReport report;
        private final String amends;

        Report(final EfdReport report, final String amends) {
            this.report = report;
            this.amends = amends;
        }

        @Override
        public String id() {
            return report.reportId();
        }

        @Override
        public String fingerprint() {
            final String row = String.join("|", report.title(), String.valueOf(report.dateReceived()), report.firstName(),
                    report.lastName(), report.filerType(), report.path(), String.valueOf(amends));
            return Fingerprint.of(row);
        }

        @Override
        public FilingResult process() {
            final DocumentRef ref = pageRef(report);
            final Member asFiled = new Member(report.firstName(), report.lastName(), Member.joinName(report.firstName(), report.lastName()),
                    null, null, null);
            final Filing filing = new Filing(TradeSource.SENATE_EFD, report.reportId(), report.dateReceived(),
                    members.resolve(Chamber.SENATE, asFiled, report.dateReceived()), report.amendment(), amends, report.amendmentNumber(),
                    pages.publicUrl(ref), report.paper());
            if (report.paper()) {
                // Paper reports are page images; their filing record says where to find them.
                return FilingResult.success(filing, List.of(TradeRecord.scannedFiling(filing, null, clock.instant())), null);
            }
            final Documents.Read<SenatePtr> read = pages.read(ref, page -> {
                if (page.content().length > limits.maxHtmlBytes()) {
                    throw new SourceException(Code.DOCUMENT_TOO_LARGE, page.location(), page.location() + " has " + page.content().length
                            + " bytes, more than the " + limits.maxHtmlBytes() + " an HTML page may have", false, null);
                }
                return SenatePtrParser.parse(new String(page.content(), StandardCharsets.UTF_8), page.location());
            });
            if (read.error() != null) {
                return FilingResult.failure(filing, read.document(), read.error());
            }
            final RawDocument page = read.document();
            final List<TradeRecord> records = new ArrayList<>();
            for (SenatePtrRow row : read.value().rows()) {
                final SenateTransactions.Interpreted interpreted = SenateTransactions.interpret(row);
                records.add(new TradeRecord(filing, row.rowNumber(), interpreted.transaction(), page.rawObjectUri(), page.fetchedAt(),
                        interpreted.warnings()));
            }
            return FilingResult.success(filing, records, page);
        }
    }
}
