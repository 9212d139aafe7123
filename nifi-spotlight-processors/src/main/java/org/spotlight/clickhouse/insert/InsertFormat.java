package org.spotlight.clickhouse.insert;

import org.spotlight.nifi.DescribedEnum;
import org.spotlight.clickhouse.types.ClickHouseColumn;
import org.spotlight.clickhouse.client.ClickHouseCapability;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;

import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneId;
import java.util.List;

/** The input formats Spotlight streams inserts in, fastest first. */
public enum InsertFormat {

    /** Binary rows with a per-value flag for "use the column default" (modern servers). */
    ROW_BINARY_WITH_DEFAULTS("RowBinaryWithDefaults"),
    /** Binary rows; absent values are handled by leaving their columns out of the insert. */
    ROW_BINARY("RowBinary"),
    /** One JSON object per line: portable, and the server parses it. */
    JSON_EACH_ROW("JSONEachRow");

    /** What the flow designer asked for. */
    public enum Preference implements DescribedEnum {
        AUTOMATIC("Automatic", "RowBinaryWithDefaults where the server has it, else RowBinary, else JSONEachRow."),
        BINARY("RowBinary", "Binary rows (RowBinaryWithDefaults where the server has it); fails on servers without RowBinary."),
        JSON("JSONEachRow", "One JSON object per row: slower, but the server parses it, which some proxies require.");

        private final Description describedAs;

        Preference(final String displayName, final String description) {
            this.describedAs = new Description(displayName, description);
        }

        @Override
        public Description describedAs() {
            return describedAs;
        }
    }

    private final String formatName;

    InsertFormat(final String formatName) {
        this.formatName = formatName;
    }

    /** The format's name in ClickHouse, e.g. {@code RowBinary}. */
    public String formatName() {
        return formatName;
    }

    /**
     * @throws IllegalStateException when binary rows were asked for and the server has no RowBinary
     */
    public static InsertFormat choose(final Preference preference, final ClickHouseServerInfo server) {
        if (preference == Preference.JSON) {
            return JSON_EACH_ROW;
        }
        if (server.supports(ClickHouseCapability.ROW_BINARY_WITH_DEFAULTS)) {
            return ROW_BINARY_WITH_DEFAULTS;
        }
        if (server.supports(ClickHouseCapability.ROW_BINARY)) {
            return ROW_BINARY;
        }
        if (preference == Preference.BINARY) {
            throw new IllegalStateException("ClickHouse " + server.version() + " has no RowBinary input format");
        }
        return JSON_EACH_ROW;
    }

    /**
     * Whether the server can fill a column default for single rows of an insert that lists the column. Where it
     * cannot, rows that leave a column to its default are inserted separately, without that column.
     */
    public boolean fillsDefaultsPerRow(final ClickHouseServerInfo server) {
        return switch (this) {
            case ROW_BINARY_WITH_DEFAULTS -> true;
            case ROW_BINARY -> false;
            case JSON_EACH_ROW -> server.supports(ClickHouseCapability.DEFAULTS_FOR_OMITTED_FIELDS);
        };
    }

    RowWriter open(final List<ClickHouseColumn> columns, final ZoneId serverZone, final OutputStream out) throws IOException {
        return switch (this) {
            case ROW_BINARY_WITH_DEFAULTS -> new RowBinaryRowWriter(columns.stream().map(ClickHouseColumn::type).toList(), true, out);
            case ROW_BINARY -> new RowBinaryRowWriter(columns.stream().map(ClickHouseColumn::type).toList(), false, out);
            case JSON_EACH_ROW -> new JsonEachRowWriter(columns.stream().map(ClickHouseColumn::name).toList(),
                    columns.stream().map(ClickHouseColumn::type).toList(), serverZone, out);
        };
    }
}
