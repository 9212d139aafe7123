package org.spotlight.clickhouse.client;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a ClickHouse server is and can do, detected once when the connection service is enabled.
 *
 * @param version         the server version
 * @param timezone        the server time zone, used to interpret DateTime values without an explicit zone
 * @param capabilities    detected features
 * @param dataTypes       type families the server knows (system.data_type_families), case as the server reports them
 * @param storagePolicies storage policy names (empty on servers that predate storage policies)
 */
public record ClickHouseServerInfo(ClickHouseVersion version, String timezone, Set<ClickHouseCapability> capabilities,
                                   Set<String> dataTypes, List<String> storagePolicies) {

    public ClickHouseServerInfo {
        Objects.requireNonNull(version, "version");
        capabilities = Collections.unmodifiableSet(capabilities.isEmpty()
                ? java.util.EnumSet.noneOf(ClickHouseCapability.class) : java.util.EnumSet.copyOf(capabilities));
        final Set<String> types = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        types.addAll(dataTypes);
        dataTypes = Collections.unmodifiableSet(types);
        storagePolicies = List.copyOf(storagePolicies);
    }

    public boolean supports(final ClickHouseCapability capability) {
        return capabilities.contains(capability);
    }

    /**
     * @param typeFamily a type family such as {@code Date32}, {@code LowCardinality} or {@code Map}; case-insensitive
     */
    public boolean supportsDataType(final String typeFamily) {
        return dataTypes.contains(typeFamily.toLowerCase(Locale.ROOT)) || dataTypes.contains(typeFamily);
    }

    /** A one-line summary for logs, attributes and the UI's verification results. */
    public String summary() {
        return "ClickHouse " + version + " (time zone " + timezone + "), capabilities " + capabilities;
    }
}
