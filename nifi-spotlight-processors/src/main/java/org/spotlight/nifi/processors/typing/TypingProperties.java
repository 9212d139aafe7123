package org.spotlight.nifi.processors.typing;

import org.apache.nifi.components.AllowableValue;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.clickhouse.types.NullPolicy;
import org.spotlight.nifi.DescribedEnum;
import org.spotlight.nifi.NullHandling;
import org.spotlight.nifi.services.clickhouse.ClickHouseConnectionService;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;
import org.spotlight.typing.ColumnNames;
import org.spotlight.typing.EpochRule;
import org.spotlight.typing.NullTokens;
import org.spotlight.typing.TargetCapabilities;
import org.spotlight.typing.TypingOptions;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** InferSchemaAndCast's properties, and the domain options they stand for. */
final class TypingProperties {

    private TypingProperties() {
    }

    static final AllowableValue MODE_INFER = new AllowableValue("infer", "Infer Types",
            "Column types are inferred from a sample of each FlowFile's records, merged into the stream's cached schema when a "
                    + "Schema Cache Key is set.");
    static final AllowableValue MODE_TABLE = new AllowableValue("cast-to-table", "Cast To Table",
            "Values are cast to the column types of an existing ClickHouse table, as system.columns reports them.");

    static final AllowableValue NULLABLE_AUTO = new AllowableValue("auto", "Auto",
            "Nullable only where the sample held a NULL (or a null token) or a record lacked the field: ClickHouse's "
                    + "schema_inference_make_columns_nullable = 'auto'.");
    static final AllowableValue NULLABLE_ALWAYS = new AllowableValue("always", "Always",
            "Every column that can be Nullable is (ClickHouse's classic default). Arrays, maps and tuples cannot be Nullable.");
    static final AllowableValue NULLABLE_NEVER = new AllowableValue("never", "Never",
            "No column is Nullable; NULLs are handled by 'NULL In Non-Nullable Columns'.");

    static final AllowableValue NESTED_FLATTEN = new AllowableValue("flatten", "Flatten",
            "Every leaf of a nested object becomes a column named parent + separator + child. Objects inside arrays become JSON text.");
    static final AllowableValue NESTED_MAP = new AllowableValue("map", "Map",
            "Map(String, V), V the common type of all the object's values (JSON text where the server has no Map type).");
    static final AllowableValue NESTED_TUPLE = new AllowableValue("tuple", "Tuple",
            "A named Tuple of every key seen, like ClickHouse's own inference (JSON text where the server has no named tuples).");
    static final AllowableValue NESTED_JSON = new AllowableValue("json-string", "JSON String",
            "A String column holding the object as JSON text.");

    static final AllowableValue EPOCH_AUTO = new AllowableValue("auto", "Auto",
            "Whole numbers between 2000-01-01 and 2100-01-01 counted in seconds become DateTime, counted in milliseconds DateTime64(3).");
    static final AllowableValue EPOCH_SECONDS = new AllowableValue("seconds", "Seconds", "Non-negative numbers are seconds since 1970-01-01.");
    static final AllowableValue EPOCH_MILLIS = new AllowableValue("milliseconds", "Milliseconds",
            "Non-negative whole numbers are milliseconds since 1970-01-01.");
    static final AllowableValue EPOCH_DISABLED = new AllowableValue("disabled", "Disabled", "Numbers stay numbers, as in ClickHouse's inference.");

    static final AllowableValue NAMES_SNAKE = new AllowableValue("snake_case", "snake_case",
            "Letters, digits and underscores in lower case, camelCase split: 'Asset Type' and 'assetType' become asset_type.");
    static final AllowableValue NAMES_IDENTIFIER = new AllowableValue("identifier", "Valid Identifier",
            "Characters other than letters, digits and underscores become underscores; case is kept.");
    static final AllowableValue NAMES_KEEP = new AllowableValue("keep", "Keep", "Field names are used as they are (back-quoted in SQL).");

    static final AllowableValue UNMATCHED_IGNORE = new AllowableValue("ignore", "Ignore Unmatched Fields",
            "Fields the table has no column for are left out of the output records.");
    static final AllowableValue UNMATCHED_FAIL = new AllowableValue("fail", "Route Record To Failure",
            "A record with a field the table has no column for is routed to failure.");

    static final PropertyDescriptor RECORD_READER = new PropertyDescriptor.Builder()
            .name("Record Reader")
            .description("Reads the incoming records. Leave unset for JSON: the content is then read as an array of objects, one "
                    + "object, or newline-delimited objects, keeping every number as written (decimals keep their scale), which "
                    + "gives the best inference.")
            .identifiesControllerService(RecordReaderFactory.class)
            .required(false)
            .build();

    /** How the typed records are written. */
    enum OutputFormat implements DescribedEnum {
        JSON_LINES("JSON Lines", "One JSON object per record, written directly: values as ClickHouse reads them (dates 2025-01-14, "
                + "date-times as ISO-8601 UTC instants, decimals in plain notation), values left to a column default left out. "
                + "Readable by any JSON reader; the column types travel in spotlight.clickhouse.columns. Raw JSON input only."),
        ROW_BINARY("RowBinaryWithNamesAndTypes", "ClickHouse's own binary format: a header with the column names and types, then "
                + "each record's values encoded once for those types. PutClickHouseBatch forwards such rows into a table with the "
                + "same columns without parsing or converting a value: the fastest way into ClickHouse. A value left to a column "
                + "default is written as the type's default (NULL, 0, ''), since RowBinary cannot leave one value out: choose JSON "
                + "Lines when DEFAULT expressions of an existing table must fill missing fields. Raw JSON input only."),
        RECORD_WRITER("Record Writer", "The Record Writer writes the records with the schema this processor determined. Required "
                + "when a Record Reader is set; it then also writes records that fail, in their original form.");

        private final Description describedAs;

        OutputFormat(final String displayName, final String description) {
            this.describedAs = new Description(displayName, description);
        }

        @Override
        public Description describedAs() {
            return describedAs;
        }
    }

    static final PropertyDescriptor OUTPUT_FORMAT = new PropertyDescriptor.Builder()
            .name("Output Format")
            .description("How the typed records are written. The column list is in spotlight.clickhouse.columns whatever the format.")
            .allowableValues(OutputFormat.class)
            .defaultValue(OutputFormat.JSON_LINES)
            .required(true)
            .build();

    static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
            .name("Record Writer")
            .description("Writes the typed records, with the schema this processor determined. Configure it to pass the schema on "
                    + "(e.g. 'Set avro.schema Attribute', or an Avro writer that embeds it), and, for JSON, to suppress missing "
                    + "values so that ClickHouse can fill in column defaults. Also writes records that fail, in their original form, "
                    + "when a Record Reader is set.")
            .identifiesControllerService(RecordSetWriterFactory.class)
            .dependsOn(OUTPUT_FORMAT, OutputFormat.RECORD_WRITER)
            .required(true)
            .build();

    static final PropertyDescriptor MODE = new PropertyDescriptor.Builder()
            .name("Typing Mode")
            .description("Whether column types are inferred or taken from an existing ClickHouse table.")
            .allowableValues(MODE_INFER, MODE_TABLE)
            .defaultValue(MODE_INFER)
            .required(true)
            .build();

    static final PropertyDescriptor CLICKHOUSE = new PropertyDescriptor.Builder()
            .name("ClickHouse Connection Service")
            .description("The ClickHouse server the records are for. Required to cast to a table. When inferring, it is optional: "
                    + "with it, inference only uses types the server has (e.g. no Bool, Map or DateTime64 on old servers) and reads "
                    + "times without an offset in the server's time zone; without it, a current ClickHouse release is assumed.")
            .identifiesControllerService(ClickHouseConnectionService.class)
            .required(false)
            .build();

    static final PropertyDescriptor DATABASE = new PropertyDescriptor.Builder()
            .name("Database")
            .description("The table's database. Defaults to the connection service's database.")
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(MODE, MODE_TABLE)
            .required(false)
            .build();

    static final PropertyDescriptor TABLE = new PropertyDescriptor.Builder()
            .name("Table")
            .description("The table whose column types the values are cast to, e.g. ${kafka.topic}.")
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(MODE, MODE_TABLE)
            .required(true)
            .build();

    static final PropertyDescriptor TABLE_REFRESH = new PropertyDescriptor.Builder()
            .name("Table Columns Refresh Interval")
            .description("How long a table's columns, once read from system.columns, are used before they are read again.")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .defaultValue("1 min")
            .dependsOn(MODE, MODE_TABLE)
            .required(true)
            .build();

    static final PropertyDescriptor UNMATCHED_FIELDS = new PropertyDescriptor.Builder()
            .name("Unmatched Field Behavior")
            .description("What happens to a field that the table has no column for.")
            .allowableValues(UNMATCHED_IGNORE, UNMATCHED_FAIL)
            .defaultValue(UNMATCHED_IGNORE)
            .dependsOn(MODE, MODE_TABLE)
            .required(true)
            .build();

    static final PropertyDescriptor SAMPLE_SIZE = new PropertyDescriptor.Builder()
            .name("Sample Size")
            .description("How many records of a FlowFile inference looks at (ClickHouse's default is 25000). Every sampled value must "
                    + "fit a column's type; a later record that does not fit is routed to failure.")
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .defaultValue("25000")
            .dependsOn(MODE, MODE_INFER)
            .required(true)
            .build();

    static final PropertyDescriptor SCHEMA_CACHE_KEY = new PropertyDescriptor.Builder()
            .name("Schema Cache Key")
            .description("Identifies a stream of records with one schema, e.g. ${kafka.topic}. FlowFiles with the same key are typed "
                    + "with the schema cached for it, and inferred again only when a record does not fit it; the schema then only "
                    + "widens (new columns, wider types), and the change is written to the spotlight.typing.drift attributes. "
                    + "Leave unset to infer every FlowFile's schema on its own.")
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_EMPTY_VALIDATOR)
            .dependsOn(MODE, MODE_INFER)
            .required(false)
            .build();

    static final PropertyDescriptor SCHEMA_CACHE_SIZE = new PropertyDescriptor.Builder()
            .name("Schema Cache Size")
            .description("How many streams' schemas are kept; the least recently used are dropped beyond it. The cache lives in memory "
                    + "and starts empty when the processor is started.")
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .defaultValue("100")
            .dependsOn(MODE, MODE_INFER)
            .required(true)
            .build();

    static final PropertyDescriptor MAX_COLUMNS = new PropertyDescriptor.Builder()
            .name("Max Columns")
            .description("The most columns an inferred schema may have (a stream's schema included). A record whose new fields "
                    + "would take it beyond goes to failure (TOO_MANY_COLUMNS) instead of widening the table, and the column list "
                    + "every FlowFile carries in spotlight.clickhouse.columns, without bound. Flattened nested fields count as "
                    + "columns; a nested object with more members than this is kept as JSON text when objects become tuples.")
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .defaultValue(String.valueOf(TypingOptions.DEFAULT_MAX_COLUMNS))
            .dependsOn(MODE, MODE_INFER)
            .required(true)
            .build();

    static final PropertyDescriptor NULLABLE = new PropertyDescriptor.Builder()
            .name("Nullable Columns")
            .description("Which inferred columns are Nullable.")
            .allowableValues(NULLABLE_AUTO, NULLABLE_ALWAYS, NULLABLE_NEVER)
            .defaultValue(NULLABLE_AUTO)
            .dependsOn(MODE, MODE_INFER)
            .required(true)
            .build();

    static final PropertyDescriptor NESTED_OBJECTS = new PropertyDescriptor.Builder()
            .name("Nested Objects")
            .description("What becomes of objects inside records.")
            .allowableValues(NESTED_FLATTEN, NESTED_MAP, NESTED_TUPLE, NESTED_JSON)
            .defaultValue(NESTED_FLATTEN)
            .dependsOn(MODE, MODE_INFER)
            .required(true)
            .build();

    static final PropertyDescriptor FLATTEN_SEPARATOR = new PropertyDescriptor.Builder()
            .name("Flatten Separator")
            .description("Joins the names of a nested object and its fields when objects are flattened, and when a table's column is "
                    + "matched to a nested field.")
            .addValidator(StandardValidators.NON_EMPTY_VALIDATOR)
            .defaultValue("_")
            .required(true)
            .build();

    static final PropertyDescriptor NUMBERS_FROM_STRINGS = new PropertyDescriptor.Builder()
            .name("Infer Numbers In Strings")
            .description("Whether strings such as \"42\", \"1.50\" and \"true\" may make a column numeric or Bool when every value "
                    + "of the column is one. Strings with leading zeros (\"02134\"), signs or exponents stay text. CSV readers "
                    + "deliver all values as strings, so keep this on for them.")
            .allowableValues("true", "false")
            .defaultValue("true")
            .dependsOn(MODE, MODE_INFER)
            .required(true)
            .build();

    static final PropertyDescriptor TEMPORAL_FROM_STRINGS = new PropertyDescriptor.Builder()
            .name("Infer Dates And Times")
            .description("Whether strings may make a column Date (2020-11-10, 11/10/2020) or DateTime/DateTime64 "
                    + "(2020-11-10T12:34:56.789Z, 2020-11-10 12:34:56) when every value of the column is one.")
            .allowableValues("true", "false")
            .defaultValue("true")
            .dependsOn(MODE, MODE_INFER)
            .required(true)
            .build();

    static final PropertyDescriptor EPOCH_VALUES = new PropertyDescriptor.Builder()
            .name("Epoch Numbers")
            .description("Whether numbers in fields matching 'Epoch Field Name Pattern' are points in time. When casting to a table, "
                    + "this decides how numbers for DateTime columns are read.")
            .allowableValues(EPOCH_AUTO, EPOCH_SECONDS, EPOCH_MILLIS, EPOCH_DISABLED)
            .defaultValue(EPOCH_AUTO)
            .required(true)
            .build();

    static final PropertyDescriptor EPOCH_FIELD_PATTERN = new PropertyDescriptor.Builder()
            .name("Epoch Field Name Pattern")
            .description("A regular expression for the names of fields whose numbers may be epoch values. Other fields' numbers "
                    + "stay numbers, since counts and amounts can look like timestamps.")
            .addValidator(StandardValidators.REGULAR_EXPRESSION_VALIDATOR)
            .defaultValue(EpochRule.DEFAULT_FIELD_PATTERN.pattern())
            .dependsOn(EPOCH_VALUES, EPOCH_AUTO, EPOCH_SECONDS, EPOCH_MILLIS)
            .dependsOn(MODE, MODE_INFER)
            .required(true)
            .build();

    static final PropertyDescriptor NULL_TOKENS = new PropertyDescriptor.Builder()
            .name("Null Tokens")
            .description("Comma-separated strings that mean NULL, compared trimmed and ignoring case.")
            .addValidator(Validator.VALID)
            .defaultValue("--, N/A")
            .required(false)
            .build();

    static final PropertyDescriptor EMPTY_IS_NULL = new PropertyDescriptor.Builder()
            .name("Empty String Is Null")
            .description("Whether empty (or blank) strings mean NULL.")
            .allowableValues("true", "false")
            .defaultValue("true")
            .required(true)
            .build();

    static final PropertyDescriptor DOLLAR_AMOUNTS = new PropertyDescriptor.Builder()
            .name("Parse Dollar Amounts")
            .description("Whether dollar figures become numbers. When inferring, a text column of dollar amounts and ranges "
                    + "($1,001 - $15,000, Over $50,000,000, $800.00) keeps its text and gains <column>_min and <column>_max; when "
                    + "casting to a table, such columns are filled from the field, and single amounts fill numeric columns.")
            .allowableValues("true", "false")
            .defaultValue("true")
            .required(true)
            .build();

    static final PropertyDescriptor PERCENTAGES = new PropertyDescriptor.Builder()
            .name("Parse Percentages")
            .description("Whether percentages (5.0%) become numbers (5.0): a column of them is typed numeric, and they fill numeric "
                    + "table columns.")
            .allowableValues("true", "false")
            .defaultValue("true")
            .required(true)
            .build();

    static final PropertyDescriptor FIELD_NAMES = new PropertyDescriptor.Builder()
            .name("Column Names")
            .description("How field names become ClickHouse column names. Two fields with the same normalised name are told apart "
                    + "with _2, _3 ... in order of appearance, and reported in spotlight.typing.name.collisions. When casting to a "
                    + "table, fields match columns by their name or their normalised name.")
            .allowableValues(NAMES_SNAKE, NAMES_IDENTIFIER, NAMES_KEEP)
            .defaultValue(NAMES_SNAKE)
            .required(true)
            .build();

    static final PropertyDescriptor TIME_ZONE = new PropertyDescriptor.Builder()
            .name("Time Zone")
            .description("The zone of date-times written without an offset, e.g. America/New_York. Defaults to the ClickHouse "
                    + "server's time zone when a connection service is set, else UTC.")
            .addValidator(TypingProperties::validateZone)
            .required(false)
            .build();

    static final PropertyDescriptor NULLS_IN_NON_NULLABLE = new PropertyDescriptor.Builder()
            .name(NullHandling.PROPERTY_NAME)
            .description("What happens to a NULL for a column that is not Nullable: a table's column, an inferred column that held no "
                    + "NULL in the sample, or any column with 'Nullable Columns' = Never. When inferring, a field missing from a record "
                    + "counts as NULL; a table's column that a record does not mention always gets its default, as in any INSERT. "
                    + "Arrays, maps and tuples, which cannot be NULL, always become empty. Every value left to a default is counted "
                    + "in spotlight.typing.nulls.defaulted.")
            .allowableValues(NullHandling.class)
            .defaultValue(NullHandling.FAIL)
            .required(true)
            .build();

    static final List<PropertyDescriptor> DESCRIPTORS = List.of(RECORD_READER, OUTPUT_FORMAT, RECORD_WRITER, MODE, CLICKHOUSE, DATABASE, TABLE,
            TABLE_REFRESH, UNMATCHED_FIELDS, SAMPLE_SIZE, SCHEMA_CACHE_KEY, SCHEMA_CACHE_SIZE, MAX_COLUMNS, NULLABLE, NESTED_OBJECTS, FLATTEN_SEPARATOR,
            NUMBERS_FROM_STRINGS, TEMPORAL_FROM_STRINGS, EPOCH_VALUES, EPOCH_FIELD_PATTERN, NULL_TOKENS, EMPTY_IS_NULL, DOLLAR_AMOUNTS,
            PERCENTAGES, FIELD_NAMES, TIME_ZONE, NULLS_IN_NON_NULLABLE);

    /** A dynamic property: a column type for a field. */
    static PropertyDescriptor typeHint(final String field) {
        return new PropertyDescriptor.Builder()
                .name(field)
                .description("The ClickHouse type of field (or column) '" + field + "', instead of the inferred one.")
                .dynamic(true)
                .required(false)
                .addValidator(TypingProperties::validateType)
                .build();
    }

    static boolean inferring(final ProcessContext context) {
        return MODE_INFER.getValue().equals(context.getProperty(MODE).getValue());
    }

    /** The typing options the properties describe; the server, when there is one, decides the types available. */
    static TypingOptions options(final ProcessContext context, final ClickHouseServerInfo server) {
        final String zone = context.getProperty(TIME_ZONE).getValue();
        return TypingOptions.builder()
                .nullable(switch (context.getProperty(NULLABLE).getValue()) {
                    case "always" -> TypingOptions.NullableMode.ALWAYS;
                    case "never" -> TypingOptions.NullableMode.NEVER;
                    default -> TypingOptions.NullableMode.AUTO;
                })
                .nestedObjects(switch (context.getProperty(NESTED_OBJECTS).getValue()) {
                    case "map" -> TypingOptions.NestedObjects.MAP;
                    case "tuple" -> TypingOptions.NestedObjects.TUPLE;
                    case "json-string" -> TypingOptions.NestedObjects.JSON_STRING;
                    default -> TypingOptions.NestedObjects.FLATTEN;
                })
                .flattenSeparator(context.getProperty(FLATTEN_SEPARATOR).getValue())
                .numbersFromStrings(context.getProperty(NUMBERS_FROM_STRINGS).asBoolean())
                .temporalFromStrings(context.getProperty(TEMPORAL_FROM_STRINGS).asBoolean())
                .epochRule(new EpochRule(switch (context.getProperty(EPOCH_VALUES).getValue()) {
                    case "seconds" -> EpochRule.Unit.SECONDS;
                    case "milliseconds" -> EpochRule.Unit.MILLISECONDS;
                    case "disabled" -> EpochRule.Unit.DISABLED;
                    default -> EpochRule.Unit.AUTO;
                }, epochFieldPattern(context)))
                .nullTokens(NullTokens.parse(context.getProperty(NULL_TOKENS).getValue(), context.getProperty(EMPTY_IS_NULL).asBoolean()))
                .dollarAmounts(context.getProperty(DOLLAR_AMOUNTS).asBoolean())
                .percentages(context.getProperty(PERCENTAGES).asBoolean())
                .nameStyle(switch (context.getProperty(FIELD_NAMES).getValue()) {
                    case "identifier" -> ColumnNames.Style.IDENTIFIER;
                    case "keep" -> ColumnNames.Style.KEEP;
                    default -> ColumnNames.Style.SNAKE_CASE;
                })
                .timeZone(zone != null ? ZoneId.of(zone) : server != null ? ZoneId.of(server.timezone()) : ZoneOffset.UTC)
                .typeHints(typeHints(context))
                .capabilities(server == null ? TargetCapabilities.MODERN : TargetCapabilities.of(server))
                .maxColumns(inferring(context) ? context.getProperty(MAX_COLUMNS).asInteger() : TypingOptions.DEFAULT_MAX_COLUMNS)
                .build();
    }

    private static Pattern epochFieldPattern(final ProcessContext context) {
        final String pattern = context.getProperty(EPOCH_FIELD_PATTERN).getValue();
        return pattern == null ? EpochRule.DEFAULT_FIELD_PATTERN : Pattern.compile(pattern);
    }

    static NullPolicy nullPolicy(final ProcessContext context) {
        return context.getProperty(NULLS_IN_NON_NULLABLE).asAllowableValue(NullHandling.class).policy();
    }

    private static Map<String, ClickHouseType> typeHints(final ProcessContext context) {
        final Map<String, ClickHouseType> hints = new LinkedHashMap<>();
        context.getProperties().forEach((descriptor, value) -> {
            if (descriptor.isDynamic() && value != null) {
                hints.put(descriptor.getName(), ClickHouseType.parse(value));
            }
        });
        return hints;
    }

    private static ValidationResult validateType(final String subject, final String input, final org.apache.nifi.components.ValidationContext context) {
        try {
            ClickHouseType.parse(input);
            return new ValidationResult.Builder().subject(subject).input(input).valid(true).build();
        } catch (final IllegalArgumentException e) {
            return new ValidationResult.Builder().subject(subject).input(input).valid(false).explanation(e.getMessage()).build();
        }
    }

    private static ValidationResult validateZone(final String subject, final String input, final org.apache.nifi.components.ValidationContext context) {
        try {
            ZoneId.of(input);
            return new ValidationResult.Builder().subject(subject).input(input).valid(true).build();
        } catch (final RuntimeException e) {
            return new ValidationResult.Builder().subject(subject).input(input).valid(false)
                    .explanation("not a time zone (e.g. UTC, America/New_York): " + e.getMessage()).build();
        }
    }
}
