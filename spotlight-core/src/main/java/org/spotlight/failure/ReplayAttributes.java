package org.spotlight.failure;

import org.spotlight.SpotlightAttributes;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The attributes of a replayed FlowFile: the failed FlowFile's own, so that it goes where it was going (target table,
 * kafka.topic, filename ...), without the error attributes of the old failure, which would otherwise decide how a new
 * failure is classified. Kafka offsets are moved aside: an idempotent writer that derives its deduplication key from
 * topic, partition and offset would take the replay for the insert it already made and drop it.
 */
public final class ReplayAttributes {

    /** The uuid of the failed FlowFile the payload came from. */
    public static final String REPLAY_OF = "spotlight.replay.of";
    /** Id of the replay run. */
    public static final String REPLAY_ID = "spotlight.replay.id";
    /** The failure id, on FlowFiles that carry a single failure. */
    public static final String REPLAY_FAILURE_ID = "spotlight.replay.failure.id";
    /** Prefix under which moved Kafka attributes are kept, e.g. spotlight.replay.kafka.offset. */
    public static final String MOVED_PREFIX = "spotlight.replay.";

    private static final Set<String> MOVED = Set.of("kafka.offset", "kafka.max.offset", "kafka.leader.epoch");

    /** Attributes of the old failure and of its storing. */
    private static final Set<String> DROPPED = Set.of(
            FailureContext.UUID_ATTRIBUTE, "path", "absolute.path",
            SpotlightAttributes.ERROR_SOURCE, SpotlightAttributes.ERROR_CODE, SpotlightAttributes.ERROR_MESSAGE,
            SpotlightAttributes.ERROR_RETRYABLE, SpotlightAttributes.ERROR_CLASS, SpotlightAttributes.RECORD_INDEXES,
            SpotlightAttributes.RETRY_COUNT, SpotlightAttributes.RECORD_COUNT,
            FailureReport.HTTP_STATUS_CODE, FailureReport.HTTP_STATUS_MESSAGE, FailureReport.HTTP_EXCEPTION_CLASS,
            FailureReport.SQL_VENDOR_CODE, FailureReport.SQL_STATE);

    /** Attributes RouteToFailureDb writes on the FlowFiles it routes. */
    public static final String FAILURE_ATTRIBUTE_PREFIX = "spotlight.failure.";

    private ReplayAttributes() {
    }

    /**
     * @param failure     the (first) failure the FlowFile carries
     * @param replayId    the run's id
     * @param recordCount the number of records for a records FlowFile, or -1 for a whole-content FlowFile
     */
    public static Map<String, String> of(final StoredFailure failure, final String replayId, final long recordCount) {
        final Map<String, String> attributes = new HashMap<>();
        failure.attributes().forEach((name, value) -> {
            if (MOVED.contains(name)) {
                attributes.put(MOVED_PREFIX + name, value);
            } else if (!DROPPED.contains(name) && !name.startsWith(FAILURE_ATTRIBUTE_PREFIX) && !isErrorMessageAttribute(name)) {
                attributes.put(name, value);
            }
        });
        attributes.put(REPLAY_OF, failure.flowFileUuid());
        attributes.put(REPLAY_ID, replayId);
        attributes.put(FailureContext.REPLAY_COUNT_ATTRIBUTE, String.valueOf(failure.replayCount() + 1));
        if (recordCount >= 0) {
            attributes.put(SpotlightAttributes.RECORD_COUNT, String.valueOf(recordCount));
            attributes.put("mime.type", "application/json");
        } else {
            attributes.put(REPLAY_FAILURE_ID, failure.failureId());
        }
        return attributes;
    }

    private static boolean isErrorMessageAttribute(final String name) {
        return FailureReport.MESSAGE_ATTRIBUTES.stream().anyMatch(attribute -> attribute.name().equals(name))
                || name.startsWith("invokehttp.java.exception.");
    }
}
