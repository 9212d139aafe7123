package org.spotlight.failure;

import java.util.Locale;
import java.util.Optional;

/** How a failure behaves over time: whether the same input can succeed later. */
public enum FailureClass {

    /** The cause is outside the input (connection refused, timeout, too many parts ...): the same input may succeed later. */
    TRANSIENT("transient"),
    /** The input itself is the cause (parse, cast, schema, constraint errors): it fails again until it or the target changes. */
    PERMANENT("permanent"),
    /** Nothing says which: stored for an operator to look at, or retried, as configured. */
    UNKNOWN("unknown");

    private final String value;

    FailureClass(final String value) {
        this.value = value;
    }

    /** The lower-case name used in attributes, rules and the failure table. */
    public String value() {
        return value;
    }

    /** Parses {@code transient}, {@code permanent} or {@code unknown}, ignoring case and surrounding blanks. */
    public static Optional<FailureClass> parse(final String text) {
        if (text == null) {
            return Optional.empty();
        }
        final String wanted = text.strip().toLowerCase(Locale.ROOT);
        for (FailureClass failureClass : values()) {
            if (failureClass.value.equals(wanted)) {
                return Optional.of(failureClass);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
