package org.spotlight.testing;

import org.spotlight.nifi.services.clickhouse.ClickHouseConnectionService;

import java.util.Map;

/**
 * Query settings under which every server the tests run against prints values the same way, so that one expected text
 * serves 18.16 and 26.x: since 21.9 servers print Decimals without trailing zeros (10.5 for 10.50) unless
 * output_format_decimal_trailing_zeros is set; 18.16 always prints them and has no such setting.
 */
public final class ClickHouseOutput {

    private ClickHouseOutput() {
    }

    public static Map<String, Object> settings(final ClickHouseConnectionService clickHouse) {
        return clickHouse.query("SELECT name FROM system.settings WHERE name = 'output_format_decimal_trailing_zeros'", Map.of()).rows().isEmpty()
                ? Map.of() : Map.of("output_format_decimal_trailing_zeros", 1);
    }
}
