package org.spotlight.clickhouse.insert;

import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.client.ClickHouseException;
import org.spotlight.clickhouse.client.ClickHouseException.Kind;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InsertErrorsTest {

    private static ClickHouseException server(final int code, final boolean retryable, final String message) {
        return new ClickHouseException(Kind.SERVER, code, retryable, "q", message, null);
    }

    @Test
    void scopes() {
        assertEquals(InsertErrors.Scope.TRANSIENT, InsertErrors.scopeOf(new ClickHouseException(Kind.CONNECTION, 0, true, null, "refused", null)));
        assertEquals(InsertErrors.Scope.TRANSIENT, InsertErrors.scopeOf(new ClickHouseException(Kind.TIMEOUT, 0, true, null, "timed out", null)));
        assertEquals(InsertErrors.Scope.TRANSIENT, InsertErrors.scopeOf(server(252, true, "Too many parts (300). Merges are processing significantly slower than inserts.")));
        assertEquals(InsertErrors.Scope.ROWS, InsertErrors.scopeOf(server(252, true, "Too many partitions for single INSERT block (more than 100).")));
        assertEquals(InsertErrors.Scope.TABLE, InsertErrors.scopeOf(server(60, false, "Table spotlight.t doesn't exist.")));
        assertEquals(InsertErrors.Scope.TABLE, InsertErrors.scopeOf(server(16, false, "There is no column 'x' in table")));
        assertEquals(InsertErrors.Scope.TABLE, InsertErrors.scopeOf(new ClickHouseException(Kind.CLIENT, 0, false, null, "bad request", null)));
        assertEquals(InsertErrors.Scope.ROWS, InsertErrors.scopeOf(server(395, false, "Value passed to 'throwIf' function is non zero")));
        assertEquals(InsertErrors.Scope.ROWS, InsertErrors.scopeOf(server(469, false, "Constraint `positive` is violated at row 17")));
    }

    @Test
    void codes() {
        assertEquals("395", InsertErrors.codeOf(server(395, false, "x")));
        assertEquals("TIMEOUT", InsertErrors.codeOf(new ClickHouseException(Kind.TIMEOUT, 0, true, null, "timed out", null)));
    }
}
