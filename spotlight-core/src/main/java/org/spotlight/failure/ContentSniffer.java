package org.spotlight.failure;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Looks at content as it streams past, without keeping it: its size, SHA-256, and whether it is text. Text means
 * well-formed UTF-8 without NUL bytes; anything else is binary and is stored base64-encoded (or as an object) so that
 * not a byte is altered. The UTF-8 check follows RFC 3629 (no overlong forms, no surrogates, nothing above U+10FFFF)
 * and carries its state across reads, so sequences split between buffers are judged correctly.
 */
public final class ContentSniffer {

    /**
     * What was seen.
     *
     * @param records how many input records the content holds as far as it can be split (JSON values, array elements,
     *                lines of text that is no JSON): 1 for content with NUL bytes, 0 for empty or blank content
     * @param json    whether it begins as JSON records do, with an object or an array
     */
    public record Sniffed(long size, String sha256, boolean text, long records, boolean json) {
        public PayloadKind kind() {
            return text ? PayloadKind.TEXT : PayloadKind.BINARY;
        }
    }

    private final MessageDigest sha256 = newSha256();
    private final JsonValueCounter values = new JsonValueCounter();
    private boolean nul;
    private long size;
    private boolean text = true;
    private int continuationBytesNeeded;
    private int nextLow = 0x80;
    private int nextHigh = 0xBF;

    /** Reads the stream to its end (without closing it) and returns what it held. */
    public static Sniffed sniff(final InputStream content) throws IOException {
        final ContentSniffer sniffer = new ContentSniffer();
        final byte[] buffer = new byte[64 * 1024];
        for (int read = content.read(buffer); read >= 0; read = content.read(buffer)) {
            sniffer.update(buffer, 0, read);
        }
        return sniffer.result();
    }

    /** Wraps a stream so that everything read through it is sniffed; call {@link #result()} after reading it whole. */
    public InputStream watch(final InputStream content) {
        return new FilterInputStream(content) {
            @Override
            public int read() throws IOException {
                final int b = super.read();
                if (b >= 0) {
                    update(new byte[]{(byte) b}, 0, 1);
                }
                return b;
            }

            @Override
            public int read(final byte[] buffer, final int offset, final int length) throws IOException {
                final int read = super.read(buffer, offset, length);
                if (read > 0) {
                    update(buffer, offset, read);
                }
                return read;
            }

            @Override
            public long skip(final long n) throws IOException {
                // Skipped bytes would escape the hash; read them instead.
                final byte[] sink = new byte[(int) Math.min(n, 8192)];
                final int read = read(sink, 0, sink.length);
                return Math.max(read, 0);
            }

            @Override
            public boolean markSupported() {
                return false;
            }

            @Override
            public synchronized void mark(final int readLimit) {
                // Bytes read again after a reset would be counted twice: a reader that needs to go back must buffer.
            }

            @Override
            public synchronized void reset() throws IOException {
                throw new IOException("mark and reset are not supported");
            }
        };
    }

    public void update(final byte[] buffer, final int offset, final int length) {
        sha256.update(buffer, offset, length);
        size += length;
        if (!nul) {
            values.update(buffer, offset, length);
            for (int i = offset; i < offset + length && !nul; i++) {
                nul = buffer[i] == 0;
            }
        }
        if (!text) {
            return;
        }
        for (int i = offset; i < offset + length && text; i++) {
            accept(buffer[i] & 0xFF);
        }
    }

    public Sniffed result() {
        final boolean isText = text && continuationBytesNeeded == 0;
        // Text with bytes that are not UTF-8 may still be JSON Lines; content with NUL bytes is not text of any kind.
        return new Sniffed(size, HexFormat.of().formatHex(sha256.digest()), isText, !nul ? values.count() : size > 0 ? 1 : 0,
                !nul && values.looksLikeJson());
    }

    private void accept(final int b) {
        if (continuationBytesNeeded > 0) {
            if (b < nextLow || b > nextHigh) {
                text = false;
                return;
            }
            continuationBytesNeeded--;
            nextLow = 0x80;
            nextHigh = 0xBF;
            return;
        }
        if (b == 0x00) {
            text = false;
        } else if (b < 0x80) {
            return;
        } else if (b >= 0xC2 && b <= 0xDF) {
            expect(1, 0x80, 0xBF);
        } else if (b == 0xE0) {
            expect(2, 0xA0, 0xBF);
        } else if (b == 0xED) {
            expect(2, 0x80, 0x9F);
        } else if (b >= 0xE1 && b <= 0xEF) {
            expect(2, 0x80, 0xBF);
        } else if (b == 0xF0) {
            expect(3, 0x90, 0xBF);
        } else if (b >= 0xF1 && b <= 0xF3) {
            expect(3, 0x80, 0xBF);
        } else if (b == 0xF4) {
            expect(3, 0x80, 0x8F);
        } else {
            text = false;
        }
    }

    private void expect(final int continuationBytes, final int low, final int high) {
        continuationBytesNeeded = continuationBytes;
        nextLow = low;
        nextHigh = high;
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
