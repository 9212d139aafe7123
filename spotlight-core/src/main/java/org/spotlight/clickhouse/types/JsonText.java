package org.spotlight.clickhouse.types;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import java.time.temporal.Temporal;

/** Renders nested values (maps, lists) as JSON text, for String columns that keep objects as JSON. */
public final class JsonText {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule("spotlight-temporal-as-text").addSerializer(Temporal.class, ToStringSerializer.instance));

    private JsonText() {
    }

    public static String of(final Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (final JsonProcessingException e) {
            throw new IllegalArgumentException("cannot render as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
