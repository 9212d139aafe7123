package org.spotlight.nifi.services.clickhouse;

import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.spotlight.clickhouse.ProtectedSettings;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Dynamic properties that pass ClickHouse settings through, the same way in every Spotlight component: the connection
 * service (settings for every request) and the processors (settings for their statements).
 */
public final class ClickHouseSettingProperties {

    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ClickHouseSettingProperties() {
    }

    /**
     * A dynamic property passing a ClickHouse setting. Settings Spotlight's guarantees rest on ({@link ProtectedSettings}:
     * error tolerance, deduplication, asynchronous inserts ...) are refused with the reason.
     */
    public static PropertyDescriptor dynamic(final String name, final String description) {
        return new PropertyDescriptor.Builder()
                .name(name)
                .description(description)
                .dynamic(true)
                .required(false)
                .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
                .addValidator((subject, input, context) -> {
                    final Optional<String> protectedBecause = ProtectedSettings.whyProtected(subject);
                    final boolean wellFormed = SETTING_NAME.matcher(subject).matches();
                    final boolean hasValue = input != null && !input.isEmpty();
                    return new ValidationResult.Builder().subject(subject).input(input)
                            .valid(wellFormed && protectedBecause.isEmpty() && hasValue)
                            .explanation(protectedBecause.orElse(wellFormed
                                    ? subject + " cannot be empty"
                                    : "'" + subject + "' is not a ClickHouse setting name (letters, digits and underscores)"))
                            .build();
                })
                .build();
    }
}
