package org.spotlight.nifi.processors.failure;

import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.processor.util.StandardValidators;
import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.failure.FailureStore;
import org.spotlight.failure.FailureTable;
import org.spotlight.nifi.services.clickhouse.ClickHouseConnectionService;
import org.spotlight.nifi.services.storage.ObjectStorageService;

/** Properties RouteToFailureDb and ReplayFailures share: where the failure table is, and the object storage. */
final class FailureTableProperties {

    static final Validator IDENTIFIER_VALIDATOR = (subject, input, context) -> {
        if (context.isExpressionLanguageSupported(subject) && context.isExpressionLanguagePresent(input)) {
            return new ValidationResult.Builder().subject(subject).input(input).valid(true)
                    .explanation("Expression Language is evaluated when the processor starts").build();
        }
        try {
            ClickHouseIdentifiers.validate(input);
            ClickHouseIdentifiers.validate(input + FailureTable.REPLAYS_SUFFIX);
            return new ValidationResult.Builder().subject(subject).input(input).valid(true).build();
        } catch (final IllegalArgumentException e) {
            return new ValidationResult.Builder().subject(subject).input(input).valid(false).explanation(e.getMessage()).build();
        }
    };

    static final PropertyDescriptor CLICKHOUSE_SERVICE = new PropertyDescriptor.Builder()
            .name("ClickHouse Connection Service")
            .description("The ClickHouse server that holds the failure table.")
            .required(true)
            .identifiesControllerService(ClickHouseConnectionService.class)
            .build();

    static final PropertyDescriptor FAILURE_DATABASE = new PropertyDescriptor.Builder()
            .name("Failure Database")
            .description("The database of the failure table. Unset: the connection service's database. The database must exist.")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(IDENTIFIER_VALIDATOR)
            .build();

    static final PropertyDescriptor FAILURE_TABLE = new PropertyDescriptor.Builder()
            .name("Failure Table")
            .description("The failure table. Replays are recorded in a table of the same name with the suffix "
                    + FailureTable.REPLAYS_SUFFIX + ". RouteToFailureDb creates both when they are missing.")
            .required(true)
            .defaultValue(FailureTable.DEFAULT_TABLE)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(IDENTIFIER_VALIDATOR)
            .build();

    static final PropertyDescriptor OBJECT_STORAGE_SERVICE = new PropertyDescriptor.Builder()
            .name("Object Storage Service")
            .description("S3/MinIO storage for payloads above the Inline Payload Limit. Unset: every payload is kept in the "
                    + "failure table, whatever its size.")
            .required(false)
            .identifiesControllerService(ObjectStorageService.class)
            .build();

    static final PropertyDescriptor FAILURE_BUCKET = new PropertyDescriptor.Builder()
            .name("Failure Bucket")
            .description("The bucket large payloads are stored in (created when missing).")
            .required(true)
            .defaultValue("spotlight-failures")
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(OBJECT_STORAGE_SERVICE)
            .build();

    private FailureTableProperties() {
    }

    static FailureStore store(final PropertyContext context) {
        return new FailureStore(context.getProperty(CLICKHOUSE_SERVICE).asControllerService(ClickHouseConnectionService.class),
                context.getProperty(FAILURE_DATABASE).evaluateAttributeExpressions().getValue(),
                context.getProperty(FAILURE_TABLE).evaluateAttributeExpressions().getValue());
    }
}
