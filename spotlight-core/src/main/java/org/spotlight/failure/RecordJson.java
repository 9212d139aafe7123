package org.spotlight.failure;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import java.io.IOException;
import java.time.temporal.Temporal;
import java.util.Date;
import java.util.Map;

/**
 * Renders a failed record as JSON, the form its payload is stored and replayed in, whatever format it was read from.
 * Field order is the record's; dates and times become ISO-8601 text rather than epoch numbers, so that a replayed
 * record reads back with the value it had; bytes become base64.
 */
public final class RecordJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .registerModule(new SimpleModule("spotlight-record-json")
                    .addSerializer(Temporal.class, ToStringSerializer.instance)
                    .addSerializer(Date.class, new DateSerializer()));

    private RecordJson() {
    }

    public static byte[] render(final Map<String, Object> record) {
        try {
            return MAPPER.writeValueAsBytes(record);
        } catch (final JsonProcessingException e) {
            throw new IllegalArgumentException("cannot render the record as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * java.sql.Date and java.sql.Time print as SQL literals (2025-01-14, 10:30:00); timestamps and plain dates as
     * instants in UTC, since NiFi's readers give them as points in time.
     */
    private static final class DateSerializer extends StdSerializer<Date> {
        DateSerializer() {
            super(Date.class);
        }

        @Override
        public void serialize(final Date value, final JsonGenerator generator, final SerializerProvider provider) throws IOException {
            if (value instanceof java.sql.Date || value instanceof java.sql.Time) {
                generator.writeString(value.toString());
            } else {
                generator.writeString(value.toInstant().toString());
            }
        }
    }
}
