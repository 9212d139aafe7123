package org.spotlight.typing;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Strings that mean "no value" in a data set ({@code --}, {@code N/A}, an empty string ...). They are compared
 * trimmed and case-insensitively, and become NULL before typing.
 */
public final class NullTokens {

    private final List<String> tokens;
    private final boolean emptyIsNull;
    private final int longestToken;

    public NullTokens(final Set<String> tokens, final boolean emptyIsNull) {
        this.tokens = tokens.stream().map(String::strip).filter(token -> !token.isEmpty())
                .map(token -> token.toLowerCase(Locale.ROOT)).distinct().toList();
        this.emptyIsNull = emptyIsNull;
        this.longestToken = this.tokens.stream().mapToInt(String::length).max().orElse(0);
    }

    /** Parses a comma-separated list such as {@code "--, N/A"}. */
    public static NullTokens parse(final String commaSeparated, final boolean emptyIsNull) {
        final Set<String> tokens = commaSeparated == null ? Set.of()
                : Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(token -> !token.isEmpty()).collect(Collectors.toSet());
        return new NullTokens(tokens, emptyIsNull);
    }

    public static NullTokens none() {
        return new NullTokens(Set.of(), false);
    }

    public boolean isNull(final String value) {
        if (value.isEmpty()) {
            return emptyIsNull;
        }
        // Most values are longer than any token: decide those without allocating.
        if (value.length() > longestToken && !Character.isWhitespace(value.charAt(0)) && !Character.isWhitespace(value.charAt(value.length() - 1))) {
            return false;
        }
        int start = 0;
        int end = value.length();
        while (start < end && Character.isWhitespace(value.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(value.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return emptyIsNull;
        }
        for (String token : tokens) {
            if (token.length() == end - start && value.regionMatches(true, start, token, 0, token.length())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return tokens + (emptyIsNull ? " and empty strings" : "");
    }
}
