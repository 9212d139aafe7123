package org.spotlight.typing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Writes typed records as JSON Lines, one object per record with the columns in order, streaming. Values are written so
 * that ClickHouse (and Spotlight's own value conversion) reads them back to the same column values: decimals in plain
 * notation with their scale, dates as {@code 2025-01-14}, date-times as ISO-8601 instants in UTC, UUIDs as text, arrays
 * and tuples as arrays, maps as objects. A column whose value is {@link RecordCaster#ABSENT} is left out of its record,
 * so that the column's default applies where the record is inserted.
 */
public final class TypedJsonLines implements Closeable {

    /** The stream belongs to the caller: closing the writer flushes it but leaves it open. */
    private static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private final JsonGenerator json;
    private final SerializedString[] names;
    private long records;

    public TypedJsonLines(final OutputStream out, final List<String> columnNames) throws IOException {
        this.json = FACTORY.createGenerator(out);
        // Records are separated by newlines, not by the generator's default space between root values.
        json.setRootValueSeparator(null);
        this.names = columnNames.stream().map(SerializedString::new).toArray(SerializedString[]::new);
    }

    /** @param values one per column, in column order: the cast value, null, or {@link RecordCaster#ABSENT} */
    public void write(final Object[] values) throws IOException {
        json.writeStartObject();
        for (int i = 0; i < names.length; i++) {
            if (values[i] != RecordCaster.ABSENT) {
                json.writeFieldName(names[i]);
                value(values[i]);
            }
        }
        json.writeEndObject();
        json.writeRaw('\n');
        records++;
    }

    public long records() {
        return records;
    }

    /** Writes out what the generator buffers, e.g. before the content is measured. */
    public void flush() throws IOException {
        json.flush();
    }

    private void value(final Object value) throws IOException {
        switch (value) {
            case null -> json.writeNull();
            case String text -> json.writeString(text);
            case Long number -> json.writeNumber(number);
            case Integer number -> json.writeNumber(number);
            case BigInteger number -> json.writeNumber(number);
            case BigDecimal number -> json.writeNumber(number);
            case Double number -> json.writeNumber(number);
            case Float number -> json.writeNumber(number);
            case Boolean bool -> json.writeBoolean(bool);
            case List<?> list -> {
                json.writeStartArray();
                for (Object element : list) {
                    value(element);
                }
                json.writeEndArray();
            }
            case Map<?, ?> map -> {
                json.writeStartObject();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    json.writeFieldName(String.valueOf(entry.getKey()));
                    value(entry.getValue());
                }
                json.writeEndObject();
            }
            // LocalDate, Instant (ISO-8601, UTC), UUID and anything else that prints as ClickHouse reads it.
            default -> json.writeString(value.toString());
        }
    }

    @Override
    public void close() throws IOException {
        json.close();
    }
}
