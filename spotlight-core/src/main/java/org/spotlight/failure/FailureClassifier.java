package org.spotlight.failure;

import org.spotlight.clickhouse.ClickHouseErrors;
import org.spotlight.SpotlightAttributes;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a failure is transient, permanent or unknown from a FlowFile's attributes. The evidence is weighed
 * from the most to the least specific, and the first that speaks decides:
 * <ol>
 *     <li>the operator's {@link ClassificationRules};</li>
 *     <li>what a Spotlight component declared ({@code spotlight.error.class}, then {@code spotlight.error.retryable});</li>
 *     <li>a ClickHouse server error code, judged by {@link ClickHouseErrors#isTransientServerCode(int)};</li>
 *     <li>a JDBC SQL state (PutSQL), an HTTP status (InvokeHTTP), a Java exception class name;</li>
 *     <li>well-known phrases in the error messages (connection refused, timed out ... / cannot parse, cannot cast ...).</li>
 * </ol>
 * When nothing speaks the failure is {@link FailureClass#UNKNOWN}.
 */
public final class FailureClassifier {

    private static final Set<String> TRANSIENT_EXCEPTIONS = Set.of(
            "ConnectException", "SocketTimeoutException", "SocketException", "NoRouteToHostException", "UnknownHostException",
            "InterruptedIOException", "TimeoutException", "HttpHostConnectException", "NoHttpResponseException",
            "ConnectionClosedException", "SQLTransientException", "SQLTransientConnectionException", "SQLTimeoutException",
            "SQLRecoverableException", "RetriableException", "TimeoutExceededException");

    private static final Set<String> PERMANENT_EXCEPTIONS = Set.of(
            "JsonParseException", "JsonProcessingException", "MismatchedInputException", "MalformedRecordException",
            "SchemaNotFoundException", "IllegalTypeConversionException", "NumberFormatException", "DateTimeParseException",
            "ParseException", "CastException", "SQLDataException", "SQLIntegrityConstraintViolationException",
            "SQLSyntaxErrorException", "SQLNonTransientException", "SQLFeatureNotSupportedException");

    private static final Set<String> TRANSIENT_SQL_STATE_CLASSES = Set.of("08", "40", "53", "57");
    private static final Set<String> TRANSIENT_SQL_STATES = Set.of("HYT00", "HYT01");
    private static final Set<String> PERMANENT_SQL_STATE_CLASSES = Set.of("21", "22", "23", "27", "42", "44");

    private static final Pattern EXCEPTION_NAME = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)*([A-Z][A-Za-z0-9_]*(?:Exception|Error))\\b");

    /** Phrases of failures that go away by themselves. Checked before the permanent ones, which are broader. */
    private static final Pattern TRANSIENT_PHRASES = Pattern.compile("(?i)\\b(connection refused|connection reset"
            + "|connection (?:was )?(?:closed|aborted)|broken pipe|no route to host|network is unreachable|timed out"
            + "|read timeout|connect timeout|timeout exceeded|too many parts|memory limit|out of memory|cannot allocate memory"
            + "|temporarily unavailable|service unavailable|too many (?:simultaneous )?(?:queries|requests|connections)"
            + "|rate limit|throttl\\w*|deadlock|lock wait timeout|try again|server is (?:shutting down|starting)"
            + "|leader not available|not enough replicas|no free connection)");

    private static final Pattern PERMANENT_PHRASES = Pattern.compile("(?i)\\b(cannot parse|can't parse|failed to parse"
            + "|parse error|parsing error|unparseable|unexpected (?:character|token|end)|malformed|cannot (?:be )?cast"
            + "|cannot convert|could not convert|type mismatch|illegal type|incompatible type|not a valid|not a number"
            + "|schema|no such (?:column|field|table)|unknown (?:column|identifier|table|field)|missing (?:column|field|required)"
            + "|there (?:is|are) no column|constraint|violat\\w*|duplicate (?:key|entry)|cannot be null|not null"
            + "|out of range|overflow|invalid|illegal|unsupported|syntax error|not allowed|access denied|permission denied)");

    private final ClassificationRules rules;

    public FailureClassifier(final ClassificationRules rules) {
        this.rules = rules;
    }

    public Classification classify(final Map<String, String> attributes) {
        final Optional<Classification> byRule = rules.classify(attributes);
        if (byRule.isPresent()) {
            return byRule.get();
        }
        final Optional<Classification> declared = declared(attributes);
        if (declared.isPresent()) {
            return declared.get();
        }
        final FailureReport report = FailureReport.of(attributes);
        return byClickHouseCode(attributes, report)
                .or(() -> bySqlState(FailureReport.present(attributes, FailureReport.SQL_STATE)))
                .or(() -> byHttpStatus(FailureReport.present(attributes, FailureReport.HTTP_STATUS_CODE)))
                .or(() -> byExceptionName(attributes, report))
                .or(() -> byPhrase(report))
                .orElseGet(() -> Classification.of(FailureClass.UNKNOWN, report.messages().isEmpty() && report.code().isEmpty()
                        ? "no error attributes on the FlowFile"
                        : "no rule or known pattern matched the error attributes"));
    }

    private static Optional<Classification> declared(final Map<String, String> attributes) {
        final String source = Optional.ofNullable(FailureReport.present(attributes, SpotlightAttributes.ERROR_SOURCE)).orElse("the failing component");
        final Optional<FailureClass> declaredClass = FailureClass.parse(attributes.get(SpotlightAttributes.ERROR_CLASS))
                .filter(failureClass -> failureClass != FailureClass.UNKNOWN);
        if (declaredClass.isPresent()) {
            return Optional.of(Classification.of(declaredClass.get(),
                    source + " declared it " + declaredClass.get().value() + " (" + SpotlightAttributes.ERROR_CLASS + ")"));
        }
        final String retryable = FailureReport.present(attributes, SpotlightAttributes.ERROR_RETRYABLE);
        if ("true".equalsIgnoreCase(retryable) || "false".equalsIgnoreCase(retryable)) {
            final boolean isRetryable = Boolean.parseBoolean(retryable);
            return Optional.of(Classification.of(isRetryable ? FailureClass.TRANSIENT : FailureClass.PERMANENT,
                    source + " declared it " + (isRetryable ? "" : "not ") + "retryable (" + SpotlightAttributes.ERROR_RETRYABLE + ")"));
        }
        return Optional.empty();
    }

    /**
     * A code counts as ClickHouse's when a message is a ClickHouse server error, or when a Spotlight ClickHouse
     * component put it into {@code spotlight.error.code}.
     */
    private static Optional<Classification> byClickHouseCode(final Map<String, String> attributes, final FailureReport report) {
        int code = FailureReport.clickHouseCode(report.messages());
        if (code <= 0 && report.component().toLowerCase(Locale.ROOT).contains("clickhouse")) {
            code = parseInt(FailureReport.present(attributes, SpotlightAttributes.ERROR_CODE));
        }
        if (code <= 0) {
            return Optional.empty();
        }
        final boolean isTransient = ClickHouseErrors.isTransientServerCode(code);
        return Optional.of(Classification.of(isTransient ? FailureClass.TRANSIENT : FailureClass.PERMANENT,
                "ClickHouse error code " + code + " is " + (isTransient ? "one of the transient server codes" : "not a transient server code")));
    }

    /**
     * SQL state classes (SQL:2011, JDBC): connection exceptions (08), rollbacks such as deadlocks (40), insufficient
     * resources (53), operator intervention (57) and ODBC timeouts (HYT0x) pass; cardinality (21), data (22), integrity
     * constraint (23, 27), syntax and access (42) and check option (44) errors do not.
     */
    static Optional<Classification> bySqlState(final String sqlState) {
        if (sqlState == null || sqlState.length() < 2) {
            return Optional.empty();
        }
        final String stateClass = sqlState.substring(0, 2).toUpperCase(Locale.ROOT);
        final FailureClass failureClass;
        if (TRANSIENT_SQL_STATE_CLASSES.contains(stateClass) || TRANSIENT_SQL_STATES.contains(sqlState.toUpperCase(Locale.ROOT))) {
            failureClass = FailureClass.TRANSIENT;
        } else if (PERMANENT_SQL_STATE_CLASSES.contains(stateClass)) {
            failureClass = FailureClass.PERMANENT;
        } else {
            failureClass = null;
        }
        return failureClass == null ? Optional.empty()
                : Optional.of(Classification.of(failureClass, "SQL state " + sqlState + " (class " + stateClass + ") is " + failureClass.value()));
    }

    /** HTTP: request timeout, too early, too many requests and server trouble pass; other client errors do not. */
    static Optional<Classification> byHttpStatus(final String status) {
        final int code = parseInt(status);
        if (code < 400 || code > 599) {
            return Optional.empty();
        }
        final boolean isTransient = ClickHouseErrors.isTransientHttpStatus(code);
        final FailureClass failureClass = isTransient ? FailureClass.TRANSIENT : FailureClass.PERMANENT;
        return Optional.of(Classification.of(failureClass, "HTTP status " + code + " is " + failureClass.value()));
    }

    private static Optional<Classification> byExceptionName(final Map<String, String> attributes, final FailureReport report) {
        final String exceptionClass = FailureReport.present(attributes, FailureReport.HTTP_EXCEPTION_CLASS);
        if (exceptionClass != null) {
            final Optional<Classification> byClass = byExceptionName(simpleName(exceptionClass), FailureReport.HTTP_EXCEPTION_CLASS);
            if (byClass.isPresent()) {
                return byClass;
            }
        }
        for (String message : report.messages()) {
            final Matcher matcher = EXCEPTION_NAME.matcher(message);
            while (matcher.find()) {
                final Optional<Classification> byName = byExceptionName(matcher.group(1), "the error message");
                if (byName.isPresent()) {
                    return byName;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Classification> byExceptionName(final String simpleName, final String where) {
        if (TRANSIENT_EXCEPTIONS.contains(simpleName)) {
            return Optional.of(Classification.of(FailureClass.TRANSIENT, simpleName + " in " + where + " is transient"));
        }
        if (PERMANENT_EXCEPTIONS.contains(simpleName)) {
            return Optional.of(Classification.of(FailureClass.PERMANENT, simpleName + " in " + where + " is permanent"));
        }
        return Optional.empty();
    }

    private static Optional<Classification> byPhrase(final FailureReport report) {
        for (Pattern phrases : new Pattern[]{TRANSIENT_PHRASES, PERMANENT_PHRASES}) {
            for (String message : report.messages()) {
                final Matcher matcher = phrases.matcher(message);
                if (matcher.find()) {
                    final FailureClass failureClass = phrases == TRANSIENT_PHRASES ? FailureClass.TRANSIENT : FailureClass.PERMANENT;
                    return Optional.of(Classification.of(failureClass,
                            "the error message says '" + matcher.group(1) + "', a " + failureClass.value() + " failure"));
                }
            }
        }
        return Optional.empty();
    }

    private static String simpleName(final String className) {
        final int dot = className.lastIndexOf('.');
        return dot < 0 ? className : className.substring(dot + 1);
    }

    private static int parseInt(final String text) {
        if (text == null) {
            return -1;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (final NumberFormatException e) {
            return -1;
        }
    }
}
