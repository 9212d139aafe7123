package org.spotlight.clickhouse.client;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ClickHouse server version as reported by {@code version()}, e.g. {@code 18.16.1} or {@code 24.8.4.13}.
 */
public record ClickHouseVersion(int major, int minor, int patch, String text) implements Comparable<ClickHouseVersion> {

    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*");

    public ClickHouseVersion {
        Objects.requireNonNull(text, "text");
    }

    public static ClickHouseVersion parse(final String text) {
        final Matcher matcher = VERSION.matcher(text == null ? "" : text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not a ClickHouse version: '" + text + "'");
        }
        final int patch = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
        return new ClickHouseVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), patch, text.trim());
    }

    public boolean isAtLeast(final int major, final int minor) {
        return this.major > major || (this.major == major && this.minor >= minor);
    }

    @Override
    public int compareTo(final ClickHouseVersion other) {
        int result = Integer.compare(major, other.major);
        if (result == 0) {
            result = Integer.compare(minor, other.minor);
        }
        return result == 0 ? Integer.compare(patch, other.patch) : result;
    }

    @Override
    public String toString() {
        return text;
    }
}
