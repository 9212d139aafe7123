package org.spotlight.failure;

import org.spotlight.storage.StoredObject;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a failed FlowFile into failure rows, in two steps so that nothing has to be held in memory:
 * <ol>
 *     <li>{@link #prepare}: reads the content once to decide how it is stored. If the Record Reader reads it entirely,
 *     it becomes one row per failed record ({@link RecordSelection}); otherwise it is stored whole, as text or binary,
 *     with the reader's error. Payloads above the inline limit are uploaded to object storage here, before anything
 *     is written to ClickHouse.</li>
 *     <li>{@link #write}: reads the content again while the insert streams, and writes the rows.</li>
 * </ol>
 * Records are rendered as JSON one at a time; text is escaped and binary content base64-encoded as it streams.
 */
public final class FailureRecorder {

    /** How a failed FlowFile is stored. */
    public sealed interface Plan permits RecordsPlan, ContentPlan {
    }

    /** One row per selected record. */
    public record RecordsPlan(RecordSelection selection) implements Plan {
    }

    /**
     * One row for the whole content. {@code uri} is set when the content went to object storage; {@code records} is how
     * many input records the content holds, as far as it can be told.
     */
    public record ContentPlan(ContentSniffer.Sniffed sniffed, String uri, String parseError, long records) implements Plan {
    }

    /** A failed FlowFile ready to be written; {@code parser} reads its records again while they are written. */
    public record Prepared(FailureContext context, FailedContent content, RecordParser parser, Plan plan) {
        public long rows() {
            return plan instanceof RecordsPlan records ? records.selection().selectedCount() : 1;
        }
    }

    private final PayloadObjects objects;
    private final long inlineLimit;

    /**
     * @param objects     where payloads above {@code inlineLimit} go; null keeps every payload inline
     * @param inlineLimit the largest payload (in bytes) kept in the payload column when there is object storage
     */
    public FailureRecorder(final PayloadObjects objects, final long inlineLimit) {
        this.objects = objects;
        this.inlineLimit = inlineLimit;
    }

    /**
     * @param parser        reads the content's records; null stores the content whole
     * @param recordIndexes the spotlight.record.indexes attribute, may be null
     * @throws IOException the content could not be read
     * @throws org.spotlight.storage.ObjectStorageException an upload failed
     */
    public Prepared prepare(final FailureContext context, final FailedContent content, final RecordParser parser,
                            final String recordIndexes) throws IOException {
        String parseError = null;
        long readBeforeFailure = 0;
        ContentSniffer.Sniffed sniffed = null;
        if (parser != null) {
            final RecordScan scan = scanRecords(content, parser);
            sniffed = scan.sniffed;
            // A reader that stops early without an error (NiFi's JsonTreeReader at a scalar inside an array) would lose the
            // records after it: JSON that holds more values than the reader returned is stored whole instead.
            final boolean dropped = scan.failure == null && sniffed != null && sniffed.json() && sniffed.records() > scan.count;
            if (scan.failure == null && scan.count > 0 && !dropped) {
                final RecordSelection selection = RecordSelection.of(recordIndexes, scan.count);
                uploadLargeRecords(context, content, parser, selection, scan.largeRecords);
                return new Prepared(context, content, parser, new RecordsPlan(selection));
            }
            parseError = scan.failure != null ? scan.failure
                    : dropped ? "the Record Reader returned " + scan.count + " records, but the content holds " + sniffed.records()
                    + " JSON values; it is stored whole so that none is lost"
                    : "the Record Reader found no records in the content";
            // The records the reader got through, and the one it failed on.
            readBeforeFailure = scan.failure != null ? scan.count + 1 : 0;
        }
        if (sniffed == null) {
            try (InputStream in = content.open()) {
                sniffed = ContentSniffer.sniff(in);
            }
        }
        if (sniffed.size() == 0) {
            readBeforeFailure = 0;
        }
        String uri = "";
        if (objects != null && sniffed.size() > inlineLimit) {
            final String key = FailureIds.objectKey(objects.keyPrefix(), FailureIds.failureId(context.flowFileUuid(), 0), sniffed.kind());
            final StoredObject stored;
            try (InputStream in = content.open()) {
                stored = objects.put(key, in, sniffed.size(), sniffed.kind().contentType(), metadata(context, 0));
            }
            if (stored.sha256() != null && !stored.sha256().equals(sniffed.sha256())) {
                throw new IOException("The content of FlowFile " + context.flowFileUuid() + " changed between two reads (SHA-256 "
                        + sniffed.sha256() + ", then " + stored.sha256() + ")");
            }
            uri = stored.uri();
        }
        return new Prepared(context, content, parser, new ContentPlan(sniffed, uri, parseError, Math.max(sniffed.records(), readBeforeFailure)));
    }

    /** Writes the rows of a prepared failure. */
    public void write(final FailureRowWriter writer, final Prepared prepared) throws IOException {
        final FailureContext context = prepared.context();
        if (prepared.plan() instanceof ContentPlan plan) {
            final ContentSniffer.Sniffed sniffed = plan.sniffed();
            final FailureRowWriter.RowPayload payload = new FailureRowWriter.RowPayload(0, null, sniffed.kind(), sniffed.size(),
                    sniffed.sha256(), plan.uri(), plan.parseError(), plan.records());
            if (payload.isObject()) {
                writer.write(context, payload, FailureRowWriter.PayloadBody.none());
                return;
            }
            try (InputStream in = prepared.content().open()) {
                writer.write(context, payload, sniffed.text() ? FailureRowWriter.PayloadBody.text(in)
                        : FailureRowWriter.PayloadBody.binary(in, sniffed.size()));
            }
            return;
        }
        final RecordSelection selection = ((RecordsPlan) prepared.plan()).selection();
        final long[] written = {0};
        forEachRecord(prepared.content(), prepared.parser(), (position, json) -> {
            if (!selection.includes(position)) {
                return;
            }
            final boolean inObjectStorage = isLarge(json);
            final String uri = inObjectStorage ? objects.uri(recordKey(context, position)) : "";
            writer.write(context, new FailureRowWriter.RowPayload(position, selection.sourceIndex(position), PayloadKind.RECORD,
                            json.length, sha256(json), uri, selection.note(), 1),
                    inObjectStorage ? FailureRowWriter.PayloadBody.none() : FailureRowWriter.PayloadBody.json(json));
            written[0]++;
        });
        if (written[0] != selection.selectedCount()) {
            throw new IOException("FlowFile " + context.flowFileUuid() + " gave " + written[0] + " failed records on the second read, "
                    + selection.selectedCount() + " on the first");
        }
    }

    private boolean isLarge(final byte[] json) {
        return objects != null && json.length > inlineLimit;
    }

    private String recordKey(final FailureContext context, final long position) {
        return FailureIds.objectKey(objects.keyPrefix(), FailureIds.failureId(context.flowFileUuid(), position), PayloadKind.RECORD);
    }

    /**
     * Result of the first read: the record count and large records, or why the content is not records; and what the
     * content holds, seen on the way (null when it could not be read to its end).
     */
    private static final class RecordScan {
        long count;
        final List<Long> largeRecords = new ArrayList<>();
        String failure;
        ContentSniffer.Sniffed sniffed;
    }

    private RecordScan scanRecords(final FailedContent content, final RecordParser parser) throws IOException {
        final RecordScan scan = new RecordScan();
        final ContentSniffer sniffer = new ContentSniffer();
        final RewindableContent[] stream = {null};
        try {
            // Readers that infer a schema mark, read up to all of the content and reset, as NiFi's content streams allow at
            // any distance; the sniffer sees each byte once however often they read it.
            forEachRecord(content, in -> stream[0] = new RewindableContent(content, in, sniffer), parser, (position, json) -> {
                scan.count++;
                if (isLarge(json)) {
                    scan.largeRecords.add(position);
                }
            });
        } catch (final RecordsUnreadable e) {
            scan.failure = e.getMessage();
        }
        scan.sniffed = stream[0] != null && stream[0].drained() ? sniffer.result() : null;
        return scan;
    }

    private void uploadLargeRecords(final FailureContext context, final FailedContent content, final RecordParser parser,
                                    final RecordSelection selection, final List<Long> largeRecords) throws IOException {
        if (largeRecords.stream().noneMatch(selection::includes)) {
            return;
        }
        forEachRecord(content, parser, (position, json) -> {
            if (selection.includes(position) && isLarge(json)) {
                objects.put(recordKey(context, position), new ByteArrayInputStream(json), json.length,
                        PayloadKind.RECORD.contentType(), metadata(context, position));
            }
        });
    }

    @FunctionalInterface
    private interface RecordVisitor {
        void visit(long position, byte[] json) throws IOException;
    }

    /** The content could not be read as records; the message says why. */
    private static final class RecordsUnreadable extends IOException {
        RecordsUnreadable(final String message, final Throwable cause) {
            super(message, cause);
        }
    }

    private static void forEachRecord(final FailedContent content, final RecordParser parser, final RecordVisitor visitor) throws IOException {
        forEachRecord(content, in -> in, parser, visitor);
    }

    private static void forEachRecord(final FailedContent content, final java.util.function.UnaryOperator<InputStream> wrapper,
                                      final RecordParser parser, final RecordVisitor visitor) throws IOException {
        try (InputStream in = wrapper.apply(content.open())) {
            final RecordParser.RecordCursor cursor;
            try {
                cursor = parser.open(in);
            } catch (final Exception e) {
                throw new RecordsUnreadable("the Record Reader could not read the content: " + describe(e), e);
            }
            try (cursor) {
                long position = 0;
                while (true) {
                    final Map<String, Object> record;
                    final byte[] json;
                    try {
                        record = cursor.next();
                        if (record == null) {
                            return;
                        }
                        json = RecordJson.render(record);
                    } catch (final Exception e) {
                        throw new RecordsUnreadable("the Record Reader failed at record " + position + ": " + describe(e), e);
                    }
                    visitor.visit(position++, json);
                }
            }
        }
    }

    private static Map<String, String> metadata(final FailureContext context, final long position) {
        return Map.of("failure-id", FailureIds.failureId(context.flowFileUuid(), position),
                "flowfile-uuid", context.flowFileUuid(),
                "error-class", context.errorClass().value());
    }

    static String sha256(final byte[] bytes) {
        return HexFormat.of().formatHex(ContentSniffer.newSha256().digest(bytes));
    }

    private static String describe(final Throwable failure) {
        // A wrapper whose message is just its cause's toString() says nothing the cause does not.
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root && Objects.equals(root.getMessage(), root.getCause().toString())) {
            root = root.getCause();
        }
        final String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root.getClass().getSimpleName() + ": " + message;
    }
}
