package org.spotlight.clickhouse.insert;

import java.time.Duration;
import java.util.Objects;

/**
 * Decides which queued inputs form the next batch, one input at a time in queue order (the shape of NiFi's
 * FlowFileFilter). A batch is either fresh inputs up to the row and byte limits, or exactly the members of one batch
 * that failed transiently before: a retried batch is rebuilt from the same inputs so that its inserts repeat the
 * earlier ones and deduplication can recognise them.
 */
public final class BatchCollector {

    /**
     * An input as the collector sees it.
     *
     * @param recordCount    -1 when unknown (then only bytes count against the limits)
     * @param retryGroup     the key of the batch this input failed in transiently, or null for a fresh input
     * @param retryGroupSize how many inputs that batch had
     * @param queuedMillis   when the input entered the queue
     */
    public record Candidate(long bytes, long recordCount, String retryGroup, int retryGroupSize, long queuedMillis) {
    }

    public enum Decision { TAKE, TAKE_AND_STOP, SKIP, STOP }

    /** Hard bound on inputs per batch, whatever the limits: the batch's bookkeeping stays small. */
    public static final int MAX_INPUTS = 10_000;

    private final long maxRows;
    private final long maxBytes;
    private long rows;
    private long bytes;
    private int inputs;
    private String retryGroup;
    private int retryGroupSize;
    private long oldestQueuedMillis = Long.MAX_VALUE;
    private boolean full;

    public BatchCollector(final long maxRows, final long maxBytes) {
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
    }

    public Decision offer(final Candidate candidate) {
        if (inputs == 0) {
            retryGroup = candidate.retryGroup();
            retryGroupSize = candidate.retryGroupSize();
            return take(candidate);
        }
        if (!Objects.equals(retryGroup, candidate.retryGroup())) {
            return Decision.SKIP;
        }
        if (retryGroup != null) {
            return take(candidate);
        }
        final long candidateRows = Math.max(0, candidate.recordCount());
        if (rows + candidateRows > maxRows || bytes + candidate.bytes() > maxBytes) {
            full = true;
            return Decision.STOP;
        }
        return take(candidate);
    }

    private Decision take(final Candidate candidate) {
        inputs++;
        rows += Math.max(0, candidate.recordCount());
        bytes += candidate.bytes();
        oldestQueuedMillis = Math.min(oldestQueuedMillis, candidate.queuedMillis());
        if (retryGroup != null ? inputs >= retryGroupSize : rows >= maxRows || bytes >= maxBytes || inputs >= MAX_INPUTS) {
            full = true;
            return Decision.TAKE_AND_STOP;
        }
        return Decision.TAKE;
    }

    /**
     * Whether to insert the collected batch now rather than wait for more input: it is full (or a complete retried
     * batch), or its oldest input has waited long enough. An incomplete retried batch waits for its missing members
     * up to {@code retryReassembly}, then goes ahead without them.
     */
    public boolean ready(final long nowMillis, final Duration maxWait, final Duration retryReassembly) {
        if (inputs == 0) {
            return false;
        }
        if (full) {
            return true;
        }
        final long waited = nowMillis - oldestQueuedMillis;
        return waited >= (retryGroup != null ? retryReassembly : maxWait).toMillis();
    }

    public int inputs() {
        return inputs;
    }

    public boolean isRetriedBatch() {
        return retryGroup != null;
    }
}
