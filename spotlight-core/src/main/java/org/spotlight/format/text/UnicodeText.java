package org.spotlight.format.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether a Java string is Unicode text that UTF-8 can carry. A Java string may hold a lone UTF-16 surrogate (JSON's
 * {@code "\ud800"} escape makes one); encoding it to UTF-8 silently writes {@code ?} instead, so such a string is
 * refused rather than stored changed.
 */
public final class UnicodeText {

    private UnicodeText() {
    }

    /** @return the index of the first surrogate that is not half of a pair, or -1 when there is none */
    public static int loneSurrogate(final CharSequence text) {
        final int length = text.length();
        for (int i = 0; i < length; i++) {
            final char c = text.charAt(i);
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /** As {@link #loneSurrogate(CharSequence)} for {@code length} characters of a buffer from {@code offset}. */
    public static int loneSurrogate(final char[] text, final int offset, final int length) {
        final int end = offset + length;
        for (int i = offset; i < end; i++) {
            final char c = text[i];
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text[i + 1])) {
                    i++;
                } else {
                    return i - offset;
                }
            }
        }
        return -1;
    }

    /**
     * Bytes as UTF-8 text, strictly: malformed input is refused rather than replaced by U+FFFD.
     *
     * @return the text, or null when the bytes are not UTF-8
     */
    public static String decodeUtf8(final byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (final CharacterCodingException e) {
            return null;
        }
    }

    /**
     * The text with every lone surrogate written as the six characters of its JSON escape ({@code \uD800}), so that UTF-8,
     * and so ClickHouse, can carry it. Inside a JSON string literal that is the same string; in plain text it is a visible
     * notation for the character, not a silent replacement.
     *
     * @return {@code text} itself when it holds no lone surrogate
     */
    public static String escapeLoneSurrogates(final String text) {
        int lone = text == null ? -1 : loneSurrogate(text);
        if (lone < 0) {
            return text;
        }
        final StringBuilder escaped = new StringBuilder(text.length() + 8);
        int from = 0;
        while (lone >= 0) {
            escaped.append(text, from, from + lone).append(String.format("\\u%04X", (int) text.charAt(from + lone)));
            from += lone + 1;
            lone = loneSurrogate(text.subSequence(from, text.length()));
        }
        return escaped.append(text, from, text.length()).toString();
    }

    /** The reason a string with a lone surrogate at {@code index} is refused. */
    public static String loneSurrogateReason(final CharSequence text, final int index) {
        return String.format("holds a lone UTF-16 surrogate (U+%04X at character %d), which is not Unicode text and cannot be "
                + "written as UTF-8", (int) text.charAt(index), index);
    }
}
