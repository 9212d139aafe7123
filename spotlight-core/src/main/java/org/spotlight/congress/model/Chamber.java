package org.spotlight.congress.model;

import java.util.Locale;

/** The chamber of Congress a filer belongs to. */
public enum Chamber {
    HOUSE,
    SENATE;

    /** The value written to records and used in archive keys: {@code house} or {@code senate}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Chamber fromCode(final String code) {
        for (Chamber chamber : values()) {
            if (chamber.code().equalsIgnoreCase(code.trim())) {
                return chamber;
            }
        }
        throw new IllegalArgumentException("Unknown chamber '" + code + "' (expected house or senate)");
    }
}
