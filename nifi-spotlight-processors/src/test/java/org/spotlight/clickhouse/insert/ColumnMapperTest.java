package org.spotlight.clickhouse.insert;

import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.TargetTable;
import org.spotlight.clickhouse.ddl.ColumnDefinition;
import org.spotlight.clickhouse.ddl.SourceField;
import org.spotlight.clickhouse.ddl.TableCatalog;
import org.spotlight.clickhouse.types.ClickHouseColumn;
import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.typing.CastFailure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fields to columns, without NiFi: mapping, unmatched fields, additions and the Max Columns bound. */
class ColumnMapperTest {

    private static final TargetTable TRADES = new TargetTable("spotlight", "trades");
    /** id and amount to fill, a MATERIALIZED column that is never inserted. */
    private static final TableCatalog.Table TABLE = new TableCatalog.Table("spotlight", "trades", List.of(
            new ClickHouseColumn("id", ClickHouseType.of("Int64"), "", ""),
            new ClickHouseColumn("amount", ClickHouseType.of("Float64"), "", ""),
            new ClickHouseColumn("year", ClickHouseType.of("UInt16"), "MATERIALIZED", "toYear(now())")), "MergeTree", "MergeTree ORDER BY id");

    private static List<SourceField> fields(final String... names) {
        return java.util.Arrays.stream(names).map(name -> new SourceField(name, ClickHouseType.of("String"), true)).toList();
    }

    private static Map<String, String> mapped(final String... fieldColumnPairs) {
        final Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < fieldColumnPairs.length; i += 2) {
            map.put(fieldColumnPairs[i], fieldColumnPairs[i + 1]);
        }
        return map;
    }

    @Test
    void mapsFieldsToColumnsOfTheirOwnOrMappedNameAndLeavesOthersOut() {
        final ColumnMapper mapper = new ColumnMapper(mapped("Amt", "amount"), false, false, Integer.MAX_VALUE);
        final ColumnMapper.Mapping mapping = mapper.map(TRADES, TABLE, fields("id", "Amt", "year", "note"));
        assertNull(mapping.rejection());
        assertEquals(Map.of("id", "id", "amount", "Amt"), mapping.fieldByColumn(), "MATERIALIZED columns and unknown fields are left out");
    }

    @Test
    void unmatchedFieldsRejectTheSourceWhenConfigured() {
        final ColumnMapper.Mapping mapping = new ColumnMapper(Map.of(), true, false, Integer.MAX_VALUE).map(TRADES, TABLE, fields("id", "note"));
        assertEquals(new ColumnMapper.Rejection(ColumnMapper.UNMATCHED_FIELDS, "Fields [note] have no column in `spotlight`.`trades`"),
                mapping.rejection());
    }

    @Test
    void everyColumnFeedsInsertableColumnsFromMappedOrSameNamedFields() {
        final ColumnMapper mapper = new ColumnMapper(mapped("Amt", "amount", "id", "other"), false, false, Integer.MAX_VALUE);
        assertEquals(List.of(Map.entry("amount", "Amt")), List.copyOf(mapper.everyColumn(TABLE).entrySet()),
                "id is mapped away to a column the table lacks, so no field feeds the id column");
        assertEquals(Map.of("id", "id", "amount", "amount"), new ColumnMapper(Map.of(), false, false, 10).everyColumn(TABLE));
    }

    @Test
    void additionsAreNullableColumnsForNewSafeNamesOnce() {
        final ColumnMapper mapper = new ColumnMapper(Map.of(), false, true, Integer.MAX_VALUE);
        final List<ColumnDefinition> additions = mapper.additions(TABLE, List.of(fields("id", "note", "bad`name"), fields("note", "ticker")));
        assertEquals(List.of("note Nullable(String)", "ticker Nullable(String)"),
                additions.stream().map(column -> column.name() + " " + column.type()).toList());
        final ColumnMapper.Mapping unsafe = mapper.map(TRADES, TABLE, fields("id", "bad`name"));
        assertEquals(ColumnMapper.INVALID_TARGET, unsafe.rejection().code());
        assertTrue(unsafe.rejection().message().startsWith("Cannot add columns for these fields: "), unsafe.rejection().message());
        assertTrue(new ColumnMapper(Map.of(), false, false, 10).additions(TABLE, List.of(fields("note"))).isEmpty(), "only when configured");
    }

    @Test
    void theBudgetAdmitsSourcesInOrderUntilMaxColumns() {
        final ColumnMapper mapper = new ColumnMapper(Map.of(), false, true, 4);
        final ColumnMapper.ColumnBudget budget = mapper.budget(Set.of("id", "amount"));
        assertEquals(Optional.empty(), budget.admit(TRADES, fields("id", "note")));
        final Optional<ColumnMapper.Rejection> tooMany = budget.admit(TRADES, fields("a", "b"));
        assertEquals(new ColumnMapper.Rejection(ColumnMapper.TOO_MANY_COLUMNS,
                "The FlowFile's fields would give `spotlight`.`trades` 5 columns, more than Max Columns (4)"), tooMany.orElseThrow());
        assertEquals(Optional.empty(), budget.admit(TRADES, fields("ticker")), "a rejected source takes no room");
        assertEquals(CastFailure.Code.TOO_MANY_COLUMNS.name(), ColumnMapper.TOO_MANY_COLUMNS, "the code InferSchemaAndCast gives the same bound");
    }

    @Test
    void unsafeNamesNameAtMostFive() {
        final ColumnMapper mapper = new ColumnMapper(Map.of(), false, false, 10);
        assertEquals(Optional.empty(), mapper.unsafeNames(TRADES, fields("id", "Doc Id")));
        final ColumnMapper.Rejection rejection = mapper.unsafeNames(TRADES, fields("a`", "b`", "c`", "d`", "e`", "f`", "g`")).orElseThrow();
        assertEquals(ColumnMapper.INVALID_TARGET, rejection.code());
        assertEquals(5, rejection.message().split("; ").length, rejection.message());
    }
}
