package org.spotlight.clickhouse.http;

/** How the HTTP traffic between NiFi and ClickHouse is compressed. */
public enum ClickHouseCompression {

    AUTO("Automatic", "ClickHouse's native LZ4 compression when the server handles it correctly (probed when the service is enabled), none otherwise"),
    LZ4("LZ4", "ClickHouse's native LZ4 compression of requests and responses; enabling fails if the server cannot decompress it"),
    NONE("None", "No compression: the choice for servers older than 19.x and for loopback connections");

    private final String displayName;
    private final String description;

    ClickHouseCompression(final String displayName, final String description) {
        this.displayName = displayName;
        this.description = description;
    }

    public String displayName() {
        return displayName;
    }

    public String description() {
        return description;
    }
}
