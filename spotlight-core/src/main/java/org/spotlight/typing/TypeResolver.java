package org.spotlight.typing;

import org.spotlight.clickhouse.types.ClickHouseType;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Picks the ClickHouse type of a profiled field: the narrowest type that holds every sampled value exactly, as far as
 * the target server has it, else a String that keeps the text. Never a union of types.
 */
final class TypeResolver {

    /** A field's type and how its values are read. */
    record Typing(ClickHouseType type, Derivation derivation) {
        static Typing of(final String family) {
            return new Typing(ClickHouseType.of(family), Derivation.VALUE);
        }
    }

    private static final ClickHouseType STRING = ClickHouseType.of("String");
    private static final long DATE_MIN_DAY = 0;
    private static final long DATE_MAX_DAY = LocalDate.of(2149, 6, 6).toEpochDay();
    private static final long DATE32_MIN_DAY = LocalDate.of(1900, 1, 1).toEpochDay();
    private static final long DATE32_MAX_DAY = LocalDate.of(2299, 12, 31).toEpochDay();
    private static final long DATETIME_MAX_SECOND = 4_294_967_295L;
    private static final long DATETIME64_MIN_SECOND = LocalDateTime.of(1900, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long DATETIME64_MAX_SECOND = LocalDateTime.of(2299, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);

    private final TypingOptions options;
    private final TargetCapabilities capabilities;

    TypeResolver(final TypingOptions options) {
        this.options = options;
        this.capabilities = options.capabilities();
    }

    /**
     * @param fieldName the field's display name, which decides whether numbers may be epoch values
     * @param nested    whether the values are inside an array, map or tuple, where they are cast as they are: no
     *                  epoch or percentage reading, and objects (that were not flattened) become JSON text when flattening
     */
    Typing resolve(final FieldProfile profile, final String fieldName, final boolean nested) {
        final long strings = profile.strings();
        final long numbers = profile.numbersSeen();
        final long booleans = profile.booleans;
        final long arrays = profile.arrays;
        final long objects = profile.objects;
        final int kinds = (strings > 0 ? 1 : 0) + (numbers > 0 ? 1 : 0) + (booleans > 0 ? 1 : 0) + (arrays > 0 ? 1 : 0) + (objects > 0 ? 1 : 0);
        if (kinds == 0) {
            // Only NULLs (or nothing) so far: nothing says what the values will be, and any value can be kept as text.
            return new Typing(STRING, Derivation.VALUE);
        }
        if (arrays > 0 || objects > 0) {
            return kinds == 1 ? container(profile, nested) : new Typing(STRING, Derivation.VALUE);
        }
        if (kinds == 1) {
            if (booleans > 0) {
                return bool();
            }
            if (numbers > 0) {
                return number(profile.numbers, fieldName, nested);
            }
            return string(profile.strings, fieldName, nested);
        }
        final StringStats text = profile.strings;
        if (strings > 0 && numbers > 0 && booleans == 0 && text.numeric) {
            final NumberStats all = profile.numbers.copy();
            all.merge(text.numbers);
            return number(all, fieldName, nested);
        }
        final boolean numbersAreBits = numbers == 0 || profile.numbers.zeroOrOne;
        final boolean stringsAreBooleans = strings == 0 || text.booleans;
        if (booleans > 0 && numbersAreBits && stringsAreBooleans) {
            return bool();
        }
        return new Typing(STRING, Derivation.VALUE);
    }

    private Typing bool() {
        // Before 21.12 ClickHouse has no Bool; UInt8 0/1 is what it used instead.
        return Typing.of(capabilities.bool() ? "Bool" : "UInt8");
    }

    private Typing number(final NumberStats numbers, final String fieldName, final boolean nested) {
        if (!nested && options.epochRule().appliesTo(fieldName)) {
            final EpochRule.Unit unit = options.epochRule().unitFor(numbers.min, numbers.max, numbers.integral && !numbers.floating);
            final ClickHouseType epochType = epochType(numbers, unit);
            if (epochType != null) {
                return new Typing(epochType, unit == EpochRule.Unit.MILLISECONDS ? Derivation.EPOCH_MILLIS : Derivation.EPOCH_SECONDS);
            }
        }
        return new Typing(numbers.type(capabilities), Derivation.VALUE);
    }

    private ClickHouseType epochType(final NumberStats numbers, final EpochRule.Unit unit) {
        if (numbers.beyondNumbers) {
            // A value no number type holds is no point in time either.
            return null;
        }
        if (unit == EpochRule.Unit.SECONDS) {
            if (numbers.integral && !numbers.floating && numbers.max <= DATETIME_MAX_SECOND) {
                return ClickHouseType.of("DateTime");
            }
            // Finer than nanoseconds: not a point in time ClickHouse can store exactly.
            return numbers.floating || numbers.maxScale > 9 || !capabilities.dateTime64() ? null : dateTime64(numbers.maxScale);
        }
        if (unit == EpochRule.Unit.MILLISECONDS && capabilities.dateTime64()) {
            return dateTime64(3);
        }
        return null;
    }

    private Typing string(final StringStats text, final String fieldName, final boolean nested) {
        if (text.temporal) {
            final ClickHouseType temporal = temporal(text);
            if (temporal != null) {
                return new Typing(temporal, Derivation.VALUE);
            }
        }
        if (text.numeric) {
            return number(text.numbers, fieldName, nested);
        }
        if (text.booleans) {
            return bool();
        }
        if (text.percent && !nested) {
            final ClickHouseType percents = text.percents.type(capabilities);
            // Percentages with more digits than any number type: the text (with its % sign) is all that keeps them.
            if (!percents.is("String")) {
                return new Typing(percents, Derivation.PERCENT);
            }
        }
        return new Typing(STRING, Derivation.VALUE);
    }

    private ClickHouseType temporal(final StringStats text) {
        if (text.dates) {
            if (text.minEpochDay >= DATE_MIN_DAY && text.maxEpochDay <= DATE_MAX_DAY) {
                return ClickHouseType.of("Date");
            }
            final boolean fits32 = text.minEpochDay >= DATE32_MIN_DAY && text.maxEpochDay <= DATE32_MAX_DAY;
            return capabilities.date32() && fits32 ? ClickHouseType.of("Date32") : null;
        }
        if (text.maxFractionDigits == 0 && text.minEpochSecond >= 0 && text.maxEpochSecond <= DATETIME_MAX_SECOND) {
            return ClickHouseType.of("DateTime");
        }
        final boolean fits64 = text.minEpochSecond >= DATETIME64_MIN_SECOND && text.maxEpochSecond <= DATETIME64_MAX_SECOND;
        return capabilities.dateTime64() && fits64 ? dateTime64(text.maxFractionDigits) : null;
    }

    /** DateTime64 with the written precision rounded up to milli-, micro- or nanoseconds. */
    private static ClickHouseType dateTime64(final int fractionDigits) {
        final int precision = fractionDigits == 0 ? 0 : fractionDigits <= 3 ? 3 : fractionDigits <= 6 ? 6 : 9;
        return new ClickHouseType("DateTime64", List.of(String.valueOf(precision)), List.of(), List.of());
    }

    private Typing container(final FieldProfile profile, final boolean nested) {
        if (profile.arrays > 0) {
            final FieldProfile elements = profile.elements;
            final Typing element = resolve(elements, "", true);
            final ClickHouseType elementType = nullable(element.type(), elements.nulls > 0);
            return new Typing(new ClickHouseType("Array", List.of(), List.of(elementType), List.of()), Derivation.VALUE);
        }
        final TypingOptions.NestedObjects mode = nested && options.nestedObjects() == TypingOptions.NestedObjects.FLATTEN
                ? TypingOptions.NestedObjects.JSON_STRING : options.nestedObjects();
        return switch (mode) {
            case MAP -> map(profile);
            case TUPLE -> tuple(profile);
            // FLATTEN only reaches here for an object whose fields were not flattened (none at record level).
            case FLATTEN, JSON_STRING -> new Typing(STRING, Derivation.VALUE);
        };
    }

    private Typing map(final FieldProfile profile) {
        if (!capabilities.map()) {
            return new Typing(STRING, Derivation.VALUE);
        }
        final FieldProfile values = new FieldProfile();
        if (profile.members != null) {
            profile.members.values().forEach(member -> values.merge(member, options));
        }
        final ClickHouseType valueType = nullable(resolve(values, "", true).type(), values.nulls > 0);
        return new Typing(new ClickHouseType("Map", List.of(), List.of(STRING, valueType), List.of()), Derivation.VALUE);
    }

    private Typing tuple(final FieldProfile profile) {
        // A tuple of more members than a schema may have columns is a column list of its own: it is kept as JSON text.
        if (!capabilities.namedTuple() || profile.members == null || profile.members.isEmpty() || profile.members.size() > options.maxColumns()
                || profile.members.keySet().stream().anyMatch(name -> name.isEmpty() || name.chars().anyMatch(Character::isISOControl))) {
            return new Typing(STRING, Derivation.VALUE);
        }
        final List<ClickHouseType> types = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        for (Map.Entry<String, FieldProfile> member : profile.members.entrySet()) {
            final FieldProfile memberProfile = member.getValue();
            final boolean missingOrNull = memberProfile.nulls > 0 || memberProfile.present < profile.objects;
            names.add(member.getKey());
            types.add(nullable(resolve(memberProfile, member.getKey(), true).type(), missingOrNull));
        }
        return new Typing(new ClickHouseType("Tuple", List.of(), types, names), Derivation.VALUE);
    }

    /** Wraps in Nullable as the nullable mode says, where ClickHouse allows it. */
    ClickHouseType nullable(final ClickHouseType type, final boolean sawNullOrMissing) {
        final boolean wrap = switch (options.nullable()) {
            case AUTO -> sawNullOrMissing;
            case ALWAYS -> true;
            case NEVER -> false;
        };
        return wrap && canBeNullable(type) ? ClickHouseType.nullable(type) : type;
    }

    static boolean canBeNullable(final ClickHouseType type) {
        return !type.is("Array") && !type.is("Map") && !type.is("Tuple") && !type.is("Nullable") && !type.is("LowCardinality");
    }
}
