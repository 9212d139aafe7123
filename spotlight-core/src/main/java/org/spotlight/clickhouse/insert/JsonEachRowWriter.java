package org.spotlight.clickhouse.insert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.spotlight.clickhouse.types.ClickHouseType;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * JSONEachRow: the portable text format, for servers (or settings) without RowBinary. Values the server would read in
 * a zone (DateTime) are written as wall-clock text in the column's zone, or the server's when the column has none.
 * A {@link RowWriter#DEFAULT} value is left out of the object.
 */
final class JsonEachRowWriter implements RowWriter {

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    @FunctionalInterface
    private interface JsonEncoder {
        void encode(Object value, JsonGenerator json) throws IOException;
    }

    private final JsonGenerator json;
    private final String[] names;
    private final JsonEncoder[] encoders;
    private final CountingOutputStream counter;

    JsonEachRowWriter(final List<String> columnNames, final List<ClickHouseType> types, final ZoneId serverZone,
                      final OutputStream stream) throws IOException {
        this.counter = new CountingOutputStream(stream);
        this.json = JSON.createGenerator(counter);
        this.json.setRootValueSeparator(null);
        this.names = columnNames.toArray(String[]::new);
        this.encoders = types.stream().map(type -> encoder(type, serverZone)).toArray(JsonEncoder[]::new);
    }

    @Override
    public void write(final Object[] row) throws IOException {
        json.writeStartObject();
        for (int i = 0; i < encoders.length; i++) {
            if (row[i] != DEFAULT) {
                json.writeFieldName(names[i]);
                encoders[i].encode(row[i], json);
            }
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    @Override
    public void finish() throws IOException {
        json.flush();
    }

    @Override
    public boolean abandon() throws IOException {
        json.flush();
        // An object opened and never closed.
        counter.write('{');
        counter.flush();
        return true;
    }

    @Override
    public long bytesWritten() {
        return counter.count() + json.getOutputBuffered();
    }

    private static JsonEncoder encoder(final ClickHouseType type, final ZoneId serverZone) {
        final JsonEncoder inner = switch (type.base().family()) {
            case "Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32" -> (value, json) -> json.writeNumber((Long) value);
            case "UInt64" -> (value, json) -> {
                // A Long from ColumnConverter's fast path, or the caster's BigInteger.
                if (value instanceof Long number) {
                    json.writeNumber(number);
                } else {
                    json.writeNumber((BigInteger) value);
                }
            };
            case "Int128", "UInt128", "Int256", "UInt256" -> (value, json) -> json.writeNumber((BigInteger) value);
            case "Float32", "Float64" -> JsonEachRowWriter::writeFloat;
            case "Decimal", "Decimal32", "Decimal64", "Decimal128", "Decimal256" ->
                    (value, json) -> json.writeNumber(((BigDecimal) value).toPlainString());
            case "Bool", "Boolean" -> (value, json) -> json.writeBoolean((Boolean) value);
            case "UUID" -> (value, json) -> json.writeString(((UUID) value).toString());
            case "Date", "Date32" -> (value, json) -> json.writeString(((LocalDate) value).toString());
            case "DateTime" -> dateTime(zoneOf(type.base().stringParameter(0, null), serverZone), 0);
            case "DateTime64" -> dateTime(zoneOf(type.base().stringParameter(1, null), serverZone), type.base().intParameter(0));
            case "Array", "Tuple" -> list(type.base(), serverZone);
            case "Map" -> map(encoder(type.base().argument(1), serverZone));
            default -> (value, json) -> json.writeString((String) value);
        };
        return (value, json) -> {
            if (value == null) {
                json.writeNull();
            } else {
                inner.encode(value, json);
            }
        };
    }

    private static void writeFloat(final Object value, final JsonGenerator json) throws IOException {
        final double number = (Double) value;
        if (Double.isNaN(number)) {
            json.writeRawValue("nan");
        } else if (Double.isInfinite(number)) {
            json.writeRawValue(number > 0 ? "inf" : "-inf");
        } else {
            json.writeNumber(number);
        }
    }

    private static ZoneId zoneOf(final String zone, final ZoneId serverZone) {
        return zone == null ? serverZone : ZoneId.of(zone);
    }

    private static JsonEncoder dateTime(final ZoneId zone, final int precision) {
        final DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss");
        if (precision > 0) {
            builder.appendFraction(ChronoField.NANO_OF_SECOND, precision, precision, true);
        }
        final DateTimeFormatter format = builder.toFormatter().withZone(zone);
        return (value, json) -> json.writeString(format.format((Instant) value));
    }

    private static JsonEncoder list(final ClickHouseType type, final ZoneId serverZone) {
        final boolean isArray = type.is("Array");
        final List<JsonEncoder> members = isArray ? List.of() : type.arguments().stream()
                .map(member -> encoder(member, serverZone)).toList();
        final JsonEncoder element = isArray ? encoder(type.argument(0), serverZone) : null;
        return (value, json) -> {
            final List<?> values = (List<?>) value;
            json.writeStartArray();
            for (int i = 0; i < values.size(); i++) {
                (isArray ? element : members.get(i)).encode(values.get(i), json);
            }
            json.writeEndArray();
        };
    }

    private static JsonEncoder map(final JsonEncoder valueEncoder) {
        return (value, json) -> {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                valueEncoder.encode(entry.getValue(), json);
            }
            json.writeEndObject();
        };
    }
}
