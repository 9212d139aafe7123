package org.spotlight.clickhouse;

import org.spotlight.clickhouse.client.ClickHouseQueryResult;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads ClickHouse's TabSeparatedWithNames output, the one row format every server version answers in.
 */
public final class TabSeparated {

    private TabSeparated() {
    }

    public static ClickHouseQueryResult parseWithNames(final String body) {
        final List<String> lines = splitLines(body);
        if (lines.isEmpty()) {
            return new ClickHouseQueryResult(List.of(), List.of());
        }
        final List<String> names = parseRow(lines.getFirst());
        final List<List<String>> rows = new ArrayList<>(lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            final List<String> row = parseRow(lines.get(i));
            if (row.size() != names.size()) {
                throw new IllegalArgumentException("TabSeparated row " + i + " has " + row.size() + " values, header has " + names.size());
            }
            rows.add(row);
        }
        return new ClickHouseQueryResult(names, rows);
    }

    /** Rows end with an unescaped newline; newlines inside values arrive escaped as backslash-n. */
    private static List<String> splitLines(final String body) {
        final List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            if (body.charAt(i) == '\n') {
                lines.add(body.substring(start, i));
                start = i + 1;
            }
        }
        if (start < body.length()) {
            lines.add(body.substring(start));
        }
        return lines;
    }

    static List<String> parseRow(final String line) {
        final List<String> values = new ArrayList<>();
        final StringBuilder value = new StringBuilder();
        boolean isNull = false;
        for (int i = 0; i < line.length(); i++) {
            final char c = line.charAt(i);
            if (c == '\t') {
                values.add(isNull ? null : value.toString());
                value.setLength(0);
                isNull = false;
            } else if (c == '\\' && i + 1 < line.length()) {
                final char escaped = line.charAt(++i);
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case '0' -> value.append('\0');
                    case 'N' -> isNull = value.isEmpty();
                    default -> value.append(escaped);
                }
            } else {
                value.append(c);
            }
        }
        values.add(isNull ? null : value.toString());
        return values;
    }
}
