package org.spotlight.clickhouse;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * ClickHouse settings that Spotlight's guarantees rest on (every record a row or a stored failure, nothing silently
 * changed, a retried insert not stored twice, an acknowledged insert stored), and which a dynamic property of the
 * connection service or of a processor must therefore not set. Those that have a safe value are pinned in every insert
 * Spotlight sends, so that a server's profile cannot change them either; the others each insert sets as its component
 * decides (Async Insert, Deduplicate Retries ...).
 */
public final class ProtectedSettings {

    /** Why each setting is Spotlight's, by name. */
    private static final Map<String, String> REASONS = new LinkedHashMap<>();
    /** The value each insert carries, for the settings that have one whatever the component. */
    private static final Map<String, Object> PINNED = new LinkedHashMap<>();

    static {
        pinned("input_format_allow_errors_num", 0, "it lets ClickHouse skip rows it cannot parse without an error, so records would "
                + "vanish instead of failing");
        pinned("input_format_allow_errors_ratio", 0, "it lets ClickHouse skip rows it cannot parse without an error, so records would "
                + "vanish instead of failing");
        // Spotlight's inserts name their columns and send no others: refused as a property, it needs no pin.
        set("input_format_skip_unknown_fields", "it lets ClickHouse drop fields it has no column for without an error");
        set("async_insert", "Spotlight decides it per insert (PutClickHouseBatch's Async Insert; the failure store always inserts "
                + "synchronously)");
        set("wait_for_async_insert", "an asynchronous insert that is not waited for is acknowledged before it is stored");
        set("async_insert_deduplicate", "it is what keeps a retried asynchronous insert from being stored twice (Deduplicate Retries)");
        set("insert_deduplicate", "it is what keeps a retried insert from being stored twice (Deduplicate Retries)");
        set("insert_deduplication_token", "each insert carries its own token, derived from its batch, so that a retry is recognised");
        set("input_format_defaults_for_omitted_fields", "PutClickHouseBatch sets it so that a field a record lacks takes the column's "
                + "DEFAULT expression");
        set("send_progress_in_http_headers", "an answer that starts before an insert has ended can report success for an insert that "
                + "then fails");
    }

    private ProtectedSettings() {
    }

    private static void set(final String name, final String reason) {
        REASONS.put(name, reason);
    }

    private static void pinned(final String name, final Object value, final String reason) {
        REASONS.put(name, reason);
        PINNED.put(name, value);
    }

    /** Why a setting may not be configured, or empty when it may. ClickHouse matches setting names exactly; so does this. */
    public static Optional<String> whyProtected(final String name) {
        final String reason = REASONS.get(name);
        if (reason == null) {
            // A different spelling is not the same setting to ClickHouse, but is most likely meant to be.
            final String lower = name.toLowerCase(Locale.ROOT);
            return REASONS.entrySet().stream().filter(entry -> entry.getKey().equals(lower)).findFirst()
                    .map(entry -> "'" + name + "' looks like '" + entry.getKey() + "', which Spotlight sets itself: " + entry.getValue());
        }
        return Optional.of("'" + name + "' is set by Spotlight, not by a dynamic property: " + reason);
    }

    /** The settings every insert Spotlight sends carries, on top of what its component decides. */
    public static Map<String, Object> pinned() {
        return Map.copyOf(PINNED);
    }

    /** Every protected setting, for documentation and messages. */
    public static Map<String, String> all() {
        return Map.copyOf(REASONS);
    }
}
