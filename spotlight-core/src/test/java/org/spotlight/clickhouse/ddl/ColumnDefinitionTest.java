package org.spotlight.clickhouse.ddl;

import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.types.ClickHouseType;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColumnDefinitionTest {

    @Test
    void aColumnListReadsBackAsItIsWritten() {
        final List<ColumnDefinition> columns = List.of(
                new ColumnDefinition("id", ClickHouseType.of("Int64")),
                new ColumnDefinition("Transaction Date", ClickHouseType.parse("Nullable(Date)")),
                new ColumnDefinition("amount", ClickHouseType.parse("Nullable(Decimal(16, 2))")),
                new ColumnDefinition("odd `name`, \\ here", ClickHouseType.parse("Map(String, Array(Nullable(String)))")),
                new ColumnDefinition("kind", ClickHouseType.parse("Enum8('a, (b' = 1, 'it''s' = 2)")));
        final String ddl = String.join(", ", columns.stream().map(ColumnDefinition::toSql).toList());

        assertEquals(columns, ColumnDefinition.parseList(ddl));
        assertEquals(columns.subList(0, 1), ColumnDefinition.parseList("  `id`   Int64  "));
        assertEquals(List.of(), ColumnDefinition.parseList(""));
    }

    @Test
    void anythingElseIsRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ColumnDefinition.parseList("id Int64"))
                .getMessage().contains("does not start with a back-quoted name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ColumnDefinition.parseList("`id` Int64, `name"))
                .getMessage().contains("is not closed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ColumnDefinition.parseList("`id`, `b` String"))
                .getMessage().contains("has no type"));
    }
}
