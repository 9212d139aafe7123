package org.spotlight.typing;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns field names from data into ClickHouse column names, and resolves the collisions that normalising creates
 * ({@code "Amount"} and {@code "amount"} are one snake_case name). Collisions are resolved in order of first
 * appearance: the first field keeps the name, later ones get {@code _2}, {@code _3} ... Every rename is reported.
 */
public final class ColumnNames {

    private static final int MAX_LENGTH = 255;

    /** How field names become column names. */
    public enum Style {
        /** The field name as is (back-quoted in SQL where needed); only control characters are replaced. */
        KEEP,
        /** Letters, digits and underscores, not starting with a digit: usable in SQL without quotes. Case is kept. */
        IDENTIFIER,
        /** As {@link #IDENTIFIER}, with camelCase split and everything lower case: {@code assetType} becomes {@code asset_type}. */
        SNAKE_CASE
    }

    /** A field whose column name differs from the field name, and why. */
    public record Rename(String field, String column, String reason) {
        @Override
        public String toString() {
            return field + " -> " + column + " (" + reason + ")";
        }
    }

    private final Style style;
    private final Set<String> taken = new HashSet<>();
    private final List<Rename> renames = new ArrayList<>();

    public ColumnNames(final Style style) {
        this.style = style;
    }

    /** Reserves a name that must not be handed out again (e.g. a column that already exists). */
    public void reserve(final String column) {
        taken.add(column.toLowerCase(Locale.ROOT));
    }

    /**
     * @return a column name for the field, unique among the names handed out by this instance (case-insensitively,
     *         because ClickHouse compares some identifiers that way and people read them that way)
     */
    public String assign(final String field) {
        final String normalized = normalize(field, style);
        String column = normalized;
        for (int suffix = 2; taken.contains(column.toLowerCase(Locale.ROOT)); suffix++) {
            final String tail = "_" + suffix;
            column = normalized.length() + tail.length() > MAX_LENGTH ? normalized.substring(0, MAX_LENGTH - tail.length()) + tail : normalized + tail;
        }
        taken.add(column.toLowerCase(Locale.ROOT));
        if (!column.equals(normalized)) {
            renames.add(new Rename(field, column, "'" + normalized + "' was already taken"));
        } else if (!column.equals(field)) {
            renames.add(new Rename(field, column, "normalised"));
        }
        return column;
    }

    public List<Rename> renames() {
        return List.copyOf(renames);
    }

    public static String normalize(final String field, final Style style) {
        final String name = switch (style) {
            case KEEP -> field.replaceAll("\\p{Cntrl}", "_");
            case IDENTIFIER -> identifier(field, false);
            case SNAKE_CASE -> identifier(field, true);
        };
        if (name.isEmpty()) {
            return "column";
        }
        return name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) : name;
    }

    private static String identifier(final String field, final boolean snake) {
        // Accented letters keep their base letter (é -> e) rather than becoming underscores.
        final String ascii = Normalizer.normalize(field, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        final StringBuilder name = new StringBuilder(ascii.length() + 4);
        for (int i = 0; i < ascii.length(); i++) {
            final char c = ascii.charAt(i);
            final boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!letterOrDigit) {
                appendUnderscore(name);
                continue;
            }
            if (snake && Character.isUpperCase(c) && i > 0 && startsWord(ascii, i)) {
                appendUnderscore(name);
            }
            name.append(snake ? Character.toLowerCase(c) : c);
        }
        int start = 0;
        while (start < name.length() && name.charAt(start) == '_') {
            start++;
        }
        int end = name.length();
        while (end > start && name.charAt(end - 1) == '_') {
            end--;
        }
        final String trimmed = name.substring(start, end);
        if (trimmed.isEmpty()) {
            return "";
        }
        // A leading underscore the field itself had is meaningful (_id); ones made from punctuation are not.
        return Character.isDigit(trimmed.charAt(0)) || field.startsWith("_") ? "_" + trimmed : trimmed;
    }

    /** An upper-case letter starts a word after a lower-case letter or digit, or before a lower-case letter in a run of capitals (HTTPServer). */
    private static boolean startsWord(final String text, final int i) {
        final char previous = text.charAt(i - 1);
        if (Character.isLowerCase(previous) || Character.isDigit(previous)) {
            return true;
        }
        return Character.isUpperCase(previous) && i + 1 < text.length() && Character.isLowerCase(text.charAt(i + 1));
    }

    private static void appendUnderscore(final StringBuilder name) {
        if (name.length() > 0 && name.charAt(name.length() - 1) != '_') {
            name.append('_');
        }
    }
}
