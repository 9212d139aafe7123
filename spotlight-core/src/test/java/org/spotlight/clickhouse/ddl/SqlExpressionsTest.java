package org.spotlight.clickhouse.ddl;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SqlExpressionsTest {

    private static String rejected(final String expression) {
        return assertThrows(IllegalArgumentException.class, () -> SqlExpressions.requireSingleExpression("ORDER BY", expression)).getMessage();
    }

    @Test
    void acceptsKeyExpressions() {
        assertEquals("(doc_id, transaction_date)", SqlExpressions.requireSingleExpression("ORDER BY", " (doc_id, transaction_date) "));
        assertEquals("toYYYYMM(`transaction date`)", SqlExpressions.requireSingleExpression("PARTITION BY", "toYYYYMM(`transaction date`)"));
        assertEquals("if(x = ';', 1, 2)", SqlExpressions.requireSingleExpression("ORDER BY", "if(x = ';', 1, 2)"), "a semicolon inside a literal is text");
    }

    @Test
    void rejectsWhatCouldEndOrHideAStatement() {
        assertEquals("ORDER BY must be a single expression, without ';': id; DROP TABLE x", rejected("id; DROP TABLE x"));
        assertEquals("ORDER BY must not contain comments: id -- x", rejected("id -- x"));
        assertEquals("ORDER BY must not contain comments: id /* x */", rejected("id /* x */"));
        assertEquals("ORDER BY has a ')' without '(': id) ENGINE = Memory AS SELECT (1", rejected("id) ENGINE = Memory AS SELECT (1"));
        assertEquals("ORDER BY has unbalanced parentheses: (id", rejected("(id"));
        assertEquals("ORDER BY has an unterminated '-quoted text: 'id", rejected("'id"));
        assertEquals("ORDER BY must not be empty", rejected(" "));
    }

    @Test
    void listsBecomeTupleKeys() {
        assertEquals("(doc_id, traded)", SqlExpressions.asKey("doc_id, traded"));
        assertEquals("(doc_id, traded)", SqlExpressions.asKey("(doc_id, traded)"));
        assertEquals("toYYYYMM(traded)", SqlExpressions.asKey("toYYYYMM(traded)"));
        assertEquals("if(a, 'x,y', b)", SqlExpressions.asKey("if(a, 'x,y', b)"));
        assertEquals("`a,b`", SqlExpressions.asKey("`a,b`"));
    }

    @Test
    void findsTheIdentifiersAnExpressionUses() {
        assertEquals(Set.of("toYYYYMM", "transaction date", "doc_id"), SqlExpressions.identifiers("toYYYYMM(`transaction date`), doc_id, 'literal'"));
    }
}
