package org.spotlight.typing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * Content made of JSON texts separated by LF RS (0x0A 0x1E), served to a JSON parser one text at a time.
 * <p>
 * This is how Kafka messages arrive from ConsumeKafka with the Processing Strategy DEMARCATOR and the Message Demarcator
 * LF RS that Spotlight's flows use, and how RFC 7464 JSON text sequences separate their texts. The separator cannot occur
 * in valid JSON (RS is a control character: not whitespace, and escaped inside strings), so it marks message boundaries
 * exactly, whatever the messages hold, pretty-printed JSON included; content without it is one text, read as before.
 * <p>
 * The parser is never given bytes of the next text until it has consumed the current one and {@code mayContinue} says it
 * stands between values: a message cut short therefore ends in the end of input for the parser (an error for that message
 * alone) instead of swallowing the next message. Each text's UTF-8 byte order mark is dropped, as a parser drops one at
 * the start of its content. {@link #close()} leaves the underlying stream open: it belongs to the caller.
 * <p>
 * The current text's bytes are kept (up to {@link #MAX_KEPT_TEXT}), so that a text the parser gives up on can be handed on
 * as it was: {@link #failedText()}.
 */
final class JsonTextSequence extends InputStream {

    private static final byte LF = '\n';
    private static final byte RS = 0x1E;
    private static final int BUFFER_SIZE = 64 * 1024;
    /** The longest text kept for {@link #failedText()}: far above Kafka's default message size limit (1 MB). */
    static final int MAX_KEPT_TEXT = 16 * 1024 * 1024;

    private final InputStream in;
    private byte[] buffer = new byte[BUFFER_SIZE];
    /** Unread bytes of {@code in} are {@code buffer[position, limit)}. */
    private int position;
    private int limit;
    private boolean sourceEnded;
    /** The current text has been served up to its separator, which was consumed. */
    private boolean textEnded;
    private boolean atTextStart = true;
    private long text;
    private BooleanSupplier mayContinue = () -> false;
    /** The current text's bytes served so far (and skipped, after a failure), unless it grew beyond MAX_KEPT_TEXT. */
    private byte[] kept = new byte[4096];
    private int keptLength;
    private boolean keptOverflow;
    /** Bytes served to the current parser, and how many of them came before the current text. */
    private long servedToParser;
    private long textStartInParser;
    /** Where, within the current text, the last record read whole ended. */
    private long recordEndInText;
    private byte[] failedText;

    JsonTextSequence(final InputStream in) {
        this.in = in;
    }

    /** Asked, once the parser has consumed a text, whether it may go on into the next one (it stands between values). */
    void mayContinue(final BooleanSupplier mayContinue) {
        this.mayContinue = mayContinue;
    }

    /** A new parser reads from here on: byte offsets it reports count from this point. */
    void startParser() {
        servedToParser = 0;
        textStartInParser = 0;
    }

    /** The parser read a record whole, ending at this byte offset of its own. */
    void recordEnded(final long parserByteOffset) {
        recordEndInText = parserByteOffset < 0 ? 0 : Math.max(0, parserByteOffset - textStartInParser);
    }

    /**
     * The text just skipped by {@link #skipText()}, from the end of its last record read whole (without the whitespace
     * after it): what the parser could not read.
     *
     * @return null when the text was too long to keep
     */
    byte[] failedText() {
        return failedText;
    }

    private byte[] unreadPart() {
        if (keptOverflow) {
            return null;
        }
        int from = (int) Math.min(recordEndInText, keptLength);
        while (from < keptLength && (kept[from] == ' ' || kept[from] == '\t' || kept[from] == '\r' || kept[from] == LF)) {
            from++;
        }
        return Arrays.copyOfRange(kept, from, keptLength);
    }

    /** Index of the text being served, from 0. */
    long text() {
        return text;
    }

    /**
     * Drops what is left of the current text, for a parser that gave up on it.
     *
     * @return whether another text follows (possibly an empty one)
     */
    boolean skipText() throws IOException {
        while (!textEnded) {
            final int separator = separator(limit);
            if (separator >= 0) {
                keep(position, separator - 1 - position);
                position = separator + 1;
                textEnded = true;
            } else {
                // Keep a final LF: the RS that would pair with it may come with the next read.
                final int end = limit > position && buffer[limit - 1] == LF && !sourceEnded ? limit - 1 : limit;
                keep(position, end - position);
                position = end;
                if (!fill(2)) {
                    keep(position, limit - position);
                    position = limit;
                    failedText = unreadPart();
                    return false;
                }
            }
        }
        failedText = unreadPart();
        startNextText();
        return true;
    }

    @Override
    public int read(final byte[] target, final int offset, final int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (textEnded) {
            if (!mayContinue.getAsBoolean()) {
                return -1;
            }
            startNextText();
        }
        if (atTextStart) {
            atTextStart = false;
            if (fill(3) && buffer[position] == (byte) 0xEF && buffer[position + 1] == (byte) 0xBB && buffer[position + 2] == (byte) 0xBF) {
                position += 3;
            }
        }
        if (!fill(2) && position == limit) {
            return -1;
        }
        // Only the bytes about to be served are scanned, and the one after them (an RS after a served LF).
        final int separator = separator(Math.min(limit, position + length + 1));
        int end = separator >= 0 ? separator : Math.min(limit, position + length);
        if (separator < 0 && end == limit && !sourceEnded && buffer[end - 1] == LF) {
            // Whether this LF starts a separator shows only with the next byte: serve it with that byte.
            end--;
        }
        final int served = end - position;
        System.arraycopy(buffer, position, target, offset, served);
        // The separator's LF is served (it ends the text's last token) but is not part of the text.
        keep(position, end == separator ? served - 1 : served);
        servedToParser += served;
        position = end;
        if (position == separator) {
            position++;
            textEnded = true;
        }
        return served;
    }

    @Override
    public int read() throws IOException {
        final byte[] one = new byte[1];
        final int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xFF;
    }

    /** Does not close the underlying stream. */
    @Override
    public void close() {
        // The underlying stream is the caller's.
    }

    private void startNextText() {
        textEnded = false;
        atTextStart = true;
        text++;
        keptLength = 0;
        keptOverflow = false;
        recordEndInText = 0;
        textStartInParser = servedToParser;
    }

    private void keep(final int from, final int length) {
        if (keptOverflow || length <= 0) {
            return;
        }
        if (keptLength + length > MAX_KEPT_TEXT) {
            keptOverflow = true;
            return;
        }
        if (keptLength + length > kept.length) {
            kept = Arrays.copyOf(kept, Math.min(MAX_KEPT_TEXT, Math.max(kept.length * 2, keptLength + length)));
        }
        System.arraycopy(buffer, from, kept, keptLength, length);
        keptLength += length;
    }

    /** The index of the RS of the first LF RS in {@code buffer[position, end)}, or -1. */
    private int separator(final int end) {
        for (int i = position + 1; i < end; i++) {
            if (buffer[i] == RS && buffer[i - 1] == LF) {
                return i;
            }
        }
        return -1;
    }

    /** Reads until at least {@code count} bytes are buffered or the source ends; returns whether they are. */
    private boolean fill(final int count) throws IOException {
        while (limit - position < count && !sourceEnded) {
            if (position > 0) {
                System.arraycopy(buffer, position, buffer, 0, limit - position);
                limit -= position;
                position = 0;
            }
            if (limit == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            final int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                sourceEnded = true;
            } else {
                limit += read;
            }
        }
        return limit - position >= count;
    }
}
