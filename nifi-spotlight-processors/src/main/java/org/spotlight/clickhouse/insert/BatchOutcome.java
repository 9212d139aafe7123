package org.spotlight.clickhouse.insert;

import org.spotlight.clickhouse.client.ClickHouseException;

import java.util.List;

/**
 * What became of a batch: either every record of every source is settled (landed or failed with its reason), or the
 * batch must be retried as a whole because the server or the network failed ({@link #retryCause()} is set).
 *
 * @param sources     one outcome per source, in the order the sources were given
 * @param retryCause  the transient failure that stopped the batch, or null when the batch is settled
 * @param queryIds    the query ids of every insert sent, first the main insert's
 * @param inserts     number of inserts sent, including those that isolated rejected rows
 * @param bytesSent   bytes of row data in inserts the server accepted
 */
public record BatchOutcome(List<SourceOutcome> sources, ClickHouseException retryCause, List<String> queryIds,
                           int inserts, long bytesSent) {

    public BatchOutcome {
        sources = List.copyOf(sources);
        queryIds = List.copyOf(queryIds);
    }

    public boolean mustRetry() {
        return retryCause != null;
    }

    public long rowsWritten() {
        return mustRetry() ? 0 : sources.stream().mapToLong(SourceOutcome::landed).sum();
    }

    /**
     * @param source           the source this outcome is about
     * @param records          records read from the source; -1 when it could not be read as records
     * @param failures         records that did not land, by error
     * @param malformedMessage why the source could not be read as records, or null
     * @param nullsDefaulted   NULLs written as the default of a non-Nullable column
     */
    public record SourceOutcome(RowSource source, int records, RecordFailures failures, String malformedMessage, long nullsDefaulted) {

        public boolean isMalformed() {
            return malformedMessage != null;
        }

        public long landed() {
            return isMalformed() ? 0 : records - failures.count();
        }
    }
}
