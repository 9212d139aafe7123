package org.spotlight.chdb;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClickHouseErrorTest {

    @Test
    void engineErrorsKeepTheirCodeNameAndTextAndGetTheServersHttpStatus() {
        final ClickHouseError unknownTable = ClickHouseError.fromEngine(
                "Code: 60. DB::Exception: Unknown table expression identifier 'nope' in scope SELECT * FROM nope. (UNKNOWN_TABLE)");
        assertEquals(60, unknownTable.code());
        assertEquals("UNKNOWN_TABLE", unknownTable.name());
        assertEquals(404, unknownTable.httpStatus());
        assertEquals("Code: 60. DB::Exception: Unknown table expression identifier 'nope' in scope SELECT * FROM nope. (UNKNOWN_TABLE)"
                + " (version 26.7.2.1 (chDB engine))\n", unknownTable.body("26.7.2.1"));

        assertEquals(400, ClickHouseError.fromEngine("Code: 62. DB::Exception: Syntax error: failed at position 14. (SYNTAX_ERROR)").httpStatus());
        assertEquals(400, ClickHouseError.fromEngine("Code: 27. DB::Exception: Cannot parse input: expected 'eof' before: 'x'. (CANNOT_PARSE_INPUT_ASSERTION_FAILED)")
                .httpStatus());
        assertEquals(404, ClickHouseError.fromEngine("Code: 115. DB::Exception: Unknown setting 'x'. (UNKNOWN_SETTING)").httpStatus());
        assertEquals(500, ClickHouseError.fromEngine("Code: 395. DB::Exception: Value passed to 'throwIf' function is non-zero. (FUNCTION_THROW_IF_VALUE_IS_NON_ZERO)")
                .httpStatus());
        assertEquals(500, ClickHouseError.fromEngine("Code: 469. DB::Exception: Constraint `c` for table t is violated. (VIOLATED_CONSTRAINT)").httpStatus());
    }

    @Test
    void theFrontsOwnErrorsAreWordedAsTheServerWordsThem() {
        final ClickHouseError auth = ClickHouseError.of(516, "AUTHENTICATION_FAILED", "u: Authentication failed: password is incorrect");
        assertEquals("Code: 516. DB::Exception: u: Authentication failed: password is incorrect. (AUTHENTICATION_FAILED)", auth.message());
        assertEquals(403, auth.httpStatus());
        assertEquals(401, ClickHouseError.of(194, "REQUIRED_PASSWORD", "x").httpStatus());
        assertEquals(501, ClickHouseError.of(48, "NOT_IMPLEMENTED", "x").httpStatus());
        assertEquals(413, ClickHouseError.of(369, "QUERY_IS_TOO_LARGE", "x").httpStatus());
    }

    @Test
    void aTextWithoutACodeIsAnStdException() {
        final ClickHouseError error = ClickHouseError.fromEngine("something broke");
        assertEquals(1001, error.code());
        assertEquals(500, error.httpStatus());
        assertEquals("Code: 1001. DB::Exception: something broke (STD_EXCEPTION)", error.message());
    }
}
