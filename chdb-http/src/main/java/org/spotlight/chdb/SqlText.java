package org.spotlight.chdb;

/** Quoting for the few statements the front writes itself (USE, SET): values travel as literals, never as SQL. */
final class SqlText {

    private SqlText() {
    }

    static String identifier(final String name) {
        return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }

    static String literal(final String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
