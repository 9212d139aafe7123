package org.spotlight.clickhouse.ddl;

import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.clickhouse.types.ClickHouseColumn;
import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.nifi.service.clickhouse.StandardClickHouseConnectionService;
import org.spotlight.testing.LocalServices;
import org.spotlight.testing.LocalStack;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Table changes against the real server, in each server's own dialect. */
class TableCatalogIT {

    private StandardClickHouseConnectionService clickHouse;
    private String table;

    @BeforeEach
    void setUp() throws Exception {
        clickHouse = LocalServices.clickHouse(TestRunners.newTestRunner(NoOpProcessor.class), "clickhouse");
        table = LocalStack.uniqueName("it_catalog");
        clickHouse.execute("CREATE TABLE " + ClickHouseIdentifiers.quote(table) + " (id UInt64) ENGINE = MergeTree ORDER BY id", Map.of());
    }

    @AfterEach
    void tearDown() {
        clickHouse.execute("DROP TABLE IF EXISTS " + ClickHouseIdentifiers.quote(table), Map.of());
    }

    @Test
    void aColumnAnotherWriterAddedMeanwhileIsNotAnError() {
        final TableCatalog catalog = new TableCatalog(clickHouse, Duration.ofMinutes(1), Clock.systemUTC());
        // Another writer (a second NiFi node, say) added the column between this writer's look at the table and its ALTER.
        clickHouse.execute("ALTER TABLE " + ClickHouseIdentifiers.quote(table) + " ADD COLUMN owner Nullable(String)", Map.of());

        final TableCatalog.Table after = catalog.addColumns(LocalStack.clickHouseDatabase(), table, List.of(
                new ColumnDefinition("owner", ClickHouseType.parse("Nullable(String)")),
                new ColumnDefinition("amount", ClickHouseType.parse("Nullable(Int64)"))));

        assertEquals(List.of("id", "owner", "amount"), after.columns().stream().map(ClickHouseColumn::name).toList());
    }
}
