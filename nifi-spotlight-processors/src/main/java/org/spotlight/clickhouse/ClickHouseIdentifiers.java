package org.spotlight.clickhouse;

import java.util.regex.Pattern;

/**
 * Quoting for identifiers and string literals that come from data, Expression Language or configuration.
 * Every identifier Spotlight puts into SQL goes through here.
 */
public final class ClickHouseIdentifiers {

    /** What ClickHouse accepts unquoted; anything else is still usable, but only back-quoted. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
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
