package org.spotlight.typing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NullTokensTest {

    @Test
    void tokensAreTrimmedAndCaseInsensitive() {
        final NullTokens tokens = NullTokens.parse("--, N/A", true);
        assertTrue(tokens.isNull("--"));
        assertTrue(tokens.isNull(" n/a "));
        assertTrue(tokens.isNull(""));
        assertTrue(tokens.isNull("   "));
        assertFalse(tokens.isNull("N/A please"));
        assertFalse(tokens.isNull("-"));
        assertFalse(tokens.isNull("Spouse"));
    }

    @Test
    void emptyStringsOnlyWhenAsked() {
        final NullTokens tokens = NullTokens.parse("", false);
        assertFalse(tokens.isNull(""));
        assertFalse(tokens.isNull("--"));
        assertFalse(NullTokens.none().isNull(" "));
    }
}
