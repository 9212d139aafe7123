package org.spotlight.failure;

import java.time.Instant;

/** A row of the replay-marker table: the failure was emitted again by a replay run. */
public record ReplayMarker(String failureId, Instant replayedAt, String replayId, String replayedBy, String replayFlowFileUuid) {
}
