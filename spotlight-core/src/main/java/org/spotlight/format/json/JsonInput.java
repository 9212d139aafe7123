package org.spotlight.format.json;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * The bytes under {@link JsonRecordReader}'s parser. As they pass, it
 * <ul>
 *     <li>frames messages: LF RS (0x0A 0x1E) separates messages, as ConsumeKafka's DEMARCATOR output with the Message
 *     Demarcator of Spotlight's flows joins Kafka messages, and as RFC 7464 JSON text sequences separate texts. The pair
 *     cannot occur in valid JSON (RS is neither white space nor allowed unescaped in a string), so it marks message
 *     boundaries exactly, whatever the messages hold. A parser is handed the next message only from between two values
 *     (the RS then reads as white space, and a byte order mark starting the message as well); a parser inside a value
 *     sees the end of its input there, so a message cut short fails alone instead of running into the next one;</li>
 *     <li>validates them as UTF-8 the way Unicode defines it (Jackson decodes overlong forms such as {@code C0 80} and
 *     sequences beyond U+10FFFF without complaint), noting where invalid sequences are;</li>
 *     <li>notes where a line begins with <code>{</code>: where the next record most likely starts when one is broken;</li>
 *     <li>keeps the bytes from the end of the last record read (at most {@link #RETAINED_BYTES}), so that the parser can
 *     be started again at such a line after a broken record, without reading the content twice.</li>
 * </ul>
 * Offsets are absolute positions in the content. Every byte is looked at once; ASCII without line feeds, most of
 * any JSON, eight bytes at a time.
 */
final class JsonInput extends InputStream {

    /**
     * How many bytes of the record being read are kept so that reading can resume inside them when the record turns out to
     * be broken. A broken record longer than this, with a line that begins a record inside it, fails together with
     * everything after it (nothing is lost; it just is not split further).
     */
    static final int RETAINED_BYTES = 1 << 20;

    /** Where invalid UTF-8 was seen, as runs: at most this many (further runs are merged into the last one). */
    private static final int MAX_INVALID_RUNS = 1 << 16;

    private static final int CHUNK = 16 * 1024;
    /** The second byte of a message separator, after a line feed. */
    private static final byte RS = 0x1E;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long ONES = 0x0101010101010101L;
    private static final long LINE_FEEDS = 0x0A0A0A0A0A0A0A0AL;

    private final InputStream in;
    private byte[] buffer = new byte[64 * 1024];
    /** Absolute offset of buffer[0]. */
    private long bufferStart;
    private int length;
    /** Absolute offset of the next byte handed to the parser. */
    private long position;
    /** Bytes before this offset may be dropped. */
    private long keepFrom;
    private boolean eof;

    // UTF-8 validation state, carried across reads.
    private int pending;
    private int lower = 0x80;
    private int upper = 0xBF;
    private long sequenceStart;
    private boolean afterLineFeed;

    /** Offsets of '{' at the start of a line. */
    private final Offsets lineStarts = new Offsets();

    /** Runs [start, end) of invalid UTF-8, ascending. */
    private long[] invalid = new long[16];
    private int invalidHead;
    private int invalidTail;

    /** Offsets of the RS of each LF RS separator. */
    private final Offsets separators = new Offsets();
    /** Whether the parser stands between two values, so that it may read on into the next message. */
    private final BooleanSupplier betweenValues;
    /** Offset of a byte order mark that starts a message, handed out as white space; -1 when none. */
    private long byteOrderMark = -1;

    /**
     * @param betweenValues asked at each message boundary: whether the parser stands between two values, and may read on
     *                      into the next message
     */
    JsonInput(final InputStream in, final BooleanSupplier betweenValues) {
        this.in = in;
        this.betweenValues = betweenValues;
    }

    /**
     * The first bytes, looked at without consuming them: JSON exchanged between systems is UTF-8 (RFC 8259). Jackson
     * would read UTF-16 and UTF-32 too, replacing malformed text with U+FFFD, so such content is refused here.
     *
     * @return a description of the encoding when the content is UTF-16 or UTF-32 (or starts with NUL bytes), else null
     */
    String otherEncoding() throws IOException {
        while (length < 4 && fill()) {
            // Reads until four bytes are there or the content ends.
        }
        if (length >= 2) {
            final int first = buffer[0] & 0xFF;
            final int second = buffer[1] & 0xFF;
            if ((first == 0xFE && second == 0xFF) || (first == 0xFF && second == 0xFE)) {
                return "UTF-16 or UTF-32 (it begins with a byte order mark " + String.format("%02X %02X", first, second) + ")";
            }
            if (first == 0 || second == 0) {
                return "UTF-16, UTF-32 or binary (it begins with a NUL byte among " + String.format("%02X %02X", first, second) + ")";
            }
        } else if (length == 1 && buffer[0] == 0) {
            return "binary (a NUL byte)";
        }
        return null;
    }

    @Override
    public int read() throws IOException {
        final byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(final byte[] target, final int offset, final int count) throws IOException {
        if (count == 0) {
            return 0;
        }
        if (position >= bufferStart + length && !fill()) {
            return -1;
        }
        final long separator = separators.firstAtOrAfter(position);
        if (separator == position) {
            if (!betweenValues.getAsBoolean()) {
                // Inside a value: for this parser the content ends with its message.
                return -1;
            }
            target[offset] = ' ';
            position++;
            messageStarts(position);
            return 1;
        }
        final int from = (int) (position - bufferStart);
        final int n = (int) Math.min(Math.min(count, length - from), separator < 0 ? Long.MAX_VALUE : separator - position);
        System.arraycopy(buffer, from, target, offset, n);
        if (byteOrderMark >= 0 && byteOrderMark < position + n && byteOrderMark + 3 > position) {
            for (long at = Math.max(position, byteOrderMark); at < Math.min(position + n, byteOrderMark + 3); at++) {
                target[offset + (int) (at - position)] = ' ';
            }
        }
        position += n;
        return n;
    }

    /** A message starts at {@code offset}: a byte order mark there is handed out as white space, as at the content's start. */
    private void messageStarts(final long offset) throws IOException {
        while (bufferStart + length - offset < 3 && fill()) {
            // Reads until the mark's three bytes are there or the content ends.
        }
        final int at = (int) (offset - bufferStart);
        if (at + 3 <= length && buffer[at] == (byte) 0xEF && buffer[at + 1] == (byte) 0xBB && buffer[at + 2] == (byte) 0xBF) {
            byteOrderMark = offset;
        }
    }

    /** The index of the message {@code offset} lies in, from 0: the separators before it. */
    long messageAt(final long offset) {
        return separators.countBefore(offset);
    }

    /**
     * Where reading goes on after a broken record that starts at {@code offset}.
     *
     * @param atLines whether a line that begins with <code>{</code> inside the same message may start the next record
     * @return the end of the broken record and the offset where reading restarts: such a line, or else the next message
     * (the broken record then ends with its message, before the separator); null when neither follows
     */
    Resume resumeAfter(final long offset, final boolean atLines) throws IOException {
        while (true) {
            final long line = atLines ? lineStarts.firstAtOrAfter(offset + 1) : -1;
            final long separator = separators.firstAtOrAfter(offset);
            if (line >= 0 && (separator < 0 || line < separator)) {
                return new Resume(line, line, false);
            }
            if (separator >= 0) {
                return new Resume(separator - 1, separator + 1, true);
            }
            // Nothing before the current read position is needed any more: only what follows can hold either.
            release(bufferStart + length);
            if (!fill()) {
                return null;
            }
        }
    }

    /**
     * @param end       offset after the broken record's last byte
     * @param restart   where the next record is looked for
     * @param atMessage whether {@code restart} is the start of the next message
     */
    record Resume(long end, long restart, boolean atMessage) {
    }

    /** Bytes before {@code offset} are no longer needed: the records before it are read. */
    void release(final long offset) {
        keepFrom = Math.max(keepFrom, offset);
        lineStarts.dropBefore(keepFrom);
        while (invalidHead < invalidTail && invalid[2 * invalidHead + 1] <= keepFrom) {
            invalidHead++;
        }
        separators.dropBefore(keepFrom);
    }

    /** Whether invalid UTF-8 lies in [start, end). */
    boolean invalidUtf8(final long start, final long end) {
        for (int i = invalidHead; i < invalidTail; i++) {
            if (invalid[2 * i] < end && invalid[2 * i + 1] > start) {
                return true;
            }
            if (invalid[2 * i] >= end) {
                return false;
            }
        }
        return false;
    }

    /**
     * Hands out the bytes from {@code offset} again (a new parser starts there).
     *
     * @return false when they are no longer kept
     */
    boolean rewind(final long offset, final boolean atMessage) throws IOException {
        if (offset < bufferStart || offset > bufferStart + length) {
            return false;
        }
        position = offset;
        keepFrom = Math.min(keepFrom, offset);
        if (atMessage) {
            messageStarts(offset);
        }
        return true;
    }

    /**
     * The first offset from {@code offset} on that is not white space (nor, inside an array, a comma, nor a message
     * separator), as far as the bytes are kept; {@code offset} itself otherwise.
     */
    long skipBlanks(final long offset, final boolean commas) {
        if (offset < bufferStart) {
            return offset;
        }
        long at = offset;
        while (at < bufferStart + length) {
            final byte b = buffer[(int) (at - bufferStart)];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && !(commas && b == ',') && !(b == RS && at < position && separators.firstAtOrAfter(at) == at)) {
                break;
            }
            at++;
        }
        return at;
    }

    /** Reads to the end of the content; returns its length. */
    long drain() throws IOException {
        release(bufferStart + length);
        while (fill()) {
            release(bufferStart + length);
        }
        position = bufferStart + length;
        return position;
    }

    /** Bytes handed out so far. */
    long position() {
        return position;
    }

    /** Reads the next chunk into the buffer, validating and scanning it; false at the end of the content. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        makeRoom();
        final int n = in.read(buffer, length, Math.min(CHUNK, buffer.length - length));
        if (n < 0) {
            eof = true;
            if (pending > 0) {
                markInvalid(sequenceStart, bufferStart + length);
                pending = 0;
            }
            return false;
        }
        scan(length, n);
        length += n;
        return true;
    }

    private void makeRoom() {
        if (buffer.length - length >= CHUNK) {
            return;
        }
        final long keep = Math.max(keepFrom, bufferStart);
        int drop = (int) Math.min(keep - bufferStart, length);
        if (length - drop + CHUNK > RETAINED_BYTES + CHUNK) {
            // A record longer than the retained window: keep its last part only (it can no longer be returned to).
            drop = length - RETAINED_BYTES;
        }
        if (drop > 0) {
            System.arraycopy(buffer, drop, buffer, 0, length - drop);
            length -= drop;
            bufferStart += drop;
            // Line starts in dropped bytes can no longer be returned to.
            lineStarts.dropBefore(bufferStart);
            separators.dropBefore(bufferStart);
        }
        if (buffer.length - length < CHUNK) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + CHUNK));
        }
    }

    private void scan(final int from, final int count) {
        int i = from;
        final int end = from + count;
        while (i < end) {
            if (pending == 0 && i + 8 <= end) {
                final long word = (long) LONGS.get(buffer, i);
                final long feeds = word ^ LINE_FEEDS;
                if ((word & HIGH_BITS) == 0 && ((feeds - ONES) & ~feeds & HIGH_BITS) == 0) {
                    // Eight ASCII bytes without a line feed: only the first can start a line or end a separator.
                    if (afterLineFeed && buffer[i] == '{') {
                        lineStarts.add(bufferStart + i);
                    } else if (afterLineFeed && buffer[i] == RS) {
                        separators.add(bufferStart + i);
                    }
                    afterLineFeed = false;
                    i += 8;
                    continue;
                }
            }
            scanByte(buffer[i] & 0xFF, bufferStart + i);
            i++;
        }
    }

    private void scanByte(final int b, final long offset) {
        if (pending > 0) {
            if (b >= lower && b <= upper) {
                pending--;
                lower = 0x80;
                upper = 0xBF;
                return;
            }
            // The sequence ends early; this byte starts afresh.
            markInvalid(sequenceStart, offset);
            pending = 0;
            lower = 0x80;
            upper = 0xBF;
        }
        if (b < 0x80) {
            if (b == '{' && afterLineFeed) {
                lineStarts.add(offset);
            } else if (b == RS && afterLineFeed) {
                separators.add(offset);
            }
            afterLineFeed = b == '\n';
            return;
        }
        afterLineFeed = false;
        sequenceStart = offset;
        if (b >= 0xC2 && b <= 0xDF) {
            pending = 1;
        } else if (b == 0xE0) {
            pending = 2;
            lower = 0xA0;
        } else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) {
            pending = 2;
        } else if (b == 0xED) {
            // U+D800..U+DFFF are surrogates, not characters.
            pending = 2;
            upper = 0x9F;
        } else if (b == 0xF0) {
            pending = 3;
            lower = 0x90;
        } else if (b >= 0xF1 && b <= 0xF3) {
            pending = 3;
        } else if (b == 0xF4) {
            pending = 3;
            upper = 0x8F;
        } else {
            // A continuation byte without a lead, C0/C1 (overlong) or F5..FF (beyond U+10FFFF).
            markInvalid(offset, offset + 1);
        }
    }


    private void markInvalid(final long start, final long end) {
        if (invalidTail > invalidHead && (invalid[2 * invalidTail - 1] >= start || invalidTail - invalidHead >= MAX_INVALID_RUNS)) {
            invalid[2 * invalidTail - 1] = Math.max(invalid[2 * invalidTail - 1], end);
            return;
        }
        if (2 * invalidTail == invalid.length) {
            if (invalidHead > 0) {
                System.arraycopy(invalid, 2 * invalidHead, invalid, 0, 2 * (invalidTail - invalidHead));
                invalidTail -= invalidHead;
                invalidHead = 0;
            } else {
                invalid = Arrays.copyOf(invalid, invalid.length * 2);
            }
        }
        invalid[2 * invalidTail] = start;
        invalid[2 * invalidTail + 1] = end;
        invalidTail++;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
    /**
     * Offsets in the content, ascending as they are found; those no longer needed are dropped from the front, and
     * counted, so that what is before an offset can still be counted.
     */
    private static final class Offsets {
        private long[] offsets = new long[64];
        private int head;
        private int tail;
        private long dropped;

        void add(final long offset) {
            if (tail == offsets.length) {
                if (head > 0) {
                    System.arraycopy(offsets, head, offsets, 0, tail - head);
                    tail -= head;
                    head = 0;
                } else {
                    offsets = Arrays.copyOf(offsets, offsets.length * 2);
                }
            }
            offsets[tail++] = offset;
        }

        /** The first offset kept that is at or after {@code offset}, or -1. */
        long firstAtOrAfter(final long offset) {
            for (int i = head; i < tail; i++) {
                if (offsets[i] >= offset) {
                    return offsets[i];
                }
            }
            return -1;
        }

        /** The offsets before {@code offset}, dropped ones included. */
        long countBefore(final long offset) {
            long before = dropped;
            for (int i = head; i < tail && offsets[i] < offset; i++) {
                before++;
            }
            return before;
        }

        void dropBefore(final long offset) {
            while (head < tail && offsets[head] < offset) {
                head++;
                dropped++;
            }
        }
    }
}
