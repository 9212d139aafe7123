package org.spotlight.failure;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassificationRulesTest {

    @Test
    void parsesRulesSkippingCommentsAndBlankLines() {
        final ClassificationRules rules = ClassificationRules.parse("""
                # deadlocks clear by themselves

                putdatabaserecord.error =~ (?i)deadlock|lock wait timeout => transient
                  invokehttp.status.code =~ ^409$ => PERMANENT
                * =~ (?i)quota exceeded => unknown
                """);
        assertEquals(3, rules.rules().size());
        final ClassificationRules.Rule first = rules.rules().getFirst();
        assertEquals(3, first.line());
        assertEquals("putdatabaserecord.error", first.attribute());
        assertEquals("(?i)deadlock|lock wait timeout", first.expression().pattern());
        assertEquals(FailureClass.TRANSIENT, first.failureClass());
        assertEquals(FailureClass.PERMANENT, rules.rules().get(1).failureClass());
        assertEquals("putdatabaserecord.error =~ (?i)deadlock|lock wait timeout => transient", first.toString());
    }

    @Test
    void anExpressionMayContainTheSeparators() {
        final ClassificationRules rules = ClassificationRules.parse("error.message =~ a => b|x =~ y => permanent");
        assertEquals("a => b|x =~ y", rules.rules().getFirst().expression().pattern());
        assertEquals(FailureClass.PERMANENT, rules.classify(Map.of("error.message", "x =~ y")).orElseThrow().failureClass());
    }

    @Test
    void firstMatchingRuleWinsAndAnyAttributeMatchesAll() {
        final ClassificationRules rules = ClassificationRules.parse("""
                * =~ (?i)quota => transient
                error.message =~ quota => permanent
                """);
        final Classification classification = rules.classify(Map.of("error.message", "Quota exceeded", "filename", "a.json")).orElseThrow();
        assertEquals(FailureClass.TRANSIENT, classification.failureClass());
        assertEquals("rule on line 1 (* =~ (?i)quota => transient) matched attribute error.message", classification.reason());
        assertTrue(rules.classify(Map.of("filename", "a.json")).isEmpty());
    }

    @Test
    void everyBadLineIsNamed() {
        final ClassificationRules.InvalidRulesException e = assertThrows(ClassificationRules.InvalidRulesException.class,
                () -> ClassificationRules.parse("""
                        error.message =~ ok => transient
                        error.message ~ missing equals => transient
                        error.message =~ ok => sometimes
                        error.message =~ ([unclosed => permanent
                        """));
        assertEquals(List.of(
                "line 2 is not 'attribute =~ regex => class': error.message ~ missing equals => transient",
                "line 3: 'sometimes' is not transient, permanent or unknown",
                "line 4: invalid regular expression: Unclosed character class in ([unclosed"), e.problems());
    }

    @Test
    void blankMeansNoRules() {
        assertTrue(ClassificationRules.parse(null).rules().isEmpty());
        assertTrue(ClassificationRules.parse("  \n# only a comment\n").rules().isEmpty());
    }
}
