package org.spotlight.typing;

import org.spotlight.clickhouse.client.ClickHouseServerInfo;

/**
 * The ClickHouse types an inferred schema may use. Inference picks the most precise type the target server has and
 * falls back to one that keeps every value intact where it lacks it: a loss-free String (ISO text, JSON text) rather
 * than a lossy narrower type.
 *
 * @param bool        {@code Bool} (21.12+); otherwise booleans become {@code UInt8} 0/1
 * @param map         {@code Map(K, V)} (21.1+); otherwise maps are kept as JSON text
 * @param namedTuple  named {@code Tuple(a T, ...)}; otherwise objects are kept as JSON text
 * @param dateTime64  {@code DateTime64(p)} (20.1+); otherwise sub-second times are kept as ISO-8601 text
 * @param date32      {@code Date32} (21.9+); otherwise dates outside 1970..2149 are kept as text
 * @param decimal256  {@code Decimal256}: decimals up to 76 digits rather than 38
 */
public record TargetCapabilities(boolean bool, boolean map, boolean namedTuple, boolean dateTime64, boolean date32, boolean decimal256) {

    /** A current ClickHouse release: every type available. Used when no server is configured. */
    public static final TargetCapabilities MODERN = new TargetCapabilities(true, true, true, true, true, true);

    /** Named tuples cannot be seen in system.data_type_families; they arrived with the Map type's generation. */
    private static final int NAMED_TUPLE_MAJOR = 21;

    public static TargetCapabilities of(final ClickHouseServerInfo server) {
        return new TargetCapabilities(
                server.supportsDataType("Bool"),
                server.supportsDataType("Map"),
                server.version().isAtLeast(NAMED_TUPLE_MAJOR, 1),
                server.supportsDataType("DateTime64"),
                server.supportsDataType("Date32"),
                server.supportsDataType("Decimal256"));
    }

    /** Largest Decimal precision the server can store. */
    public int maxDecimalPrecision() {
        return decimal256 ? 76 : 38;
    }
}
