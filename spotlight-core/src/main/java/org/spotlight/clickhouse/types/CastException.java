package org.spotlight.clickhouse.types;

/** A value that cannot be converted to a ClickHouse type without loss; carries what, into what, and why. */
public class CastException extends RuntimeException {

    private static final int MAX_VALUE_LENGTH = 200;

    private final String value;
    private final ClickHouseType targetType;
    private final String reason;

    public CastException(final Object value, final ClickHouseType targetType, final String reason) {
        super(describe(value) + " cannot be cast to " + targetType + ": " + reason);
        this.value = value == null ? null : abbreviate(String.valueOf(value));
        this.targetType = targetType;
        this.reason = reason;
    }

    /** The offending value as text (abbreviated), or null for NULL. */
    public String getValue() {
        return value;
    }

    public ClickHouseType getTargetType() {
        return targetType;
    }

    public String getReason() {
        return reason;
    }

    private static String describe(final Object value) {
        return value == null ? "NULL" : "'" + abbreviate(String.valueOf(value)) + "'";
    }

    private static String abbreviate(final String text) {
        return text.length() <= MAX_VALUE_LENGTH ? text : text.substring(0, MAX_VALUE_LENGTH) + "...";
    }
}
