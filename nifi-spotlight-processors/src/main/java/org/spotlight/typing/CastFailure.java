package org.spotlight.typing;

/**
 * Why a record could not be typed: which field, which value, into which type, and why.
 *
 * @param code       {@code CAST_FAILED}, {@code NULL_NOT_ALLOWED} or {@code UNEXPECTED_FIELD}
 * @param field      the field as it is named in the input (flattened paths joined with the separator)
 * @param column     the column it was meant for; null for a field without a column
 * @param value      the offending value as text (abbreviated), or null for NULL
 * @param targetType the column type, or null for a field without a column
 * @param reason     what is wrong with the value
 */
public record CastFailure(Code code, String field, String column, String value, String targetType, String reason) {

    public enum Code {
        /** The value cannot be converted to the column type without loss. */
        CAST_FAILED,
        /** NULL or a missing value for a column that cannot hold NULL. */
        NULL_NOT_ALLOWED,
        /** A field that the schema or the table has no column for. */
        UNEXPECTED_FIELD
    }

    /** One line for logs and the {@code spotlight.error.message} attribute. */
    public String message() {
        final String where = column == null || column.equals(field) ? "field '" + field + "'" : "field '" + field + "' (column " + column + ")";
        final String what = value == null ? "NULL" : "'" + value + "'";
        return targetType == null ? where + ": " + reason : where + ": " + what + " cannot be cast to " + targetType + ": " + reason;
    }
}
