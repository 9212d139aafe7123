package org.spotlight.chdb;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An error as ClickHouse's HTTP interface reports it: the HTTP status its server derives from the error's name, the
 * code for the X-ClickHouse-Exception-Code header, and the body text "Code: N. DB::Exception: ... (NAME) (version V)".
 * Engine errors arrive with ClickHouse's text already; the front's own (authentication, what it does not implement)
 * are written the same way.
 */
record ClickHouseError(int code, String name, String message) {

    static final int NOT_IMPLEMENTED = 48;
    static final int UNKNOWN_TYPE_OF_QUERY = 57;
    static final int QUERY_IS_TOO_LARGE = 369;
    static final int REQUIRED_PASSWORD = 194;
    static final int AUTHENTICATION_FAILED = 516;
    static final int STD_EXCEPTION = 1001;

    private static final Pattern CODE = Pattern.compile("^Code: (\\d+)\\.");
    private static final Pattern NAME = Pattern.compile("\\(([A-Z][A-Z0-9_]*)\\)\\s*$");

    /* The HTTP status of each error, keyed by the names ClickHouse's server maps (src/Server/HTTP/exceptionCodeToHTTPStatus.cpp). */
    private static final Set<String> UNAUTHORIZED = Set.of("REQUIRED_PASSWORD");
    private static final Set<String> FORBIDDEN = Set.of("UNKNOWN_USER", "WRONG_PASSWORD", "AUTHENTICATION_FAILED", "SET_NON_GRANTED_ROLE",
            "ACCESS_DENIED");
    private static final Set<String> BAD_REQUEST = Set.of("BAD_ARGUMENTS", "CANNOT_COMPILE_REGEXP", "CANNOT_PARSE_TEXT",
            "CANNOT_PARSE_ESCAPE_SEQUENCE", "CANNOT_PARSE_QUOTED_STRING", "CANNOT_PARSE_DATE", "CANNOT_PARSE_DATETIME", "CANNOT_PARSE_NUMBER",
            "CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING", "CANNOT_PARSE_IPV4", "CANNOT_PARSE_IPV6", "CANNOT_PARSE_INPUT_ASSERTION_FAILED",
            "CANNOT_PARSE_UUID", "DUPLICATE_COLUMN", "ILLEGAL_COLUMN", "UNKNOWN_ELEMENT_IN_AST", "UNKNOWN_TYPE_OF_AST_NODE",
            "THERE_IS_NO_COLUMN", "TOO_DEEP_AST", "TOO_BIG_AST", "UNEXPECTED_AST_STRUCTURE", "SYNTAX_ERROR", "INCORRECT_DATA",
            "TYPE_MISMATCH", "VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE");
    private static final Set<String> NOT_FOUND = Set.of("UNKNOWN_TABLE", "UNKNOWN_FUNCTION", "UNKNOWN_IDENTIFIER", "UNKNOWN_TYPE",
            "UNKNOWN_STORAGE", "UNKNOWN_DATABASE", "UNKNOWN_SETTING", "UNKNOWN_DIRECTION_OF_SORTING", "UNKNOWN_AGGREGATE_FUNCTION",
            "UNKNOWN_FORMAT", "UNKNOWN_DATABASE_ENGINE", "UNKNOWN_TYPE_OF_QUERY", "UNKNOWN_ROLE");

    /** Reads an engine error text; a text without "Code: N." is reported as STD_EXCEPTION, as the server does. */
    static ClickHouseError fromEngine(final String text) {
        final String message = text == null || text.isBlank() ? "Code: 1001. DB::Exception: unknown engine error. (STD_EXCEPTION)" : text.strip();
        final Matcher code = CODE.matcher(message);
        final Matcher name = NAME.matcher(message);
        if (!code.find()) {
            return new ClickHouseError(STD_EXCEPTION, "STD_EXCEPTION", "Code: 1001. DB::Exception: " + message + " (STD_EXCEPTION)");
        }
        return new ClickHouseError(Integer.parseInt(code.group(1)), name.find() ? name.group(1) : "", message);
    }

    /** An error of the front itself, worded the way ClickHouse words its errors. */
    static ClickHouseError of(final int code, final String name, final String message) {
        return new ClickHouseError(code, name, "Code: " + code + ". DB::Exception: " + message + ". (" + name + ")");
    }

    int httpStatus() {
        if (UNAUTHORIZED.contains(name)) {
            return 401;
        }
        if (FORBIDDEN.contains(name)) {
            return 403;
        }
        if (BAD_REQUEST.contains(name)) {
            return 400;
        }
        if (NOT_FOUND.contains(name)) {
            return 404;
        }
        return switch (name) {
            case "QUERY_IS_TOO_LARGE" -> 413;
            case "NOT_IMPLEMENTED" -> 501;
            case "SOCKET_TIMEOUT", "CANNOT_OPEN_FILE", "CANNOT_SCHEDULE_TASK" -> 503;
            case "HTTP_LENGTH_REQUIRED" -> 411;
            case "TIMEOUT_EXCEEDED" -> 408;
            case "UNSUPPORTED_MEDIA_TYPE" -> 415;
            default -> 500;
        };
    }

    /** The response body: the message, the engine version in the server's words, and a newline. */
    String body(final String version) {
        return message + " (version " + version + " (chDB engine))\n";
    }
}
