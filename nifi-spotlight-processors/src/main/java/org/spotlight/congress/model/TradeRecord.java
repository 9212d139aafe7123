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
 */
public record TradeRecord(Filing filing, int rowNumber, Transaction transaction, String rawObjectUri, Instant fetchedAt,
                          List<String> parseWarnings) {

    public TradeRecord {
        parseWarnings = parseWarnings == null ? List.of() : List.copyOf(parseWarnings);
    }

    public static TradeRecord scannedFiling(final Filing filing, final String rawObjectUri, final Instant fetchedAt) {
        return new TradeRecord(filing.withScanned(true), 0, null, rawObjectUri, fetchedAt, List.of());
    }

    public boolean isAmendment() {
        return filing.amendment() || (transaction != null && transaction.amended());
    }
}
