package org.spotlight.typing;

import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a sample said about one field (or array element, or object member): how often it was present, NULL,
 * and of which JSON kind, with the statistics each kind needs to be typed. Profiles merge, so that a schema can be
 * widened by later samples without re-reading earlier ones.
 */
final class FieldProfile {

    /** Values seen, NULLs included. A record-level field seen fewer times than there were records was sometimes missing. */
    long present;
    long nulls;
    long booleans;
    NumberStats numbers;
    StringStats strings;
    long arrays;
    FieldProfile elements;
    long objects;
    /** Members of objects in order of first appearance; each member's {@code present} counts the objects that had it. */
    Map<String, FieldProfile> members;

    void observe(final Object value, final TypingOptions options) {
        present++;
        switch (value) {
            case null -> nulls++;
            case String text -> observeString(text, options);
            case Boolean ignored -> booleans++;
            case Number number -> numbers().observe(number);
            case Map<?, ?> map -> observeObject(map, options);
            case List<?> list -> observeArray(list, options);
            case Collection<?> collection -> observeArray(List.copyOf(collection), options);
            case Object[] array -> observeArray(List.of(array), options);
            // Typed times from a record reader are treated like their ISO-8601 text, so one set of rules applies.
            case java.sql.Timestamp timestamp -> observeString(timestamp.toInstant().toString(), options);
            case java.sql.Date date -> observeString(date.toLocalDate().toString(), options);
            case Date date -> observeString(date.toInstant().toString(), options);
            case Temporal temporal -> observeString(temporal.toString(), options);
            default -> observeString(value.toString(), options);
        }
    }

    private void observeString(final String text, final TypingOptions options) {
        if (options.nullTokens().isNull(text)) {
            nulls++;
            return;
        }
        if (strings == null) {
            strings = new StringStats(options);
        }
        strings.observe(text, options);
    }

    private NumberStats numbers() {
        if (numbers == null) {
            numbers = new NumberStats();
        }
        return numbers;
    }

    private void observeArray(final List<?> list, final TypingOptions options) {
        arrays++;
        if (elements == null) {
            elements = new FieldProfile();
        }
        for (Object element : list) {
            elements.observe(element, options);
        }
    }

    private void observeObject(final Map<?, ?> map, final TypingOptions options) {
        objects++;
        if (members == null) {
            members = new LinkedHashMap<>();
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            members.computeIfAbsent(String.valueOf(entry.getKey()), key -> new FieldProfile()).observe(entry.getValue(), options);
        }
    }

    /** Non-null values seen. */
    long values() {
        return present - nulls;
    }

    long strings() {
        return strings == null ? 0 : strings.count;
    }

    long numbersSeen() {
        return numbers == null ? 0 : numbers.count;
    }

    void merge(final FieldProfile other, final TypingOptions options) {
        present += other.present;
        nulls += other.nulls;
        booleans += other.booleans;
        if (other.numbers != null) {
            numbers().merge(other.numbers);
        }
        if (other.strings != null) {
            if (strings == null) {
                strings = new StringStats(options);
            }
            strings.merge(other.strings);
        }
        arrays += other.arrays;
        if (other.elements != null) {
            if (elements == null) {
                elements = new FieldProfile();
            }
            elements.merge(other.elements, options);
        }
        objects += other.objects;
        if (other.members != null) {
            if (members == null) {
                members = new LinkedHashMap<>();
            }
            other.members.forEach((name, member) -> members.computeIfAbsent(name, key -> new FieldProfile()).merge(member, options));
        }
    }

    FieldProfile copy(final TypingOptions options) {
        final FieldProfile copy = new FieldProfile();
        copy.merge(this, options);
        return copy;
    }
}
