package org.spotlight.chdb;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InsertStatementTest {

    @Test
    void anInsertEndingInFormatIsSplitIntoTheStatementAndTheDataFormat() {
        assertEquals(Optional.of(new InsertStatement("INSERT INTO `db`.`t` (`a`, `b`)", "RowBinaryWithDefaults")),
                InsertStatement.parse("INSERT INTO `db`.`t` (`a`, `b`) FORMAT RowBinaryWithDefaults"));
        assertEquals(Optional.of(new InsertStatement("insert into t settings async_insert = 0", "JSONEachRow")),
                InsertStatement.parse("  insert into t settings async_insert = 0\n format JSONEachRow ;\n"));
    }

    @Test
    void otherStatementsAreNotStreamedInserts() {
        assertFalse(InsertStatement.parse("INSERT INTO t VALUES (1)").isPresent(), "inline values: run as one statement");
        assertFalse(InsertStatement.parse("INSERT INTO t SELECT * FROM s FORMAT TSV").isPresent(), "INSERT SELECT carries no data");
        assertFalse(InsertStatement.parse("SELECT 1 FORMAT TSV").isPresent());
        assertTrue(InsertStatement.isInsert(" INSERT INTO t VALUES (1)"));
        assertFalse(InsertStatement.isInsert("SELECT 'INSERT INTO'"));
    }
}
