package org.spotlight.failure;

/**
 * Counts the records in text that is stored whole because it could not be read as records, so that a stored failure
 * says how many input records it stands for. It looks at structure only, byte by byte, keeping no more state than a
 * nesting depth, and so copes with anything: JSON Lines or values written one after another count one record per
 * value, a top-level array one per element, a value cut short or unbalanced counts as the record it began, and text
 * that is no JSON value at all counts one record per line. Blank space is no record.
 * <p>
 * Examples: three lines of which the second is cut short are 3; an array of two objects and a third cut short is 3; an
 * empty array is 0; an object opened and never closed is 1; closing brackets alone are 1.
 */
final class JsonValueCounter {

    private enum State { BETWEEN, IN_STRING, IN_STRING_ESCAPE, IN_STRUCTURE, IN_SCALAR, IN_JUNK }

    private static final int[] BOM = {0xEF, 0xBB, 0xBF};

    private State state = State.BETWEEN;
    /** Nesting inside the current value (a top-level array's own bracket not counted). */
    private int depth;
    private boolean inTopArray;
    /** Where a string ends up: inside a structure, or as a scalar value of its own. */
    private State afterString = State.BETWEEN;
    private boolean atStart = true;
    private int bomBytes;
    private long values;
    private int first = -1;

    void update(final byte[] buffer, final int offset, final int length) {
        for (int i = offset; i < offset + length; i++) {
            accept(buffer[i] & 0xFF);
        }
    }

    long count() {
        return values;
    }

    /** Whether the content begins as JSON records do: with an object or an array. */
    boolean looksLikeJson() {
        return first == '{' || first == '[';
    }

    private void accept(final int b) {
        if (atStart && bomBytes < 3 && b == BOM[bomBytes]) {
            bomBytes++;
            return;
        }
        atStart = false;
        switch (state) {
            case IN_STRING -> {
                if (b == '\\') {
                    state = State.IN_STRING_ESCAPE;
                } else if (b == '"') {
                    state = afterString;
                }
            }
            case IN_STRING_ESCAPE -> state = State.IN_STRING;
            case IN_STRUCTURE -> structure(b);
            case IN_SCALAR -> {
                if (isBlank(b) || b == ',' || b == ']' || b == '}' || b == '[' || b == '{' || b == '"') {
                    state = State.BETWEEN;
                    between(b);
                }
            }
            case IN_JUNK -> {
                if (b == '\n') {
                    state = State.BETWEEN;
                }
            }
            case BETWEEN -> between(b);
        }
    }

    /** Outside any value: at the top level, or between the elements of the top-level array. */
    private void between(final int b) {
        if (isBlank(b)) {
            return;
        }
        if (first < 0) {
            first = b;
        }
        if (inTopArray) {
            if (b == ',') {
                return;
            }
            if (b == ']') {
                inTopArray = false;
                return;
            }
        } else if (b == '[') {
            inTopArray = true;
            return;
        }
        values++;
        switch (b) {
            case '{', '[' -> {
                depth = 1;
                state = State.IN_STRUCTURE;
            }
            case '"' -> {
                afterString = State.BETWEEN;
                state = State.IN_STRING;
            }
            default -> state = b == '-' || (b >= '0' && b <= '9') || b == 't' || b == 'f' || b == 'n' ? State.IN_SCALAR
                    : inTopArray ? State.IN_SCALAR : State.IN_JUNK;
        }
    }

    private void structure(final int b) {
        switch (b) {
            case '"' -> {
                afterString = State.IN_STRUCTURE;
                state = State.IN_STRING;
            }
            case '{', '[' -> depth++;
            case '}', ']' -> {
                if (--depth == 0) {
                    state = State.BETWEEN;
                }
            }
            default -> {
                // Anything else inside a value is part of it.
            }
        }
    }

    private static boolean isBlank(final int b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
