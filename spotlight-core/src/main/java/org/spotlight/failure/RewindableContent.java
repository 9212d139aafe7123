package org.spotlight.failure;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A stream over a failed FlowFile's content that can go back to a mark at any distance, as NiFi's own content streams
 * can: record readers that infer a schema (JsonTreeReader marks, reads up to all of the content, and resets) rely on
 * it. Going back opens the content again and skips to the mark, so nothing is held in memory. The sniffer sees every
 * byte of the content exactly once, however often a reader reads it again; closing reads what the reader left, so the
 * sniffer has seen the whole content.
 */
final class RewindableContent extends InputStream {
    private static final int BUFFER = 64 * 1024;

    private final FailedContent content;
    private final ContentSniffer sniffer;
    private InputStream current;
    private long position;
    private long mark = -1;
    /** Bytes of the content the sniffer has seen: everything before this position. */
    private long sniffed;
    private boolean drained;
    private boolean closed;

    RewindableContent(final FailedContent content, final InputStream first, final ContentSniffer sniffer) {
        this.content = content;
        this.current = new BufferedInputStream(first, BUFFER);
        this.sniffer = sniffer;
    }

    /** Whether the whole content went past the sniffer (it did once the stream is closed without an error). */
    boolean drained() {
        return drained;
    }

    @Override
    public int read() throws IOException {
        final byte[] one = new byte[1];
        final int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(final byte[] buffer, final int offset, final int length) throws IOException {
        final int read = current.read(buffer, offset, length);
        if (read > 0) {
            final long end = position + read;
            if (end > sniffed) {
                final int fresh = (int) (end - Math.max(position, sniffed));
                sniffer.update(buffer, offset + read - fresh, fresh);
                sniffed = end;
            }
            position = end;
        }
        return read;
    }

    @Override
    public boolean markSupported() {
        return true;
    }

    @Override
    public synchronized void mark(final int readLimit) {
        // Any distance: the content can be read again from its start.
        mark = position;
    }

    @Override
    public synchronized void reset() throws IOException {
        if (mark < 0) {
            throw new IOException("reset without a mark");
        }
        if (position == mark) {
            return;
        }
        current.close();
        current = new BufferedInputStream(content.open(), BUFFER);
        long remaining = mark;
        final byte[] sink = new byte[8192];
        while (remaining > 0) {
            final int read = current.read(sink, 0, (int) Math.min(sink.length, remaining));
            if (read < 0) {
                throw new EOFException("The content is shorter than before (" + (mark - remaining) + " bytes, " + mark + " read earlier)");
            }
            remaining -= read;
        }
        position = mark;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            // Whatever the reader left unread still counts: its size, hash and the values it holds.
            transferTo(OutputStream.nullOutputStream());
            drained = true;
        } finally {
            current.close();
        }
    }
}
