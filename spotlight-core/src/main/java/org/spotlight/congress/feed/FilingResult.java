package org.spotlight.congress.feed;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.document.RawDocument;
import org.spotlight.congress.model.Filing;
import org.spotlight.congress.model.TradeRecord;

import java.util.List;

/**
 * The outcome of processing one filing: its trade records, or the reason it failed. Either way it names the
 * filing and carries the source document when one was fetched, so a failure can be routed with its evidence.
 *
 * @param document the fetched source document, or null when none was fetched (paper filings, fetch failures)
 */
public record FilingResult(Filing filing, List<TradeRecord> records, RawDocument document, SourceException error) {

    public FilingResult {
        records = records == null ? List.of() : List.copyOf(records);
    }

    public static FilingResult success(final Filing filing, final List<TradeRecord> records, final RawDocument document) {
        return new FilingResult(filing, records, document, null);
    }

    public static FilingResult failure(final Filing filing, final RawDocument document, final SourceException error) {
        return new FilingResult(filing, List.of(), document, error);
    }

    public boolean succeeded() {
        return error == null;
    }
}
