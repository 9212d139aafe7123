package org.spotlight.congress.feed;

/**
 * What one run did.
 *
 * @param skipped   filings listed but already handled with the same fingerprint
 * @param truncated true when the run stopped at its filing limit (or was asked to stop) with filings left over
 */
public record RunSummary(int scopes, int unchangedIndexes, int indexFailures, int listed, int skipped, int succeeded, int failed,
                         int records, boolean truncated) {

    public int processed() {
        return succeeded + failed;
    }
}
