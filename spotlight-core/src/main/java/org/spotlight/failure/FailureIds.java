package org.spotlight.failure;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ids and object keys derived from the failed FlowFile, never random: storing the same FlowFile again (after a
 * rollback or a restart) produces the same failure ids, which the failure table collapses, and overwrites the same
 * objects instead of leaving orphans.
 */
public final class FailureIds {

    private FailureIds() {
    }

    /** A name-based UUID of the FlowFile's uuid and the record's position in it. */
    public static String failureId(final String flowFileUuid, final long recordIndex) {
        return UUID.nameUUIDFromBytes(("spotlight-failure:" + flowFileUuid + ":" + recordIndex).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The object key of a payload: {@code <prefix><failure id>.<json|txt|bin>}. The prefix is used as given, so
     * {@code failures/} gives {@code failures/0d5e....json}.
     */
    public static String objectKey(final String prefix, final String failureId, final PayloadKind kind) {
        return (prefix == null ? "" : prefix) + failureId + "." + kind.extension();
    }
}
