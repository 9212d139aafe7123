package org.spotlight.nifi.processors.congress;

import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.type.DecimalDataType;
import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.ddl.ColumnDefinition;
import org.spotlight.clickhouse.ddl.SqlScript;
import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.congress.legislators.CommitteeField;
import org.spotlight.congress.model.TradeField;
import org.spotlight.testing.SharedData;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trade record ({@link TradeField}), FetchCongressTrades' NiFi record schema and the shipped table
 * (clickhouse/congress.sql) stay in step: the same fields in the same order, each column of a type that holds the
 * field's values exactly, Nullable exactly where the record may hold null.
 */
class CongressTableDefinitionTest {

    /** Sorting-key columns cannot be Nullable: they hold '' where the record has null. */
    private static final Set<String> EMPTY_FOR_NULL = Set.of("bioguide_id", "ticker");

    @Test
    void theCommitteeTableHasEveryFieldOfTheAssignmentRecordInOrder() throws Exception {
        final List<ColumnDefinition> columns = SqlScript.read(SharedData.projectRoot().resolve("clickhouse/congress.sql"))
                .tableColumns("spotlight_congress_committee_members").orElseThrow();
        assertEquals(CommitteeField.all().stream().map(CommitteeField::fieldName).toList(), columns.stream().map(ColumnDefinition::name).toList());
        for (int i = 0; i < columns.size(); i++) {
            final CommitteeField field = CommitteeField.values()[i];
            final ClickHouseType type = columns.get(i).type();
            assertEquals(!field.required(), type.isNullable(), field + " " + type);
            assertEquals(CommitteeRecordSchema.SCHEMA.getField(field.fieldName()).orElseThrow().isNullable(), !field.required());
            final String base = type.base().family();
            switch (field.type()) {
                case STRING -> assertEquals("String", base, field.toString());
                case INT -> assertTrue(base.matches("U?Int(8|16|32|64)"), field.toString());
                case TIMESTAMP -> assertEquals("DateTime('UTC')", type.base().toString(), field.toString());
                default -> throw new AssertionError("no column type checked for " + field.type());
            }
        }
    }

    @Test
    void theTableHasEveryFieldOfTheRecordInOrderWithATypeThatHoldsIt() throws Exception {
        final List<ColumnDefinition> columns = SqlScript.read(SharedData.projectRoot().resolve("clickhouse/congress.sql"))
                .tableColumns("spotlight_congress_trades").orElseThrow();
        assertEquals(TradeField.all().stream().map(TradeField::fieldName).toList(), columns.stream().map(ColumnDefinition::name).toList());
        final Map<String, RecordField> schema = new LinkedHashMap<>();
        TradeRecordSchema.SCHEMA.getFields().forEach(field -> schema.put(field.getFieldName(), field));
        assertEquals(TradeField.all().stream().map(TradeField::fieldName).toList(), List.copyOf(schema.keySet()));
        for (int i = 0; i < columns.size(); i++) {
            final TradeField field = TradeField.values()[i];
            final ClickHouseType type = columns.get(i).type();
            final RecordField recordField = schema.get(field.fieldName());
            final String what = field.fieldName() + " " + type;
            assertEquals(recordField.isNullable() && !EMPTY_FOR_NULL.contains(field.fieldName()) && field.type() != TradeField.Type.STRING_ARRAY,
                    type.isNullable(), what + ": Nullable exactly where the record may be null");
            final ClickHouseType base = type.base();
            switch (field.type()) {
                case STRING -> assertEquals("String", base.family(), what);
                case BOOLEAN -> assertEquals("UInt8", base.family(), what + ": 0/1 (18.16 has no Bool)");
                case INT -> assertTrue(base.family().matches("U?Int(8|16|32|64)"), what);
                case DECIMAL, NUMBER -> {
                    final DecimalDataType decimal = (DecimalDataType) recordField.getDataType();
                    assertEquals("Decimal(" + decimal.getPrecision() + ", " + decimal.getScale() + ")", base.toString(), what);
                }
                case DATE -> assertEquals("Date", base.family(), what);
                case TIMESTAMP -> assertEquals("DateTime('UTC')", base.toString(), what);
                case STRING_ARRAY -> assertEquals("Array(String)", type.toString(), what);
            }
            final DataType dataType = recordField.getDataType();
            if (field.type() == TradeField.Type.STRING_ARRAY) {
                assertEquals(RecordFieldType.ARRAY, dataType.getFieldType());
            }
        }
    }
}
