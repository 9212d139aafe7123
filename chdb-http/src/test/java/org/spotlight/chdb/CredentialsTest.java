package org.spotlight.chdb;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialsTest {

    private final Credentials credentials = Credentials.of("spotlight", HexFormat.of().formatHex(Credentials.sha256("s3cret")));

    @Test
    void onlyTheConfiguredUserWithItsPasswordIsAccepted() {
        assertTrue(credentials.accept("spotlight", "s3cret"));
        assertFalse(credentials.accept("spotlight", "s3cret "));
        assertFalse(credentials.accept("spotlight", ""));
        assertFalse(credentials.accept("default", "s3cret"));
        assertFalse(credentials.accept("default", ""));
    }

    @Test
    void aMissingOrMalformedHashIsRefusedAtStartUp() {
        assertThrows(IllegalArgumentException.class, () -> Credentials.of("spotlight", "abc"));
        assertThrows(IllegalArgumentException.class, () -> Credentials.of("", HexFormat.of().formatHex(Credentials.sha256("x"))));
        assertFalse(credentials.toString().contains(HexFormat.of().formatHex(Credentials.sha256("s3cret"))));
    }
}
