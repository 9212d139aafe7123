package org.spotlight.failure;

import java.util.Objects;

/**
 * The class of a failure and the evidence it was decided on, e.g.
 * {@code transient: ClickHouse error code 252 (TOO_MANY_PARTS is transient)}. The reason is stored with every failure
 * row so that operators can see why a record was retried or stored.
 */
public record Classification(FailureClass failureClass, String reason) {

    public Classification {
        Objects.requireNonNull(failureClass, "failureClass");
        Objects.requireNonNull(reason, "reason");
    }

    public static Classification of(final FailureClass failureClass, final String reason) {
        return new Classification(failureClass, reason);
    }
}
