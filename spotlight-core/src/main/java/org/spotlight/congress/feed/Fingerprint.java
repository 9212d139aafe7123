package org.spotlight.congress.feed;

import org.spotlight.congress.document.RawDocument;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * What state remembers of an index row: the first 48 bits of the SHA-256 of the row's text, as 8 base64url
 * characters. A changed row (a correction, another document) changes it; 48 bits make an unnoticed change of a
 * given row a one in 280 trillion chance.
 */
public final class Fingerprint {

    private static final int BYTES = 6;
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private Fingerprint() {
    }

    public static String of(final String row) {
        final byte[] digest = HexFormat.of().parseHex(RawDocument.sha256(row.getBytes(StandardCharsets.UTF_8)));
        return BASE64.encodeToString(Arrays.copyOf(digest, BYTES));
    }

    /**
     * The same 48 bits from the 12 hexadecimal digits state held before version 2, so that an upgrade does not
     * emit every filing again; any other text is kept as it is.
     */
    static String fromLegacy(final String fingerprint) {
        if (fingerprint.matches("[0-9a-f]{12}")) {
            return BASE64.encodeToString(HexFormat.of().parseHex(fingerprint));
        }
        return fingerprint;
    }
}
