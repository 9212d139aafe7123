package org.spotlight.nifi.processors.congress;

import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordSchema;
import org.spotlight.congress.legislators.CommitteeAssignment;
import org.spotlight.congress.legislators.CommitteeField;

import java.util.LinkedHashMap;
import java.util.Map;

/** The committee assignment record ({@link CommitteeField}) as a NiFi record schema, and assignments as NiFi records. */
final class CommitteeRecordSchema {

    static final RecordSchema SCHEMA = new SimpleRecordSchema(CommitteeField.all().stream()
            .map(field -> new RecordField(field.fieldName(), TradeRecordSchema.dataType(field.type()), !field.required()))
            .toList());

    private CommitteeRecordSchema() {
    }

    static Record toRecord(final CommitteeAssignment assignment) {
        final Map<String, Object> values = new LinkedHashMap<>();
        for (CommitteeField field : CommitteeField.values()) {
            values.put(field.fieldName(), TradeRecordSchema.toNiFi(field.valueOf(assignment), field.type()));
        }
        return new MapRecord(SCHEMA, values);
    }
}
