package org.spotlight.typing;

import org.spotlight.clickhouse.types.ClickHouseType;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;

/**
 * How records are typed. The defaults follow ClickHouse's JSONEachRow inference where it is sound and go further
 * where the data allows (decimals, US dates, epoch values, finance figures); see docs/type-inference.md.
 *
 * @param nullable           when a column is Nullable
 * @param nestedObjects      what becomes of JSON objects inside records
 * @param flattenSeparator   joins parent and child names when objects are flattened
 * @param numbersFromStrings whether {@code "42"} and {@code "true"} may type a column as a number or boolean
 * @param temporalFromStrings whether strings may type a column as Date or DateTime
 * @param epochRule          when numbers are points in time
 * @param nullTokens         strings that mean NULL
 * @param dollarAmounts      whether dollar figures and ranges get {@code _min}/{@code _max} columns
 * @param percentages        whether columns of percentages ({@code 5.0%}) become numeric
 * @param nameStyle          how field names become column names
 * @param timeZone           the zone date-times without an offset are read in
 * @param typeHints          column types given by the user, by field or column name; they override inference
 * @param capabilities       the types the target server has
 * @param maxColumns         the most columns a schema may have: fields beyond it fail their records rather than make a
 *                           table (and the column list every FlowFile carries) grow without bound
 */
public record TypingOptions(NullableMode nullable, NestedObjects nestedObjects, String flattenSeparator,
                            boolean numbersFromStrings, boolean temporalFromStrings, EpochRule epochRule,
                            NullTokens nullTokens, boolean dollarAmounts, boolean percentages,
                            ColumnNames.Style nameStyle, ZoneId timeZone, Map<String, ClickHouseType> typeHints,
                            TargetCapabilities capabilities, int maxColumns) {

    /** The default of {@link #maxColumns()}: wide enough for any real record, small enough for a column list of ~30 KB. */
    public static final int DEFAULT_MAX_COLUMNS = 1000;

    /** When inferred columns are Nullable. */
    public enum NullableMode {
        /** Only columns that held a NULL (or a null token), or were missing from a record, in the sample: ClickHouse's {@code auto}. */
        AUTO,
        /** Every column that can be (ClickHouse's classic default). Arrays, maps and tuples cannot be Nullable in ClickHouse. */
        ALWAYS,
        /** No column. */
        NEVER
    }

    /** What becomes of JSON objects inside records. */
    public enum NestedObjects {
        /** Each leaf becomes a column named parent + separator + child; objects inside arrays become JSON text. */
        FLATTEN,
        /** {@code Map(String, V)}, V the common type of all values. */
        MAP,
        /** A named {@code Tuple(a T, ...)} of every key seen (ClickHouse's default). */
        TUPLE,
        /** A String column holding the object as JSON text. */
        JSON_STRING
    }

    public TypingOptions {
        Objects.requireNonNull(nullable, "nullable");
        Objects.requireNonNull(nestedObjects, "nestedObjects");
        Objects.requireNonNull(flattenSeparator, "flattenSeparator");
        Objects.requireNonNull(epochRule, "epochRule");
        Objects.requireNonNull(nullTokens, "nullTokens");
        Objects.requireNonNull(nameStyle, "nameStyle");
        Objects.requireNonNull(timeZone, "timeZone");
        typeHints = Map.copyOf(typeHints);
        Objects.requireNonNull(capabilities, "capabilities");
        if (maxColumns < 1) {
            throw new IllegalArgumentException("maxColumns must be positive: " + maxColumns);
        }
    }

    /** The processor's defaults. */
    public static TypingOptions defaults() {
        return new Builder().build();
    }

    /** Plain inference without Spotlight's extras: no null tokens, finance parsing, epoch or string-number detection, names kept. */
    public static TypingOptions plain() {
        return new Builder().nestedObjects(NestedObjects.TUPLE).numbersFromStrings(false).epochRule(EpochRule.disabled())
                .nullTokens(NullTokens.none()).dollarAmounts(false).percentages(false).nameStyle(ColumnNames.Style.KEEP).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().nullable(nullable).nestedObjects(nestedObjects).flattenSeparator(flattenSeparator)
                .numbersFromStrings(numbersFromStrings).temporalFromStrings(temporalFromStrings).epochRule(epochRule)
                .nullTokens(nullTokens).dollarAmounts(dollarAmounts).percentages(percentages).nameStyle(nameStyle)
                .timeZone(timeZone).typeHints(typeHints).capabilities(capabilities).maxColumns(maxColumns);
    }

    /** Starts from {@link #defaults()}. */
    public static final class Builder {
        private NullableMode nullable = NullableMode.AUTO;
        private NestedObjects nestedObjects = NestedObjects.FLATTEN;
        private String flattenSeparator = "_";
        private boolean numbersFromStrings = true;
        private boolean temporalFromStrings = true;
        private EpochRule epochRule = new EpochRule(EpochRule.Unit.AUTO, EpochRule.DEFAULT_FIELD_PATTERN);
        private NullTokens nullTokens = NullTokens.parse("--, N/A", true);
        private boolean dollarAmounts = true;
        private boolean percentages = true;
        private ColumnNames.Style nameStyle = ColumnNames.Style.SNAKE_CASE;
        private ZoneId timeZone = ZoneOffset.UTC;
        private Map<String, ClickHouseType> typeHints = Map.of();
        private TargetCapabilities capabilities = TargetCapabilities.MODERN;
        private int maxColumns = DEFAULT_MAX_COLUMNS;

        public Builder nullable(final NullableMode value) {
            nullable = value;
            return this;
        }

        public Builder nestedObjects(final NestedObjects value) {
            nestedObjects = value;
            return this;
        }

        public Builder flattenSeparator(final String value) {
            flattenSeparator = value;
            return this;
        }

        public Builder numbersFromStrings(final boolean value) {
            numbersFromStrings = value;
            return this;
        }

        public Builder temporalFromStrings(final boolean value) {
            temporalFromStrings = value;
            return this;
        }

        public Builder epochRule(final EpochRule value) {
            epochRule = value;
            return this;
        }

        public Builder nullTokens(final NullTokens value) {
            nullTokens = value;
            return this;
        }

        public Builder dollarAmounts(final boolean value) {
            dollarAmounts = value;
            return this;
        }

        public Builder percentages(final boolean value) {
            percentages = value;
            return this;
        }

        public Builder nameStyle(final ColumnNames.Style value) {
            nameStyle = value;
            return this;
        }

        public Builder timeZone(final ZoneId value) {
            timeZone = value;
            return this;
        }

        public Builder typeHints(final Map<String, ClickHouseType> value) {
            typeHints = value;
            return this;
        }

        public Builder capabilities(final TargetCapabilities value) {
            capabilities = value;
            return this;
        }

        public Builder maxColumns(final int value) {
            maxColumns = value;
            return this;
        }

        public TypingOptions build() {
            return new TypingOptions(nullable, nestedObjects, flattenSeparator, numbersFromStrings, temporalFromStrings, epochRule,
                    nullTokens, dollarAmounts, percentages, nameStyle, timeZone, typeHints, capabilities, maxColumns);
        }
    }
}
