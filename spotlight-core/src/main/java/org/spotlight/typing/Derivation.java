package org.spotlight.typing;

/** How a column's value is obtained from its source field before it is cast to the column type. */
public enum Derivation {
    /** The field's value as is. */
    VALUE,
    /** A percentage such as {@code "5.0%"}: the number as written. */
    PERCENT,
    /** A number (or numeric string) of seconds since the epoch. */
    EPOCH_SECONDS,
    /** A number (or numeric string) of milliseconds since the epoch. */
    EPOCH_MILLIS,
    /** The lower bound of a dollar figure or range ({@code $1,001 - $15,000} gives 1001). */
    MONEY_MIN,
    /** The upper bound of a dollar figure or range; NULL for an open range ({@code Over $50,000,000}). */
    MONEY_MAX,
    /**
     * Whatever fits the column type: percentages and dollar figures into numeric columns, epoch numbers into
     * date-time columns (by the epoch rule), anything else as is. Used where the type was given rather than
     * inferred: type hints and existing tables.
     */
    LENIENT
}
