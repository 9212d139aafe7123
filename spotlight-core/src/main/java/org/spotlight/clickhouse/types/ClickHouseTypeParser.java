package org.spotlight.clickhouse.types;

import java.util.ArrayList;
import java.util.List;

/** Parses ClickHouse type strings as the server prints them in system.columns and DESCRIBE. */
final class ClickHouseTypeParser {

    private final String text;
    private int position;

    private ClickHouseTypeParser(final String text) {
        this.text = text;
    }

    static ClickHouseType parse(final String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Empty ClickHouse type");
        }
        final ClickHouseTypeParser parser = new ClickHouseTypeParser(text);
        final ClickHouseType type = parser.type();
        parser.skipSpaces();
        if (parser.position != text.length()) {
            throw parser.error("unexpected '" + text.substring(parser.position) + "'");
        }
        return type;
    }

    private ClickHouseType type() {
        skipSpaces();
        final String family = identifier();
        skipSpaces();
        if (!peek('(')) {
            return ClickHouseType.of(family);
        }
        position++;
        final List<String> parameters = new ArrayList<>();
        final List<ClickHouseType> arguments = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        boolean named = false;
        do {
            skipSpaces();
            if (peek(')')) {
                break;
            }
            if (peek('\'')) {
                final String literal = quoted();
                skipSpaces();
                if (peek('=')) {
                    position++;
                    skipSpaces();
                    parameters.add(literal + "=" + number());
                } else {
                    parameters.add(literal);
                }
            } else if (peekNumber()) {
                parameters.add(number());
            } else {
                final int start = position;
                final String first = identifier();
                skipSpaces();
                // A named tuple member is "name Type"; a plain argument is "Type" or "Type(...)".
                if (Character.isLetter(current()) || current() == '_') {
                    named = true;
                    names.add(first);
                    arguments.add(type());
                } else {
                    position = start;
                    arguments.add(type());
                }
            }
            skipSpaces();
        } while (consume(','));
        expect(')');
        return new ClickHouseType(family, parameters, arguments, named ? names : List.of());
    }

    private String identifier() {
        final int start = position;
        if (peek('`')) {
            return backQuoted();
        }
        while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '_')) {
            position++;
        }
        if (start == position) {
            throw error("expected a type name");
        }
        return text.substring(start, position);
    }

    private String number() {
        final int start = position;
        if (peek('-') || peek('+')) {
            position++;
        }
        while (position < text.length() && Character.isDigit(text.charAt(position))) {
            position++;
        }
        if (start == position) {
            throw error("expected a number");
        }
        return text.substring(start, position);
    }

    private String quoted() {
        return delimited('\'');
    }

    private String backQuoted() {
        return delimited('`');
    }

    private String delimited(final char quote) {
        expect(quote);
        final StringBuilder value = new StringBuilder();
        while (position < text.length()) {
            final char c = text.charAt(position++);
            if (c == '\\' && position < text.length()) {
                value.append(text.charAt(position++));
            } else if (c == quote) {
                if (peek(quote)) {
                    value.append(quote);
                    position++;
                } else {
                    return value.toString();
                }
            } else {
                value.append(c);
            }
        }
        throw error("unterminated " + quote + "-quoted text");
    }

    private boolean peekNumber() {
        return position < text.length() && (Character.isDigit(current()) || current() == '-' || current() == '+');
    }

    private char current() {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    private boolean peek(final char c) {
        return position < text.length() && text.charAt(position) == c;
    }

    private boolean consume(final char c) {
        if (peek(c)) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(final char c) {
        if (!consume(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private void skipSpaces() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private IllegalArgumentException error(final String problem) {
        return new IllegalArgumentException("Cannot parse ClickHouse type '" + text + "' at position " + position + ": " + problem);
    }
}
