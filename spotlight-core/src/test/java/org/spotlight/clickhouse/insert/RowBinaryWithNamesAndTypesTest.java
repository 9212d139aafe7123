package org.spotlight.clickhouse.insert;

import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.insert.RowBinaryWithNamesAndTypes.MalformedException;
import org.spotlight.clickhouse.insert.RowBinaryWithNamesAndTypes.Reader;
import org.spotlight.clickhouse.insert.RowBinaryWithNamesAndTypes.Reader.Forwarding;
import org.spotlight.clickhouse.insert.RowBinaryWithNamesAndTypes.Reader.Take;
import org.spotlight.clickhouse.insert.RowBinaryWithNamesAndTypes.Writer;
import org.spotlight.clickhouse.types.ClickHouseColumn;
import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.clickhouse.types.ValueCaster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RowBinaryWithNamesAndTypes as Spotlight processors hand it to each other: the writer's values must come back as the
 * same Java values the caster produced, and rows forwarded as bytes must be exactly what an insert of the table's
 * columns expects, since ClickHouse cannot tell a misplaced byte from data.
 */
class RowBinaryWithNamesAndTypesTest {

    private static final ValueCaster CASTER = ValueCaster.utc();
    private static final Object ABSENT = new Object();

    private static final List<String> FORWARD_NAMES = List.of("id", "name", "amount");
    private static final List<ClickHouseType> FORWARD_TYPES = types("Int64", "Nullable(String)", "Nullable(Decimal(16, 2))");
    private static final Object[][] FORWARD_ROWS = {
            {1L, "a", new BigDecimal("1.50")},
            {2L, null, null},
            {3L, "ccc", new BigDecimal("-7.25")},
    };

    private static List<ClickHouseType> types(final String... sql) {
        return Arrays.stream(sql).map(ClickHouseType::parse).toList();
    }

    private static byte[] write(final List<String> names, final List<ClickHouseType> types, final Object[]... rows) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer writer = new Writer(bytes, names, types)) {
            for (Object[] row : rows) {
                writer.write(row, ABSENT);
            }
            assertEquals(rows.length, writer.rows());
        }
        return bytes.toByteArray();
    }

    /** The bytes after the header: what an insert receives when the rows are forwarded unchanged. */
    private static byte[] rowBytes(final List<String> names, final List<ClickHouseType> types, final Object[]... rows) throws IOException {
        final byte[] all = write(names, types, rows);
        final int header = write(names, types).length;
        return Arrays.copyOfRange(all, header, all.length);
    }

    private static byte[] encode(final String type, final Object value) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final BinaryOutput out = new BinaryOutput(bytes);
        RowBinaryEncoder.forType(ClickHouseType.parse(type)).encode(value, out);
        out.flush();
        return bytes.toByteArray();
    }

    private static byte[] concat(final byte[]... parts) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            bytes.writeBytes(part);
        }
        return bytes.toByteArray();
    }

    /** The bytes as a stream that records in {@code largestRead[0]} the largest length a reader asked it for. */
    private static InputStream recordingLargestRead(final byte[] bytes, final int[] largestRead) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(final byte[] buffer, final int offset, final int length) throws IOException {
                largestRead[0] = Math.max(largestRead[0], length);
                return super.read(buffer, offset, length);
            }
        };
    }

    private static Reader reader(final byte[] bytes) throws IOException {
        return new Reader(new ByteArrayInputStream(bytes));
    }

    private static List<ClickHouseColumn> columns(final List<String> names, final List<String> types, final List<String> defaultKinds) {
        final List<ClickHouseColumn> columns = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            columns.add(new ClickHouseColumn(names.get(i), ClickHouseType.parse(types.get(i)), defaultKinds.get(i), ""));
        }
        return columns;
    }

    private static List<ClickHouseColumn> columns(final List<String> names, final String... types) {
        return columns(names, List.of(types), names.stream().map(name -> "").toList());
    }

    private static byte[] forward(final Reader reader, final Forwarding plan) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        reader.forward(plan, row -> Take.ROW, out);
        return out.toByteArray();
    }

    /** Decodes forwarded rows the way the server would: as the rows of a table of {@code tableTypes}. */
    private static List<List<Object>> readAsTable(final List<String> names, final List<ClickHouseType> tableTypes, final byte[] forwarded)
            throws IOException {
        final Reader reader = reader(concat(write(names, tableTypes), forwarded));
        final List<List<Object>> rows = new ArrayList<>();
        final Object[] values = new Object[names.size()];
        while (reader.next(values)) {
            rows.add(Arrays.asList(values.clone()));
        }
        return rows;
    }

    @Test
    void everyTypeComesBackAsTheValueTheCasterProduced() throws IOException {
        final Map<String, Object> rawMap = new LinkedHashMap<>();
        rawMap.put("k1", 1);
        rawMap.put("ключ", -2);
        final Object[][] columns = {
                // name, type, raw value (cast as a processor would), the value a Reader must give back
                {"i8", "Int8", -5, -5L},
                {"u8", "UInt8", 200, 200L},
                {"i16", "Int16", -300, -300L},
                {"u16", "UInt16", 65_000, 65_000L},
                {"i32", "Int32", -70_000, -70_000L},
                {"u32", "UInt32", 4_000_000_000L, 4_000_000_000L},
                {"i64", "Int64", Long.MIN_VALUE, Long.MIN_VALUE},
                {"u64", "UInt64", "18446744073709551615", new BigInteger("18446744073709551615")},
                {"u64small", "UInt64", 42, 42L},
                {"i128", "Int128", "-170141183460469231731687303715884105728", new BigInteger("-170141183460469231731687303715884105728")},
                {"f32", "Float32", 1.25, 1.25},
                {"f64", "Float64", -2.5e300, -2.5e300},
                {"d9", "Decimal(9, 2)", "-12.3", new BigDecimal("-12.30")},
                {"d18", "Decimal(18, 4)", "123456.7891", new BigDecimal("123456.7891")},
                {"d38", "Decimal(38, 10)", "-1234567890.0123456789", new BigDecimal("-1234567890.0123456789")},
                {"b", "Bool", "true", true},
                {"s", "String", "Grüße, 世界", "Grüße, 世界"},
                {"fs", "FixedString(4)", "aé", "aé"},
                {"uuid", "UUID", "123e4567-e89b-12d3-a456-426614174000", UUID.fromString("123e4567-e89b-12d3-a456-426614174000")},
                {"date", "Date", "2025-01-14", LocalDate.of(2025, 1, 14)},
                {"date32", "Date32", "1935-03-28", LocalDate.of(1935, 3, 28)},
                {"dt", "DateTime('UTC')", "2025-01-14 10:11:12", Instant.parse("2025-01-14T10:11:12Z")},
                {"dt64", "DateTime64(3)", "1969-12-31 23:59:59.123", Instant.parse("1969-12-31T23:59:59.123Z")},
                {"e", "Enum8('a' = 1, 'b' = -2)", "b", "b"},
                {"ip4", "IPv4", "192.168.1.20", "192.168.1.20"},
                {"ip6", "IPv6", "2001:db8::1", CASTER.cast("2001:db8::1", ClickHouseType.parse("IPv6"))},
                {"arr", "Array(Nullable(String))", Arrays.asList("x", null, "ü"), Arrays.asList("x", null, "ü")},
                {"map", "Map(String, Int64)", rawMap, Map.of("k1", 1L, "ключ", -2L)},
                {"tuple", "Tuple(Int64, String)", List.of(7, "t"), List.of(7L, "t")},
                {"nullable", "Nullable(Int64)", null, null},
                {"lc", "LowCardinality(String)", "low", "low"},
        };
        final List<String> names = Arrays.stream(columns).map(column -> (String) column[0]).toList();
        final List<ClickHouseType> types = types(Arrays.stream(columns).map(column -> (String) column[1]).toArray(String[]::new));
        final Object[] row = new Object[columns.length];
        final Object[] expected = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            row[i] = CASTER.cast(columns[i][2], types.get(i));
            expected[i] = columns[i][3];
        }
        // A second row whose values differ from the first catches a decoder that reads the wrong width.
        final Object[] second = row.clone();
        second[names.indexOf("i64")] = 99L;
        second[names.indexOf("s")] = "";
        second[names.indexOf("nullable")] = -1L;

        final Reader reader = reader(write(names, types, row, second));

        assertEquals(names, reader.names());
        assertEquals(types, reader.types());
        final Object[] values = new Object[columns.length];
        assertTrue(reader.next(values));
        for (int i = 0; i < columns.length; i++) {
            assertEquals(expected[i], values[i], names.get(i));
            if (expected[i] != null && !(expected[i] instanceof List<?>) && !(expected[i] instanceof Map<?, ?>)) {
                // Equal is not enough: encoders cast on the class (Long, not Integer or BigInteger, for a UInt64 below 2^63).
                assertEquals(expected[i].getClass(), values[i].getClass(), names.get(i));
            }
        }
        assertEquals(2, ((BigDecimal) values[names.indexOf("d9")]).scale());
        assertTrue(reader.next(values));
        assertEquals(99L, values[names.indexOf("i64")]);
        assertEquals("", values[names.indexOf("s")]);
        assertEquals(-1L, values[names.indexOf("nullable")]);
        assertEquals(expected[names.indexOf("lc")], values[names.indexOf("lc")]);
        assertFalse(reader.next(values));
        assertEquals(2, reader.rows());
    }

    @Test
    void anAbsentValueIsWrittenAsTheTypeDefault() throws IOException {
        final List<String> names = List.of("s", "n", "d", "a", "ns", "e", "dec");
        final List<ClickHouseType> types = types("String", "Int64", "Date", "Array(Int64)", "Nullable(String)",
                "Enum8('a' = 1, 'b' = -2)", "Decimal(9, 2)");
        final Object[] present = {"x", 5L, LocalDate.of(2024, 2, 29), List.of(1L), "y", "a", new BigDecimal("1.00")};
        final Object[] absent = new Object[names.size()];
        Arrays.fill(absent, ABSENT);

        final Reader reader = reader(write(names, types, present, absent));

        final Object[] values = new Object[names.size()];
        assertTrue(reader.next(values));
        // The marker is compared by identity: real values next to it are written as they are.
        assertEquals(Arrays.asList(present), Arrays.asList(values));
        assertTrue(reader.next(values));
        // The enum's default is its smallest value, not its first entry: 'b' = -2 sorts before 'a' = 1.
        assertEquals(Arrays.asList("", 0L, LocalDate.EPOCH, List.of(), null, "b", new BigDecimal("0.00")), Arrays.asList(values));
        assertFalse(reader.next(values));
    }

    @Test
    void theHeaderAndRowAreClickHousesLayout() throws IOException {
        final byte[] bytes = write(List.of("id", "s"), types("UInt8", "String"), new Object[]{7L, "x"});

        final byte[] expected = concat(
                new byte[]{2},
                new byte[]{2}, "id".getBytes(StandardCharsets.US_ASCII),
                new byte[]{1}, "s".getBytes(StandardCharsets.US_ASCII),
                new byte[]{5}, "UInt8".getBytes(StandardCharsets.US_ASCII),
                new byte[]{6}, "String".getBytes(StandardCharsets.US_ASCII),
                new byte[]{7, 1, 'x'});
        assertArrayEquals(expected, bytes);
    }

    @Test
    void rowsForATableOfTheSameColumnsAreForwardedByteForByte() throws IOException {
        final Reader reader = reader(write(FORWARD_NAMES, FORWARD_TYPES, FORWARD_ROWS));
        final Forwarding plan = reader.forwardingTo(columns(FORWARD_NAMES, "Int64", "Nullable(String)", "Nullable(Decimal(16, 2))"), false);

        assertNotNull(plan);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(3, reader.forward(plan, row -> Take.ROW, out));
        assertArrayEquals(rowBytes(FORWARD_NAMES, FORWARD_TYPES, FORWARD_ROWS), out.toByteArray());
        assertEquals(3, reader.rows());
    }

    @Test
    void aNullForANonNullableColumnWithoutDefaultBecomesTheTypeDefault() throws IOException {
        final Reader reader = reader(write(FORWARD_NAMES, FORWARD_TYPES, FORWARD_ROWS));
        final Forwarding plan = reader.forwardingTo(columns(FORWARD_NAMES, "Int64", "String", "Nullable(Decimal(16, 2))"), false);

        assertNotNull(plan);
        final List<List<Object>> rows = readAsTable(FORWARD_NAMES, types("Int64", "String", "Nullable(Decimal(16, 2))"), forward(reader, plan));
        assertEquals(List.of(
                Arrays.asList(1L, "a", new BigDecimal("1.50")),
                Arrays.asList(2L, "", null),
                Arrays.asList(3L, "ccc", new BigDecimal("-7.25"))), rows);
    }

    @Test
    void aNullForAColumnWithADefaultExpressionNeedsDefaultFlags() throws IOException {
        final List<ClickHouseColumn> table = columns(FORWARD_NAMES, List.of("Int64", "String", "Nullable(Decimal(16, 2))"),
                List.of("", "DEFAULT", ""));
        final byte[] content = write(FORWARD_NAMES, FORWARD_TYPES, FORWARD_ROWS);

        // Without flags, writing the type default would skip the column's own DEFAULT expression.
        assertNull(reader(content).forwardingTo(table, false));

        final Reader reader = reader(content);
        final Forwarding plan = reader.forwardingTo(table, true);
        assertNotNull(plan);
        final byte[] not = {0};
        final byte[] useDefault = {1};
        final byte[] expected = concat(
                not, encode("Int64", 1L), not, encode("String", "a"), not, encode("Nullable(Decimal(16, 2))", new BigDecimal("1.50")),
                not, encode("Int64", 2L), useDefault, not, encode("Nullable(Decimal(16, 2))", null),
                not, encode("Int64", 3L), not, encode("String", "ccc"), not, encode("Nullable(Decimal(16, 2))", new BigDecimal("-7.25")));
        assertArrayEquals(expected, forward(reader, plan));
    }

    @Test
    void aValueForANullableColumnGetsItsNotNullByte() throws IOException {
        final List<ClickHouseType> tableTypes = types("Nullable(Int64)", "Nullable(String)", "Nullable(Decimal(16, 2))");
        final Reader reader = reader(write(FORWARD_NAMES, FORWARD_TYPES, FORWARD_ROWS));
        final Forwarding plan = reader.forwardingTo(columns(FORWARD_NAMES, "Nullable(Int64)", "Nullable(String)", "Nullable(Decimal(16, 2))"),
                false);

        assertNotNull(plan);
        final byte[] forwarded = forward(reader, plan);
        assertArrayEquals(concat(new byte[]{0}, encode("Int64", 1L)), Arrays.copyOf(forwarded, 9));
        assertEquals(List.of(
                Arrays.asList(1L, "a", new BigDecimal("1.50")),
                Arrays.asList(2L, null, null),
                Arrays.asList(3L, "ccc", new BigDecimal("-7.25"))), readAsTable(FORWARD_NAMES, tableTypes, forwarded));

        // With default flags the "use the value" flag comes first, then the "not NULL" byte.
        final Reader flagged = reader(write(FORWARD_NAMES, FORWARD_TYPES, FORWARD_ROWS));
        final Forwarding flaggedPlan = flagged.forwardingTo(
                columns(FORWARD_NAMES, "Nullable(Int64)", "Nullable(String)", "Nullable(Decimal(16, 2))"), true);
        assertArrayEquals(concat(new byte[]{0, 0}, encode("Int64", 1L), new byte[]{0}, encode("Nullable(String)", "a")),
                Arrays.copyOf(forward(flagged, flaggedPlan), 2 + 8 + 1 + 3));
    }

    @Test
    void columnsThatDoNotMatchTheHeaderAreNotForwarded() throws IOException {
        final byte[] content = write(FORWARD_NAMES, FORWARD_TYPES, FORWARD_ROWS);

        assertNull(reader(content).forwardingTo(columns(List.of("name", "id", "amount"),
                "Nullable(String)", "Int64", "Nullable(Decimal(16, 2))"), true), "order");
        assertNull(reader(content).forwardingTo(columns(List.of("id", "title", "amount"),
                "Int64", "Nullable(String)", "Nullable(Decimal(16, 2))"), true), "name");
        assertNull(reader(content).forwardingTo(columns(List.of("Id", "name", "amount"),
                "Int64", "Nullable(String)", "Nullable(Decimal(16, 2))"), true), "name case");
        assertNull(reader(content).forwardingTo(columns(FORWARD_NAMES,
                "Int32", "Nullable(String)", "Nullable(Decimal(16, 2))"), true), "type");
        assertNull(reader(content).forwardingTo(columns(FORWARD_NAMES,
                "Int64", "Nullable(String)", "Nullable(Decimal(16, 3))"), true), "decimal scale");
        assertNull(reader(content).forwardingTo(columns(List.of("id", "name"),
                "Int64", "Nullable(String)"), true), "fewer columns");
        assertNull(reader(content).forwardingTo(columns(List.of("id", "name", "amount", "extra"),
                "Int64", "Nullable(String)", "Nullable(Decimal(16, 2))", "String"), true), "more columns");
    }

    @Test
    void theFilterSkipsRowsAndStopsForwarding() throws IOException {
        final Object[][] rows = new Object[5][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new Object[]{(long) i, "row " + i, i % 2 == 0 ? null : new BigDecimal(i + ".25")};
        }
        final Reader reader = reader(write(FORWARD_NAMES, FORWARD_TYPES, rows));
        final Forwarding plan = reader.forwardingTo(columns(FORWARD_NAMES, "Int64", "Nullable(String)", "Nullable(Decimal(16, 2))"), false);
        final List<Integer> asked = new ArrayList<>();

        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int read = reader.forward(plan, row -> {
            asked.add(row);
            return row == 1 ? Take.SKIP : row == 3 ? Take.STOP : Take.ROW;
        }, out);

        assertEquals(3, read);
        assertEquals(List.of(0, 1, 2, 3), asked);
        assertArrayEquals(rowBytes(FORWARD_NAMES, FORWARD_TYPES, rows[0], rows[2]), out.toByteArray());
    }

    @Test
    void aPlanThatCopiesAddsAndStripsFlagsGivesTheTableItsRowsAcrossManyBufferRefills() throws IOException {
        // A row goes out in runs of bytes, cut where a flag is stripped or added: the cuts must hold wherever the 64 KiB
        // input buffer happens to be refilled, and skipped rows must leave nothing behind.
        final List<String> names = List.of("id", "name", "amount", "note");
        final List<ClickHouseType> header = types("Nullable(Int64)", "String", "Nullable(Decimal(16, 2))", "Nullable(String)");
        final List<ClickHouseType> table = types("Int64", "Nullable(String)", "Nullable(Decimal(16, 2))", "Nullable(String)");
        final Object[][] rows = new Object[20_000][];
        final List<List<Object>> expected = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new Object[]{i % 5 == 0 ? null : (long) i, "member " + i, i % 3 == 0 ? null : new BigDecimal(i + ".50"),
                    i % 4 == 0 ? null : "note".repeat(i % 9)};
            if (i % 7 != 3) {
                expected.add(Arrays.asList(rows[i][0] == null ? 0L : rows[i][0], rows[i][1], rows[i][2], rows[i][3]));
            }
        }
        final Reader reader = reader(write(names, header, rows));
        final Forwarding plan = reader.forwardingTo(columns(names, "Int64", "Nullable(String)", "Nullable(Decimal(16, 2))",
                "Nullable(String)"), false);
        assertNotNull(plan);

        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(rows.length, reader.forward(plan, row -> row % 7 == 3 ? Take.SKIP : Take.ROW, out));
        assertEquals(expected, readAsTable(names, table, out.toByteArray()));
    }

    @Test
    void somethingElseIsNotTakenForAHeader() {
        final byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertThrows(MalformedException.class, () -> reader(json));
        assertThrows(MalformedException.class, () -> reader(new byte[0]));
    }

    @Test
    void aRowCutShortIsMalformedAndNamesTheRow() throws IOException {
        final List<String> names = List.of("id", "s");
        final List<ClickHouseType> types = types("Int64", "String");
        final Object[][] rows = {{1L, "first"}, {2L, "second"}, {3L, "third"}};
        final byte[] content = write(names, types, rows);
        final int header = write(names, types).length;
        final int twoRows = rowBytes(names, types, rows[0], rows[1]).length;
        // Past row 2's Int64, in the middle of its String.
        final byte[] truncated = Arrays.copyOf(content, header + twoRows + 8 + 3);

        final Reader reader = reader(truncated);
        final Object[] values = new Object[2];
        assertTrue(reader.next(values));
        assertEquals(List.of(1L, "first"), Arrays.asList(values));
        assertTrue(reader.next(values));
        assertEquals(List.of(2L, "second"), Arrays.asList(values));
        final MalformedException decoding = assertThrows(MalformedException.class, () -> reader.next(values));
        assertTrue(decoding.getMessage().contains("Row 2"), decoding.getMessage());

        final Reader forwarding = reader(truncated);
        final Forwarding plan = forwarding.forwardingTo(columns(names, "Int64", "String"), false);
        final MalformedException forwarded = assertThrows(MalformedException.class,
                () -> forwarding.forward(plan, row -> Take.ROW, new ByteArrayOutputStream()));
        assertTrue(forwarded.getMessage().contains("Row 2"), forwarded.getMessage());
    }

    @Test
    void aRowCutShortLeavesNoneOfItsBytesInTheForwardedRows() throws IOException {
        // An insert given up for a malformed FlowFile must end at a row boundary (RowWriter.abandon then cuts it inside a
        // row): the rows before the broken one go out whole, and nothing of the broken one, whatever the plan adds.
        final List<String> names = List.of("id", "flag", "s");
        final List<ClickHouseType> header = types("Nullable(Int64)", "UInt8", "String");
        final Object[][] rows = {{1L, 1L, "first"}, {null, 0L, "second"}, {3L, 1L, "third"}};
        final byte[] content = write(names, header, rows);
        final int rowStart = write(names, header).length + rowBytes(names, header, rows[0], rows[1]).length;
        final List<List<String>> tables = List.of(
                List.of("Nullable(Int64)", "UInt8", "String"),
                List.of("Int64", "Nullable(UInt8)", "Nullable(String)"),
                List.of("Nullable(Int64)", "Nullable(UInt8)", "String"));
        for (List<String> table : tables) {
            for (boolean defaultFlags : new boolean[]{false, true}) {
                final Reader complete = reader(Arrays.copyOf(content, rowStart));
                final Forwarding completePlan = complete.forwardingTo(columns(names, table.toArray(String[]::new)), defaultFlags);
                final byte[] twoRows = forward(complete, completePlan);
                // Cut after the id, after the flag, and inside the string of row 3.
                for (int cut : new int[]{rowStart + 9, rowStart + 10, rowStart + 12}) {
                    final Reader reader = reader(Arrays.copyOf(content, cut));
                    final Forwarding plan = reader.forwardingTo(columns(names, table.toArray(String[]::new)), defaultFlags);
                    final ByteArrayOutputStream out = new ByteArrayOutputStream();
                    assertThrows(MalformedException.class, () -> reader.forward(plan, row -> Take.ROW, out));
                    assertArrayEquals(twoRows, out.toByteArray(), table + ", default flags " + defaultFlags + ", cut at " + cut);
                }
            }
        }
    }

    @Test
    void aValueLargerThanTheInputBufferSurvivesDecodingAndForwarding() throws IOException {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 200_000; i++) {
            // Varied content, some of it two bytes in UTF-8, so that a shifted or truncated copy shows.
            text.append(i % 97 == 0 ? 'é' : (char) ('a' + i % 26));
        }
        final String large = text.substring(0, 200_000);
        final List<String> names = List.of("id", "s", "ns");
        final List<ClickHouseType> types = types("Int64", "String", "Nullable(String)");
        // A small row first, so that the large value starts in the middle of the buffer and is marked there.
        final Object[][] rows = {{1L, "small", "small"}, {2L, large, large}, {3L, "after", null}, {4L, large.substring(7), "z"}};
        final byte[] content = write(names, types, rows);

        final Reader decoding = reader(content);
        final Object[] values = new Object[3];
        for (Object[] row : rows) {
            assertTrue(decoding.next(values));
            assertEquals(Arrays.asList(row), Arrays.asList(values));
        }
        assertFalse(decoding.next(values));

        final Reader copying = reader(content);
        assertArrayEquals(rowBytes(names, types, rows), forward(copying, copying.forwardingTo(columns(names, "Int64", "String",
                "Nullable(String)"), false)));

        // A stripped Nullable reads its flag before the mark: the large value must still be copied whole.
        final Reader stripping = reader(content);
        final List<List<Object>> table = readAsTable(names, types("Int64", "String", "String"),
                forward(stripping, stripping.forwardingTo(columns(names, "Int64", "String", "String"), false)));
        assertEquals(4, table.size());
        assertEquals(Arrays.asList(2L, large, large), table.get(1));
        assertEquals(Arrays.asList(3L, "after", ""), table.get(2));
        assertEquals(Arrays.asList(4L, large.substring(7), "z"), table.get(3));
    }

    @Test
    void theInputBufferDoesNotGrowWithTheContent() throws IOException {
        final List<String> names = List.of("id", "s");
        final List<ClickHouseType> types = types("Int64", "String");
        final Object[][] rows = new Object[40_000][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new Object[]{(long) i, "value number " + i};
        }
        final byte[] content = write(names, types, rows);
        assertTrue(content.length > 16 * 64 * 1024, "several times the 64 KiB buffer");
        final int[] largestRead = {0};
        // The length BinaryInput asks the stream for is the free room of its buffer.
        final InputStream watched = recordingLargestRead(content, largestRead);

        final Reader reader = new Reader(watched);
        final Object[] values = new Object[2];
        while (reader.next(values)) {
            // Only the buffer is of interest here.
        }

        assertEquals(rows.length, reader.rows());
        // Rows of a few dozen bytes never need more than the initial buffer: a FlowFile of gigabytes must not be held whole.
        assertTrue(largestRead[0] <= 64 * 1024, "the buffer grew to " + largestRead[0] + " bytes for " + content.length + " bytes of content");
    }

    @Test
    void anAnnouncedLengthTheContentDoesNotHaveIsMalformedWithoutAllocatingIt() {
        // One column whose name claims 1 GiB (VarUInt 2^30), followed by a single byte.
        final byte[] header = {1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x04, 'a'};
        final int[] largestRead = {0};
        final InputStream watched = recordingLargestRead(header, largestRead);

        // An OutOfMemoryError here fails assertThrows as well: a corrupt FlowFile must be failed, not take the heap.
        assertThrows(MalformedException.class, () -> new Reader(watched));
        assertTrue(largestRead[0] <= 1024 * 1024, "a buffer of " + largestRead[0] + " bytes for 7 bytes of content");
    }

    @Test
    void theMimeTypeIsRecognisedAsHttpWouldCompareIt() {
        assertTrue(RowBinaryWithNamesAndTypes.isMimeType(RowBinaryWithNamesAndTypes.MIME_TYPE));
        assertTrue(RowBinaryWithNamesAndTypes.isMimeType("  Application/VND.ClickHouse.RowBinaryWithNamesAndTypes \t"));
        assertFalse(RowBinaryWithNamesAndTypes.isMimeType(null));
        assertFalse(RowBinaryWithNamesAndTypes.isMimeType("application/json"));
        assertFalse(RowBinaryWithNamesAndTypes.isMimeType(""));
    }
}
