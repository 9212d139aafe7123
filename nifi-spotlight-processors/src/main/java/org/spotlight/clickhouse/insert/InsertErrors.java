package org.spotlight.clickhouse.insert;

import org.spotlight.clickhouse.client.ClickHouseException;

import java.util.Set;

/** What a failed insert means for the rows in it. */
public final class InsertErrors {

    /** How to proceed after an insert failed. */
    public enum Scope {
        /** The server or the network is in trouble; the same insert can succeed later. Nothing is settled. */
        TRANSIENT,
        /** The insert cannot succeed whatever rows it carries: the table, a column, the user or the query is wrong. */
        TABLE,
        /** Some rows are at fault (or the insert as a whole is too big): smaller inserts find the rows. */
        ROWS
    }

    /**
     * Server errors about the statement, the table or the user rather than the data (names as in ClickHouse's
     * src/Common/ErrorCodes.cpp). Splitting the insert would only repeat them.
     */
    private static final Set<Integer> TABLE_CODES = Set.of(
            1,    // UNSUPPORTED_METHOD
            10,   // NOT_FOUND_COLUMN_IN_BLOCK
            16,   // NO_SUCH_COLUMN_IN_TABLE
            20,   // NUMBER_OF_COLUMNS_DOESNT_MATCH
            47,   // UNKNOWN_IDENTIFIER
            48,   // NOT_IMPLEMENTED
            50,   // UNKNOWN_TYPE
            60,   // UNKNOWN_TABLE
            62,   // SYNTAX_ERROR
            73,   // UNKNOWN_FORMAT
            81,   // UNKNOWN_DATABASE
            115,  // UNKNOWN_SETTING
            192,  // UNKNOWN_USER
            193,  // WRONG_PASSWORD
            194,  // REQUIRED_PASSWORD
            195,  // IP_ADDRESS_NOT_ALLOWED
            291,  // DATABASE_ACCESS_DENIED
            344,  // SUPPORT_IS_DISABLED
            452,  // SETTING_CONSTRAINT_VIOLATION
            497,  // ACCESS_DENIED
            516   // AUTHENTICATION_FAILED
    );

    /** ClickHouse refuses inserts that touch too many partitions at once, with a code it also uses for a transient state. */
    private static final String TOO_MANY_PARTITIONS = "Too many partitions for single INSERT block";

    private InsertErrors() {
    }

    public static Scope scopeOf(final ClickHouseException failure) {
        if (failure.getMessage() != null && failure.getMessage().contains(TOO_MANY_PARTITIONS)) {
            return Scope.ROWS;
        }
        if (failure.isRetryable()) {
            return Scope.TRANSIENT;
        }
        if (failure.getKind() != ClickHouseException.Kind.SERVER || TABLE_CODES.contains(failure.getErrorCode())) {
            return Scope.TABLE;
        }
        return Scope.ROWS;
    }

    /** The code routed with failed records: ClickHouse's numeric code, or the failure kind when there is none. */
    public static String codeOf(final ClickHouseException failure) {
        return failure.getErrorCode() > 0 ? Integer.toString(failure.getErrorCode()) : failure.getKind().name();
    }
}
