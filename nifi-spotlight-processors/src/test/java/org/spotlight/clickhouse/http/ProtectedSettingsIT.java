package org.spotlight.clickhouse.http;

import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.clickhouse.client.ClickHouseException;
import org.spotlight.testing.LocalStack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The settings Spotlight pins in every insert win over what the session around it says, on the local stack's real
 * ClickHouse: a connection whose settings (standing in for a server profile, which the tests cannot change) let
 * ClickHouse skip unparseable rows still gets a loud failure rather than a quiet loss.
 */
class ProtectedSettingsIT {

    private ClickHouseConnection tolerant;
    private String table;

    @BeforeEach
    void setUp() {
        tolerant = new ClickHouseConnection(new ClickHouseConnection.Settings(List.of(LocalStack.clickHouseUrl()),
                LocalStack.clickHouseDatabase(), LocalStack.clickHouseUser(), LocalStack.clickHousePassword(), null, Duration.ofSeconds(5),
                Duration.ofSeconds(30), ClickHouseCompression.AUTO, 2,
                Map.of("input_format_allow_errors_num", "10", "input_format_allow_errors_ratio", "0.5"), "ProtectedSettingsIT"));
        table = ClickHouseIdentifiers.qualified(LocalStack.clickHouseDatabase(), LocalStack.uniqueName("it_pinned"));
        tolerant.execute("CREATE TABLE " + table + " (a UInt8) ENGINE = MergeTree ORDER BY a", Map.of());
    }

    @AfterEach
    void tearDown() {
        tolerant.execute("DROP TABLE IF EXISTS " + table, Map.of());
        tolerant.close();
    }

    @Test
    void aRowClickHouseCannotParseFailsTheInsertWhateverTheSessionAllows() throws Exception {
        final byte[] rows = "{\"a\":1}\n{\"a\":\"x\"}\n{\"a\":3}\n".getBytes(StandardCharsets.UTF_8);

        // Through the bare client, without Spotlight's pins, the session's tolerance drops the bad row in silence...
        tolerant.client().insert(table, List.of(), out -> out.write(rows), ClickHouseFormat.JSONEachRow, new InsertSettings()).get().close();
        assertEquals("2", count(), "one record lost without an error");
        tolerant.execute("TRUNCATE TABLE " + table, Map.of());

        // ... while Spotlight's insert carries input_format_allow_errors_num = 0: the whole insert fails, nothing lands.
        final ClickHouseException e = assertThrows(ClickHouseException.class, () ->
                tolerant.insert(table, List.of(), "JSONEachRow", out -> out.write(rows), Map.of(), null));
        assertEquals(27, e.getErrorCode(), e.getMessage());
        assertEquals("0", count());
    }

    private String count() {
        return tolerant.query("SELECT count() AS c FROM " + table, Map.of()).column("c").getFirst();
    }
}
