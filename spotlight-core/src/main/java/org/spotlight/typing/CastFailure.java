package org.spotlight.typing;

/**
 * Why a record could not be typed: which field, which value, into which type, and why.
 *
 * @param code       what kind of failure; its name is the {@code spotlight.error.code}
 * @param field      the field as it is named in the input (flattened paths joined with the separator); null when the
 *                   record as a whole is at fault
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
        UNEXPECTED_FIELD,
        /** A field whose column (with the record's other new fields) would take the schema beyond its maximum of columns. */
        TOO_MANY_COLUMNS,
        /** A record without fields: there is nothing to make a row of. */
        EMPTY_RECORD,
        /** Raw JSON that is not JSON: a syntax error, or content cut short. */
        INVALID_JSON,
        /** A JSON value where a record was expected that is not an object. */
        NOT_AN_OBJECT,
        /** Bytes that are not UTF-8, or text that UTF-8 cannot carry (a lone surrogate). */
        INVALID_UTF8,
        /** An object that names a field twice. */
        DUPLICATE_KEY,
        /** A record beyond a bound of the JSON reader: nesting depth, or the length of a string, number or name. */
        TOO_LARGE
    }

    /** A failure of the record as a whole (not of one value). */
    public static CastFailure ofRecord(final Code code, final String field, final String reason) {
        return new CastFailure(code, field, null, null, null, reason);
    }

    /** Whether the record as a whole is at fault, rather than one value. */
    public boolean ofRecord() {
        return code.compareTo(Code.EMPTY_RECORD) >= 0;
    }

    /** One line for logs and the {@code spotlight.error.message} attribute. */
    public String message() {
        if (field == null || ofRecord()) {
            return reason;
        }
        final String where = column == null || column.equals(field) ? "field '" + field + "'" : "field '" + field + "' (column " + column + ")";
        final String what = value == null ? "NULL" : "'" + value + "'";
        return targetType == null ? where + ": " + reason : where + ": " + what + " cannot be cast to " + targetType + ": " + reason;
    }
}
