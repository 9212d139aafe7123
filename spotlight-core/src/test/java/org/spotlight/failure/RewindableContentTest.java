package org.spotlight.failure;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RewindableContentTest {

    /** Content far beyond any buffer, as a schema-inferring reader (JsonTreeReader) reads it: mark, read all, reset. */
    @Test
    void goesBackToAMarkAtAnyDistanceAndTheSnifferSeesEachByteOnce() throws IOException {
        final byte[] bytes = new byte[5_000_000];
        new Random(7).nextBytes(bytes);
        final AtomicInteger opened = new AtomicInteger();
        final FailedContent content = content(bytes, opened);
        final ContentSniffer sniffer = new ContentSniffer();
        final ContentSniffer reference = new ContentSniffer();
        reference.update(bytes, 0, bytes.length);

        final RewindableContent stream = new RewindableContent(content, content.open(), sniffer);
        assertTrue(stream.markSupported());
        stream.mark(10);
        assertArrayEquals(bytes, stream.readAllBytes());
        stream.reset();
        final byte[] head = stream.readNBytes(1_000);
        stream.mark(1);
        final byte[] middle = stream.readNBytes(2_000_000);
        stream.reset();
        assertArrayEquals(middle, stream.readNBytes(2_000_000));
        stream.close();

        assertArrayEquals(java.util.Arrays.copyOf(bytes, 1_000), head);
        assertTrue(stream.drained());
        assertEquals(reference.result().size(), sniffer.result().size(), "every byte counted once");
        assertEquals(reference.result().sha256(), sniffer.result().sha256());
        assertEquals(3, opened.get(), "each reset opens the content again instead of holding it");
    }

    @Test
    void closingReadsWhatTheReaderLeftSoTheWholeContentIsSniffed() throws IOException {
        final byte[] bytes = "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final FailedContent content = content(bytes, new AtomicInteger());
        final ContentSniffer sniffer = new ContentSniffer();
        final RewindableContent stream = new RewindableContent(content, content.open(), sniffer);
        stream.readNBytes(3);
        stream.close();
        assertEquals(bytes.length, sniffer.result().size());
    }

    @Test
    void aResetWithoutAMarkIsAnError() throws IOException {
        final FailedContent content = content(new byte[10], new AtomicInteger());
        final RewindableContent stream = new RewindableContent(content, content.open(), new ContentSniffer());
        stream.read();
        assertThrows(IOException.class, stream::reset);
    }

    private static FailedContent content(final byte[] bytes, final AtomicInteger opened) {
        return new FailedContent() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                opened.incrementAndGet();
                return new ByteArrayInputStream(bytes);
            }
        };
    }
}
