package org.spotlight.congress.model;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Writes trade records as JSON objects with the {@link TradeField} names, one per line for JSON Lines. */
public final class TradeRecordJson {

    private TradeRecordJson() {
    }

    public static void write(final TradeRecord record, final JsonGenerator json) throws IOException {
        json.writeStartObject();
        for (TradeField field : TradeField.values()) {
            json.writeFieldName(field.fieldName());
            writeValue(field.valueOf(record), json);
        }
        json.writeEndObject();
    }

    private static void writeValue(final Object value, final JsonGenerator json) throws IOException {
        switch (value) {
            case null -> json.writeNull();
            case String text -> json.writeString(text);
            case Boolean flag -> json.writeBoolean(flag);
            case Integer number -> json.writeNumber(number);
            case BigDecimal number -> json.writeNumber(number);
            case LocalDate date -> json.writeString(date.toString());
            case Instant instant -> json.writeString(instant.toString());
            case List<?> list -> {
                json.writeStartArray();
                for (Object item : list) {
                    writeValue(item, json);
                }
                json.writeEndArray();
            }
            default -> throw new IllegalStateException("No JSON form for " + value.getClass());
        }
    }
}
