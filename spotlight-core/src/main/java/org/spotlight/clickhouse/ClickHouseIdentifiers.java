package org.spotlight.clickhouse;

import java.util.regex.Pattern;

/**
 * Quoting for identifiers and string literals that come from data, Expression Language or configuration.
 * Every identifier Spotlight puts into SQL goes through here.
 */
public final class ClickHouseIdentifiers {

    /** What ClickHouse accepts unquoted; anything else is still usable, but only back-quoted. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Names taken from data (Kafka topics, record fields) that Spotlight will create or address: no SQL punctuation. */
    private static final Pattern SAFE_NAME = Pattern.compile("[\\p{L}\\p{N}_$.\\-]+(?: [\\p{L}\\p{N}_$.\\-]+)*");
    private static final int MAX_LENGTH = 255;

    private ClickHouseIdentifiers() {
    }

    public static boolean isPlain(final String identifier) {
        return identifier != null && PLAIN.matcher(identifier).matches();
    }

    /**
     * Back-quotes an identifier, escaping back-quotes and backslashes, after rejecting what no table or column
     * should be called: empty names, control characters (NUL, newlines) and names longer than 255 characters.
     *
     * @throws IllegalArgumentException naming the offending identifier
     */
    public static String quote(final String identifier) {
        validate(identifier);
        return '`' + identifier.replace("\\", "\\\\").replace("`", "\\`") + '`';
    }

    /** Quotes {@code database.table}, or just the table when the database is null or empty. */
    public static String qualified(final String database, final String table) {
        return database == null || database.isEmpty() ? quote(table) : quote(database) + '.' + quote(table);
    }

    /** A single-quoted SQL string literal. */
    public static String literal(final String value) {
        final StringBuilder quoted = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            switch (c) {
                case '\'' -> quoted.append("\\'");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                case '\0' -> quoted.append("\\0");
                default -> quoted.append(c);
            }
        }
        return quoted.append('\'').toString();
    }

    /**
     * Stricter than {@link #validate}: for names that come from data or Expression Language and that Spotlight creates
     * tables or columns with. Letters, digits, {@code _ - . $} and single inner spaces only, so that an attempt to smuggle
     * SQL in through a name (quotes, back-quotes, semicolons, parentheses, comments) fails with a clear message instead
     * of producing a strangely named object.
     *
     * @param kind what the name is for, e.g. "Table name", used in the message
     * @throws IllegalArgumentException naming the offending name and what is allowed
     */
    public static String requireSafeName(final String kind, final String name) {
        validate(name);
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(kind + " '" + name + "' is not allowed: names from data may only contain letters, "
                    + "digits, '_', '-', '.', '$' and single spaces between them");
        }
        return name;
    }

    public static void validate(final String identifier) {
        if (identifier == null || identifier.isEmpty()) {
            throw new IllegalArgumentException("ClickHouse identifier must not be empty");
        }
        if (identifier.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("ClickHouse identifier is longer than " + MAX_LENGTH + " characters: '"
                    + identifier.substring(0, 40) + "...'");
        }
        for (int i = 0; i < identifier.length(); i++) {
            if (Character.isISOControl(identifier.charAt(i))) {
                throw new IllegalArgumentException("ClickHouse identifier contains control character U+"
                        + String.format("%04X", (int) identifier.charAt(i)) + ": '" + identifier.replaceAll("\\p{Cntrl}", "?") + "'");
            }
        }
    }
}
