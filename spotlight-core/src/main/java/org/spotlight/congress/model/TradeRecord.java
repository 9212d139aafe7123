package org.spotlight.congress.model;

import java.time.Instant;
import java.util.List;

/**
 * The normalised trade record Spotlight emits: one per transaction, or one per filing for scanned filings
 * (then {@code transaction} is null and {@code rowNumber} is 0). {@link TradeField} defines the flat schema.
 *
 * @param rowNumber     1-based position of the transaction in the filing; with the filing id a stable key
 * @param rawObjectUri  s3://bucket/key of the archived source document, or null when archiving is off
 * @param fetchedAt     when the source document was downloaded
 * @param parseWarnings what the parser could not fully understand in this row, in words; empty when nothing
 * @param details       what enrichment derived from the record; null until it ran
 */
public record TradeRecord(Filing filing, int rowNumber, Transaction transaction, String rawObjectUri, Instant fetchedAt,
                          List<String> parseWarnings, TradeDetails details) {

    public TradeRecord {
        parseWarnings = parseWarnings == null ? List.of() : List.copyOf(parseWarnings);
    }

    /** A record as parsed, before enrichment. */
    public TradeRecord(final Filing filing, final int rowNumber, final Transaction transaction, final String rawObjectUri,
                       final Instant fetchedAt, final List<String> parseWarnings) {
        this(filing, rowNumber, transaction, rawObjectUri, fetchedAt, parseWarnings, null);
    }

    public TradeRecord withDetails(final TradeDetails newDetails) {
        return new TradeRecord(filing, rowNumber, transaction, rawObjectUri, fetchedAt, parseWarnings, newDetails);
    }

    /**
     * Everything that could not be fully understood: the parser's warnings, then the member lookup's doubts, then
     * enrichment's. This is the record's {@code parse_warnings}.
     */
    public List<String> allWarnings() {
        final String memberNote = filing.member() == null ? null : filing.member().matchNote();
        if (memberNote == null && (details == null || details.warnings().isEmpty())) {
            return parseWarnings;
        }
        final List<String> all = new java.util.ArrayList<>(parseWarnings);
        if (memberNote != null) {
            all.add("member: " + memberNote);
        }
        if (details != null) {
            all.addAll(details.warnings());
        }
        return List.copyOf(all);
    }

    public static TradeRecord scannedFiling(final Filing filing, final String rawObjectUri, final Instant fetchedAt) {
        return new TradeRecord(filing.withScanned(true), 0, null, rawObjectUri, fetchedAt, List.of());
    }

    public boolean isAmendment() {
        return filing.amendment() || (transaction != null && transaction.amended());
    }
}
