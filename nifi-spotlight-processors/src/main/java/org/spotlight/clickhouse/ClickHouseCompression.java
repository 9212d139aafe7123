package org.spotlight.clickhouse;

import org.spotlight.nifi.DescribedEnum;

/** How the HTTP traffic between NiFi and ClickHouse is compressed. */
public enum ClickHouseCompression implements DescribedEnum {

    AUTO("Automatic", "ClickHouse's native LZ4 compression when the server handles it correctly (probed when the service is enabled), none otherwise"),
    LZ4("LZ4", "ClickHouse's native LZ4 compression of requests and responses; enabling fails if the server cannot decompress it"),
    NONE("None", "No compression: the choice for servers older than 19.x and for loopback connections");

    private final Description describedAs;

    ClickHouseCompression(final String displayName, final String description) {
        this.describedAs = new Description(displayName, description);
    }

    @Override
    public Description describedAs() {
        return describedAs;
    }
}
