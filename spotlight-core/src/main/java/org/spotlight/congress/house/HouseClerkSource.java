package org.spotlight.congress.house;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.document.DocumentLimits;
import org.spotlight.congress.document.DocumentRef;
import org.spotlight.congress.document.RawDocument;
import org.spotlight.congress.feed.Catalog;
import org.spotlight.congress.feed.Documents;
import org.spotlight.congress.feed.FeedState;
import org.spotlight.congress.feed.FilingResult;
import org.spotlight.congress.feed.FilingSource;
import org.spotlight.congress.feed.RejectedRow;
import org.spotlight.congress.feed.PendingFiling;
import org.spotlight.congress.legislators.MemberLookup;
import org.spotlight.congress.model.Chamber;
import org.spotlight.congress.model.Filing;
import org.spotlight.congress.model.Member;
import org.spotlight.congress.model.TradeRecord;
import org.spotlight.congress.model.TradeSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The House Clerk: the yearly index {@code public_disc/financial-pdfs/{YEAR}FD.zip} (fetched conditionally), its
 * Periodic Transaction Reports (FilingType P), and each PTR's PDF at {@code public_disc/ptr-pdfs/{YEAR}/{DocID}.pdf}.
 * An index row that cannot be a filing is listed as a filing of its own that fails with
 * {@link Code#INVALID_INDEX_ENTRY} (once, carrying the row), so it is reported without holding up the others.
 */
public final class HouseClerkSource implements FilingSource {

    private static final String SCOPE_PREFIX = TradeSource.HOUSE_CLERK.code() + "/";

    private final Documents documents;
    private final boolean conditional;
    private final List<Integer> years;
    private final MemberLookup members;
    private final DocumentLimits limits;

    /**
     * @param conditional send the index validators from state (web sources); mirrors and the archive have none
     */
    public HouseClerkSource(final Documents documents, final boolean conditional, final List<Integer> years, final MemberLookup members) {
        this(documents, conditional, years, members, DocumentLimits.DEFAULTS);
    }

    public HouseClerkSource(final Documents documents, final boolean conditional, final List<Integer> years, final MemberLookup members,
                            final DocumentLimits limits) {
        this.documents = documents;
        this.conditional = conditional;
        this.years = List.copyOf(years);
        this.members = members;
        this.limits = limits;
    }

    public static DocumentRef indexRef(final int year) {
        return new DocumentRef(Chamber.HOUSE, Integer.toString(year), year + "FD", "zip", "public_disc/financial-pdfs/" + year + "FD.zip",
                "application/zip");
    }

    public static DocumentRef ptrRef(final int year, final String docId) {
        return new DocumentRef(Chamber.HOUSE, Integer.toString(year), docId, "pdf", "public_disc/ptr-pdfs/" + year + "/" + docId + ".pdf",
                "application/pdf");
    }

    @Override
    public TradeSource source() {
        return TradeSource.HOUSE_CLERK;
    }

    @Override
    public List<String> scopes() {
        return years.stream().map(year -> SCOPE_PREFIX + year).toList();
    }

    @Override
    public Catalog open(final String scope, final FeedState state) throws SourceException {
        final int year = Integer.parseInt(scope.substring(SCOPE_PREFIX.length()));
        final RawDocument index = documents.fetch(indexRef(year), conditional ? state.validators(scope) : null);
        if (index.notModified()) {
            return Catalog.unchanged(scope);
        }
        final HouseIndex.Listing listing = HouseIndex.readZip(index.content(), year, index.location(), limits);
        final List<HouseIndexEntry> entries = new ArrayList<>(listing.entries().stream()
                .filter(HouseIndexEntry::isPeriodicTransactionReport)
                .toList());
        // Oldest first, so a run cut short by its filing limit leaves the newest for the next run, in order.
        entries.sort(Comparator.comparing(HouseIndexEntry::filingDate, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(HouseIndexEntry::docId));
        final List<PendingFiling> filings = new ArrayList<>(entries.stream().<PendingFiling>map(entry -> new Ptr(year, entry)).toList());
        listing.rejected().forEach(row -> filings.add(new RejectedRow(TradeSource.HOUSE_CLERK, index.ref(), index.location(), index.fetchedAt(),
                index.rawObjectUri(), row.row(), "Row " + row.number() + " of the " + year + " index in " + index.location()
                + " cannot be read as a filing: " + row.reason() + ": " + abbreviate(row.row()))));
        return new Catalog(scope, true, filings, done -> done.setValidators(scope, conditional ? index.validators() : null));
    }

    private static String abbreviate(final String row) {
        final String flat = row.replace('\t', '|').replaceAll("\\p{Cntrl}", "?");
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    private final class Ptr implements PendingFiling {
        private final int year;
        private final HouseIndexEntry entry;

        Ptr(final int year, final HouseIndexEntry entry) {
            this.year = year;
            this.entry = entry;
        }

        @Override
        public String id() {
            return entry.docId();
        }

        @Override
        public String fingerprint() {
            return entry.fingerprint();
        }

        @Override
        public FilingResult process() {
            final DocumentRef ref = ptrRef(year, entry.docId());
            final Member asFiled = new Member(entry.first(), entry.last(), Member.joinName(entry.first(), entry.last(), entry.suffix()),
                    entry.state(), entry.district(), null);
            final Filing filing = new Filing(TradeSource.HOUSE_CLERK, entry.docId(), entry.filingDate(),
                    members.resolve(Chamber.HOUSE, asFiled, entry.filingDate()), false, null, null, documents.publicUrl(ref), false);
            final Documents.Read<HousePtr> read = documents.read(ref, pdf -> HousePtrParser.parse(pdf.content(), pdf.location(), limits));
            if (read.error() != null) {
                return FilingResult.failure(filing, read.document(), read.error());
            }
            final RawDocument pdf = read.document();
            final HousePtr ptr = read.value();
            if (ptr.scanned()) {
                final Filing paper = filing.withScanned(true);
                return FilingResult.success(paper, List.of(TradeRecord.scannedFiling(paper, pdf.rawObjectUri(), pdf.fetchedAt())), pdf);
            }
            try {
                return FilingResult.success(filing, records(filing, ptr, pdf), pdf);
            } catch (final SourceException e) {
                return FilingResult.failure(filing, pdf, e);
            }
        }

        private List<TradeRecord> records(final Filing filing, final HousePtr ptr, final RawDocument pdf) throws SourceException {
            if (ptr.filingId() != null && !ptr.filingId().equals(entry.docId())) {
                throw new SourceException(Code.PDF_LAYOUT_CHANGED, pdf.location(), pdf.location() + " prints Filing ID #" + ptr.filingId()
                        + " but the index lists it as DocID " + entry.docId(), false, null);
            }
            final List<TradeRecord> records = new ArrayList<>();
            for (HousePtrRow row : ptr.rows()) {
                final HouseTransactions.Interpreted interpreted = HouseTransactions.interpret(row, pdf.location());
                records.add(new TradeRecord(filing, row.rowNumber(), interpreted.transaction(), pdf.rawObjectUri(), pdf.fetchedAt(),
                        interpreted.warnings()));
            }
            return records;
        }
    }
}
