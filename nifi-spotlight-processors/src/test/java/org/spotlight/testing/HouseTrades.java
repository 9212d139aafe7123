package org.spotlight.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The real, messy House trade records in congress/house_stock_watcher_community/all_transactions.json (6542 records;
 * see PROVENANCE.md): amounts with line breaks, and a few dates with garbled years such as 09/19/2202.
 */
public final class HouseTrades {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static volatile ArrayNode all;

    private HouseTrades() {
    }

    public static ArrayNode all() {
        ArrayNode trades = all;
        if (trades == null) {
            try {
                trades = (ArrayNode) JSON.readTree(SharedData.path("congress/house_stock_watcher_community/all_transactions.json").toFile());
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
            all = trades;
        }
        return trades;
    }

    /** Copies of the records at these positions of the file. */
    public static List<ObjectNode> at(final int... positions) {
        final List<ObjectNode> records = new ArrayList<>(positions.length);
        for (int position : positions) {
            records.add(all().get(position).deepCopy());
        }
        return records;
    }

    /** Copies of {@code count} records starting at {@code from}. */
    public static List<ObjectNode> range(final int from, final int count) {
        final List<ObjectNode> records = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            records.add(all().get(i).deepCopy());
        }
        return records;
    }

    public static byte[] jsonArray(final List<ObjectNode> records) {
        try {
            return JSON.writeValueAsBytes(records);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
