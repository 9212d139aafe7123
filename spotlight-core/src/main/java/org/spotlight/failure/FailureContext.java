package org.spotlight.failure;

import org.spotlight.SpotlightAttributes;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the failure table records about one failed FlowFile, shared by all rows stored for it.
 *
 * @param attributes every FlowFile attribute, in name order
 */
public record FailureContext(String flowFileUuid, Instant ingestedAt, String flow, String component,
                             FailureClass errorClass, String classification, String errorCode, String errorMessage,
                             int retryCount, String sourceTopic, Integer sourcePartition, Long sourceOffset,
                             String targetDatabase, String targetTable, int replayCount, Map<String, String> attributes) {

    /** NiFi's core attribute holding the FlowFile's uuid. */
    public static final String UUID_ATTRIBUTE = "uuid";
    public static final String KAFKA_TOPIC = "kafka.topic";
    public static final String KAFKA_PARTITION = "kafka.partition";
    public static final String KAFKA_OFFSET = "kafka.offset";
    /** Set by ReplayFailures on every FlowFile it emits: how often the payload has been replayed. */
    public static final String REPLAY_COUNT_ATTRIBUTE = "spotlight.replay.count";

    /** Error messages beyond this are cut in the error_message column; the attributes column keeps them whole. */
    static final int MAX_MESSAGE_LENGTH = 32 * 1024;

    public FailureContext {
        Objects.requireNonNull(flowFileUuid, "flowFileUuid");
        Objects.requireNonNull(ingestedAt, "ingestedAt");
        Objects.requireNonNull(errorClass, "errorClass");
        attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    /**
     * @param decision what the retry policy decided (not to retry)
     * @param flow     the flow name to record, may be empty
     */
    public static FailureContext of(final Map<String, String> attributes, final RetryPolicy.Decision decision,
                                    final Instant ingestedAt, final String flow) {
        final FailureReport report = FailureReport.of(attributes);
        return new FailureContext(
                attributes.getOrDefault(UUID_ATTRIBUTE, ""),
                ingestedAt,
                flow == null ? "" : flow,
                report.component(),
                decision.failureClass(),
                decision.reason(),
                report.code(),
                abbreviate(report.message()),
                decision.retryCount(),
                attributes.getOrDefault(KAFKA_TOPIC, ""),
                integerOrNull(attributes.get(KAFKA_PARTITION)),
                longOrNull(attributes.get(KAFKA_OFFSET)),
                attributes.getOrDefault(SpotlightAttributes.TARGET_DATABASE, ""),
                attributes.getOrDefault(SpotlightAttributes.TARGET_TABLE, ""),
                Math.max(0, count(attributes.get(REPLAY_COUNT_ATTRIBUTE))),
                attributes);
    }

    /** A non-negative count from an attribute; 0 when absent or not a number. */
    public static int count(final String value) {
        final Long parsed = longOrNull(value);
        return parsed == null || parsed < 0 ? 0 : (int) Math.min(parsed, Integer.MAX_VALUE);
    }

    private static String abbreviate(final String message) {
        return message.length() <= MAX_MESSAGE_LENGTH ? message
                : message.substring(0, MAX_MESSAGE_LENGTH) + "... (" + (message.length() - MAX_MESSAGE_LENGTH) + " more characters in attributes)";
    }

    private static Integer integerOrNull(final String value) {
        final Long parsed = longOrNull(value);
        return parsed == null || parsed < Integer.MIN_VALUE || parsed > Integer.MAX_VALUE ? null : parsed.intValue();
    }

    private static Long longOrNull(final String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (final NumberFormatException e) {
            return null;
        }
    }
}
