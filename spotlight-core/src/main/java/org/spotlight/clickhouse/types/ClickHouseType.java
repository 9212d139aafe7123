package org.spotlight.clickhouse.types;

import org.spotlight.clickhouse.ClickHouseIdentifiers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A parsed ClickHouse data type such as {@code Nullable(Decimal(18, 2))} or {@code Map(String, Array(UInt32))}.
 * <p>
 * The tree mirrors ClickHouse's own: a family name, literal parameters (numbers, quoted strings, enum entries) and
 * nested types (with names for named tuples). {@link #toString()} renders the type back as SQL.
 *
 * @param family         the type family as ClickHouse spells it, e.g. {@code UInt64}, {@code Nullable}, {@code DateTime64}
 * @param parameters     literal parameters in order: numbers as written, strings unquoted, enum entries as {@code name=value}
 * @param arguments      nested types in order (element, key/value, tuple members ...)
 * @param argumentNames  names of named-tuple members, parallel to {@code arguments}; empty otherwise
 */
public record ClickHouseType(String family, List<String> parameters, List<ClickHouseType> arguments, List<String> argumentNames) {

    public ClickHouseType {
        Objects.requireNonNull(family, "family");
        parameters = List.copyOf(parameters);
        arguments = List.copyOf(arguments);
        argumentNames = List.copyOf(argumentNames);
    }

    public static ClickHouseType of(final String family) {
        return new ClickHouseType(family, List.of(), List.of(), List.of());
    }

    public static ClickHouseType parse(final String sql) {
        return ClickHouseTypeParser.parse(sql);
    }

    public static ClickHouseType nullable(final ClickHouseType inner) {
        return inner.isNullable() ? inner : new ClickHouseType("Nullable", List.of(), List.of(inner), List.of());
    }

    public boolean is(final String otherFamily) {
        // Exact spelling first: it is how the server writes types, and cheaper than ignoring case (asked per value).
        return family.equals(otherFamily) || family.length() == otherFamily.length() && family.equalsIgnoreCase(otherFamily);
    }

    public boolean isNullable() {
        return is("Nullable") || (is("LowCardinality") && arguments.getFirst().isNullable());
    }

    /** The type without Nullable and LowCardinality wrappers: what values are actually converted to. */
    public ClickHouseType base() {
        ClickHouseType current = this;
        while (current.is("Nullable") || current.is("LowCardinality")) {
            current = current.arguments.getFirst();
        }
        return current;
    }

    public ClickHouseType argument(final int index) {
        if (index >= arguments.size()) {
            throw new IllegalStateException(this + " has no type argument " + index);
        }
        return arguments.get(index);
    }

    /** An integer parameter, e.g. the precision of Decimal(18, 2) at index 0. */
    public int intParameter(final int index) {
        if (index >= parameters.size()) {
            throw new IllegalStateException(this + " has no parameter " + index);
        }
        return parseInt(parameters.get(index));
    }

    /** Integer.parseInt of the trimmed text, without the copies: decimal and date-time casts ask for parameters per value. */
    private static int parseInt(final String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && text.charAt(end - 1) <= ' ') {
            end--;
        }
        return Integer.parseInt(text, start, end, 10);
    }

    /** The precision of a Decimal type: Decimal(P, S), or the fixed precision of Decimal32/64/128/256. */
    public int decimalPrecision() {
        return switch (family) {
            case "Decimal32" -> 9;
            case "Decimal64" -> 18;
            case "Decimal128" -> 38;
            case "Decimal256" -> 76;
            default -> intParameter(0);
        };
    }

    /** The scale of a Decimal type: S of Decimal(P, S) (0 when omitted), or the parameter of Decimal32(S) ... */
    public int decimalScale() {
        if (is("Decimal")) {
            return parameters.size() > 1 ? intParameter(1) : 0;
        }
        return intParameter(0);
    }

    public String stringParameter(final int index, final String fallback) {
        return index < parameters.size() ? parameters.get(index) : fallback;
    }

    /** Enum entries name → value, in declaration order; empty for other types. */
    public Map<String, Integer> enumValues() {
        final Map<String, Integer> values = new LinkedHashMap<>();
        if (family.startsWith("Enum")) {
            for (String entry : parameters) {
                final int separator = entry.lastIndexOf('=');
                values.put(entry.substring(0, separator), Integer.parseInt(entry.substring(separator + 1).trim()));
            }
        }
        return values;
    }

    @Override
    public String toString() {
        if (parameters.isEmpty() && arguments.isEmpty()) {
            return family;
        }
        final String inner;
        if (family.startsWith("Enum")) {
            inner = enumValues().entrySet().stream()
                    .map(entry -> quote(entry.getKey()) + " = " + entry.getValue())
                    .collect(Collectors.joining(", "));
        } else if (!arguments.isEmpty()) {
            final StringBuilder builder = new StringBuilder();
            for (int i = 0; i < arguments.size(); i++) {
                if (i > 0) {
                    builder.append(", ");
                }
                if (!argumentNames.isEmpty()) {
                    final String name = argumentNames.get(i);
                    builder.append(ClickHouseIdentifiers.isPlain(name) ? name : ClickHouseIdentifiers.quote(name)).append(' ');
                }
                builder.append(arguments.get(i));
            }
            parameters.forEach(parameter -> builder.append(", ").append(renderParameter(parameter)));
            inner = builder.toString();
        } else {
            inner = parameters.stream().map(ClickHouseType::renderParameter).collect(Collectors.joining(", "));
        }
        return family + "(" + inner + ")";
    }

    private static String renderParameter(final String parameter) {
        return parameter.matches("-?\\d+") ? parameter : quote(parameter);
    }

    private static String quote(final String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
