package org.spotlight.congress.feed;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.document.DocumentRef;
import org.spotlight.congress.document.RawDocument;
import org.spotlight.congress.http.Validators;
import org.spotlight.congress.model.Filing;
import org.spotlight.congress.model.TradeSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A row of an index or search answer that cannot be a filing (no id, an id that is not one, too few cells): listed
 * as a filing of its own, {@code row-} and the row's fingerprint, that fails once with {@link Code#INVALID_INDEX_ENTRY}
 * and carries the row as its document. So it is reported without holding up the filings around it, and reported
 * again only when the row changes.
 */
public final class RejectedRow implements PendingFiling {

    private final TradeSource source;
    private final DocumentRef listing;
    private final String location;
    private final Instant fetchedAt;
    private final String rawObjectUri;
    private final String row;
    private final String reason;

    /**
     * @param listing      the index or search answer the row is in
     * @param location     where that listing was read from
     * @param rawObjectUri the archived listing, or null
     * @param reason       what is wrong with the row, naming the listing
     */
    public RejectedRow(final TradeSource source, final DocumentRef listing, final String location, final Instant fetchedAt,
                       final String rawObjectUri, final String row, final String reason) {
        this.source = source;
        this.listing = listing;
        this.location = location;
        this.fetchedAt = fetchedAt;
        this.rawObjectUri = rawObjectUri;
        this.row = row;
        this.reason = reason;
    }

    @Override
    public String id() {
        return "row-" + fingerprint();
    }

    @Override
    public String fingerprint() {
        return Fingerprint.of(row);
    }

    @Override
    public FilingResult process() {
        final boolean json = listing.extension().equals("json");
        final DocumentRef ref = new DocumentRef(listing.chamber(), listing.period(), id(), json ? "json" : "txt", listing.sitePath(),
                json ? "application/json" : "text/plain");
        final RawDocument evidence = new RawDocument(ref, location, row.getBytes(StandardCharsets.UTF_8), Validators.NONE, fetchedAt, false,
                rawObjectUri);
        final Filing filing = new Filing(source, id(), null, null, false, null, null, location, false);
        return FilingResult.failure(filing, evidence, new SourceException(Code.INVALID_INDEX_ENTRY, location, reason, false, null));
    }
}
