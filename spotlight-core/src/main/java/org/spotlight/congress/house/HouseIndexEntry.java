package org.spotlight.congress.house;

import org.spotlight.congress.feed.Fingerprint;

import java.time.LocalDate;

/**
 * One row of the House Clerk's yearly financial disclosure index ({@code {YEAR}FD.xml} / {@code .txt}).
 *
 * @param filingType {@code P} for Periodic Transaction Reports; other letters are annual, candidate, extension ... filings
 * @param stateDst   state and district, e.g. {@code CA11}; {@code XX00} for at-large seats
 * @param filingDate null when the index leaves it empty (it does for some withdrawn filings)
 */
public record HouseIndexEntry(String prefix, String last, String first, String suffix, String filingType, String stateDst,
                              int year, LocalDate filingDate, String docId) {

    public static final String PERIODIC_TRANSACTION_REPORT = "P";

    public boolean isPeriodicTransactionReport() {
        return PERIODIC_TRANSACTION_REPORT.equals(filingType);
    }

    public String state() {
        return stateDst != null && stateDst.length() >= 2 ? stateDst.substring(0, 2) : null;
    }

    /** The district number, 0 for at-large seats, null when the index gives none. */
    public Integer district() {
        if (stateDst == null || stateDst.length() <= 2) {
            return null;
        }
        final String digits = stateDst.substring(2);
        return digits.matches("\\d{1,2}") ? Integer.valueOf(digits) : null;
    }

    /**
     * What state remembers about the row: when the Clerk corrects a row (date, name, district) the fingerprint
     * changes and the filing is processed again.
     */
    public String fingerprint() {
        final String row = String.join("|", filingType, stateDst, Integer.toString(year),
                filingDate == null ? "" : filingDate.toString(), prefix, last, first, suffix, docId);
        return Fingerprint.of(row);
    }
}
