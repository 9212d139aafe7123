package org.spotlight.failure;

import org.spotlight.clickhouse.ClickHouseIdentifiers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An operator's Replay Filter, parsed: a condition on the failure table's columns that can only narrow the rows a replay
 * selects. What reaches ClickHouse is not the operator's text but the condition rendered again from its parts, every
 * name quoted and every value a literal, so that nothing the text holds (a closing parenthesis followed by OR, a comment,
 * a sub-query, a FORMAT or SETTINGS clause, a second statement) can widen the query or read other tables.
 * <p>
 * The language is the part of ClickHouse SQL a filter needs:
 * <pre>
 * condition := or
 * or        := and ("OR" and)*
 * and       := not ("AND" not)*
 * not       := "NOT" not | "(" or ")" | predicate    (parentheses group conditions, not values)
 * predicate := value ("=" | "==" | "!=" | "&lt;&gt;" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=") value
 *            | value ["NOT"] "IN" "(" value ("," value)* ")"
 *            | value ["NOT"] ("LIKE" | "ILIKE") value
 *            | value ["NOT"] "BETWEEN" value "AND" value
 *            | value "IS" ["NOT"] "NULL"
 *            | function call (match, startsWith, visitParamHas ...)
 * value     := term (("+" | "-") term)*
 * term      := column | 'string' | number | "INTERVAL" number unit | function "(" [value ("," value)*] ")"
 * </pre>
 * e.g. {@code target_table = 'trades' AND error_code IN ('27', '49') AND ingested_at >= now() - INTERVAL 7 DAY}.
 * Columns are the failure table's; functions come from a fixed list of pure ones (dates, strings, JSON extraction).
 */
public final class ReplayFilter {

    /** A filter that cannot be parsed; the message says what and where. */
    public static final class InvalidFilterException extends IllegalArgumentException {
        InvalidFilterException(final String message) {
            super(message);
        }
    }

    static final int MAX_LENGTH = 64 * 1024;
    static final int MAX_DEPTH = 64;

    /** Functions a filter may call, by the name ClickHouse knows them under, with their least and most arguments. */
    private static final Map<String, int[]> FUNCTIONS = functions(
            "now", 0, 0, "today", 0, 0, "yesterday", 0, 0,
            "toDate", 1, 1, "toDateTime", 1, 2, "toStartOfDay", 1, 1, "toStartOfHour", 1, 1, "toYYYYMM", 1, 1, "toYYYYMMDD", 1, 1,
            "lower", 1, 1, "upper", 1, 1, "length", 1, 1, "substring", 2, 3, "position", 2, 2, "positionCaseInsensitive", 2, 2,
            "startsWith", 2, 2, "endsWith", 2, 2, "match", 2, 2, "empty", 1, 1, "notEmpty", 1, 1,
            "visitParamHas", 2, 2, "visitParamExtractString", 2, 2, "visitParamExtractInt", 2, 2, "visitParamExtractUInt", 2, 2,
            "visitParamExtractFloat", 2, 2, "visitParamExtractBool", 2, 2, "visitParamExtractRaw", 2, 2,
            "JSONHas", 2, 8, "JSONExtractString", 2, 8, "JSONExtractInt", 2, 8, "JSONExtractUInt", 2, 8, "JSONExtractFloat", 2, 8,
            "JSONExtractBool", 2, 8, "JSONExtractRaw", 2, 8);

    private static final Set<String> UNITS = Set.of("SECOND", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "QUARTER", "YEAR");
    private static final Set<String> COMPARISONS = Set.of("=", "==", "!=", "<>", "<", "<=", ">", ">=");

    private final String sql;

    private ReplayFilter(final String sql) {
        this.sql = sql;
    }

    /**
     * @param text    the operator's filter; blank selects every pending failure
     * @param columns the columns it may name
     * @throws InvalidFilterException when it is not a condition on those columns in the language above
     */
    public static ReplayFilter parse(final String text, final Set<String> columns) {
        if (text == null || text.isBlank()) {
            return new ReplayFilter("");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidFilterException("The Replay Filter is " + text.length() + " characters long; at most " + MAX_LENGTH + " are read");
        }
        final Parser parser = new Parser(new Lexer(text).tokens(), columns);
        final String sql = parser.or(0);
        parser.expectEnd();
        return new ReplayFilter(sql);
    }

    /** The condition as it is sent: empty for none. */
    public String sql() {
        return sql;
    }

    public boolean isEmpty() {
        return sql.isEmpty();
    }

    @Override
    public String toString() {
        return sql;
    }

    private static Map<String, int[]> functions(final Object... definitions) {
        final Map<String, int[]> functions = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < definitions.length; i += 3) {
            functions.put((String) definitions[i], new int[]{(Integer) definitions[i + 1], (Integer) definitions[i + 2]});
        }
        return functions;
    }

    private enum Kind { NAME, QUOTED_NAME, STRING, NUMBER, SYMBOL, END }

    private record Token(Kind kind, String text, int position) {
        boolean is(final String keyword) {
            return kind == Kind.NAME && text.equalsIgnoreCase(keyword);
        }

        boolean isSymbol(final String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }

        String describe() {
            return kind == Kind.END ? "the end of the filter" : "'" + text + "' at position " + (position + 1);
        }
    }

    private static final class Lexer {
        private final String text;
        private int at;

        Lexer(final String text) {
            this.text = text;
        }

        List<Token> tokens() {
            final List<Token> tokens = new ArrayList<>();
            while (true) {
                skipBlanks();
                if (at >= text.length()) {
                    tokens.add(new Token(Kind.END, "", at));
                    return tokens;
                }
                final int start = at;
                final char c = text.charAt(at);
                if (Character.isLetter(c) || c == '_') {
                    while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
                        at++;
                    }
                    tokens.add(new Token(Kind.NAME, text.substring(start, at), start));
                } else if (c == '`' || c == '"') {
                    tokens.add(new Token(Kind.QUOTED_NAME, quoted(c), start));
                } else if (c == '\'') {
                    tokens.add(new Token(Kind.STRING, quoted('\''), start));
                } else if (Character.isDigit(c) || (c == '.' && at + 1 < text.length() && Character.isDigit(text.charAt(at + 1)))) {
                    tokens.add(new Token(Kind.NUMBER, number(), start));
                } else {
                    tokens.add(new Token(Kind.SYMBOL, symbol(), start));
                }
            }
        }

        private void skipBlanks() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        /** A quoted string or name: the quote doubled or backslash-escaped stands for itself. */
        private String quoted(final char quote) {
            final int start = at++;
            final StringBuilder value = new StringBuilder();
            while (at < text.length()) {
                final char c = text.charAt(at++);
                if (c == '\\' && at < text.length()) {
                    final char escaped = text.charAt(at++);
                    value.append(switch (escaped) {
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case 't' -> '\t';
                        case '0' -> '\0';
                        default -> escaped;
                    });
                } else if (c == quote) {
                    if (at < text.length() && text.charAt(at) == quote) {
                        value.append(quote);
                        at++;
                    } else {
                        return value.toString();
                    }
                } else {
                    value.append(c);
                }
            }
            throw new InvalidFilterException("The quote opened at position " + (start + 1) + " of the Replay Filter is never closed");
        }

        private String number() {
            final int start = at;
            while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
                at++;
            }
            if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
                at++;
                if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
                    at++;
                }
                while (at < text.length() && Character.isDigit(text.charAt(at))) {
                    at++;
                }
            }
            final String number = text.substring(start, at);
            if (number.length() > 40 || !number.matches("(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d{1,3})?")) {
                throw new InvalidFilterException("'" + abbreviate(number) + "' at position " + (start + 1) + " of the Replay Filter is not a number");
            }
            if (at < text.length() && (Character.isLetter(text.charAt(at)) || text.charAt(at) == '_')) {
                throw new InvalidFilterException("A name cannot start with a digit (position " + (start + 1) + " of the Replay Filter)");
            }
            return number;
        }

        private String symbol() {
            for (String symbol : new String[]{"<=", ">=", "<>", "!=", "==", "=", "<", ">", "(", ")", ",", "+", "-"}) {
                if (text.startsWith(symbol, at)) {
                    at += symbol.length();
                    return symbol;
                }
            }
            final char c = text.charAt(at);
            throw new InvalidFilterException("'" + c + "' at position " + (at + 1) + " of the Replay Filter is not part of a filter"
                    + (c == ';' ? " (one condition, not statements)" : c == '/' || c == '#' ? " (no comments)" : ""));
        }
    }

    private static final class Parser {
        private final List<Token> tokens;
        private final Set<String> columns;
        private int next;

        Parser(final List<Token> tokens, final Set<String> columns) {
            this.tokens = tokens;
            this.columns = columns;
        }

        private Token peek() {
            return tokens.get(next);
        }

        private Token take() {
            return tokens.get(next++);
        }

        private boolean takeKeyword(final String keyword) {
            if (peek().is(keyword)) {
                next++;
                return true;
            }
            return false;
        }

        private void expectSymbol(final String symbol) {
            final Token token = take();
            if (!token.isSymbol(symbol)) {
                throw new InvalidFilterException("Expected '" + symbol + "' but found " + token.describe() + " in the Replay Filter");
            }
        }

        void expectEnd() {
            if (peek().kind() != Kind.END) {
                throw new InvalidFilterException("Unexpected " + peek().describe() + " in the Replay Filter: it must be one condition"
                        + " (combine conditions with AND, OR and parentheses)");
            }
        }

        private static void checkDepth(final int depth) {
            if (depth > MAX_DEPTH) {
                throw new InvalidFilterException("The Replay Filter nests more than " + MAX_DEPTH + " levels deep");
            }
        }

        String or(final int depth) {
            checkDepth(depth);
            final List<String> terms = new ArrayList<>();
            terms.add(and(depth + 1));
            while (takeKeyword("OR")) {
                terms.add(and(depth + 1));
            }
            return terms.size() == 1 ? terms.getFirst() : terms.stream().collect(Collectors.joining(" OR ", "(", ")"));
        }

        private String and(final int depth) {
            final List<String> terms = new ArrayList<>();
            terms.add(not(depth + 1));
            while (takeKeyword("AND")) {
                terms.add(not(depth + 1));
            }
            return terms.size() == 1 ? terms.getFirst() : terms.stream().collect(Collectors.joining(" AND ", "(", ")"));
        }

        private String not(final int depth) {
            checkDepth(depth);
            if (takeKeyword("NOT")) {
                return "(NOT " + not(depth + 1) + ")";
            }
            if (peek().isSymbol("(")) {
                next++;
                final String inner = or(depth + 1);
                expectSymbol(")");
                return inner;
            }
            return predicate(depth + 1);
        }

        private String predicate(final int depth) {
            final int start = next;
            final Token first = peek();
            final String left = value(depth);
            final Token operator = peek();
            if (operator.kind() == Kind.SYMBOL && COMPARISONS.contains(operator.text())) {
                next++;
                return "(" + left + " " + (operator.text().equals("==") ? "=" : operator.text().equals("<>") ? "!=" : operator.text())
                        + " " + value(depth) + ")";
            }
            final boolean negated = takeKeyword("NOT");
            if (takeKeyword("IN")) {
                expectSymbol("(");
                final List<String> values = new ArrayList<>();
                values.add(value(depth));
                while (peek().isSymbol(",")) {
                    next++;
                    values.add(value(depth));
                }
                expectSymbol(")");
                return "(" + left + (negated ? " NOT IN " : " IN ") + values.stream().collect(Collectors.joining(", ", "(", ")")) + ")";
            }
            if (peek().is("LIKE") || peek().is("ILIKE")) {
                final String like = take().text().toUpperCase(Locale.ROOT);
                return "(" + left + (negated ? " NOT " : " ") + like + " " + value(depth) + ")";
            }
            if (takeKeyword("BETWEEN")) {
                final String low = value(depth);
                if (!takeKeyword("AND")) {
                    throw new InvalidFilterException("BETWEEN needs AND, found " + peek().describe() + " in the Replay Filter");
                }
                return "(" + left + (negated ? " NOT BETWEEN " : " BETWEEN ") + low + " AND " + value(depth) + ")";
            }
            if (negated) {
                throw new InvalidFilterException("NOT must be followed by IN, LIKE, ILIKE or BETWEEN here, found " + peek().describe()
                        + " in the Replay Filter");
            }
            if (takeKeyword("IS")) {
                final boolean not = takeKeyword("NOT");
                if (!takeKeyword("NULL")) {
                    throw new InvalidFilterException("IS must be followed by NULL or NOT NULL, found " + peek().describe() + " in the Replay Filter");
                }
                return "(" + left + (not ? " IS NOT NULL)" : " IS NULL)");
            }
            if (first.kind() == Kind.NAME && FUNCTIONS.containsKey(first.text()) && tokens.get(start + 1).isSymbol("(")) {
                // A function that is a condition itself, e.g. match(payload, 'x').
                return left;
            }
            throw new InvalidFilterException("Expected a comparison (=, !=, <, IN, LIKE, BETWEEN, IS NULL ...) after " + first.describe()
                    + ", found " + operator.describe() + " in the Replay Filter");
        }

        private String value(final int depth) {
            checkDepth(depth);
            final StringBuilder value = new StringBuilder(term(depth + 1));
            while (peek().isSymbol("+") || peek().isSymbol("-")) {
                value.append(' ').append(take().text()).append(' ').append(term(depth + 1));
            }
            return value.toString();
        }

        private String term(final int depth) {
            checkDepth(depth);
            final Token token = take();
            switch (token.kind()) {
                case STRING:
                    return ClickHouseIdentifiers.literal(token.text());
                case NUMBER:
                    return token.text();
                case QUOTED_NAME:
                    return column(token);
                case SYMBOL:
                    if (token.isSymbol("-") && peek().kind() == Kind.NUMBER) {
                        return "-" + take().text();
                    }
                    throw new InvalidFilterException("Expected a column, a value or a function, found " + token.describe() + " in the Replay Filter");
                case NAME:
                    if (token.is("INTERVAL")) {
                        final Token amount = take();
                        final Token unit = take();
                        if (amount.kind() != Kind.NUMBER || !amount.text().matches("\\d{1,9}") || unit.kind() != Kind.NAME
                                || !UNITS.contains(unit.text().toUpperCase(Locale.ROOT))) {
                            throw new InvalidFilterException("INTERVAL takes a whole number and a unit (" + String.join(", ", UNITS)
                                    + "), e.g. INTERVAL 7 DAY; found " + amount.describe() + " in the Replay Filter");
                        }
                        return "INTERVAL " + amount.text() + " " + unit.text().toUpperCase(Locale.ROOT);
                    }
                    if (token.is("NULL")) {
                        return "NULL";
                    }
                    if (token.is("true") || token.is("false")) {
                        return token.text().equalsIgnoreCase("true") ? "1" : "0";
                    }
                    if (peek().isSymbol("(")) {
                        return function(token, depth);
                    }
                    return column(token);
                default:
                    throw new InvalidFilterException("The Replay Filter ends where a value was expected");
            }
        }

        private String function(final Token name, final int depth) {
            final Map.Entry<String, int[]> known = FUNCTIONS.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name.text())).findFirst()
                    .orElseThrow(() -> new InvalidFilterException("'" + name.text() + "' at position " + (name.position() + 1)
                            + " is not one of the functions a Replay Filter may use: " + String.join(", ", FUNCTIONS.keySet())));
            expectSymbol("(");
            final List<String> arguments = new ArrayList<>();
            if (!peek().isSymbol(")")) {
                arguments.add(value(depth + 1));
                while (peek().isSymbol(",")) {
                    next++;
                    arguments.add(value(depth + 1));
                }
            }
            expectSymbol(")");
            final int[] arity = known.getValue();
            if (arguments.size() < arity[0] || arguments.size() > arity[1]) {
                throw new InvalidFilterException(known.getKey() + " takes " + (arity[0] == arity[1] ? String.valueOf(arity[0])
                        : arity[0] + " to " + arity[1]) + " arguments, not " + arguments.size() + " (Replay Filter)");
            }
            return known.getKey() + "(" + String.join(", ", arguments) + ")";
        }

        private String column(final Token token) {
            if (!columns.contains(token.text())) {
                throw new InvalidFilterException("'" + abbreviate(token.text()) + "' at position " + (token.position() + 1)
                        + " is not a column of the failure table (" + String.join(", ", new java.util.TreeSet<>(columns)) + ")");
            }
            return ClickHouseIdentifiers.quote(token.text());
        }
    }

    private static String abbreviate(final String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
