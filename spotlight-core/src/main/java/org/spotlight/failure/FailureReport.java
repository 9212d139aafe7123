package org.spotlight.failure;

import org.spotlight.clickhouse.ClickHouseErrors;
import org.spotlight.SpotlightAttributes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a failed FlowFile's attributes say about its failure, whichever processor routed it: Spotlight's own
 * {@code spotlight.error.*} attributes, or the attributes NiFi's stock processors write (names taken from the
 * NiFi 2.3.0 source, listed in {@link #MESSAGE_ATTRIBUTES}).
 *
 * @param component the processor that failed, when the attributes tell (empty otherwise)
 * @param code      a machine-readable code: ClickHouse error code, HTTP status, SQL state ... (empty when none)
 * @param message   the error message (empty when none)
 * @param messages  every error-message attribute present, most specific first, for classification
 */
public record FailureReport(String component, String code, String message, List<String> messages) {

    /** An attribute holding an error message, and the stock processor known to write it (null when several do). */
    record MessageAttribute(String name, String component) {
    }

    /** Error-message attributes, most specific first. */
    static final List<MessageAttribute> MESSAGE_ATTRIBUTES = List.of(
            new MessageAttribute(SpotlightAttributes.ERROR_MESSAGE, null),
            new MessageAttribute("putdatabaserecord.error", "PutDatabaseRecord"),
            new MessageAttribute("executesql.error.message", "ExecuteSQL"),
            new MessageAttribute("invokehttp.java.exception.message", "InvokeHTTP"),
            // ConvertRecord, UpdateRecord, RemoveRecordField, ExtractRecordSchema and the scripted record processors.
            new MessageAttribute("record.error.message", null),
            new MessageAttribute("json.validation.errors", "ValidateJson"),
            new MessageAttribute("validation.error.message", "ValidateCsv"),
            new MessageAttribute("validatexml.invalid.error", "ValidateXml"),
            new MessageAttribute("execution.error", "ExecuteStreamCommand"),
            new MessageAttribute("elasticsearch.put.error", "PutElasticsearchRecord"),
            new MessageAttribute("elasticsearch.bulk.error", "PutElasticsearchJson"),
            // PutSQL, and several cloud processors (Salesforce, Box, Dropbox, Google Drive, SMB, Zendesk).
            new MessageAttribute("error.message", null));

    /** InvokeHTTP: status code and message of the response, and the exception class when there was no response. */
    public static final String HTTP_STATUS_CODE = "invokehttp.status.code";
    public static final String HTTP_STATUS_MESSAGE = "invokehttp.status.message";
    public static final String HTTP_EXCEPTION_CLASS = "invokehttp.java.exception.class";
    /** PutSQL: the JDBC vendor code and SQL state of a SQLException. */
    public static final String SQL_VENDOR_CODE = "error.code";
    public static final String SQL_STATE = "error.sql.state";

    public FailureReport {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        messages = List.copyOf(messages);
    }

    public static FailureReport of(final Map<String, String> attributes) {
        final List<String> messages = new ArrayList<>();
        String messageComponent = "";
        for (MessageAttribute attribute : MESSAGE_ATTRIBUTES) {
            final String value = present(attributes, attribute.name());
            if (value != null) {
                messages.add(value);
                if (messageComponent.isEmpty() && attribute.component() != null) {
                    messageComponent = attribute.component();
                }
            }
        }
        final String httpStatus = present(attributes, HTTP_STATUS_CODE);
        final String sqlState = present(attributes, SQL_STATE);

        String component = present(attributes, SpotlightAttributes.ERROR_SOURCE);
        if (component == null) {
            component = !messageComponent.isEmpty() ? messageComponent
                    : httpStatus != null ? "InvokeHTTP"
                    : sqlState != null ? "PutSQL" : "";
        }

        String message = messages.isEmpty() ? null : messages.getFirst();
        if (message == null && httpStatus != null) {
            final String statusMessage = present(attributes, HTTP_STATUS_MESSAGE);
            message = "HTTP " + httpStatus + (statusMessage == null ? "" : " " + statusMessage);
        }
        return new FailureReport(component, codeOf(attributes, messages, httpStatus, sqlState), message == null ? "" : message, messages);
    }

    private static String codeOf(final Map<String, String> attributes, final List<String> messages, final String httpStatus,
                                 final String sqlState) {
        final String declared = present(attributes, SpotlightAttributes.ERROR_CODE);
        if (declared != null) {
            return declared;
        }
        final int clickHouseCode = clickHouseCode(messages);
        if (clickHouseCode > 0) {
            return String.valueOf(clickHouseCode);
        }
        if (httpStatus != null) {
            return httpStatus;
        }
        final String vendorCode = present(attributes, SQL_VENDOR_CODE);
        if (vendorCode != null) {
            return vendorCode;
        }
        return sqlState == null ? "" : sqlState;
    }

    /**
     * A ClickHouse server error code quoted in a message, as clickhouse-jdbc and client-v2 relay them through stock
     * processors ("Code: 252. DB::Exception: Too many parts ..."); 0 when no message is a ClickHouse server error.
     */
    static int clickHouseCode(final List<String> messages) {
        for (String message : messages) {
            if (message.contains("DB::Exception")) {
                final int code = ClickHouseErrors.codeFromMessage(message);
                if (code > 0) {
                    return code;
                }
            }
        }
        return 0;
    }

    static String present(final Map<String, String> attributes, final String name) {
        final String value = attributes.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
