package org.spotlight.clickhouse.insert;

import org.spotlight.clickhouse.client.ClickHouseCapability;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings sent with every insert of a batch: the user's own (already checked not to touch the protected ones),
 * and the ones Spotlight's guarantees rest on, pinned explicitly because servers change their defaults (26.x turned
 * async_insert on).
 */
public final class InsertSettings {

    private InsertSettings() {
    }

    /**
     * @param configured    the user's settings (dynamic properties)
     * @param asyncInsert   whether the server is to buffer inserts (then it waits for them to be stored)
     * @param deduplication how retries of this table are kept from landing twice
     * @param format        the format rows are sent in
     */
    public static Map<String, Object> of(final Map<String, String> configured, final ClickHouseServerInfo server, final boolean asyncInsert,
                                         final Deduplication deduplication, final InsertFormat format) {
        final Map<String, Object> settings = new LinkedHashMap<>(configured);
        if (server.supports(ClickHouseCapability.ASYNC_INSERT)) {
            settings.put("async_insert", asyncInsert ? 1 : 0);
            if (asyncInsert) {
                settings.put("wait_for_async_insert", 1);
                if (deduplication != Deduplication.NONE) {
                    settings.put("async_insert_deduplicate", 1);
                }
            }
        }
        if (deduplication != Deduplication.NONE) {
            settings.put("insert_deduplicate", 1);
        }
        if (format == InsertFormat.JSON_EACH_ROW && server.supports(ClickHouseCapability.DEFAULTS_FOR_OMITTED_FIELDS)) {
            settings.put("input_format_defaults_for_omitted_fields", 1);
        }
        return settings;
    }
}
