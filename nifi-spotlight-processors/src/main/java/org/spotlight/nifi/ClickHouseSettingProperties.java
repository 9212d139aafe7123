package org.spotlight.nifi;

import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.processor.util.StandardValidators;

import java.util.Set;
import java.util.regex.Pattern;

/** Dynamic properties that pass ClickHouse settings through, the same way in every Spotlight component. */
public final class ClickHouseSettingProperties {

    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ClickHouseSettingProperties() {
    }

    /**
     * @param reserved settings the component sets itself, which a dynamic property must not override
     * @param owner    where the reserved settings are configured instead, for the validation message
     */
    public static PropertyDescriptor dynamic(final String name, final String description, final Set<String> reserved, final String owner) {
        return new PropertyDescriptor.Builder()
                .name(name)
                .description(description)
                .dynamic(true)
                .required(false)
                .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
                .addValidator(StandardValidators.NON_EMPTY_VALIDATOR)
                .addValidator((subject, input, context) -> new ValidationResult.Builder().subject(subject).input(input)
                        .valid(SETTING_NAME.matcher(subject).matches() && !reserved.contains(subject))
                        .explanation(reserved.contains(subject)
                                ? "'" + subject + "' is set by " + owner
                                : "'" + subject + "' is not a ClickHouse setting name (letters, digits and underscores)")
                        .build())
                .build();
    }
}
