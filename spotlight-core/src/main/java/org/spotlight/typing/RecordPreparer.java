package org.spotlight.typing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a record as read into the record that is typed: null tokens inside arrays and objects become NULL and, when
 * objects are flattened, nested objects become top-level fields. Null tokens in top-level fields are left for
 * {@link FieldProfile} and {@link RecordCaster} to read as NULL, so that the common record (flat, with a few "--" or
 * "N/A") is not copied. The input is never modified, so the record as read stays available for failure routing; an
 * unchanged record is returned as is.
 * <p>
 * Flattened fields are keyed by their path joined with {@link #PATH_SEPARATOR}, which no field name from data can
 * contain; {@link #displayName(String, String)} joins the path with the configured separator for column names.
 */
public final class RecordPreparer {

    /** ASCII unit separator: joins the names of a flattened path. */
    public static final char PATH_SEPARATOR = '\u001F';

    private final NullTokens nullTokens;
    private final boolean flatten;

    public RecordPreparer(final NullTokens nullTokens, final boolean flatten) {
        this.nullTokens = nullTokens;
        this.flatten = flatten;
    }

    public static RecordPreparer of(final TypingOptions options) {
        return new RecordPreparer(options.nullTokens(), options.nestedObjects() == TypingOptions.NestedObjects.FLATTEN);
    }

    /**
     * @param mayBeNested false when the caller knows that no value of the record is an array or object, which leaves
     *                    nothing to prepare
     */
    public Map<String, Object> prepare(final Map<String, Object> record, final boolean mayBeNested) {
        return mayBeNested ? prepare(record) : record;
    }

    public Map<String, Object> prepare(final Map<String, Object> record) {
        Map<String, Object> prepared = null;
        int index = 0;
        for (Map.Entry<String, Object> entry : record.entrySet()) {
            final Object value = entry.getValue();
            if (flatten && value instanceof Map<?, ?> nested) {
                prepared = copyUpTo(record, prepared, index);
                flattenInto(prepared, entry.getKey(), nested);
            } else {
                final Object replaced = value instanceof String ? value : replaceNullTokens(value);
                if (replaced != value && prepared == null) {
                    prepared = copyUpTo(record, null, index);
                }
                if (prepared != null) {
                    prepared.put(entry.getKey(), replaced);
                }
            }
            index++;
        }
        return prepared == null ? record : prepared;
    }

    private void flattenInto(final Map<String, Object> target, final String path, final Map<?, ?> object) {
        for (Map.Entry<?, ?> entry : object.entrySet()) {
            final String childPath = path + PATH_SEPARATOR + entry.getKey();
            if (entry.getValue() instanceof Map<?, ?> nested) {
                flattenInto(target, childPath, nested);
            } else {
                target.put(childPath, replaceNullTokens(entry.getValue()));
            }
        }
    }

    /** The value with null tokens replaced by null, at any depth; the same instance when nothing changed. */
    public Object replaceNullTokens(final Object value) {
        if (value instanceof String text) {
            return nullTokens.isNull(text) ? null : text;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = null;
            for (int i = 0; i < list.size(); i++) {
                final Object element = list.get(i);
                final Object replaced = replaceNullTokens(element);
                if (replaced != element && copy == null) {
                    copy = new ArrayList<>(list);
                }
                if (copy != null) {
                    copy.set(i, replaced);
                }
            }
            return copy == null ? list : copy;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = null;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                final Object replaced = replaceNullTokens(entry.getValue());
                if (replaced != entry.getValue() && copy == null) {
                    copy = new LinkedHashMap<>(map);
                }
                if (copy != null) {
                    copy.put(entry.getKey(), replaced);
                }
            }
            return copy == null ? map : copy;
        }
        return value;
    }

    private static Map<String, Object> copyUpTo(final Map<String, Object> record, final Map<String, Object> prepared, final int count) {
        if (prepared != null) {
            return prepared;
        }
        final Map<String, Object> copy = new LinkedHashMap<>(record.size() * 2);
        int index = 0;
        for (Map.Entry<String, Object> entry : record.entrySet()) {
            if (index++ == count) {
                break;
            }
            copy.put(entry.getKey(), entry.getValue());
        }
        return copy;
    }

    /** The path of a flattened field joined with {@code separator}; other names unchanged. */
    public static String displayName(final String key, final String separator) {
        return key.indexOf(PATH_SEPARATOR) < 0 ? key : key.replace(String.valueOf(PATH_SEPARATOR), separator);
    }
}
