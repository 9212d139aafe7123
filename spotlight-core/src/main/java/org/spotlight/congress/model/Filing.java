package org.spotlight.congress.model;

import java.time.LocalDate;

/**
 * One disclosure filing: everything its trade records share.
 *
 * @param filingId        the source's id: the House DocID, the Senate report UUID, or the community dataset's filing id
 * @param filingDate      the date the filing was received
 * @param amendment       true when the filing amends an earlier one
 * @param amends          the id of the filing it amends, where the source says so
 * @param amendmentNumber the N of "(Amendment N)" where the source numbers amendments
 * @param documentUrl     the public URL of the filing's document
 * @param scanned         true for paper filings, which are images without a text layer
 */
public record Filing(TradeSource source, String filingId, LocalDate filingDate, Member member, boolean amendment,
                     String amends, Integer amendmentNumber, String documentUrl, boolean scanned) {

    public Chamber chamber() {
        return source.chamber();
    }

    public Filing withMember(final Member newMember) {
        return new Filing(source, filingId, filingDate, newMember, amendment, amends, amendmentNumber, documentUrl, scanned);
    }

    public Filing withScanned(final boolean isScanned) {
        return new Filing(source, filingId, filingDate, member, amendment, amends, amendmentNumber, documentUrl, isScanned);
    }

    /** A short human-readable name for messages: "house_clerk filing 20026590 (Nancy Pelosi, 2025-01-17)". */
    public String describe() {
        return source.code() + " filing " + filingId + " (" + (member == null ? "unknown filer" : member.fullName())
                + (filingDate == null ? "" : ", " + filingDate) + ")";
    }
}
