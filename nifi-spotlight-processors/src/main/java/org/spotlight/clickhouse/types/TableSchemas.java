package org.spotlight.clickhouse.types;

import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.clickhouse.client.ClickHouseClient;
import org.spotlight.clickhouse.client.ClickHouseQueryResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a table's real columns from system.columns. */
public final class TableSchemas {

    private TableSchemas() {
    }

    /**
     * @return the columns in table order, or empty when the table does not exist
     */
    public static Optional<List<ClickHouseColumn>> columns(final ClickHouseClient clickHouse, final String database, final String table) {
        // SELECT * because system.columns gained `position` only after 18.16; rows come in table order on older servers.
        final ClickHouseQueryResult result = clickHouse.query("SELECT * FROM system.columns WHERE database = "
                + ClickHouseIdentifiers.literal(database) + " AND table = " + ClickHouseIdentifiers.literal(table), Map.of());
        if (result.isEmpty()) {
            return Optional.empty();
        }
        final boolean hasPosition = result.columnNames().contains("position");
        final List<ClickHouseColumn> columns = new ArrayList<>(result.rows().size());
        final List<Integer> positions = new ArrayList<>();
        for (List<String> row : result.rows()) {
            columns.add(new ClickHouseColumn(
                    row.get(result.columnIndex("name")),
                    ClickHouseType.parse(row.get(result.columnIndex("type"))),
                    row.get(result.columnIndex("default_kind")),
                    row.get(result.columnIndex("default_expression"))));
            positions.add(hasPosition ? Integer.parseInt(row.get(result.columnIndex("position"))) : positions.size());
        }
        final List<Integer> order = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(positions::get));
        return Optional.of(order.stream().map(columns::get).toList());
    }
}
