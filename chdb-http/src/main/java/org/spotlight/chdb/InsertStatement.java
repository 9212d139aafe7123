package org.spotlight.chdb;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An INSERT whose data follows in the request body: {@code INSERT INTO t (a, b) [SETTINGS ...] FORMAT RowBinary}. The
 * engine's streamed insert takes the statement without its FORMAT clause and the format apart.
 */
record InsertStatement(String statement, String format) {

    private static final Pattern INSERT = Pattern.compile("^\\s*INSERT\\s+INTO\\s", Pattern.CASE_INSENSITIVE);
    private static final Pattern TRAILING_FORMAT = Pattern.compile("(?s)^(.*\\S)\\s+FORMAT\\s+([A-Za-z][A-Za-z0-9_]*)\\s*;?\\s*$",
            Pattern.CASE_INSENSITIVE);

    /** The statement split from its format, when it is an INSERT that ends in FORMAT name (and so expects data). */
    static Optional<InsertStatement> parse(final String sql) {
        if (!INSERT.matcher(sql).find()) {
            return Optional.empty();
        }
        final Matcher matcher = TRAILING_FORMAT.matcher(sql);
        if (!matcher.matches() || matcher.group(1).toUpperCase(Locale.ROOT).matches("(?s).*\\bSELECT\\b.*")) {
            return Optional.empty();
        }
        return Optional.of(new InsertStatement(matcher.group(1).strip(), matcher.group(2)));
    }

    static boolean isInsert(final String sql) {
        return INSERT.matcher(sql).find();
    }
}
