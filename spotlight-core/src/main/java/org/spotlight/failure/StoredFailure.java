package org.spotlight.failure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A failure row read back for replay: the payload (inline, or where it lies in object storage) and what is needed to
 * rebuild the FlowFile it came from.
 */
public record StoredFailure(String failureId, String flowFileUuid, long recordIndex, PayloadKind payloadKind, String payload,
                            long payloadSize, String payloadSha256, String payloadUri, String targetDatabase, String targetTable,
                            int replayCount, Map<String, String> attributes) {

    private static final String S3_SCHEME = "s3://";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {
    };

    /** The columns a replay selects; {@link #of(JsonNode)} reads them by name. */
    public static final List<String> COLUMNS = List.of(FailureTable.FAILURE_ID, FailureTable.FLOWFILE_UUID, FailureTable.RECORD_INDEX,
            FailureTable.PAYLOAD_KIND, FailureTable.PAYLOAD, FailureTable.PAYLOAD_SIZE, FailureTable.PAYLOAD_SHA256,
            FailureTable.PAYLOAD_URI, FailureTable.TARGET_DATABASE, FailureTable.TARGET_TABLE, FailureTable.REPLAY_COUNT,
            FailureTable.ATTRIBUTES);

    public StoredFailure {
        attributes = Map.copyOf(attributes);
    }

    public boolean isObject() {
        return !payloadUri.isEmpty();
    }

    /**
     * The payload of an inline failure as the bytes it had: a record's JSON and text as UTF-8, binary content decoded
     * from base64.
     */
    public byte[] inlineBytes() {
        if (isObject()) {
            throw new IllegalStateException("Failure " + failureId + " keeps its payload in " + payloadUri);
        }
        return payloadKind == PayloadKind.BINARY ? Base64.getDecoder().decode(payload) : payload.getBytes(StandardCharsets.UTF_8);
    }

    /** The bucket of an object payload, from its {@code s3://bucket/key} URI. */
    public String objectBucket() {
        return objectLocation()[0];
    }

    /** The key of an object payload, from its {@code s3://bucket/key} URI. */
    public String objectKey() {
        return objectLocation()[1];
    }

    private String[] objectLocation() {
        final int slash = payloadUri.indexOf('/', S3_SCHEME.length());
        if (!payloadUri.startsWith(S3_SCHEME) || slash <= S3_SCHEME.length() || slash == payloadUri.length() - 1) {
            throw new IllegalArgumentException("Failure " + failureId + " has payload URI '" + payloadUri + "', not s3://bucket/key");
        }
        return new String[]{payloadUri.substring(S3_SCHEME.length(), slash), payloadUri.substring(slash + 1)};
    }

    /**
     * Reads one JSONEachRow row. 64-bit integers may arrive quoted (ClickHouse's default output_format_json_quote_64bit_integers).
     */
    public static StoredFailure of(final JsonNode row) {
        try {
            return new StoredFailure(
                    text(row, FailureTable.FAILURE_ID),
                    text(row, FailureTable.FLOWFILE_UUID),
                    Long.parseLong(text(row, FailureTable.RECORD_INDEX)),
                    PayloadKind.parse(text(row, FailureTable.PAYLOAD_KIND)),
                    text(row, FailureTable.PAYLOAD),
                    Long.parseLong(text(row, FailureTable.PAYLOAD_SIZE)),
                    text(row, FailureTable.PAYLOAD_SHA256),
                    text(row, FailureTable.PAYLOAD_URI),
                    text(row, FailureTable.TARGET_DATABASE),
                    text(row, FailureTable.TARGET_TABLE),
                    Integer.parseInt(text(row, FailureTable.REPLAY_COUNT)),
                    MAPPER.readValue(text(row, FailureTable.ATTRIBUTES), ATTRIBUTES));
        } catch (final JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a failure row: " + e.getMessage() + " in " + abbreviate(row.toString()), e);
        }
    }

    private static String text(final JsonNode row, final String column) {
        final JsonNode value = row.get(column);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("column " + column + " is missing");
        }
        return value.asText();
    }

    private static String abbreviate(final String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
