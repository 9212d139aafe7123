package org.spotlight.clickhouse.ddl;

import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;
import org.spotlight.clickhouse.client.ClickHouseVersion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file of ClickHouse statements written for modern servers (clickhouse/*.sql, which deployments run with
 * {@code clickhouse-client --multiquery}), applied to whatever server a connection reaches. Three rules adapt it, all
 * visible in the file itself:
 * <ul>
 *   <li>a statement after a comment line {@code -- spotlight: since X.Y} is skipped on servers older than X.Y;</li>
 *   <li>{@code storage_policy = '...'} in a CREATE's SETTINGS is left out where the server has no such policy
 *       (18.16 has none; a server without the deployment's S3 configuration lacks s3_main);</li>
 *   <li>before 19.1, LowCardinality columns need {@code allow_experimental_low_cardinality_type = 1}, which is then
 *       sent with each statement.</li>
 * </ul>
 * Nothing else is rewritten: a statement the server cannot run fails with the server's message.
 */
public final class SqlScript {

    /** One statement, and the oldest server version it needs (null: any). */
    public record Statement(String sql, ClickHouseVersion since) {
    }

    /** What applying did, for the operator's log. */
    public record Report(List<String> executed, List<String> skipped, List<String> adapted) {
    }

    /** Runs one statement with per-statement settings; throws what the server answered. */
    @FunctionalInterface
    public interface Executor {
        void execute(String sql, Map<String, Object> settings);
    }

    private static final Pattern DIRECTIVE = Pattern.compile("^--\\s*spotlight:\\s*since\\s+(\\d+\\.\\d+(?:\\.\\d+)?)\\s*$");
    private static final Pattern STORAGE_POLICY = Pattern.compile("(?i)(\\bSETTINGS\\s+)?\\bstorage_policy\\s*=\\s*'([^']*)'(\\s*,\\s*)?");
    private static final Pattern CREATE_TABLE = Pattern.compile("(?is)^CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?`?([A-Za-z0-9_.]+)`?\\s*\\(");
    private static final ClickHouseVersion LOW_CARDINALITY_BY_DEFAULT = ClickHouseVersion.parse("19.1");
    private static final Pattern COLUMN_CLAUSE = Pattern.compile("(?i)\\s(MATERIALIZED|ALIAS|DEFAULT|EPHEMERAL|CODEC|COMMENT|TTL)\\b");

    private final String name;
    private final List<Statement> statements;

    private SqlScript(final String name, final List<Statement> statements) {
        this.name = name;
        this.statements = List.copyOf(statements);
    }

    public static SqlScript read(final Path file) throws IOException {
        return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Splits the text into statements at semicolons outside string literals, quoted identifiers and comments. Comments
     * are dropped, except the {@code -- spotlight: since} directive, which applies to the next statement.
     */
    public static SqlScript parse(final String name, final String text) {
        final List<Statement> statements = new ArrayList<>();
        final StringBuilder current = new StringBuilder();
        ClickHouseVersion since = null;
        int i = 0;
        while (i < text.length()) {
            final char c = text.charAt(i);
            if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
                final int end = text.indexOf('\n', i) < 0 ? text.length() : text.indexOf('\n', i);
                final Matcher directive = DIRECTIVE.matcher(text.substring(i, end).trim());
                if (directive.matches()) {
                    if (!current.toString().isBlank()) {
                        throw new IllegalArgumentException(name + ": a '-- spotlight: since' line inside a statement: " + abbreviate(current.toString()));
                    }
                    since = ClickHouseVersion.parse(directive.group(1));
                }
                i = end;
                continue;
            }
            if (c == '\'' || c == '`' || c == '"') {
                final int end = closing(text, i, c, name);
                current.append(text, i, end + 1);
                i = end + 1;
                continue;
            }
            if (c == ';') {
                add(statements, current, since);
                since = null;
                i++;
                continue;
            }
            current.append(c);
            i++;
        }
        add(statements, current, since);
        return new SqlScript(name, statements);
    }

    public String name() {
        return name;
    }

    public List<Statement> statements() {
        return statements;
    }

    /**
     * The columns of the script's CREATE TABLE for {@code table} that inserts write, in their order, as written: MATERIALIZED
     * and ALIAS columns are left out, and a column's DEFAULT, CODEC or COMMENT clause is not part of its type.
     */
    public Optional<List<ColumnDefinition>> tableColumns(final String table) {
        for (Statement statement : statements) {
            final Matcher create = CREATE_TABLE.matcher(statement.sql());
            if (create.find() && create.group(1).equals(table)) {
                final int open = create.end() - 1;
                final int close = matchingParenthesis(statement.sql(), open);
                final List<ColumnDefinition> columns = new ArrayList<>();
                for (String column : splitTopLevel(statement.sql().substring(open + 1, close))) {
                    final String trimmed = column.strip();
                    final int space = trimmed.indexOf(' ');
                    final Matcher clause = COLUMN_CLAUSE.matcher(trimmed);
                    if (clause.find(space) && clause.group(1).toUpperCase(java.util.Locale.ROOT).matches("MATERIALIZED|ALIAS")) {
                        continue;
                    }
                    final String type = (clause.find(space) ? trimmed.substring(space + 1, clause.start()) : trimmed.substring(space + 1)).strip();
                    columns.add(new ColumnDefinition(trimmed.substring(0, space).replace("`", ""), ClickHouseType.parse(type)));
                }
                return Optional.of(columns);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs every statement in order, adapted to {@code server}; stops at the first the server refuses (its exception
     * propagates), since later statements build on earlier ones.
     */
    public Report apply(final ClickHouseServerInfo server, final Executor executor, final Consumer<String> log) {
        final List<String> executed = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final List<String> adapted = new ArrayList<>();
        final Map<String, Object> settings = server.version().compareTo(LOW_CARDINALITY_BY_DEFAULT) < 0
                ? Map.of("allow_experimental_low_cardinality_type", 1) : Map.of();
        for (Statement statement : statements) {
            if (statement.since() != null && server.version().compareTo(statement.since()) < 0) {
                skipped.add(abbreviate(statement.sql()));
                log.accept(name + ": skipped on ClickHouse " + server.version() + " (needs " + statement.since() + "): "
                        + abbreviate(statement.sql()));
                continue;
            }
            final String sql = withoutMissingStoragePolicy(statement.sql(), server, adapted, log);
            executor.execute(sql, settings);
            executed.add(abbreviate(sql));
        }
        return new Report(executed, skipped, adapted);
    }

    private String withoutMissingStoragePolicy(final String sql, final ClickHouseServerInfo server, final List<String> adapted,
                                               final Consumer<String> log) {
        final Matcher policy = STORAGE_POLICY.matcher(sql);
        if (!policy.find() || server.storagePolicies().contains(policy.group(2))) {
            return sql;
        }
        final String message = name + ": storage policy '" + policy.group(2) + "' left out: ClickHouse " + server.version()
                + " has " + (server.storagePolicies().isEmpty() ? "no storage policies" : "only " + server.storagePolicies()) + ": "
                + abbreviate(sql);
        adapted.add(message);
        log.accept(message);
        // "SETTINGS storage_policy = 'x'" alone goes entirely; "SETTINGS storage_policy = 'x', other = 1" keeps "SETTINGS other = 1".
        final String replacement = policy.group(1) != null && policy.group(3) != null ? policy.group(1) : "";
        String adaptedSql = sql.substring(0, policy.start()) + replacement + sql.substring(policy.end());
        adaptedSql = adaptedSql.replaceAll("(?i),\\s*$", "").replaceAll("(?i)\\bSETTINGS\\s*$", "").strip();
        return adaptedSql;
    }

    private static void add(final List<Statement> statements, final StringBuilder current, final ClickHouseVersion since) {
        final String sql = current.toString().strip();
        if (!sql.isEmpty()) {
            statements.add(new Statement(sql, since));
        } else if (since != null) {
            throw new IllegalArgumentException("a '-- spotlight: since' line without a statement after it");
        }
        current.setLength(0);
    }

    private static int closing(final String text, final int open, final char quote, final String name) {
        for (int i = open + 1; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        throw new IllegalArgumentException(name + ": unclosed " + quote + " starting at character " + open);
    }

    private static int matchingParenthesis(final String text, final int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == '\'') {
                i = closing(text, i, c, "statement");
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced parentheses in " + abbreviate(text));
    }

    private static List<String> splitTopLevel(final String list) {
        final List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            final char c = list.charAt(i);
            if (c == '\'') {
                i = closing(list, i, c, "column list");
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(list.substring(start, i));
                start = i + 1;
            }
        }
        if (!list.substring(start).isBlank()) {
            parts.add(list.substring(start));
        }
        return parts;
    }

    private static String abbreviate(final String sql) {
        final String flat = sql.replaceAll("\\s+", " ").strip();
        return flat.length() > 100 ? flat.substring(0, 97) + "..." : flat;
    }
}
