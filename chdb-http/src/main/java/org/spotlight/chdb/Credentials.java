package org.spotlight.chdb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one user the front accepts, with its password kept as a SHA-256 hash (as {@code password_sha256_hex} in a
 * ClickHouse users.xml). The chDB engine has no users of its own: this check is the front's.
 */
record Credentials(String user, byte[] passwordSha256) {

    static Credentials of(final String user, final String passwordSha256Hex) {
        if (user == null || user.isBlank() || passwordSha256Hex == null || !passwordSha256Hex.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("the front needs a user and the SHA-256 of its password (64 hex digits)");
        }
        return new Credentials(user, HexFormat.of().parseHex(passwordSha256Hex));
    }

    boolean accept(final String givenUser, final String givenPassword) {
        final boolean passwordMatches = MessageDigest.isEqual(sha256(givenPassword), passwordSha256);
        return passwordMatches & user.equals(givenUser);
    }

    static byte[] sha256(final String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + "]";
    }
}
