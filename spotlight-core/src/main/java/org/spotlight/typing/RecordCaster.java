package org.spotlight.typing;

import org.spotlight.format.json.CompactRecord;

import org.spotlight.clickhouse.types.CastException;
import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.clickhouse.types.NullPolicy;
import org.spotlight.clickhouse.types.ValueCaster;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Casts prepared records to a list of columns with {@link ValueCaster}, loss-free or not at all: a record either
 * gets a value for every column or fails with the first field that does not fit.
 * <p>
 * Columns bind to fields in one of two ways. An inferred schema names its source fields exactly. A table's columns
 * are found by name: the field of the same name, else the field whose normalised name is the column name, else a
 * flattened nested field, else (for {@code x_min} / {@code x_max}) the bounds of a dollar figure in field {@code x}.
 */
public final class RecordCaster {

    /** The value of a column the record has no value for, so that the server fills in the column default. */
    public static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "ABSENT";
        }
    };

    /** A typed record, or why it could not be typed. */
    public sealed interface Result permits Typed, Failed {
    }

    /**
     * @param values         one per column, in column order: the cast value, null, or {@link #ABSENT}
     * @param nullsDefaulted how many NULL or missing values were left to the default of a column that could have been
     *                       Nullable
     * @param emptied        how many NULL or missing values became an empty array, map or tuple: ClickHouse has no NULL
     *                       for those, so their default (empty) is what a NULL becomes whatever the policy
     */
    public record Typed(Object[] values, int nullsDefaulted, int emptied) implements Result {

        /** Every NULL or missing value that a column's default stands in for. */
        public int defaults() {
            return nullsDefaulted + emptied;
        }
    }

    public record Failed(CastFailure failure) implements Result {
    }

    private static final int MAX_REMEMBERED_NAMES = 10_000;

    private final List<TargetColumn> columns;
    private final ValueCaster caster;
    private final TypingOptions options;
    private final boolean byName;
    private final boolean failOnUnmatchedFields;
    private final NullPolicy nullPolicy;
    private final boolean[] firstOfSource;
    private final ClickHouseType[] bases;
    private final int distinctSources;
    private final Map<String, String> normalizedNames = new HashMap<>();
    private final NullTokens nullTokens;
    /** NULL or missing values left to column defaults in the record being cast. */
    private int nullsDefaulted;
    /** NULL or missing values that became empty containers in the record being cast. */
    private int emptied;
    private CompactRecord.Shape boundShape;
    private int[] positions;
    private int unexpectedPosition;
    private String lastMoneyText;
    private FinanceText.MoneyRange lastMoney;

    private RecordCaster(final List<TargetColumn> columns, final TypingOptions options, final boolean byName,
                         final boolean failOnUnmatchedFields, final NullPolicy nullPolicy) {
        this.columns = List.copyOf(columns);
        this.caster = new ValueCaster(options.timeZone());
        this.options = options;
        this.byName = byName;
        this.failOnUnmatchedFields = failOnUnmatchedFields;
        this.nullPolicy = nullPolicy;
        this.nullTokens = options.nullTokens();
        this.firstOfSource = new boolean[columns.size()];
        this.bases = new ClickHouseType[columns.size()];
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < columns.size(); i++) {
            firstOfSource[i] = seen.add(columns.get(i).source());
            bases[i] = columns.get(i).type().base();
        }
        this.distinctSources = seen.size();
    }

    /** For an inferred schema: every field must have a column. */
    public static RecordCaster forSchema(final InferredSchema schema, final TypingOptions options, final NullPolicy nullPolicy) {
        return new RecordCaster(schema.columns(), options, false, true, nullPolicy);
    }

    /**
     * For a table's columns (with {@link Derivation#LENIENT} and the column name as source).
     *
     * @param failOnUnmatchedFields whether a field without a column fails the record, rather than being left out
     */
    public static RecordCaster forTable(final List<TargetColumn> columns, final TypingOptions options, final boolean failOnUnmatchedFields,
                                        final NullPolicy nullPolicy) {
        return new RecordCaster(columns, options, true, failOnUnmatchedFields, nullPolicy);
    }

    public List<TargetColumn> columns() {
        return columns;
    }

    /** Not thread-safe (it remembers normalised names): one instance per thread. */
    public Result cast(final Map<String, Object> record) {
        return byName ? castByName(record) : castExact(record);
    }

    private Result castExact(final Map<String, Object> record) {
        if (record instanceof CompactRecord compact) {
            return castCompact(compact);
        }
        final Object[] values = new Object[columns.size()];
        int matchedSources = 0;
        nullsDefaulted = 0;
        emptied = 0;
        for (int i = 0; i < values.length; i++) {
            final TargetColumn column = columns.get(i);
            final Object raw = record.get(column.source());
            final boolean present = raw != null || record.containsKey(column.source());
            if (present && firstOfSource[i]) {
                matchedSources++;
            }
            final Object value = castColumn(i, column, raw, present);
            if (value instanceof CastFailure failure) {
                return new Failed(failure);
            }
            values[i] = value;
        }
        if (matchedSources < record.size()) {
            final String unexpected = firstFieldWithoutColumn(record.keySet());
            return new Failed(fieldWithoutColumn(unexpected, record.get(unexpected), record.keySet()));
        }
        return new Typed(values, nullsDefaulted, emptied);
    }

    /** Records of one shape are typed by position: which field feeds which column is worked out once per shape. */
    private Result castCompact(final CompactRecord record) {
        if (record.shape() != boundShape) {
            bind(record.shape());
        }
        if (unexpectedPosition >= 0) {
            return new Failed(fieldWithoutColumn(boundShape.name(unexpectedPosition), record.valueAt(unexpectedPosition), record.keySet()));
        }
        final Object[] values = new Object[columns.size()];
        nullsDefaulted = 0;
        emptied = 0;
        for (int i = 0; i < values.length; i++) {
            final int position = positions[i];
            final Object value = castColumn(i, columns.get(i), position < 0 ? null : record.valueAt(position), position >= 0);
            if (value instanceof CastFailure failure) {
                return new Failed(failure);
            }
            values[i] = value;
        }
        return new Typed(values, nullsDefaulted, emptied);
    }

    private void bind(final CompactRecord.Shape shape) {
        boundShape = shape;
        positions = new int[columns.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = shape.position(columns.get(i).source());
        }
        final Set<String> sources = sources();
        unexpectedPosition = -1;
        for (int position = 0; position < shape.size() && unexpectedPosition < 0; position++) {
            if (!sources.contains(shape.name(position))) {
                unexpectedPosition = position;
            }
        }
    }

    private Set<String> sources() {
        final Set<String> sources = new HashSet<>();
        columns.forEach(column -> sources.add(column.source()));
        return sources;
    }

    private String firstFieldWithoutColumn(final Set<String> fields) {
        final Set<String> sources = sources();
        return fields.stream().filter(field -> !sources.contains(field)).findFirst().orElseThrow();
    }

    /**
     * One column's value from its field's raw value.
     *
     * @return the cast value, null, {@link #ABSENT}, or a {@link CastFailure}
     */
    private Object castColumn(final int index, final TargetColumn column, final Object fieldValue, final boolean present) {
        Object raw = fieldValue instanceof String text && nullTokens.isNull(text) ? null : fieldValue;
        try {
            if (raw != null && column.derivation() != Derivation.VALUE) {
                raw = derive(raw, column);
            }
            if (raw == null) {
                final Object empty = emptyValue(column, present);
                if (empty == ABSENT && !column.type().isNullable()) {
                    if (TypeResolver.canBeNullable(column.type())) {
                        nullsDefaulted++;
                    } else {
                        emptied++;
                    }
                }
                return empty;
            }
            return caster.cast(raw, column.type(), bases[index]);
        } catch (final CastException e) {
            // The value as the field had it, not as derived (a percentage, an epoch number ...), is what people look for.
            return new CastFailure(CastFailure.Code.CAST_FAILED, column.sourceName(options.flattenSeparator()), column.name(),
                    raw == fieldValue ? e.getValue() : abbreviate(String.valueOf(fieldValue)), column.type().toString(), e.getReason());
        }
    }

    private Result castByName(final Map<String, Object> record) {
        final Object[] values = new Object[columns.size()];
        final FieldIndex fields = new FieldIndex(record);
        nullsDefaulted = 0;
        emptied = 0;
        for (int i = 0; i < values.length; i++) {
            final TargetColumn column = columns.get(i);
            Derivation derivation = column.derivation();
            String key = fields.find(column.name());
            if (key == null && options.dollarAmounts() && (column.name().endsWith("_min") || column.name().endsWith("_max"))) {
                key = fields.find(column.name().substring(0, column.name().length() - 4));
                derivation = column.name().endsWith("_min") ? Derivation.MONEY_MIN : Derivation.MONEY_MAX;
            }
            final boolean present = key != null;
            final TargetColumn bound = present ? new TargetColumn(column.name(), key, derivation, column.type()) : column;
            final Object value = castColumn(i, bound, present ? fields.value(key) : null, present);
            if (value instanceof CastFailure failure) {
                return new Failed(failure);
            }
            values[i] = value;
        }
        if (failOnUnmatchedFields) {
            final String unmatched = fields.firstUnused();
            if (unmatched != null) {
                return new Failed(unexpected(unmatched, record.get(unmatched), "the table has no column for this field"));
            }
        }
        return new Typed(values, nullsDefaulted, emptied);
    }

    /**
     * What a column gets for NULL or a missing value: null, {@link #ABSENT}, or a {@link CastFailure}. A table's column
     * that a record does not mention gets its default, as in any INSERT; in an inferred schema a missing field is a NULL.
     */
    private Object emptyValue(final TargetColumn column, final boolean present) {
        final ClickHouseType type = column.type();
        if (type.isNullable()) {
            return present ? null : ABSENT;
        }
        // Arrays, maps and tuples cannot be NULL in ClickHouse; their default is the empty value.
        if (!TypeResolver.canBeNullable(type) || nullPolicy == NullPolicy.COLUMN_DEFAULT || (byName && !present)) {
            return ABSENT;
        }
        return new CastFailure(CastFailure.Code.NULL_NOT_ALLOWED, column.sourceName(options.flattenSeparator()), column.name(), null,
                type.toString(), present ? "NULL is not allowed in a non-Nullable column" : "the field is missing and the column is not Nullable");
    }

    /** The value a column takes from its field, before the cast; null when there is none. */
    Object derive(final Object raw, final TargetColumn column) {
        return switch (column.derivation()) {
            case VALUE, EPOCH_SECONDS -> raw;
            case PERCENT -> raw instanceof String text ? orRaw(FinanceText.percent(text), raw) : raw;
            case EPOCH_MILLIS -> epoch(raw, EpochRule.Unit.MILLISECONDS, column.type());
            case MONEY_MIN -> money(raw, true);
            case MONEY_MAX -> money(raw, false);
            case LENIENT -> lenient(raw, column.type().base());
        };
    }

    private Object lenient(final Object raw, final ClickHouseType base) {
        final String family = base.family();
        if (raw instanceof String text && isNumeric(family)) {
            if (options.percentages()) {
                final BigDecimal percent = FinanceText.percent(text);
                if (percent != null) {
                    return percent;
                }
            }
            if (options.dollarAmounts()) {
                final FinanceText.MoneyRange range = FinanceText.money(text);
                if (range != null && range.isExact()) {
                    return range.min();
                }
            }
            return raw;
        }
        if (raw instanceof Number number && family.startsWith("DateTime") && options.epochRule().unit() != EpochRule.Unit.DISABLED) {
            return epoch(number, options.epochRule().unitForValue(number), base);
        }
        return raw;
    }

    private static boolean isNumeric(final String family) {
        return family.startsWith("Int") || family.startsWith("UInt") || family.startsWith("Float") || family.startsWith("Decimal");
    }

    /** @throws CastException when the number is no instant ClickHouse stores */
    private static Object epoch(final Object raw, final EpochRule.Unit unit, final ClickHouseType type) {
        final Number number = raw instanceof Number given ? given : raw instanceof String text ? NumberText.parse(text) : null;
        if (number == null) {
            return raw;
        }
        try {
            return EpochRule.toInstant(number, unit);
        } catch (final ArithmeticException e) {
            throw new CastException(raw, type, "as " + unit.name().toLowerCase(java.util.Locale.ROOT) + " since 1970: " + e.getMessage());
        }
    }

    private Object money(final Object raw, final boolean min) {
        if (!(raw instanceof String text)) {
            return null;
        }
        // The _min and _max columns read the same string one after the other: parse it once.
        if (text != lastMoneyText) {
            lastMoneyText = text;
            lastMoney = FinanceText.money(text);
        }
        return lastMoney == null ? null : min ? lastMoney.min() : lastMoney.max();
    }

    private static Object orRaw(final Object parsed, final Object raw) {
        return parsed == null ? raw : parsed;
    }

    /**
     * A field of the record that the inferred schema has no column for: because the schema was inferred before the field
     * appeared, or because a column for it (and the record's other new fields) would take the schema beyond its
     * maximum of columns.
     */
    private CastFailure fieldWithoutColumn(final String field, final Object value, final Set<String> fields) {
        final Set<String> sources = sources();
        final long without = fields.stream().filter(name -> !sources.contains(name)).count();
        if (distinctSources + without > options.maxColumns()) {
            final String text = value == null ? null : abbreviate(value instanceof String string ? string : String.valueOf(value));
            return new CastFailure(CastFailure.Code.TOO_MANY_COLUMNS, RecordPreparer.displayName(field, options.flattenSeparator()), null, text, null,
                    "the record has " + without + " field(s) the schema has no column for, and the schema has " + distinctSources
                            + ": together more than the maximum of " + options.maxColumns() + " columns");
        }
        return unexpected(field, value, "the schema has no column for this field");
    }

    private CastFailure unexpected(final String field, final Object value, final String reason) {
        final String text = value == null ? null : abbreviate(value instanceof String s ? s : String.valueOf(value));
        return new CastFailure(CastFailure.Code.UNEXPECTED_FIELD, RecordPreparer.displayName(field, options.flattenSeparator()), null, text, null, reason);
    }

    private static String abbreviate(final String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private String normalized(final String field) {
        String name = normalizedNames.get(field);
        if (name == null) {
            name = ColumnNames.normalize(RecordPreparer.displayName(field, options.flattenSeparator()), options.nameStyle());
            if (normalizedNames.size() < MAX_REMEMBERED_NAMES) {
                normalizedNames.put(field, name);
            }
        }
        return name;
    }

    /** A record's fields looked up by column name, with nested objects flattened on demand, remembering which were used. */
    private final class FieldIndex {
        private final Map<String, Object> record;
        private Map<String, String> byNormalizedName;
        private Map<String, Object> flattened;
        private final Set<String> used = new HashSet<>();

        FieldIndex(final Map<String, Object> record) {
            this.record = record;
        }

        String find(final String column) {
            if (record.containsKey(column)) {
                used.add(column);
                return column;
            }
            if (byNormalizedName == null) {
                byNormalizedName = new LinkedHashMap<>();
                record.keySet().forEach(field -> byNormalizedName.putIfAbsent(normalized(field), field));
                flattenedFields().keySet().forEach(path -> {
                    byNormalizedName.putIfAbsent(RecordPreparer.displayName(path, options.flattenSeparator()), path);
                    byNormalizedName.putIfAbsent(normalized(path), path);
                });
            }
            final String field = byNormalizedName.get(column);
            if (field != null) {
                used.add(root(field));
            }
            return field;
        }

        Object value(final String key) {
            return record.containsKey(key) ? record.get(key) : flattenedFields().get(key);
        }

        String firstUnused() {
            return record.keySet().stream().filter(field -> !used.contains(field)).findFirst().orElse(null);
        }

        private Map<String, Object> flattenedFields() {
            if (flattened == null) {
                flattened = new LinkedHashMap<>();
                final boolean nested = record.values().stream().anyMatch(value -> value instanceof Map<?, ?>);
                if (nested) {
                    final Map<String, Object> all = new RecordPreparer(NullTokens.none(), true).prepare(record);
                    all.forEach((path, value) -> {
                        if (path.indexOf(RecordPreparer.PATH_SEPARATOR) >= 0) {
                            flattened.put(path, value);
                        }
                    });
                }
            }
            return flattened;
        }

        private static String root(final String field) {
            final int separator = field.indexOf(RecordPreparer.PATH_SEPARATOR);
            return separator < 0 ? field : field.substring(0, separator);
        }
    }
}
