package org.spotlight.congress.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "$1,001 - $15,000              | 1001     | 15000    | $1,001 - $15,000",
            "'$250,001 -\n$500,000'        | 250001   | 500000   | $250,001 - $500,000",
            "$5,000,001 - $25,000,000      | 5000001  | 25000000 | $5,000,001 - $25,000,000",
            "$800.00                       | 800.00   | 800.00   | $800.00",
            "Over $50,000,000              | 50000001 |          | Over $50,000,000",
            "Spouse/DC Over $1,000,000     | 1000001  |          | Spouse/DC Over $1,000,000",
            "$50,001 -$100,000             | 50001    | 100000   | $50,001 - $100,000"
    })
    void amountsBecomeNumbers(final String filed, final String min, final String max, final String text) {
        final Amount amount = Amount.parse(filed).orElseThrow();
        assertEquals(new BigDecimal(min), amount.min());
        assertEquals(max == null ? null : new BigDecimal(max), amount.max());
        assertEquals(text, amount.text());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"$1,001 -", "Unknown", "$15,000 - $1,001", "''", "None"})
    void textsThatAreNotAmountsAreNotGuessed(final String filed) {
        assertEquals(Optional.empty(), Amount.parse(filed));
    }

    @Test
    void ownersAndTypesFromCodesAndWords() {
        assertEquals(Owner.SELF, Owner.fromHouseCode("").orElseThrow());
        assertEquals(Owner.SPOUSE, Owner.fromHouseCode("SP").orElseThrow());
        assertEquals(Owner.JOINT, Owner.fromHouseCode("JT").orElseThrow());
        assertEquals(Owner.DEPENDENT, Owner.fromHouseCode("DC").orElseThrow());
        assertTrue(Owner.fromHouseCode("XX").isEmpty());
        assertEquals(Owner.DEPENDENT, Owner.fromWords("Child").orElseThrow());
        assertEquals(Owner.DEPENDENT, Owner.fromWords("Dependent Child").orElseThrow());
        assertEquals(TransactionType.SALE_PARTIAL, TransactionType.fromHouseCode("S (partial)").orElseThrow());
        assertEquals(TransactionType.EXCHANGE, TransactionType.fromHouseCode("E").orElseThrow());
        assertEquals(TransactionType.SALE, TransactionType.fromWords("Sale (Full)").orElseThrow());
        assertEquals(TransactionType.SALE_PARTIAL, TransactionType.fromWords("sale_partial").orElseThrow());
        assertTrue(TransactionType.fromWords("N/A").isEmpty());
    }

    @Test
    void assetTypeCodesHaveTheClerksLabels() {
        assertEquals(48, AssetTypes.houseCodes().size());
        assertEquals("Stocks (including ADRs)", AssetTypes.houseLabel("ST").orElseThrow());
        assertEquals("Ownership Interest (Engaged in a Trade or Business)", AssetTypes.houseLabel("ol").orElseThrow());
        assertEquals("ST", AssetTypes.codeForSenateType("Stock").orElseThrow());
        assertTrue(AssetTypes.codeForSenateType("Municipal Security").isEmpty(), "no House code means exactly that");
    }

    @Test
    void theSchemaHasUniqueSnakeCaseNamesAndIsDocumented() throws Exception {
        assertEquals(TradeField.values().length, new HashSet<>(Arrays.stream(TradeField.values()).map(TradeField::fieldName).toList()).size());
        final String docs = Files.readString(Path.of(System.getProperty("user.dir")).getParent().resolve("docs/congress-trade-record.md"));
        for (TradeField field : TradeField.values()) {
            assertTrue(field.fieldName().matches("[a-z0-9_]+"));
            assertTrue(docs.contains("`" + field.fieldName() + "`"), field.fieldName() + " is not in docs/congress-trade-record.md");
        }
    }

    @Test
    void scannedFilingsBecomeOneRecordWithoutTransaction() {
        final Filing filing = new Filing(TradeSource.HOUSE_CLERK, "8220828", null, null, false, null, null, "https://x/8220828.pdf", false);
        final TradeRecord record = TradeRecord.scannedFiling(filing, null, java.time.Instant.EPOCH);
        assertEquals(Boolean.TRUE, TradeField.SCANNED.valueOf(record));
        assertEquals(0, TradeField.ROW_NUMBER.valueOf(record));
        assertNull(TradeField.TICKER.valueOf(record));
        assertNull(TradeField.MEMBER_FULL_NAME.valueOf(record));
        assertEquals("https://x/8220828.pdf", TradeField.DOCUMENT_URL.valueOf(record));
    }
}
