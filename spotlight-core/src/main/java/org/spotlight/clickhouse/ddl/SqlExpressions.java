package org.spotlight.clickhouse.ddl;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Checks for the SQL expressions a flow designer writes into table-management properties (ORDER BY, PARTITION BY):
 * one expression, nothing that could end the statement or hide text in a comment. The server checks the rest when
 * the table is created.
 */
public final class SqlExpressions {

    private SqlExpressions() {
    }

    /**
     * @throws IllegalArgumentException naming the problem: a semicolon, a comment, unbalanced quotes or parentheses
     */
    public static String requireSingleExpression(final String what, final String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        final ScanEnd end = scan(expression, (index, c, depth) -> {
            switch (c) {
                case ')' -> {
                    if (depth == 0) {
                        throw new IllegalArgumentException(what + " has a ')' without '(': " + expression);
                    }
                }
                case ';' -> throw new IllegalArgumentException(what + " must be a single expression, without ';': " + expression);
                case '-', '/', '#' -> {
                    if ((c == '-' && next(expression, index) == '-') || (c == '/' && next(expression, index) == '*') || c == '#') {
                        throw new IllegalArgumentException(what + " must not contain comments: " + expression);
                    }
                }
                default -> {
                    if (Character.isISOControl(c) && !Character.isWhitespace(c)) {
                        throw new IllegalArgumentException(what + " contains a control character: " + expression.replaceAll("\\p{Cntrl}", "?"));
                    }
                }
            }
        });
        if (end.openQuote() != 0) {
            throw new IllegalArgumentException(what + " has an unterminated " + end.openQuote() + "-quoted text: " + expression);
        }
        if (end.depth() != 0) {
            throw new IllegalArgumentException(what + " has unbalanced parentheses: " + expression);
        }
        return expression.strip();
    }

    /**
     * A key expression as CREATE TABLE wants it: a list such as {@code doc_id, traded} becomes the tuple
     * {@code (doc_id, traded)}; a single expression stays as it is.
     */
    public static String asKey(final String expression) {
        final boolean[] list = {false};
        scan(expression, (index, c, depth) -> list[0] |= c == ',' && depth == 0);
        return list[0] ? "(" + expression + ")" : expression;
    }

    @FunctionalInterface
    private interface Visitor {
        /** Called for every character outside quoted text, with the parenthesis depth before it. */
        void visit(int index, char c, int depth);
    }

    private record ScanEnd(char openQuote, int depth) {
    }

    private static ScanEnd scan(final String expression, final Visitor visitor) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < expression.length(); i++) {
            final char c = expression.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            visitor.visit(i, c, depth);
            switch (c) {
                case '\'', '`', '"' -> quote = c;
                case '(' -> depth++;
                case ')' -> depth--;
                default -> {
                    // Other characters do not change the structure.
                }
            }
        }
        return new ScanEnd(quote, depth);
    }

    /** The identifiers an expression mentions (back-quoted ones unquoted), e.g. the columns of an ORDER BY key. */
    public static Set<String> identifiers(final String expression) {
        final Set<String> identifiers = new LinkedHashSet<>();
        int i = 0;
        while (i < expression.length()) {
            final char c = expression.charAt(i);
            if (c == '\'') {
                i = skipQuoted(expression, i, '\'');
            } else if (c == '`' || c == '"') {
                final int end = skipQuoted(expression, i, c);
                identifiers.add(expression.substring(i + 1, end - 1).replace("\\" + c, String.valueOf(c)).replace("\\\\", "\\"));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                final int start = i;
                while (i < expression.length() && (Character.isLetterOrDigit(expression.charAt(i)) || expression.charAt(i) == '_')) {
                    i++;
                }
                identifiers.add(expression.substring(start, i));
            } else {
                i++;
            }
        }
        return identifiers;
    }

    private static int skipQuoted(final String text, final int start, final char quote) {
        int i = start + 1;
        while (i < text.length()) {
            final char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        return text.length();
    }

    private static char next(final String text, final int index) {
        return index + 1 < text.length() ? text.charAt(index + 1) : 0;
    }
}
