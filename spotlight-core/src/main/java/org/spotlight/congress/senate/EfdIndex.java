package org.spotlight.congress.senate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;

import java.io.IOException;
import java.util.List;

/**
 * The eFD's list of Periodic Transaction Reports for a year: from the live search, from a local directory of
 * saved search answers, or from the raw archive.
 */
public interface EfdIndex {

    ObjectMapper JSON = new ObjectMapper();

    /** Search result rows ({@code [first, last, filer type, link, date received]}) of reports received in {@code year}. */
    ArrayNode rows(int year) throws SourceException;

    /**
     * The rows of a saved search answer: either the eFD's JSON object ({@code {"draw": .., "data": [...]}}) or
     * just its data array.
     */
    static ArrayNode rowsOf(final byte[] json, final String document) throws SourceException {
        final JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (final IOException e) {
            throw new SourceException(Code.JSON_UNREADABLE, document, document + " is not JSON: " + e.getMessage(), false, e);
        }
        final JsonNode data = root != null && root.isObject() ? root.get("data") : root;
        if (data == null || !data.isArray()) {
            throw new SourceException(Code.JSON_UNREADABLE, document, document + " holds no array of search result rows", false, null);
        }
        return (ArrayNode) data;
    }

    /** The rows received in the given year (the row's fifth cell, MM/DD/YYYY). */
    static ArrayNode receivedIn(final ArrayNode rows, final int year) {
        final ArrayNode selected = JSON.createArrayNode();
        final String suffix = "/" + year;
        for (JsonNode row : rows) {
            if (row.isArray() && row.size() >= 5 && row.get(4).asText().trim().endsWith(suffix)) {
                selected.add(row);
            }
        }
        return selected;
    }

    static byte[] serialize(final List<JsonNode> rows) {
        try {
            final ArrayNode data = JSON.createArrayNode();
            data.addAll(rows);
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(JSON.createObjectNode().set("data", data));
        } catch (final IOException e) {
            throw new IllegalStateException("Serializing JSON nodes to memory cannot fail", e);
        }
    }
}
