package org.spotlight.failure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.spotlight.format.text.UnicodeText;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailureRowWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * ClickHouse refuses a JSONEachRow row whose string holds the JSON escape of a lone UTF-16 surrogate ("missing second
     * part of surrogate pair"), and an error message may quote such a value: the row must still be one it takes.
     */
    @Test
    void aLoneSurrogateInTheErrorOrTheAttributesIsWrittenAsTextClickHouseTakesAndTheAttributesStayExact() throws IOException {
        final String message = "Field a: 'x\uD800' holds a lone UTF-16 surrogate";
        final FailureContext context = new FailureContext("uuid-1", Instant.parse("2026-01-14T10:00:00Z"), "flow", "PutClickHouseBatch",
                FailureClass.PERMANENT, "cast", "CAST_FAILED", message, 0, "", null, null, "spotlight", "trades", 0,
                Map.of("spotlight.error.message", message, "kept \uDC00", "plain"));
        final byte[] record = "{\"a\":\"x\\ud800\"}".getBytes(StandardCharsets.UTF_8);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FailureRowWriter writer = new FailureRowWriter(out, new FailureTable("spotlight", "f", FailureTableTest.CLICKHOUSE_18_16))) {
            writer.write(context, new FailureRowWriter.RowPayload(0, 0L, PayloadKind.RECORD, record.length, "sha", "", "", 1),
                    FailureRowWriter.PayloadBody.json(record));
        }

        final String row = out.toString(StandardCharsets.UTF_8);
        assertFalse(row.matches("(?s).*(?<!\\\\)\\\\u[dD][89a-fA-F][0-9a-fA-F]{2}.*"), "no JSON escape of a surrogate in the row: " + row);
        final JsonNode parsed = JSON.readTree(row);
        assertEquals("Field a: 'x\\uD800' holds a lone UTF-16 surrogate", parsed.get(FailureTable.ERROR_MESSAGE).asText());
        assertEquals(-1, UnicodeText.loneSurrogate(parsed.get(FailureTable.ATTRIBUTES).asText()));
        // The attributes are JSON text: there the escape is the very string the FlowFile had.
        final String attributesJson = parsed.get(FailureTable.ATTRIBUTES).asText();
        assertTrue(attributesJson.contains("\"kept \\uDC00\":\"plain\""), attributesJson);
        // (Jackson reads a lone surrogate's escape in a value, not in a field name.)
        assertEquals(message, JSON.readTree(attributesJson.replace("kept \\uDC00", "kept")).get("spotlight.error.message").asText());
        // The record is its exact JSON, escape and all.
        assertEquals("{\"a\":\"x\\ud800\"}", parsed.get(FailureTable.PAYLOAD).asText());
    }
}
