package org.spotlight.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's trade-shaped records: the 8,350 real Senate transactions of the shared data set
 * (senate_stock_watcher/all_transactions.json), repeated with consecutive trade ids and dates shifted by a day per
 * repetition until the requested count, as JSONEachRow. The same file feeds all three insert paths.
 */
final class TradeData {

    static final String TABLE_COLUMNS = "trade_id UInt64, member String, ticker String, asset_description String, "
            + "transaction_type String, owner String, transaction_date Date, amount_min UInt64, amount_max UInt64";
    static final String TABLE_ENGINE = "ENGINE = MergeTree ORDER BY (transaction_date, trade_id)";

    /**
     * The same shape as an Avro schema, for the JSON record reader of both NiFi paths. The date stays a string, as JSON
     * carries it: each processor converts it to the Date column its own way.
     */
    static final String AVRO_SCHEMA = """
            {"type": "record", "name": "trade", "fields": [
              {"name": "trade_id", "type": "long"},
              {"name": "member", "type": "string"},
              {"name": "ticker", "type": "string"},
              {"name": "asset_description", "type": "string"},
              {"name": "transaction_type", "type": "string"},
              {"name": "owner", "type": "string"},
              {"name": "transaction_date", "type": "string"},
              {"name": "amount_min", "type": "long"},
              {"name": "amount_max", "type": "long"}
            ]}""";

    private static final Pattern RANGE = Pattern.compile("\\$([\\d,]+)(?: - \\$([\\d,]+))?");
    private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy");

    private TradeData() {
    }

    static void generate(final Path source, final Path target, final long rows) throws IOException {
        final List<JsonNode> trades = List.copyOf(new ObjectMapper().readTree(source.toFile()).valueStream().toList());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 20);
             JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.setRootValueSeparator(null);
            for (long id = 0; id < rows; id++) {
                final JsonNode trade = trades.get((int) (id % trades.size()));
                final long repetition = id / trades.size();
                final long[] amount = amount(trade.path("amount").asText());
                json.writeStartObject();
                json.writeNumberField("trade_id", id + 1);
                json.writeStringField("member", trade.path("senator").asText());
                json.writeStringField("ticker", trade.path("ticker").asText());
                json.writeStringField("asset_description", trade.path("asset_description").asText());
                json.writeStringField("transaction_type", trade.path("type").asText());
                json.writeStringField("owner", trade.path("owner").asText());
                json.writeStringField("transaction_date", date(trade.path("transaction_date").asText()).plusDays(repetition).toString());
                json.writeNumberField("amount_min", amount[0]);
                json.writeNumberField("amount_max", amount[1]);
                json.writeEndObject();
                json.writeRaw('\n');
            }
        }
    }

    private static LocalDate date(final String usDate) {
        try {
            return LocalDate.parse(usDate, US_DATE);
        } catch (final RuntimeException e) {
            return LocalDate.of(2020, 1, 1);
        }
    }

    /** "$1,001 - $15,000" → [1001, 15000]; "Over $50,000,000" → [50000001, 50000001]; anything else → [0, 0]. */
    private static long[] amount(final String text) {
        final Matcher matcher = RANGE.matcher(text);
        if (!matcher.find()) {
            return new long[]{0, 0};
        }
        final long min = Long.parseLong(matcher.group(1).replace(",", ""));
        final long max = matcher.group(2) == null ? min : Long.parseLong(matcher.group(2).replace(",", ""));
        return text.startsWith("Over") ? new long[]{min + 1, min + 1} : new long[]{min, max};
    }
}
