package org.spotlight.failure;

import org.junit.jupiter.api.Test;
import org.spotlight.testing.SharedData;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentSnifferTest {

    private static ContentSniffer.Sniffed sniff(final byte[] bytes) throws IOException {
        return ContentSniffer.sniff(new ByteArrayInputStream(bytes));
    }

    private static byte[] bytes(final int... values) {
        final byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    @Test
    void utf8TextIsText() throws Exception {
        final byte[] text = "Pelosi, Nancy — $1,000,001 - $5,000,000 ✓ 𝄞\r\n\ttab".getBytes(StandardCharsets.UTF_8);
        final ContentSniffer.Sniffed sniffed = sniff(text);
        assertTrue(sniffed.text());
        assertEquals(PayloadKind.TEXT, sniffed.kind());
        assertEquals(text.length, sniffed.size());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text)), sniffed.sha256());
        assertTrue(sniff(new byte[0]).text(), "empty content is (empty) text");
    }

    @Test
    void sequencesSplitAcrossReadsAreJudgedWhole() {
        final byte[] clef = "a𝄞b".getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= clef.length; split++) {
            final ContentSniffer sniffer = new ContentSniffer();
            sniffer.update(clef, 0, split);
            sniffer.update(clef, split, clef.length - split);
            assertTrue(sniffer.result().text(), "split at " + split);
        }
    }

    @Test
    void malformedUtf8AndNulBytesAreBinary() throws Exception {
        assertFalse(sniff(bytes('a', 0x00, 'b')).text(), "NUL");
        assertFalse(sniff(bytes(0xC0, 0x80)).text(), "overlong NUL");
        assertFalse(sniff(bytes(0xE0, 0x80, 0x80)).text(), "overlong three-byte form");
        assertFalse(sniff(bytes(0xED, 0xA0, 0x80)).text(), "UTF-16 surrogate");
        assertFalse(sniff(bytes(0xF4, 0x90, 0x80, 0x80)).text(), "above U+10FFFF");
        assertFalse(sniff(bytes(0xFF)).text(), "never valid");
        assertFalse(sniff(bytes('a', 0xE2, 0x82)).text(), "truncated at the end");
        assertFalse(sniff(bytes(0x80)).text(), "lone continuation byte");
    }

    @Test
    void realFilesAreJudgedAsWhatTheyAre() throws Exception {
        // A text-layer extraction with NUL bytes where glyphs did not map (see PROVENANCE.md): kept byte for byte as binary.
        assertFalse(sniff(Files.readAllBytes(SharedData.path("congress/house_ptr_text/20026590.extracted.txt"))).text());
        final Path pdf = SharedData.path("congress/house_ptr_pdfs/2025/electronic/20026590.pdf");
        assertFalse(sniff(Files.readAllBytes(pdf)).text());
        assertTrue(sniff(Files.readAllBytes(SharedData.path("congress/senate_stock_watcher/all_transactions.csv"))).text());
    }

    @Test
    void watchingAStreamSniffsWhatPassesThrough() throws Exception {
        final byte[] pdf = Files.readAllBytes(SharedData.path("congress/house_ptr_pdfs/2025/electronic/20026590.pdf"));
        final ContentSniffer sniffer = new ContentSniffer();
        try (InputStream watched = sniffer.watch(new ByteArrayInputStream(pdf))) {
            assertEquals(pdf[0], (byte) watched.read());
            watched.skip(10);
            watched.readAllBytes();
        }
        assertEquals(sniff(pdf), sniffer.result());
    }
}
