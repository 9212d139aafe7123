package org.spotlight.clickhouse.insert;

import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.types.ClickHouseColumn;
import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.clickhouse.types.ValueCaster;
import org.spotlight.clickhouse.client.ClickHouseCapability;
import org.spotlight.testing.FakeClickHouse;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batch insert logic against a scripted stand-in for ClickHouse: isolation, shapes, retries, determinism. */
class BatchInserterTest {

    private static final List<ClickHouseColumn> COLUMNS = List.of(
            new ClickHouseColumn("id", ClickHouseType.parse("UInt64"), "", ""),
            new ClickHouseColumn("member", ClickHouseType.parse("String"), "", ""));

    private final FakeClickHouse clickHouse = new FakeClickHouse(Map.of(
            "id", ClickHouseType.parse("UInt64"),
            "member", ClickHouseType.parse("String"),
            "note", ClickHouseType.parse("Nullable(String)"),
            "amount", ClickHouseType.parse("Int64")));

    private BatchInserter inserter(final List<ClickHouseColumn> columns, final InsertFormat format, final boolean defaultsPerRow,
                                   final boolean tokens, final int maxIsolationInserts) {
        return new BatchInserter(clickHouse, "spotlight", "trades", columns, ValueCaster.utc(), ZoneOffset.UTC,
                new BatchInserter.Options(format, defaultsPerRow, Map.of("async_insert", 0), tokens, maxIsolationInserts));
    }

    private BatchInserter inserter() {
        return inserter(COLUMNS, InsertFormat.ROW_BINARY, false, true, 200);
    }

    @Test
    void everyRowOfEverySourceGoesIntoOneInsert() {
        final List<RowSource> sources = List.of(new ListSource("a", ListSource.trades(0, 100)), new ListSource("b", ListSource.trades(100, 250)));

        final BatchOutcome outcome = inserter().insert(sources, "batch-1");

        assertFalse(outcome.mustRetry());
        assertEquals(1, clickHouse.attempts.size());
        assertEquals(250, clickHouse.acceptedRows().size());
        assertEquals(List.of(100, 150), outcome.sources().stream().map(BatchOutcome.SourceOutcome::records).toList());
        assertEquals(250, outcome.rowsWritten());
        final FakeClickHouse.Insert insert = clickHouse.accepted.getFirst();
        assertEquals(List.of("id", "member"), insert.columns());
        assertEquals("`spotlight`.`trades`", insert.table());
        assertEquals("batch-1", insert.settings().get(BatchInserter.DEDUPLICATION_TOKEN));
        assertEquals(0, insert.settings().get("async_insert"));
        assertEquals(List.of(101L, "Member 101"), clickHouse.acceptedRows().get(101));
    }

    @Test
    void valuesThatDoNotFitFailTheirRecordWithoutReachingTheServer() {
        final List<Map<String, Object>> records = new ArrayList<>(ListSource.trades(0, 10));
        records.set(3, Map.of("id", "not a number", "member", "x"));
        records.set(7, Map.of("id", -1L, "member", "y"));

        final BatchOutcome outcome = inserter().insert(List.of(new ListSource("a", records)), "k");

        assertEquals(1, clickHouse.attempts.size());
        assertEquals(8, clickHouse.acceptedRows().size());
        final RecordFailures failures = outcome.sources().getFirst().failures();
        assertEquals(2, failures.count());
        final RecordFailures.Group group = failures.groups().iterator().next();
        assertEquals(RecordFailures.CAST_FAILED, group.code());
        assertEquals("{3, 7}", group.indexes().toString());
        assertEquals("Column `id`: 'not a number' cannot be cast to UInt64: not a number", group.message());
        assertEquals(8, outcome.rowsWritten());
    }

    @Test
    void recordsFailingOnDifferentColumnsKeepTheirOwnColumnsReason() {
        final List<ClickHouseColumn> columns = List.of(new ClickHouseColumn("id", ClickHouseType.parse("UInt64"), "", ""),
                new ClickHouseColumn("amount", ClickHouseType.parse("Int64"), "", ""));
        final List<Map<String, Object>> records = new ArrayList<>();
        for (long id = 0; id < 10; id++) {
            records.add(Map.of("id", id, "amount", id * 100));
        }
        records.set(2, Map.of("id", "not a number", "amount", 1L));
        records.set(5, Map.of("id", 5L, "amount", "lots"));
        records.set(8, Map.of("id", "eight", "amount", 1L));

        final BatchOutcome outcome = inserter(columns, InsertFormat.ROW_BINARY, false, true, 200)
                .insert(List.of(new ListSource("a", records)), "k");

        assertEquals(7, outcome.rowsWritten());
        final RecordFailures.Group group = outcome.sources().getFirst().failures().groups().iterator().next();
        assertEquals("{2, 5, 8}", group.indexes().toString());
        assertTrue(group.message().startsWith("Column `id`: 'not a number' cannot be cast to UInt64: not a number (2 records); Column `amount`: "),
                group.message());
        assertTrue(group.message().endsWith("(1 record)"), group.message());
    }

    @Test
    void aNullIsCountedAsADefaultOnlyWhereItsRecordLands() {
        final List<ClickHouseColumn> columns = List.of(new ClickHouseColumn("member", ClickHouseType.parse("String"), "", ""),
                new ClickHouseColumn("amount", ClickHouseType.parse("Int64"), "", ""));
        final Map<String, Object> landing = new HashMap<>();
        landing.put("member", null);
        landing.put("amount", 1L);
        final Map<String, Object> failing = new HashMap<>();
        failing.put("member", null);
        failing.put("amount", "not a number");

        final BatchOutcome outcome = inserter(columns, InsertFormat.ROW_BINARY, false, true, 200)
                .insert(List.of(new ListSource("a", List.of(landing, failing))), "k");

        assertEquals(List.of(List.of("", 1L)), clickHouse.acceptedRows());
        final BatchOutcome.SourceOutcome source = outcome.sources().getFirst();
        assertEquals(RecordFailures.CAST_FAILED, source.failures().codeOf(1));
        assertEquals(1, source.nullsDefaulted(), "the failed record's NULL was never written");
    }

    @Test
    void rowsTheServerRejectsAreIsolatedAndEveryOtherRowLandsOnce() {
        final Set<Long> bad = Set.of(7L, 1500L, 2999L);
        clickHouse.failWhen(insert -> insert.rows().stream().anyMatch(row -> bad.contains((Long) row.getFirst()))
                ? FakeClickHouse.serverError(395, "Value passed to 'throwIf' function is non zero") : null);
        final List<RowSource> sources = List.of(new ListSource("a", ListSource.trades(0, 1000)), new ListSource("b", ListSource.trades(1000, 3000)));

        final BatchOutcome outcome = inserter().insert(sources, "k");

        assertFalse(outcome.mustRetry());
        final List<Long> landed = clickHouse.acceptedRows().stream().map(row -> (Long) row.getFirst()).toList();
        assertEquals(3000 - 3, landed.size());
        assertEquals(3000 - 3, new HashSet<>(landed).size(), "no row lands twice");
        assertTrue(landed.stream().noneMatch(bad::contains));
        assertEquals("{7}", outcome.sources().get(0).failures().groups().iterator().next().indexes().toString());
        final RecordFailures.Group second = outcome.sources().get(1).failures().groups().iterator().next();
        assertEquals("395", second.code());
        assertEquals("{500, 1999}", second.indexes().toString());
        assertTrue(second.message().contains("throwIf"));
        assertTrue(clickHouse.attempts.size() < 80, "about 2·log2(n) inserts per bad row, not one per row: " + clickHouse.attempts.size());
    }

    @Test
    void isolationSendsTheSameInsertsWithTheSameTokensEveryTime() {
        clickHouse.failWhen(insert -> insert.rows().stream().anyMatch(row -> (Long) row.getFirst() == 42L)
                ? FakeClickHouse.serverError(395, "bad row") : null);
        inserter().insert(List.of(new ListSource("a", ListSource.trades(0, 100))), "k");
        final List<Object> first = clickHouse.attempts.stream().map(insert -> insert.settings().get(BatchInserter.DEDUPLICATION_TOKEN)).toList();
        clickHouse.attempts.clear();

        inserter().insert(List.of(new ListSource("a", ListSource.trades(0, 100))), "k");

        assertEquals(first, clickHouse.attempts.stream().map(insert -> insert.settings().get(BatchInserter.DEDUPLICATION_TOKEN)).toList());
        assertEquals(first.size(), new HashSet<>(first).size(), "every insert has its own token");
        assertEquals("k", first.getFirst());
        assertEquals("k:0-50", first.get(1));
    }

    @Test
    void aTransientFailureSettlesNothing() {
        clickHouse.failWhen(insert -> FakeClickHouse.connectionRefused());

        final BatchOutcome outcome = inserter().insert(List.of(new ListSource("a", ListSource.trades(0, 10))), "k");

        assertTrue(outcome.mustRetry());
        assertEquals(0, outcome.rowsWritten());
        assertEquals(1, clickHouse.attempts.size());
    }

    @Test
    void aTransientFailureDuringIsolationStopsTheBatch() {
        final int[] inserts = {0};
        clickHouse.failWhen(insert -> ++inserts[0] == 1 ? FakeClickHouse.serverError(395, "bad row") : FakeClickHouse.connectionRefused());

        final BatchOutcome outcome = inserter().insert(List.of(new ListSource("a", ListSource.trades(0, 10))), "k");

        assertTrue(outcome.mustRetry());
        assertEquals("Insert could not reach ClickHouse: Connection refused", outcome.retryCause().getMessage());
    }

    @Test
    void errorsAboutTheTableFailEveryRowWithoutIsolation() {
        clickHouse.failWhen(insert -> FakeClickHouse.serverError(60, "Table spotlight.trades doesn't exist."));

        final BatchOutcome outcome = inserter().insert(List.of(new ListSource("a", ListSource.trades(0, 10))), "k");

        assertEquals(1, clickHouse.attempts.size());
        final RecordFailures.Group group = outcome.sources().getFirst().failures().groups().iterator().next();
        assertEquals("60", group.code());
        assertEquals(10, group.count());
        assertEquals(0, outcome.rowsWritten());
    }

    @Test
    void isolationStopsAtItsLimitAndFailsWhatIsStillInDoubt() {
        clickHouse.failWhen(insert -> FakeClickHouse.serverError(395, "every row is bad"));

        final BatchOutcome outcome = inserter(COLUMNS, InsertFormat.ROW_BINARY, false, true, 6).insert(
                List.of(new ListSource("a", ListSource.trades(0, 64))), "k");

        assertEquals(1 + 6, clickHouse.attempts.size());
        assertEquals(64, outcome.sources().getFirst().failures().count());
        assertTrue(outcome.sources().getFirst().failures().groups().iterator().next().message().contains("limit of 6 isolation inserts"));
    }

    @Test
    void rowsThatLeaveANonNullableColumnToItsDefaultGoIntoAnInsertWithoutThatColumn() {
        final List<ClickHouseColumn> columns = List.of(COLUMNS.get(0), COLUMNS.get(1),
                new ClickHouseColumn("amount", ClickHouseType.parse("Int64"), "DEFAULT", "42"),
                new ClickHouseColumn("note", ClickHouseType.parse("Nullable(String)"), "", ""));
        final List<Map<String, Object>> records = new ArrayList<>();
        for (int id = 0; id < 6; id++) {
            final Map<String, Object> record = new HashMap<>(Map.of("id", (long) id, "member", "m"));
            record.put("amount", id % 3 == 0 ? null : (long) id * 100);
            record.put("note", id == 1 ? null : "n" + id);
            records.add(record);
        }

        final BatchOutcome outcome = inserter(columns, InsertFormat.ROW_BINARY, false, true, 200)
                .insert(List.of(new ListSource("a", records)), "k");

        assertEquals(2, clickHouse.accepted.size());
        assertEquals(List.of("id", "member", "amount", "note"), clickHouse.accepted.get(0).columns());
        assertEquals(List.of(1L, 2L, 4L, 5L), clickHouse.accepted.get(0).rows().stream().map(List::getFirst).toList());
        assertNull(clickHouse.accepted.get(0).rows().getFirst().get(3), "null stays NULL in a Nullable column");
        assertEquals(List.of("id", "member", "note"), clickHouse.accepted.get(1).columns());
        assertEquals(List.of(0L, 3L), clickHouse.accepted.get(1).rows().stream().map(List::getFirst).toList());
        assertTrue(((String) clickHouse.accepted.get(1).settings().get(BatchInserter.DEDUPLICATION_TOKEN)).startsWith("k:without:"));
        assertEquals(6, outcome.rowsWritten());
    }

    @Test
    void columnsWithoutADefaultExpressionGetTheirTypesDefaultInTheSameInsert() {
        final List<ClickHouseColumn> columns = List.of(COLUMNS.get(0), COLUMNS.get(1),
                new ClickHouseColumn("amount", ClickHouseType.parse("Int64"), "", ""),
                new ClickHouseColumn("note", ClickHouseType.parse("Nullable(String)"), "", ""));
        final Map<String, Object> sparse = new HashMap<>(Map.of("id", 2L));
        sparse.put("member", null);

        final BatchOutcome outcome = inserter(columns, InsertFormat.ROW_BINARY, false, true, 200)
                .insert(List.of(new ListSource("a", List.of(Map.of("id", 1L, "member", "m", "amount", 5L, "note", "n"), sparse))), "k");

        assertEquals(1, clickHouse.accepted.size(), "one insert: no column was left to a default expression");
        assertEquals(List.of(List.of(1L, "m", 5L, "n"), Arrays.asList(2L, "", 0L, null)), clickHouse.accepted.getFirst().rows());
        assertEquals(2, outcome.rowsWritten());

        // An EPHEMERAL column (modern servers) has an expression too: its default is the server's to compute.
        clickHouse.accepted.clear();
        final List<ClickHouseColumn> ephemeral = List.of(COLUMNS.get(0), new ClickHouseColumn("amount", ClickHouseType.parse("Int64"), "EPHEMERAL", "7"));
        inserter(ephemeral, InsertFormat.ROW_BINARY, false, true, 200).insert(List.of(new ListSource("b", List.of(Map.of("id", 3L)))), "k2");
        assertEquals(List.of(new FakeClickHouse.Insert(clickHouse.accepted.getLast().table(), List.of("id"), "RowBinary",
                        clickHouse.accepted.getLast().settings(), List.of(List.of(3L)))),
                clickHouse.accepted.stream().filter(insert -> !insert.rows().isEmpty()).toList());
    }

    @Test
    void rowBinaryWithDefaultsLeavesDefaultsToTheServerInTheSameInsert() {
        final List<ClickHouseColumn> columns = List.of(COLUMNS.get(0), COLUMNS.get(1),
                new ClickHouseColumn("amount", ClickHouseType.parse("Int64"), "DEFAULT", "42"));
        final List<Map<String, Object>> records = List.of(
                Map.of("id", 1L, "member", "m", "amount", 5L),
                Map.of("id", 2L, "member", "m"));
        clickHouse.serverInfo = FakeClickHouse.serverInfo(EnumSet.of(ClickHouseCapability.ROW_BINARY_WITH_DEFAULTS));

        inserter(columns, InsertFormat.ROW_BINARY_WITH_DEFAULTS, true, true, 200).insert(
                List.of(new ListSource("a", records.subList(0, 1)), new ListSource("b", records.subList(1, 2))), "k");

        assertEquals(1, clickHouse.accepted.size());
        assertEquals("RowBinaryWithDefaults", clickHouse.accepted.getFirst().format());
        assertEquals(List.of(List.of(1L, "m", 5L), List.of(2L, "m", RowWriter.DEFAULT)), clickHouse.accepted.getFirst().rows());
    }

    @Test
    void aMalformedSourceFailsWholeAndTheInsertIsRepeatedWithoutIt() {
        final ListSource broken = new ListSource("b", ListSource.trades(100, 200), 50);
        final List<RowSource> sources = List.of(new ListSource("a", ListSource.trades(0, 100)), broken, new ListSource("c", ListSource.trades(200, 300)));

        final BatchOutcome outcome = inserter().insert(sources, "k");

        assertEquals(2, clickHouse.attempts.size(), "the first insert was aborted when the broken source turned up");
        assertEquals(200, clickHouse.acceptedRows().size());
        assertTrue(clickHouse.acceptedRows().stream().noneMatch(row -> (Long) row.getFirst() >= 100 && (Long) row.getFirst() < 200));
        assertTrue(outcome.sources().get(1).isMalformed());
        assertTrue(outcome.sources().get(1).malformedMessage().startsWith("Record 50 and those after it cannot be read"));
        assertEquals(200, outcome.rowsWritten());
        // The HTTP client completes a body even when the writer fails: what went out must not parse as whole rows, or the
        // server would store them before the insert is repeated.
        final byte[] aborted = clickHouse.abortedBodies.getFirst();
        assertTrue(aborted.length > 0);
        assertThrows(IllegalStateException.class, () -> clickHouse.decode(List.of("id", "member"), "RowBinary", aborted));
    }

    @Test
    void abandonedBodiesEndInsideARowInEveryFormat() throws java.io.IOException {
        final java.time.ZoneId utc = ZoneOffset.UTC;
        for (InsertFormat format : InsertFormat.values()) {
            final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            final RowWriter writer = format.open(COLUMNS, utc, body);
            writer.write(new Object[]{1L, "a"});
            assertTrue(writer.abandon(), format.name());
            final byte[] bytes = body.toByteArray();
            if (format == InsertFormat.JSON_EACH_ROW) {
                assertEquals("{\"id\":1,\"member\":\"a\"}\n{", new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            } else {
                assertThrows(IllegalStateException.class,
                        () -> clickHouse.decode(List.of("id", "member"), format.formatName(), bytes), format.name());
            }
        }
        // One column: cut inside its value, where that is possible.
        for (String type : List.of("String", "Nullable(UInt8)", "Int64", "LowCardinality(String)", "Array(UInt8)", "Enum8('a' = 1)", "FixedString(2)")) {
            final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            final RowWriter writer = InsertFormat.ROW_BINARY.open(List.of(new ClickHouseColumn("c", ClickHouseType.parse(type), "", "")), utc, body);
            assertTrue(writer.abandon(), type);
            assertEquals(1, body.size(), type);
        }
        for (String type : List.of("UInt8", "Bool", "FixedString(1)")) {
            final RowWriter writer = InsertFormat.ROW_BINARY.open(List.of(new ClickHouseColumn("c", ClickHouseType.parse(type), "", "")), utc,
                    java.io.OutputStream.nullOutputStream());
            assertFalse(writer.abandon(), type + ": every byte is a whole row");
        }
    }

    @Test
    void noTokensWhenTheServerCannotUseThem() {
        inserter(COLUMNS, InsertFormat.ROW_BINARY, false, false, 200).insert(List.of(new ListSource("a", ListSource.trades(0, 3))), "k");

        assertFalse(clickHouse.accepted.getFirst().settings().containsKey(BatchInserter.DEDUPLICATION_TOKEN));
    }

    @Test
    void jsonEachRowCarriesTheSameRows() {
        final List<String> lines = new ArrayList<>();
        final FakeClickHouse json = new FakeClickHouse(Map.of()) {
            @Override
            public InsertSummary insert(final String table, final List<String> columns, final String format, final InsertWriter writer,
                                        final Map<String, Object> settings, final String queryId) {
                final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
                try {
                    writer.write(body);
                } catch (final java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                lines.addAll(List.of(body.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n")));
                return new InsertSummary(queryId, lines.size(), body.size());
            }
        };
        new BatchInserter(json, "spotlight", "trades", COLUMNS, ValueCaster.utc(), ZoneOffset.UTC,
                new BatchInserter.Options(InsertFormat.JSON_EACH_ROW, true, Map.of(), false, 10))
                .insert(List.of(new ListSource("a", ListSource.trades(0, 3))), "k");

        assertEquals(IntStream.range(0, 3).mapToObj(i -> "{\"id\":" + i + ",\"member\":\"Member " + i + "\"}").collect(Collectors.toList()), lines);
    }

    @Test
    void outcomeNamesTheQueryIdsOfItsInserts() {
        final BatchOutcome outcome = inserter().insert(List.of(new ListSource("a", ListSource.trades(0, 3))), "k");

        assertEquals(1, outcome.queryIds().size());
        assertNotNull(outcome.queryIds().getFirst());
        assertTrue(outcome.bytesSent() > 0);
    }

    /** Typed rows as InferSchemaAndCast writes them: forwarded as bytes when they fit the insert, decoded otherwise. */
    private static final class TypedRows implements RowSource {
        private final byte[] content;
        int decodes;
        int forwards;

        TypedRows(final List<String> types, final int from, final int to) throws java.io.IOException {
            final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (RowBinaryWithNamesAndTypes.Writer writer = new RowBinaryWithNamesAndTypes.Writer(bytes, List.of("id", "member"),
                    types.stream().map(ClickHouseType::parse).toList())) {
                final Object missing = types.get(1).startsWith("Nullable") ? null : "";
                for (long id = from; id < to; id++) {
                    writer.write(new Object[]{id, id % 3 == 0 ? missing : "Member " + id}, null);
                }
            }
            this.content = bytes.toByteArray();
        }

        @Override
        public String idempotencyKey() {
            return "typed";
        }

        @Override
        public Set<String> columns() {
            return Set.of("id", "member");
        }

        @Override
        public void read(final List<String> columns, final Visitor visitor) throws java.io.IOException {
            decodes++;
            final RowBinaryWithNamesAndTypes.Reader reader = new RowBinaryWithNamesAndTypes.Reader(new java.io.ByteArrayInputStream(content));
            final Object[] row = new Object[2];
            while (reader.next(row)) {
                final Object[] values = columns.stream().map(column -> row[reader.names().indexOf(column)]).toArray();
                if (!visitor.visit(reader.rows() - 1, values)) {
                    return;
                }
            }
        }

        @Override
        public int forwardRowBinary(final List<ClickHouseColumn> columns, final RowBinaryWithNamesAndTypes.Reader.RowFilter filter,
                                    final boolean defaultFlags, final java.io.OutputStream out) throws java.io.IOException {
            final RowBinaryWithNamesAndTypes.Reader reader = new RowBinaryWithNamesAndTypes.Reader(new java.io.ByteArrayInputStream(content));
            final RowBinaryWithNamesAndTypes.Reader.Forwarding plan = reader.forwardingTo(columns, defaultFlags);
            if (plan == null) {
                return -1;
            }
            forwards++;
            return reader.forward(plan, filter, out);
        }
    }

    @Test
    void typedRowsGoIntoTheInsertAsBytesAndRejectedOnesAreStillIsolated() throws java.io.IOException {
        final TypedRows typed = new TypedRows(List.of("UInt64", "Nullable(String)"), 0, 10);
        final ListSource json = new ListSource("b", ListSource.trades(10, 12));
        clickHouse.failWhen(insert -> insert.rows().stream().anyMatch(row -> row.getFirst().equals(4L))
                ? FakeClickHouse.serverError(53, "Cannot convert row 4") : null);

        final BatchOutcome outcome = inserter().insert(List.of(typed, json), "batch-typed");

        assertEquals(0, typed.decodes, "typed rows that fit the insert are never decoded");
        assertTrue(typed.forwards > 1, "the first insert and the isolation inserts all forwarded bytes");
        assertEquals(List.of(10, 2), outcome.sources().stream().map(BatchOutcome.SourceOutcome::records).toList());
        assertEquals(1, outcome.sources().getFirst().failures().count());
        assertTrue(outcome.sources().getFirst().failures().contains(4));
        final Set<List<Object>> expected = new HashSet<>();
        for (long id = 0; id < 12; id++) {
            if (id != 4) {
                expected.add(List.of(id, id < 10 && id % 3 == 0 ? "" : "Member " + id));
            }
        }
        assertEquals(expected, Set.copyOf(clickHouse.acceptedRows()), "a NULL member took String's default, ''");
        assertEquals(11, clickHouse.acceptedRows().size());
    }

    @Test
    void typedRowsGetDefaultFlagsForRowBinaryWithDefaultsAndAreDecodedWhenTheirTypesDoNotFit() throws java.io.IOException {
        final TypedRows flagged = new TypedRows(List.of("UInt64", "Nullable(String)"), 0, 3);
        final List<ClickHouseColumn> withExpression = List.of(COLUMNS.getFirst(),
                new ClickHouseColumn("member", ClickHouseType.parse("String"), "DEFAULT", "'unknown'"));
        inserter(withExpression, InsertFormat.ROW_BINARY_WITH_DEFAULTS, true, false, 10).insert(List.of(flagged), null);
        assertEquals(0, flagged.decodes);
        assertEquals(List.of(List.of(0L, RowWriter.DEFAULT), List.of(1L, "Member 1"), List.of(2L, "Member 2")), clickHouse.acceptedRows(),
                "NULL is left to the column's DEFAULT expression by its flag");

        clickHouse.accepted.clear();
        final TypedRows narrower = new TypedRows(List.of("UInt32", "String"), 0, 2);
        inserter().insert(List.of(narrower), "batch-narrow");
        assertEquals(1, narrower.decodes, "UInt32 bytes cannot stand for UInt64 ones: converted instead");
        assertEquals(List.of(List.of(0L, ""), List.of(1L, "Member 1")), clickHouse.acceptedRows());
    }
}
