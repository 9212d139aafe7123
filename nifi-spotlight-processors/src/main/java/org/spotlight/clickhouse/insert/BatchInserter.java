package org.spotlight.clickhouse.insert;

import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.clickhouse.types.CastException;
import org.spotlight.clickhouse.types.ClickHouseColumn;
import org.spotlight.clickhouse.types.NullPolicy;
import org.spotlight.clickhouse.types.ValueCaster;
import org.spotlight.clickhouse.client.ClickHouseClient;
import org.spotlight.clickhouse.client.ClickHouseException;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Streams a batch of sources into one table with as few inserts as possible, and settles every record.
 * <ol>
 * <li>One insert carries every row, written while the sources are read: nothing of the batch is held in memory.
 *     Values are converted to the column types on the way; a value that does not fit fails its record
 *     ({@link RecordFailures#CAST_FAILED}) without reaching the server.</li>
 * <li>Rows that leave a column to its default get the type's default (zero, '', NULL ...) written for it when the
 *     column has no default expression; rows that leave a column with a DEFAULT expression to it go into an insert of
 *     their own without that column, unless the format fills defaults per row (RowBinaryWithDefaults).</li>
 * <li>When the server rejects an insert because of its rows, the insert is halved until the rejected rows are
 *     found; they fail with the server's error, every other row lands.</li>
 * <li>When the server or the network fails, the batch stops and is to be retried as a whole.</li>
 * </ol>
 * Sources that hold RowBinary rows for the insert's columns ({@link RowSource#forwardRowBinary}) are copied into it as
 * bytes rather than read as values; everything above applies to them alike.
 * Every insert is a deterministic function of the sources: the same rows in the same order, with an idempotency token
 * derived from the batch key and the insert's row range. A retried batch therefore repeats exactly the inserts the
 * server has seen, and insert deduplication (tokens, or block hashes of replicated tables) drops those that landed.
 */
public final class BatchInserter {

    /**
     * @param format              the input format of every insert
     * @param fillsDefaultsPerRow whether the format can leave single values to the column default
     * @param settings            server settings sent with every insert (async_insert, user settings ...)
     * @param deduplicationTokens whether to send insert_deduplication_token (servers that have it)
     * @param maxIsolationInserts how many extra inserts may be spent on finding rejected rows; beyond it the rows
     *                            still in doubt fail with the server's error
     * @param nullPolicy          what a NULL for a non-Nullable column becomes: the column's default (counted per source),
     *                            or a failure of its record ({@link RecordFailures#NULL_NOT_ALLOWED})
     */
    public record Options(InsertFormat format, boolean fillsDefaultsPerRow, Map<String, Object> settings,
                          boolean deduplicationTokens, int maxIsolationInserts, NullPolicy nullPolicy) {
        public Options {
            settings = Map.copyOf(settings);
        }

        /** NULLs for non-Nullable columns become their defaults (ClickHouse's own behaviour), counted. */
        public Options(final InsertFormat format, final boolean fillsDefaultsPerRow, final Map<String, Object> settings,
                       final boolean deduplicationTokens, final int maxIsolationInserts) {
            this(format, fillsDefaultsPerRow, settings, deduplicationTokens, maxIsolationInserts, NullPolicy.COLUMN_DEFAULT);
        }
    }

    public static final String DEDUPLICATION_TOKEN = "insert_deduplication_token";

    private static final BitSet ALL_COLUMNS = new BitSet();

    private final ClickHouseClient clickHouse;
    private final String qualifiedTable;
    private final List<ClickHouseColumn> columns;
    private final List<String> columnNames;
    private final ColumnConverter[] converters;
    private final boolean[] nullable;
    /** Per column: the value that stands for DEFAULT, or {@link ColumnConverter#UNKNOWN_DEFAULT} to leave it to the server. */
    private final Object[] typeDefaults;
    private final Options options;
    private final java.time.ZoneId serverZone;

    /**
     * @param columns the columns to insert, in table order: every insertable column some source has a field for
     */
    public BatchInserter(final ClickHouseClient clickHouse, final String database, final String table,
                         final List<ClickHouseColumn> columns, final ValueCaster caster, final java.time.ZoneId serverZone,
                         final Options options) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("An insert needs at least one column");
        }
        this.clickHouse = clickHouse;
        this.qualifiedTable = ClickHouseIdentifiers.qualified(database, table);
        this.columns = List.copyOf(columns);
        this.columnNames = columns.stream().map(ClickHouseColumn::name).toList();
        this.converters = columns.stream().map(column -> ColumnConverter.of(column.type(), caster)).toArray(ColumnConverter[]::new);
        this.nullable = new boolean[columns.size()];
        this.typeDefaults = new Object[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            nullable[i] = columns.get(i).type().isNullable();
            // Without a default expression a column's default is its type's; writing it here keeps such rows in the one
            // insert (servers without RowBinaryWithDefaults would otherwise need an insert, and a read, of their own).
            // (Any default kind — DEFAULT, EPHEMERAL ... — means an expression the server evaluates.)
            typeDefaults[i] = ColumnConverter.writesDefaultOf(columns.get(i)) ? converters[i].typeDefault() : ColumnConverter.UNKNOWN_DEFAULT;
        }
        this.serverZone = serverZone;
        this.options = options;
    }

    /**
     * @param sources  the batch, in a deterministic order (the same sources must come in the same order on retry)
     * @param batchKey the batch's idempotency key, from the sources' keys: the base of the insert tokens, so required
     *                 only when {@link Options#deduplicationTokens()} is set
     */
    public BatchOutcome insert(final List<RowSource> sources, final String batchKey) {
        if (options.deduplicationTokens() && batchKey == null) {
            throw new IllegalArgumentException("Deduplication tokens need the batch key before the first insert");
        }
        return new Run(sources, batchKey).execute();
    }

    /** Per-source state of a run: where its rows sit in the batch and what became of them. */
    private static final class Source {
        final RowSource rows;
        long offset;
        int count = -1;
        RecordFailures failures = new RecordFailures();
        final Map<BitSet, BitSet> rowsByShape = new HashMap<>();
        final BitSet shaped = new BitSet();
        String malformedMessage;
        /** NULLs written as the default of a non-Nullable column, counted when the records are first read. */
        long nullsDefaulted;

        Source(final RowSource rows) {
            this.rows = rows;
        }

        boolean usable() {
            return malformedMessage == null;
        }

        boolean eligible(final BitSet shape, final int index) {
            if (failures.contains(index)) {
                return false;
            }
            if (shape.isEmpty()) {
                return !shaped.get(index);
            }
            final BitSet members = rowsByShape.get(shape);
            return members != null && members.get(index);
        }
    }

    /** A range of batch positions the server rejected, and its error. */
    private record Rejected(long from, long to, ClickHouseException error) {
    }

    @FunctionalInterface
    private interface EligibleRows {
        /** @return false to stop */
        boolean visit(Source source, int index);
    }

    /** The insert was aborted on purpose (a source turned out to be malformed); it must not commit. */
    private static final class AbortedInsertException extends IOException {
        AbortedInsertException(final String message) {
            super(message);
        }
    }

    private final class Run {
        private final List<Source> sources;
        private final String batchKey;
        private final List<String> queryIds = new ArrayList<>();
        /** The shapes rows took besides the full one, in a fixed order so that their inserts come in the same order every time. */
        private final Set<BitSet> shapes = new TreeSet<>(Comparator.comparing(BitSet::toString));
        private boolean scanned;
        private int inserts;
        private int isolationInserts;
        private long bytesSent;

        Run(final List<RowSource> rowSources, final String batchKey) {
            this.sources = rowSources.stream().map(Source::new).toList();
            this.batchKey = batchKey;
        }

        BatchOutcome execute() {
            try {
                insertAll(ALL_COLUMNS);
                for (BitSet shape : new ArrayList<>(shapes)) {
                    insertAll(shape);
                }
            } catch (final RetryBatch retry) {
                return outcome(retry.cause);
            }
            return outcome(null);
        }

        /** Inserts every eligible row of one shape, isolating rejected rows when the server refuses some. */
        private void insertAll(final BitSet shape) throws RetryBatch {
            while (true) {
                final Pass pass = new Pass(shape, 0, Long.MAX_VALUE, !scanned);
                final ClickHouseException failure = send(pass, -1, -1);
                if (failure == null) {
                    return;
                }
                if (pass.aborted) {
                    // A source turned out to be malformed and is now excluded: the same insert without it.
                    continue;
                }
                final Deque<Rejected> rejected = new ArrayDeque<>();
                settle(new Rejected(0, Long.MAX_VALUE, failure), shape, rejected);
                isolate(shape, rejected);
                return;
            }
        }

        /**
         * What a failed insert means for its rows: retry the batch, fail them all, or look for the rejected ones. The
         * last two need to know every row (a scan, when the failed insert did not read all of them).
         */
        private void settle(final Rejected range, final BitSet shape, final Deque<Rejected> toIsolate) throws RetryBatch {
            switch (InsertErrors.scopeOf(range.error())) {
                case TRANSIENT -> throw new RetryBatch(range.error());
                case TABLE -> {
                    ensureScanned();
                    failEligible(shape, range.from(), range.to(), range.error(), "");
                }
                case ROWS -> {
                    ensureScanned();
                    toIsolate.push(range);
                }
            }
        }

        /**
         * Halves rejected ranges until each rejected row stands alone. Ranges are processed depth-first, left half
         * first, so a retried batch sends exactly the same inserts (with the same tokens) again.
         */
        private void isolate(final BitSet shape, final Deque<Rejected> pending) throws RetryBatch {
            while (!pending.isEmpty()) {
                final Rejected range = pending.pop();
                final long eligible = countEligible(shape, range.from(), range.to());
                if (eligible == 0) {
                    continue;
                }
                if (eligible == 1) {
                    failEligible(shape, range.from(), range.to(), range.error(), "");
                    continue;
                }
                if (isolationInserts + 2 > options.maxIsolationInserts()) {
                    failEligible(shape, range.from(), range.to(), range.error(), " (not isolated further: the limit of "
                            + options.maxIsolationInserts() + " isolation inserts per batch was reached)");
                    continue;
                }
                final long middle = nthEligible(shape, range.from(), range.to(), eligible / 2);
                final Deque<Rejected> rejectedHalves = new ArrayDeque<>(2);
                for (long[] half : new long[][]{{range.from(), middle}, {middle, range.to()}}) {
                    isolationInserts++;
                    final Pass pass = new Pass(shape, half[0], half[1], false);
                    final ClickHouseException halfFailure = send(pass, half[0], half[1]);
                    if (halfFailure == null) {
                        continue;
                    }
                    if (pass.aborted) {
                        throw new IllegalStateException("A source became unreadable between two reads of the same batch: "
                                + halfFailure.getMessage(), halfFailure);
                    }
                    settle(new Rejected(half[0], half[1], halfFailure), shape, rejectedHalves);
                }
                // The left half first: push the right one below it.
                while (!rejectedHalves.isEmpty()) {
                    pending.push(rejectedHalves.removeFirst());
                }
            }
        }

        /**
         * @param from first batch position of a part of the batch, -1 for all of it (the token's range)
         * @return null when the insert succeeded, else its classified failure
         */
        private ClickHouseException send(final Pass pass, final long from, final long to) {
            final Map<String, Object> settings = new LinkedHashMap<>(options.settings());
            if (options.deduplicationTokens()) {
                settings.put(DEDUPLICATION_TOKEN, token(pass.shape, from, to));
            }
            final String queryId = UUID.randomUUID().toString();
            queryIds.add(queryId);
            inserts++;
            try {
                clickHouse.insert(qualifiedTable, pass.quotedColumns(), options.format().formatName(), pass, settings, queryId);
                bytesSent += pass.bytes;
                return null;
            } catch (final ClickHouseException e) {
                return e;
            }
        }

        private void ensureScanned() {
            if (!scanned) {
                final Pass scan = new Pass(ALL_COLUMNS, 0, Long.MAX_VALUE, true);
                try {
                    scan.write(OutputStream.nullOutputStream());
                } catch (final AbortedInsertException e) {
                    ensureScanned();
                } catch (final IOException e) {
                    throw new java.io.UncheckedIOException("Could not read the batch again: " + e.getMessage(), e);
                }
            }
        }

        private long countEligible(final BitSet shape, final long from, final long to) {
            final long[] eligible = {0};
            forEachEligible(shape, from, to, (source, index) -> {
                eligible[0]++;
                return true;
            });
            return eligible[0];
        }

        /** The batch position of the {@code n}-th (0-based) eligible row in the range. */
        private long nthEligible(final BitSet shape, final long from, final long to, final long n) {
            final long[] seen = {0};
            final long[] position = {-1};
            forEachEligible(shape, from, to, (source, index) -> {
                if (seen[0]++ < n) {
                    return true;
                }
                position[0] = source.offset + index;
                return false;
            });
            if (position[0] < 0) {
                throw new IllegalStateException("Range " + from + "-" + to + " has fewer than " + (n + 1) + " eligible rows");
            }
            return position[0];
        }

        private void failEligible(final BitSet shape, final long from, final long to, final ClickHouseException error,
                                  final String note) {
            final String code = InsertErrors.codeOf(error);
            final String message = error.getMessage() + note;
            forEachEligible(shape, from, to, (source, index) -> {
                source.failures.add(index, code, message);
                return true;
            });
        }

        /** Visits the rows of one shape within a range of batch positions that are still to be inserted, in order. */
        private void forEachEligible(final BitSet shape, final long from, final long to, final EligibleRows visitor) {
            for (Source source : sources) {
                if (!source.usable()) {
                    continue;
                }
                final int first = (int) Math.max(0, from - source.offset);
                final int last = (int) Math.min(source.count, to - source.offset);
                for (int index = first; index < last; index++) {
                    if (source.eligible(shape, index) && !visitor.visit(source, index)) {
                        return;
                    }
                }
            }
        }

        private String token(final BitSet shape, final long from, final long to) {
            final StringBuilder token = new StringBuilder(batchKey);
            if (!shape.isEmpty()) {
                token.append(":without:").append(IdempotencyKeys.shortHash(String.join(",", omittedColumns(shape))));
            }
            if (from >= 0) {
                token.append(':').append(from).append('-').append(to);
            }
            return token.toString();
        }

        private List<String> omittedColumns(final BitSet shape) {
            return shape.stream().mapToObj(columnNames::get).toList();
        }

        private BatchOutcome outcome(final ClickHouseException retryCause) {
            final List<BatchOutcome.SourceOutcome> outcomes = sources.stream()
                    .map(source -> new BatchOutcome.SourceOutcome(source.rows, source.count, source.failures, source.malformedMessage,
                            source.nullsDefaulted))
                    .toList();
            return new BatchOutcome(outcomes, retryCause, queryIds, inserts, bytesSent);
        }

        /**
         * One insert's rows: the eligible rows of one shape within a range of batch positions. The scanning pass
         * (the first complete read) also records counts, conversion failures and the shapes of rows.
         */
        private final class Pass implements ClickHouseClient.InsertWriter {
            private final BitSet shape;
            private final long from;
            private final long to;
            private final boolean scan;
            private final int[] positions;
            private boolean aborted;
            private long bytes;

            Pass(final BitSet shape, final long from, final long to, final boolean scan) {
                this.shape = shape;
                this.from = from;
                this.to = to;
                this.scan = scan;
                this.positions = java.util.stream.IntStream.range(0, columns.size()).filter(i -> !shape.get(i)).toArray();
            }

            List<String> quotedColumns() {
                final List<String> quoted = new ArrayList<>(positions.length);
                for (int position : positions) {
                    quoted.add(ClickHouseIdentifiers.quote(columnNames.get(position)));
                }
                return quoted;
            }

            @Override
            public void write(final OutputStream out) throws IOException {
                final List<ClickHouseColumn> passColumns = java.util.Arrays.stream(positions).mapToObj(columns::get).toList();
                final RowWriter writer = options.format().open(passColumns, serverZone, out);
                // Rows a source holds in RowBinary for these columns go into the insert as bytes: they were typed for
                // these column types (or their Nullable twins) when they were written, so nothing can fail to convert,
                // and a NULL for a non-Nullable column gets the default conversion would give it (see forwardingTo).
                final boolean forwarding = shape.isEmpty() && options.format() != InsertFormat.JSON_EACH_ROW;
                final CountingOutputStream counting = new CountingOutputStream(out);
                final Object[] converted = new Object[columns.size()];
                final Object[] row = new Object[positions.length];
                final BitSet rowShape = new BitSet();
                if (scan) {
                    shapes.clear();
                }
                long offset = 0;
                for (Source source : sources) {
                    if (!source.usable()) {
                        continue;
                    }
                    if (scan) {
                        source.offset = offset;
                        source.nullsDefaulted = 0;
                        source.failures = new RecordFailures();
                        source.rowsByShape.clear();
                        source.shaped.clear();
                    } else if (source.offset + source.count <= from || source.offset >= to) {
                        continue;
                    }
                    final int[] counted = {0};
                    try {
                        if (forwarding) {
                            final long offsetOfSource = source.offset;
                            final int forwarded = source.rows.forwardRowBinary(passColumns, new RowBinaryWithNamesAndTypes.Reader.RowFilter() {
                                @Override
                                public RowBinaryWithNamesAndTypes.Reader.Take take(final int index) {
                                    final long position = offsetOfSource + index;
                                    if (position < from) {
                                        return RowBinaryWithNamesAndTypes.Reader.Take.SKIP;
                                    }
                                    if (position >= to) {
                                        return RowBinaryWithNamesAndTypes.Reader.Take.STOP;
                                    }
                                    return scan || source.eligible(shape, index) ? RowBinaryWithNamesAndTypes.Reader.Take.ROW
                                            : RowBinaryWithNamesAndTypes.Reader.Take.SKIP;
                                }

                                @Override
                                public boolean defaultForNull(final int index, final int column) {
                                    return nullForNonNullable(source, index, column, true);
                                }
                            }, options.format() == InsertFormat.ROW_BINARY_WITH_DEFAULTS, after(writer, counting));
                            if (forwarded >= 0) {
                                if (scan) {
                                    source.count = forwarded;
                                    offset += source.count;
                                }
                                continue;
                            }
                        }
                        source.rows.read(columnNames, (index, values) -> {
                            counted[0] = index + 1;
                            final long position = source.offset + index;
                            if (position < from) {
                                return true;
                            }
                            if (position >= to) {
                                return false;
                            }
                            if (!scan && !source.eligible(shape, index)) {
                                return true;
                            }
                            if (!convert(source, index, values, converted, rowShape)) {
                                return true;
                            }
                            if (rowShape.equals(shape)) {
                                for (int i = 0; i < positions.length; i++) {
                                    row[i] = converted[positions[i]];
                                }
                                writer.write(row);
                            }
                            return true;
                        });
                    } catch (final RowSource.MalformedRecordsException e) {
                        source.malformedMessage = "Record " + e.recordIndex() + " and those after it cannot be read: " + e.getMessage();
                        aborted = true;
                        // So that rows already sent cannot land (a one-byte single column cannot be cut: see abandon).
                        writer.abandon();
                        throw new AbortedInsertException(source.malformedMessage);
                    }
                    if (scan) {
                        source.count = counted[0];
                        offset += source.count;
                    }
                }
                writer.finish();
                bytes = writer.bytesWritten() + counting.count();
                if (scan) {
                    scanned = true;
                }
            }

            /**
             * A NULL for a non-Nullable column: the column's default (counted, when {@code count}), or its record's failure.
             *
             * @return whether the default is written
             */
            private boolean nullForNonNullable(final Source source, final int index, final int column, final boolean count) {
                if (options.nullPolicy() == NullPolicy.FAIL) {
                    if (scan) {
                        source.failures.add(index, RecordFailures.NULL_NOT_ALLOWED, columnNames.get(column), "Column "
                                + ClickHouseIdentifiers.quote(columnNames.get(column)) + ": NULL is not allowed in a non-Nullable column");
                    }
                    return false;
                }
                if (scan && count) {
                    source.nullsDefaulted++;
                }
                return true;
            }

            /**
             * Converts one record into {@code converted}; records its shape (the non-Nullable columns it leaves to
             * their defaults, where the format cannot do that per row).
             *
             * @return false when a value cannot be converted (the record then fails)
             */
            private boolean convert(final Source source, final int index, final Object[] values, final Object[] converted,
                                    final BitSet rowShape) {
                rowShape.clear();
                if (values.length > 0 && values[0] instanceof RowSource.Rejected rejected) {
                    if (scan) {
                        source.failures.add(index, rejected.code(), rejected.message());
                    }
                    return false;
                }
                // Counted only once the whole record converts: a record that fails has no defaults written.
                int defaulted = 0;
                for (int i = 0; i < converters.length; i++) {
                    final Object raw = values[i];
                    if (raw == null && !nullable[i]) {
                        if (!nullForNonNullable(source, index, i, false)) {
                            return false;
                        }
                        defaulted++;
                    }
                    if ((raw == RowWriter.DEFAULT || (raw == null && !nullable[i])) && typeDefaults[i] != ColumnConverter.UNKNOWN_DEFAULT) {
                        converted[i] = typeDefaults[i];
                    } else if (raw == RowWriter.DEFAULT || (raw == null && !nullable[i])) {
                        converted[i] = RowWriter.DEFAULT;
                        if (!options.fillsDefaultsPerRow()) {
                            rowShape.set(i);
                        }
                    } else if (raw == null) {
                        converted[i] = null;
                    } else {
                        try {
                            converted[i] = converters[i].convert(raw);
                        } catch (final CastException e) {
                            if (scan) {
                                source.failures.add(index, RecordFailures.CAST_FAILED, columnNames.get(i),
                                        "Column " + ClickHouseIdentifiers.quote(columnNames.get(i)) + ": " + e.getMessage());
                            }
                            return false;
                        }
                    }
                }
                if (scan) {
                    source.nullsDefaulted += defaulted;
                }
                if (scan && !rowShape.isEmpty()) {
                    final BitSet key = (BitSet) rowShape.clone();
                    source.rowsByShape.computeIfAbsent(key, k -> new BitSet()).set(index);
                    source.shaped.set(index);
                    shapes.add(key);
                }
                return true;
            }
        }
    }

    /**
     * {@code out}, once the writer's buffered rows are out: they go first. The writer is flushed only when a source
     * forwards bytes, so rows stay buffered as long as they would without forwarding.
     */
    private static OutputStream after(final RowWriter writer, final OutputStream out) {
        return new OutputStream() {
            private boolean flushed;

            @Override
            public void write(final int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(final byte[] b, final int off, final int len) throws IOException {
                if (!flushed) {
                    writer.finish();
                    flushed = true;
                }
                out.write(b, off, len);
            }
        };
    }

    /** A transient failure: the batch stops, nothing of it is settled. */
    private static final class RetryBatch extends Exception {
        private final ClickHouseException cause;

        RetryBatch(final ClickHouseException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }
}
