package org.spotlight.congress.model;

import java.util.Locale;

/** The kind of an option contract a trade names. */
public enum OptionType {
    CALL,
    PUT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
