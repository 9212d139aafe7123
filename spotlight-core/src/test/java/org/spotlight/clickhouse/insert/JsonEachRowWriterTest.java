package org.spotlight.clickhouse.insert;

import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.clickhouse.types.ValueCaster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonEachRowWriterTest {

    @Test
    void writesOneObjectPerRowInTheTextTheServerReads() throws IOException {
        final List<String> names = List.of("id", "big", "price", "ratio", "flag", "day", "at", "at_ms", "tags", "pair", "attrs", "gone", "note");
        final List<String> typeNames = List.of("UInt32", "UInt64", "Decimal(18, 2)", "Float64", "Bool", "Date", "DateTime", "DateTime64(3, 'UTC')",
                "Array(Nullable(String))", "Tuple(String, Int8)", "Map(String, Int32)", "Int64", "Nullable(String)");
        final List<ClickHouseType> types = typeNames.stream().map(ClickHouseType::parse).toList();
        final ValueCaster caster = new ValueCaster(ZoneId.of("America/New_York"));
        final List<Object> raw = Arrays.asList(7, "18446744073709551615", "1001.5", "1e-3", true, "2025-01-14", "2025-01-14T15:30:00Z",
                "2025-01-14T15:30:00.123Z", Arrays.asList("a", null), List.of("x", 1), Map.of("k", 2), RowWriter.DEFAULT, null);
        final Object[] row = new Object[raw.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = raw.get(i) == null || raw.get(i) == RowWriter.DEFAULT ? raw.get(i) : caster.cast(raw.get(i), types.get(i));
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final JsonEachRowWriter writer = new JsonEachRowWriter(names, types, ZoneId.of("America/New_York"), out);

        writer.write(row);
        writer.write(row);
        writer.finish();

        final String line = "{\"id\":7,\"big\":18446744073709551615,\"price\":1001.50,\"ratio\":0.001,\"flag\":true,\"day\":\"2025-01-14\","
                + "\"at\":\"2025-01-14 10:30:00\",\"at_ms\":\"2025-01-14 15:30:00.123\",\"tags\":[\"a\",null],\"pair\":[\"x\",1],"
                + "\"attrs\":{\"k\":2},\"note\":null}\n";
        assertEquals(line + line, out.toString(StandardCharsets.UTF_8));
        assertEquals(out.size(), writer.bytesWritten());
    }

    @Test
    void writesAUInt64GivenAsALongLikeTheCastersBigInteger() throws IOException {
        final ClickHouseType uint64 = ClickHouseType.parse("UInt64");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final JsonEachRowWriter writer = new JsonEachRowWriter(List.of("n"), List.of(uint64), ZoneId.of("UTC"), out);

        writer.write(new Object[]{Long.MAX_VALUE});
        writer.write(new Object[]{ValueCaster.utc().cast(Long.MAX_VALUE, uint64)});
        writer.finish();

        assertEquals("{\"n\":9223372036854775807}\n{\"n\":9223372036854775807}\n", out.toString(StandardCharsets.UTF_8));
    }
}
