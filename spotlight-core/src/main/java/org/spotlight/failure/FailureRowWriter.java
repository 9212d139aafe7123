package org.spotlight.failure;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.spotlight.format.text.UnicodeText;
import org.spotlight.SpotlightAttributes;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes failure rows as JSONEachRow, the input format every ClickHouse version reads, straight into an insert's
 * request body. Payloads stream from their source into the row: a text or binary payload is never held whole.
 */
public final class FailureRowWriter implements Closeable {

    private static final JsonFactory JSON = new JsonFactory();

    /** The metadata of one row; the payload itself comes as a {@link PayloadBody}. */
    public record RowPayload(long recordIndex, Long sourceRecordIndex, PayloadKind kind, long size, String sha256,
                             String uri, String parseError, long records) {
        public RowPayload {
            uri = uri == null ? "" : uri;
            parseError = parseError == null ? "" : parseError;
        }

        public boolean isObject() {
            return !uri.isEmpty();
        }
    }

    /** Writes a payload as one JSON string value. */
    @FunctionalInterface
    public interface PayloadBody {
        void writeTo(JsonGenerator generator) throws IOException;

        /** For payloads kept in object storage: the payload column stays empty. */
        static PayloadBody none() {
            return generator -> generator.writeString("");
        }

        /** A record's JSON, already UTF-8 encoded. */
        static PayloadBody json(final byte[] json) {
            return generator -> generator.writeUTF8String(json, 0, json.length);
        }

        /** Well-formed UTF-8 text, streamed and escaped as it is read. */
        static PayloadBody text(final InputStream content) {
            return generator -> generator.writeString(new InputStreamReader(content, StandardCharsets.UTF_8), -1);
        }

        /** Bytes, streamed as base64. */
        static PayloadBody binary(final InputStream content, final long size) {
            return generator -> generator.writeBinary(content, size > Integer.MAX_VALUE ? -1 : (int) size);
        }
    }

    private final FailureTable table;
    private final JsonGenerator generator;
    private long rows;
    // Rows of one FlowFile share its attributes: rendered once, not once per record.
    private Map<String, String> renderedAttributes;
    private String attributesJson;
    private String recordAttributesJson;

    /** The stream is flushed by {@link #close()}, not closed: the insert owns it. */
    public FailureRowWriter(final OutputStream out, final FailureTable table) throws IOException {
        this.table = table;
        this.generator = JSON.createGenerator(out, JsonEncoding.UTF8).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    public void write(final FailureContext context, final RowPayload payload, final PayloadBody body) throws IOException {
        generator.writeStartObject();
        generator.writeStringField(FailureTable.FAILURE_ID, FailureIds.failureId(context.flowFileUuid(), payload.recordIndex()));
        generator.writeStringField(FailureTable.INGESTED_AT, table.timestamp(context.ingestedAt()));
        writeText(FailureTable.FLOW, context.flow());
        writeText(FailureTable.COMPONENT, context.component());
        generator.writeStringField(FailureTable.FLOWFILE_UUID, context.flowFileUuid());
        generator.writeStringField(FailureTable.ERROR_CLASS, context.errorClass().value());
        writeText(FailureTable.CLASSIFICATION, context.classification());
        writeText(FailureTable.ERROR_CODE, context.errorCode());
        writeText(FailureTable.ERROR_MESSAGE, context.errorMessage());
        generator.writeNumberField(FailureTable.RETRY_COUNT, context.retryCount());
        writeText(FailureTable.SOURCE_TOPIC, context.sourceTopic());
        writeNullable(FailureTable.SOURCE_PARTITION, context.sourcePartition());
        writeNullable(FailureTable.SOURCE_OFFSET, context.sourceOffset());
        writeText(FailureTable.TARGET_DATABASE, context.targetDatabase());
        writeText(FailureTable.TARGET_TABLE, context.targetTable());
        generator.writeNumberField(FailureTable.RECORD_INDEX, payload.recordIndex());
        writeNullable(FailureTable.SOURCE_RECORD_INDEX, payload.sourceRecordIndex());
        generator.writeStringField(FailureTable.PAYLOAD_KIND, payload.kind().value());
        generator.writeFieldName(FailureTable.PAYLOAD);
        body.writeTo(generator);
        generator.writeNumberField(FailureTable.PAYLOAD_SIZE, payload.size());
        generator.writeStringField(FailureTable.PAYLOAD_SHA256, payload.sha256());
        generator.writeStringField(FailureTable.PAYLOAD_URI, payload.uri());
        writeText(FailureTable.PARSE_ERROR, payload.parseError());
        if (renderedAttributes != context.attributes()) {
            attributesJson = attributesJson(context.attributes());
            final Map<String, String> withoutIndexes = new TreeMap<>(context.attributes());
            withoutIndexes.remove(SpotlightAttributes.RECORD_INDEXES);
            recordAttributesJson = attributesJson(withoutIndexes);
            renderedAttributes = context.attributes();
        }
        // A record row has its own index in source_record_index: the FlowFile's list of every failed record's index,
        // repeated in each of its rows, would make N failed records cost N times that list.
        generator.writeStringField(FailureTable.ATTRIBUTES, payload.kind() == PayloadKind.RECORD ? recordAttributesJson : attributesJson);
        generator.writeNumberField(FailureTable.REPLAY_COUNT, context.replayCount());
        generator.writeNumberField(FailureTable.RECORDS, payload.records());
        generator.writeEndObject();
        generator.writeRaw('\n');
        rows++;
    }

    public long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        generator.close();
    }

    /**
     * Text from the FlowFile or its data (an error message may quote a value): a lone UTF-16 surrogate in it is written as
     * its escape's six characters, since ClickHouse refuses the JSON escape of a character UTF-8 cannot hold.
     */
    private void writeText(final String field, final String value) throws IOException {
        generator.writeStringField(field, UnicodeText.escapeLoneSurrogates(value));
    }

    private void writeNullable(final String field, final Number value) throws IOException {
        if (value == null) {
            generator.writeNullField(field);
        } else {
            generator.writeNumberField(field, value.longValue());
        }
    }

    /** The attributes as one JSON object, itself written as a string value. */
    static String attributesJson(final Map<String, String> attributes) throws IOException {
        final StringWriter json = new StringWriter();
        try (JsonGenerator object = JSON.createGenerator(json)) {
            object.writeStartObject();
            for (Map.Entry<String, String> attribute : attributes.entrySet()) {
                object.writeStringField(attribute.getKey(), attribute.getValue());
            }
            object.writeEndObject();
        }
        // A lone surrogate can only be inside a string literal of this JSON: its escape there is the same string, exactly.
        return UnicodeText.escapeLoneSurrogates(json.toString());
    }
}
