package org.spotlight.nifi;

import org.apache.nifi.serialization.record.Record;
import org.spotlight.format.text.UnicodeText;

import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one conversion of NiFi records to the plain Java values Spotlight's domain works on, used by every processor that
 * reads records with a Record Reader, so that the same record means the same values wherever it is read.
 * <ul>
 *     <li>a record becomes a map of its fields in the record's order, by the names the record holds (fields the reader
 *     found outside its schema are kept); map keys become strings;</li>
 *     <li>arrays and collections become lists; {@code byte[]} and {@code Byte[]} (how readers give bytes) become
 *     {@code byte[]};</li>
 *     <li>{@code java.sql.Date} becomes {@link java.time.LocalDate}, {@code java.sql.Time} a {@link LocalTime} with its
 *     milliseconds, {@code java.sql.Timestamp} and other {@link Date}s an {@link java.time.Instant} with its nanoseconds;
 *     java.time values, numbers (BigDecimal and BigInteger as they are), booleans and strings stay as they are;
 *     a {@link Character} becomes a string.</li>
 * </ul>
 * Nothing is lost: a value that cannot be converted as asked (bytes that must be text but are not UTF-8, nesting beyond
 * the bound) is an {@link UnconvertibleException}, never a value changed in silence.
 */
public final class RecordValues {

    /** What bytes become. */
    public enum Bytes {
        /** {@code byte[]}, as they are. */
        KEEP,
        /** UTF-8 text, for consumers whose every leaf value is text or a number; other bytes are an {@link UnconvertibleException}. */
        UTF8_TEXT
    }

    /** Records as read: bytes kept, nesting as deep as the reader made it. */
    public static final RecordValues AS_READ = new RecordValues(Bytes.KEEP, Integer.MAX_VALUE);

    /** A value that cannot be converted as asked; {@link #reason()} says why. */
    public static final class UnconvertibleException extends RuntimeException {
        /** Why a value cannot be converted. */
        public enum Reason { TOO_DEEP, NOT_UTF8 }

        private final Reason reason;

        UnconvertibleException(final Reason reason, final String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private final Bytes bytes;
    private final int maxDepth;

    /**
     * @param maxDepth how many levels of records, arrays and maps a record may nest; the record itself is level 1
     */
    public RecordValues(final Bytes bytes, final int maxDepth) {
        this.bytes = bytes;
        this.maxDepth = maxDepth;
    }

    /** A record's fields and their plain values, in the record's order. */
    public Map<String, Object> toMap(final Record record) {
        return map(record, 1);
    }

    /** A value as a record reader gives it, plain. */
    public Object plain(final Object value) {
        return value(value, 2);
    }

    private Map<String, Object> map(final Record record, final int depth) {
        if (depth > maxDepth) {
            throw tooDeep();
        }
        final Map<String, Object> values = new LinkedHashMap<>();
        for (String field : record.getRawFieldNames()) {
            values.put(field, value(record.getValue(field), depth + 1));
        }
        return values;
    }

    private Object value(final Object value, final int depth) {
        return switch (value) {
            case null -> null;
            case String text -> text;
            case Record nested -> map(nested, depth);
            case byte[] content -> bytes(content);
            case Byte[] boxed -> {
                final byte[] content = new byte[boxed.length];
                for (int i = 0; i < boxed.length; i++) {
                    content[i] = boxed[i] == null ? 0 : boxed[i];
                }
                yield bytes(content);
            }
            case Object[] array -> list(Arrays.asList(array), depth);
            case Collection<?> collection -> list(collection, depth);
            case Map<?, ?> map -> {
                if (depth > maxDepth) {
                    throw tooDeep();
                }
                final Map<String, Object> plainMap = new LinkedHashMap<>();
                map.forEach((key, entry) -> plainMap.put(String.valueOf(key), value(entry, depth + 1)));
                yield plainMap;
            }
            // java.sql.Date and Time refuse toInstant(); Time.toLocalTime() drops the milliseconds, which are kept here.
            case java.sql.Date date -> date.toLocalDate();
            case Time time -> time.toLocalTime().withNano((int) TimeUnit.MILLISECONDS.toNanos(Math.floorMod(time.getTime(), 1000L)));
            case Timestamp timestamp -> timestamp.toInstant();
            case Date date -> date.toInstant();
            case Character character -> character.toString();
            default -> value;
        };
    }

    private List<Object> list(final Collection<?> elements, final int depth) {
        if (depth > maxDepth) {
            throw tooDeep();
        }
        final List<Object> list = new ArrayList<>(elements.size());
        for (Object element : elements) {
            list.add(value(element, depth + 1));
        }
        return list;
    }

    private Object bytes(final byte[] content) {
        if (bytes == Bytes.KEEP) {
            return content;
        }
        final String text = UnicodeText.decodeUtf8(content);
        if (text == null) {
            throw new UnconvertibleException(UnconvertibleException.Reason.NOT_UTF8, "The record has a bytes value that is not UTF-8 text");
        }
        return text;
    }

    private UnconvertibleException tooDeep() {
        return new UnconvertibleException(UnconvertibleException.Reason.TOO_DEEP,
                "The record nests records and arrays more than " + maxDepth + " levels deep");
    }
}
