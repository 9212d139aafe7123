package org.spotlight.flows.local;

import org.junit.jupiter.api.Test;
import org.spotlight.typing.JsonRecordReader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HostileRecordsTest {

    private static final String TRADE = "{\"trade_id\":7,\"member\":\"Pat Roberts\",\"ticker\":\"BA\",\"asset_description\":\"The Boeing Company\","
            + "\"transaction_type\":\"Purchase\",\"owner\":\"Spouse\",\"transaction_date\":\"2020-11-16\",\"amount_min\":15001,\"amount_max\":50000}";

    @Test
    void theShareIsSpreadEvenlyAndEveryKindTakesItsTurn() {
        assertEquals(0.01, HostileRecords.share("1%"), 1e-12);
        assertEquals(0.01, HostileRecords.share("0.01"), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new HostileRecords(1.5));
        final HostileRecords hostile = new HostileRecords(0.01);
        final List<byte[]> messages = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            final byte[] message = hostile.message(i, TRADE);
            if (message != null) {
                messages.add(message);
            }
        }
        assertEquals(100, messages.size());
        assertEquals(7, messages.stream().map(message -> new String(message, StandardCharsets.ISO_8859_1)).distinct().count(), "seven kinds");
        assertNull(new HostileRecords(0).message(50, TRADE));
    }

    @Test
    void eachHostileMessageFailsAsARecordOrCarriesAValueNoDecimalColumnHolds() throws IOException {
        final HostileRecords hostile = new HostileRecords(1);
        final List<String> outcomes = new ArrayList<>();
        for (int kind = 0; kind < 7; kind++) {
            try (JsonRecordReader reader = new JsonRecordReader(new ByteArrayInputStream(hostile.message(kind, TRADE)))) {
                final Map<String, Object> record = reader.next();
                outcomes.add("amount_min=" + record.get("amount_min") + " amount_max=" + String.valueOf(record.get("amount_max")).length());
            } catch (final JsonRecordReader.InvalidRecordException e) {
                outcomes.add(e.problem().name());
            }
        }
        assertEquals(List.of("amount_min=1e500000000 amount_max=5", "amount_min=15001 amount_max=400", "INVALID_UTF8", "INVALID_UTF8",
                "DUPLICATE_KEY", "INVALID_JSON", "TOO_LARGE"), outcomes);
    }
}
