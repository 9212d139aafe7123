package org.spotlight.nifi;

import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.processor.util.StandardValidators;
import org.spotlight.clickhouse.ProtectedSettings;

import java.util.Optional;
import java.util.regex.Pattern;

/** Dynamic properties that pass ClickHouse settings through, the same way in every Spotlight component. */
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
                .addValidator(StandardValidators.NON_EMPTY_VALIDATOR)
                .addValidator((subject, input, context) -> {
                    final Optional<String> protectedBecause = ProtectedSettings.whyProtected(subject);
                    final boolean wellFormed = SETTING_NAME.matcher(subject).matches();
                    return new ValidationResult.Builder().subject(subject).input(input)
                            .valid(wellFormed && protectedBecause.isEmpty())
                            .explanation(protectedBecause.orElse("'" + subject + "' is not a ClickHouse setting name (letters, digits and underscores)"))
                            .build();
                })
                .build();
    }
}
