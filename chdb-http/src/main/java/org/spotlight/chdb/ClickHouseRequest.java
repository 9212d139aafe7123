package org.spotlight.chdb;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * What a request to ClickHouse's HTTP interface asks for, read the way the server reads it: the query from the URL's
 * {@code query} parameter (and/or the body), credentials from Basic authentication, the X-ClickHouse-User/-Key
 * headers or the user/password parameters, the database and default format from parameters or headers, query
 * parameters as {@code param_<name>}, and every other URL parameter as a setting for the engine to validate.
 *
 * @param query       the URL's query parameter, or null (then the body holds the query)
 * @param database    null when the request names none
 * @param settings    in request order
 * @param parameters  values for {name:Type} placeholders
 * @param unsupported what the request asks for that this front does not do, or null
 */
record ClickHouseRequest(String user, String password, String query, String database, String defaultFormat, String queryId,
                         Map<String, String> settings, Map<String, String> parameters, String unsupported) {

    static final String DEFAULT_FORMAT = "TabSeparated";

    /** URL parameters that are not settings (the server's reserved names). */
    private static final Set<String> RESERVED = Set.of("query", "database", "default_format", "user", "password", "quota_key", "query_id",
            "stacktrace", "role", "buffer_size", "wait_end_of_query", "session_id", "session_timeout", "session_check",
            "client_protocol_version", "close_session", "compress", "decompress");

    /**
     * @param rawQuery the URL's raw query string (still percent-encoded), or null
     * @param header   a request header by name (case-insensitive), or null when absent
     */
    static ClickHouseRequest read(final String rawQuery, final Function<String, String> header) {
        final Map<String, String> url = decode(rawQuery);
        String user = "default";
        String password = "";
        final String authorization = header.apply("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            final String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
            final int colon = decoded.indexOf(':');
            user = colon < 0 ? decoded : decoded.substring(0, colon);
            password = colon < 0 ? "" : decoded.substring(colon + 1);
        } else if (header.apply("X-ClickHouse-User") != null) {
            user = header.apply("X-ClickHouse-User");
            password = header.apply("X-ClickHouse-Key") == null ? "" : header.apply("X-ClickHouse-Key");
        } else if (url.containsKey("user")) {
            user = url.get("user");
            password = url.getOrDefault("password", "");
        }

        final Map<String, String> settings = new LinkedHashMap<>();
        final Map<String, String> parameters = new LinkedHashMap<>();
        String unsupported = null;
        for (Map.Entry<String, String> entry : url.entrySet()) {
            final String name = entry.getKey();
            if (name.startsWith("param_")) {
                parameters.put(name.substring("param_".length()), entry.getValue());
            } else if (!RESERVED.contains(name)) {
                settings.put(name, entry.getValue());
            }
        }
        for (String feature : List.of("compress", "decompress")) {
            if (url.containsKey(feature) && !url.get(feature).equals("0")) {
                unsupported = "ClickHouse's native compression of HTTP bodies (" + feature + "=1) is not implemented by this front; use compress=0";
            }
        }
        if (url.containsKey("session_id")) {
            unsupported = "HTTP sessions (session_id) are not implemented by this front";
        }
        if (url.containsKey("role")) {
            unsupported = "roles are not implemented: the chDB engine has no users or grants";
        }
        final String database = first(url.get("database"), header.apply("X-ClickHouse-Database"));
        final String format = first(url.get("default_format"), header.apply("X-ClickHouse-Format"));
        final String queryId = first(url.get("query_id"), header.apply("X-ClickHouse-Query-Id"));
        return new ClickHouseRequest(user, password, url.get("query"), database == null || database.isEmpty() ? null : database,
                format == null || format.isEmpty() ? DEFAULT_FORMAT : format,
                queryId == null || queryId.isEmpty() ? UUID.randomUUID().toString() : queryId,
                settings, parameters, unsupported);
    }

    private static String first(final String preferred, final String fallback) {
        return preferred != null ? preferred : fallback;
    }

    /** application/x-www-form-urlencoded, as Poco's HTMLForm reads it; a repeated name keeps its last value. */
    static Map<String, String> decode(final String rawQuery) {
        final Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return values;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            final int equals = pair.indexOf('=');
            final String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            final String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            values.put(name, value);
        }
        return values;
    }

    /** The output format the response will have: the statement's own FORMAT clause, else the request's default. */
    String outputFormat(final String sql) {
        final java.util.regex.Matcher matcher = java.util.regex.Pattern
                .compile("(?is).*\\bFORMAT\\s+([A-Za-z][A-Za-z0-9_]*)\\s*;?\\s*$").matcher(sql);
        return matcher.matches() ? matcher.group(1) : defaultFormat;
    }

    static String contentType(final String format) {
        final String lower = format.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tabseparated") || lower.startsWith("tsv")) {
            return "text/tab-separated-values; charset=UTF-8";
        }
        if (lower.startsWith("json")) {
            return "application/json; charset=UTF-8";
        }
        if (lower.startsWith("csv")) {
            return "text/csv; charset=UTF-8";
        }
        if (lower.startsWith("rowbinary") || lower.equals("native") || lower.equals("parquet") || lower.startsWith("arrow")) {
            return "application/octet-stream";
        }
        return "text/plain; charset=UTF-8";
    }

    @Override
    public String toString() {
        // Records print every component; the password must never reach a log line.
        return "ClickHouseRequest[user=" + user + ", database=" + database + ", queryId=" + queryId + ", settings=" + settings.keySet() + "]";
    }
}
