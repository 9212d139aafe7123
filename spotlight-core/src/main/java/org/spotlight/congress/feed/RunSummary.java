package org.spotlight.congress.feed;

/**
 * What one run did.
 *
 * @param skipped      filings listed but already handled with the same fingerprint
 * @param failed       filings that failed for a reason that will not change (reported once), malformed index rows included
 * @param retryLater   filings that failed for a reason that may pass in this run; tried again in a later run
 * @param waiting      filings not tried because an earlier failure's backoff has not run out
 * @param deferred     filings not tried because their site was left alone (paused in this run or an earlier one)
 * @param pausedSites  sources whose site was left alone in this run
 * @param truncated    true when the run stopped at its filing limit (or was asked to stop) with filings left over
 */
public record RunSummary(int scopes, int unchangedIndexes, int indexFailures, int listed, int skipped, int succeeded, int failed,
                         int records, int retryLater, int waiting, int deferred, int pausedSites, boolean truncated) {

    /** Filings fetched (or tried) in this run. */
    public int processed() {
        return succeeded + failed + retryLater;
    }
}
