package org.spotlight.typing;

import org.spotlight.clickhouse.types.ClickHouseType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What samples of records said about their fields, in order of first appearance. Profiles only grow: merging a new
 * sample can add fields and widen types, never narrow them, so a schema cached for a stream changes only by drift.
 * <p>
 * Not thread-safe: callers copy before sharing.
 */
public final class SchemaProfile {

    private final TypingOptions options;
    private final Map<String, FieldProfile> fields = new LinkedHashMap<>();
    private long records;
    private CompactRecord.Shape lastShape;
    private FieldProfile[] lastProfiles;

    public SchemaProfile(final TypingOptions options) {
        this.options = options;
    }

    /**
     * @param record a record as {@link RecordPreparer} prepared it
     * @return false when the record's new fields would take the profile beyond {@link TypingOptions#maxColumns()}: it is
     *         not observed, and fails when it is cast (its fields have no columns)
     */
    public boolean observe(final Map<String, Object> record) {
        if (record instanceof CompactRecord compact) {
            return observe(compact);
        }
        int added = 0;
        for (String field : record.keySet()) {
            added += fields.containsKey(field) ? 0 : 1;
        }
        if (fields.size() + added > options.maxColumns()) {
            return false;
        }
        records++;
        for (Map.Entry<String, Object> field : record.entrySet()) {
            FieldProfile profile = fields.get(field.getKey());
            if (profile == null) {
                profile = new FieldProfile();
                fields.put(field.getKey(), profile);
            }
            profile.observe(field.getValue(), options);
        }
        return true;
    }

    /** Records of the same shape reach their fields' profiles by position. */
    private boolean observe(final CompactRecord record) {
        if (record.shape() != lastShape) {
            int added = 0;
            for (int position = 0; position < record.shape().size(); position++) {
                added += fields.containsKey(record.shape().name(position)) ? 0 : 1;
            }
            if (fields.size() + added > options.maxColumns()) {
                return false;
            }
            lastShape = record.shape();
            lastProfiles = new FieldProfile[lastShape.size()];
            for (int position = 0; position < lastProfiles.length; position++) {
                lastProfiles[position] = fields.computeIfAbsent(lastShape.name(position), name -> new FieldProfile());
            }
        }
        records++;
        for (int position = 0; position < lastProfiles.length; position++) {
            lastProfiles[position].observe(record.valueAt(position), options);
        }
        return true;
    }

    /** Whether the profile holds as many fields as a schema may have columns. */
    public boolean full() {
        return fields.size() >= options.maxColumns();
    }

    /**
     * Fields observed so far only as NULL or absent: the type they resolve to (String) is a stand-in that the first real
     * value must be allowed to overturn, since String would otherwise take any later value and never widen again.
     */
    public Set<String> fieldsWithoutValues() {
        final Set<String> names = new HashSet<>();
        fields.forEach((name, profile) -> {
            if (profile.values() == 0) {
                names.add(name);
            }
        });
        return names;
    }

    public long records() {
        return records;
    }

    public TypingOptions options() {
        return options;
    }

    /** A copy that has seen this profile's records and then {@code other}'s. */
    public SchemaProfile mergedWith(final SchemaProfile other) {
        final SchemaProfile merged = copy();
        merged.records += other.records;
        other.fields.forEach((name, profile) -> {
            // Beyond the maximum of columns a new field is left out: the records that have it fail.
            if (merged.fields.containsKey(name) || merged.fields.size() < options.maxColumns()) {
                merged.fields.computeIfAbsent(name, key -> new FieldProfile()).merge(profile, options);
            }
        });
        return merged;
    }

    public SchemaProfile copy() {
        final SchemaProfile copy = new SchemaProfile(options);
        copy.records = records;
        fields.forEach((name, profile) -> copy.fields.put(name, profile.copy(options)));
        return copy;
    }

    /**
     * The schema for everything observed so far.
     *
     * @param previous the schema resolved from this stream before, whose column names are kept so that a widened schema
     *                 never renames an existing column; null for none
     */
    public InferredSchema resolve(final InferredSchema previous) {
        final TypeResolver resolver = new TypeResolver(options);
        final List<Planned> planned = new ArrayList<>();
        for (Map.Entry<String, FieldProfile> field : fields.entrySet()) {
            plan(field.getKey(), field.getValue(), resolver, planned);
        }
        return name(planned, previous);
    }

    /** A column before it has a name. */
    private record Planned(String source, Derivation derivation, ClickHouseType type, boolean derived) {
    }

    private void plan(final String source, final FieldProfile profile, final TypeResolver resolver, final List<Planned> planned) {
        final String displayName = RecordPreparer.displayName(source, options.flattenSeparator());
        final boolean missing = profile.present < records;
        final boolean sawNull = profile.nulls > 0 || missing;
        final ClickHouseType hint = hint(source, displayName);
        if (hint != null) {
            planned.add(new Planned(source, Derivation.LENIENT, hint, false));
            return;
        }
        final TypeResolver.Typing typing = resolver.resolve(profile, displayName, false);
        planned.add(new Planned(source, typing.derivation(), resolver.nullable(typing.type(), sawNull), false));
        final StringStats text = profile.strings;
        if (typing.type().is("String") && text != null && text.isMoney()) {
            // Values without a dollar figure ("Unknown", numbers) have no bounds; the field itself keeps them as text.
            final boolean someWithoutFigure = sawNull || text.moneyValues < profile.values();
            final ClickHouseType amount = text.money.type(options.capabilities());
            final ClickHouseType minHint = hint(source + "_min", displayName + "_min");
            final ClickHouseType maxHint = hint(source + "_max", displayName + "_max");
            planned.add(new Planned(source, Derivation.MONEY_MIN, minHint != null ? minHint : resolver.nullable(amount, someWithoutFigure), true));
            planned.add(new Planned(source, Derivation.MONEY_MAX,
                    maxHint != null ? maxHint : resolver.nullable(amount, someWithoutFigure || text.openRange), true));
        }
    }

    /**
     * The columns whose type a type hint fixes: no widening changes it, so a value that does not fit one fails under any
     * schema this stream can get, and is no reason to sample it again.
     */
    public Set<String> hintedColumns(final List<TargetColumn> columns) {
        final Set<String> hinted = new HashSet<>();
        for (TargetColumn column : columns) {
            final String suffix = switch (column.derivation()) {
                case MONEY_MIN -> "_min";
                case MONEY_MAX -> "_max";
                default -> "";
            };
            if (hint(column.source() + suffix, column.sourceName(options.flattenSeparator()) + suffix) != null) {
                hinted.add(column.name());
            }
        }
        return hinted;
    }

    private ClickHouseType hint(final String source, final String displayName) {
        final Map<String, ClickHouseType> hints = options.typeHints();
        if (hints.isEmpty()) {
            return null;
        }
        ClickHouseType hint = hints.get(displayName);
        if (hint == null) {
            hint = hints.get(ColumnNames.normalize(displayName, options.nameStyle()));
        }
        return hint == null ? hints.get(source) : hint;
    }

    /**
     * Names fields first and derived columns second, so that a derived column never takes the name of a field; names
     * from the previous schema are kept.
     */
    private InferredSchema name(final List<Planned> planned, final InferredSchema previous) {
        final ColumnNames names = new ColumnNames(options.nameStyle());
        final Map<String, String> kept = new HashMap<>();
        if (previous != null) {
            for (TargetColumn column : previous.columns()) {
                kept.put(key(column.source(), column.derivation()), column.name());
                names.reserve(column.name());
            }
        }
        final String[] assigned = new String[planned.size()];
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < planned.size(); i++) {
                final Planned column = planned.get(i);
                if (column.derived() != (pass == 1)) {
                    continue;
                }
                final String previousName = kept.get(key(column.source(), column.derivation()));
                assigned[i] = previousName != null ? previousName : names.assign(columnSourceName(column));
            }
        }
        final List<TargetColumn> columns = new ArrayList<>(planned.size());
        for (int i = 0; i < planned.size(); i++) {
            final Planned column = planned.get(i);
            columns.add(new TargetColumn(assigned[i], column.source(), column.derivation(), column.type()));
        }
        final List<ColumnNames.Rename> renames = new ArrayList<>(previous == null ? List.of() : previous.renames());
        renames.addAll(names.renames());
        return new InferredSchema(columns, renames);
    }

    private String columnSourceName(final Planned column) {
        final String displayName = RecordPreparer.displayName(column.source(), options.flattenSeparator());
        return switch (column.derivation()) {
            case MONEY_MIN -> displayName + "_min";
            case MONEY_MAX -> displayName + "_max";
            default -> displayName;
        };
    }

    /** Identity of a column across re-resolutions: its source and, for derived columns, which bound. */
    private static String key(final String source, final Derivation derivation) {
        final boolean derived = derivation == Derivation.MONEY_MIN || derivation == Derivation.MONEY_MAX;
        return derived ? source + RecordPreparer.PATH_SEPARATOR + derivation : source;
    }
}
