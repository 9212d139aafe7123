package org.spotlight.nifi.processors.congress;

import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.spotlight.congress.model.TradeField;
import org.spotlight.congress.model.TradeRecord;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The trade record schema ({@link TradeField}) as a NiFi record schema, and trade records as NiFi records. */
final class TradeRecordSchema {

    /** Dollars with cents; 16 digits hold any disclosed amount. */
    static final int AMOUNT_PRECISION = 16;
    static final int AMOUNT_SCALE = 2;
    /** Strike prices and quantities: up to four decimals (fractional shares, strikes such as 33.3333). */
    static final int NUMBER_PRECISION = 18;
    static final int NUMBER_SCALE = 4;

    static final RecordSchema SCHEMA = new SimpleRecordSchema(TradeField.all().stream()
            .map(field -> new RecordField(field.fieldName(), dataType(field.type()), !isRequired(field)))
            .toList());

    private TradeRecordSchema() {
    }

    static Record toRecord(final TradeRecord trade) {
        final Map<String, Object> values = new LinkedHashMap<>();
        for (TradeField field : TradeField.values()) {
            values.put(field.fieldName(), toNiFi(field.valueOf(trade), field.type()));
        }
        return new MapRecord(SCHEMA, values);
    }

    static Object toNiFi(final Object value, final TradeField.Type type) {
        return switch (value) {
            case LocalDate date -> Date.valueOf(date);
            case Instant instant -> Timestamp.from(instant);
            case BigDecimal number -> number.setScale(type == TradeField.Type.NUMBER ? NUMBER_SCALE : AMOUNT_SCALE, RoundingMode.UNNECESSARY);
            case List<?> list -> list.toArray();
            case null, default -> value;
        };
    }

    static DataType dataType(final TradeField.Type type) {
        return switch (type) {
            case STRING -> RecordFieldType.STRING.getDataType();
            case BOOLEAN -> RecordFieldType.BOOLEAN.getDataType();
            case INT -> RecordFieldType.INT.getDataType();
            case DECIMAL -> RecordFieldType.DECIMAL.getDecimalDataType(AMOUNT_PRECISION, AMOUNT_SCALE);
            case NUMBER -> RecordFieldType.DECIMAL.getDecimalDataType(NUMBER_PRECISION, NUMBER_SCALE);
            case DATE -> RecordFieldType.DATE.getDataType();
            case TIMESTAMP -> RecordFieldType.TIMESTAMP.getDataType();
            case STRING_ARRAY -> RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.STRING.getDataType());
        };
    }

    /** Fields every record has, scanned or not. */
    private static boolean isRequired(final TradeField field) {
        return switch (field) {
            case TRADE_KEY, CHAMBER, SOURCE, FILING_ID, IS_AMENDMENT, ROW_NUMBER, SCANNED, PARSE_WARNINGS, FETCHED_AT -> true;
            default -> false;
        };
    }
}
