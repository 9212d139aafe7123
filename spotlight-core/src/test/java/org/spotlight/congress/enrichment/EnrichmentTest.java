package org.spotlight.congress.enrichment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spotlight.congress.model.Filing;
import org.spotlight.congress.model.Member;
import org.spotlight.congress.model.OptionType;
import org.spotlight.congress.model.TickerMethod;
import org.spotlight.congress.model.TradeDetails;
import org.spotlight.congress.model.TradeDetails.Quantity;
import org.spotlight.congress.model.TradeDetails.Timeliness;
import org.spotlight.congress.model.TradeField;
import org.spotlight.congress.model.TradeRecord;
import org.spotlight.congress.model.TradeSource;
import org.spotlight.congress.model.Transaction;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tickers, option terms, quantities and timeliness on the phrasings of real filings (see docs/congress-trade-record.md). */
class EnrichmentTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "AAPL      | AAPL  | as_filed",
            "BRK.B     | BRK.B | as_filed",
            "BRK-B     | BRK.B | normalized",
            "BRK/B     | BRK.B | normalized",
            "brk b     | BRK.B | normalized",
            "LGF-B     | LGF.B | normalized",
            "' aapl '  | AAPL  | normalized",
            "$TSLA     | TSLA  | normalized",
            "DD-PA     | DD-PA | as_filed",
            "ADT.F     | ADT.F | as_filed",
            "--        | null  | null",
            "N/A       | null  | null",
            "''        | null  | null",
            "SPY160219P00180000 | SPY | option_symbol",
            "SPY169919P00180000 | SPY169919P00180000 | as_filed",
    })
    void tickersAreSpelledOneWay(final String filed, final String ticker, final String method) {
        final var normalized = Tickers.normalize(filed);
        assertEquals(ticker, normalized.map(Tickers.Normalized::ticker).orElse(null));
        assertEquals(method, normalized.map(n -> n.method().code()).orElse(null));
    }

    @Test
    void anOptionSymbolGivesTheOptionsTerms() {
        final TradeDetails.OptionTerms option = Tickers.normalize("SPY160219P00180000").orElseThrow().option();
        assertEquals(OptionType.PUT, option.type());
        assertEquals(new BigDecimal("180"), option.strike());
        assertEquals(LocalDate.of(2016, 2, 19), option.expiration());
    }

    @Test
    void aTickerIsFilledOnlyWhereTheDataMakesItCertain() {
        final AssetTickerBook book = new AssetTickerBook();
        book.learn("The Boeing Company", null, "Stock", "BA");
        book.learn("The Boeing Company", null, "Stock", "BA");
        book.learn("Alphabet Inc.", null, "Stock", "GOOGL");
        book.learn("Alphabet Inc.", null, "Stock", "GOOG");
        book.learn("Apple Inc.", null, "Stock", "AAPL");
        assertEquals(new AssetTickerBook.Fill("BA", TickerMethod.SAME_ASSET_NAME), book.fill("the  boeing company", null, "Stock").orElseThrow());
        assertTrue(book.fill("Alphabet Inc.", null, "Stock").isEmpty(), "two tickers for the name: nothing is certain");
        assertTrue(book.fill("Apple Inc.", null, "Corporate Bond").isEmpty(), "a bond named like the company is not the stock");
        assertEquals(new AssetTickerBook.Fill("AAPL", TickerMethod.ASSET_NAME_IS_TICKER), book.fill("aapl", null, "Stock").orElseThrow());
        assertTrue(book.fill("msft", null, "Stock").isEmpty(), "a ticker-like name the data never uses as a ticker");
        assertTrue(book.fill(null, null, "Stock").isEmpty());
        book.learn("Xerox Corp", "Rate/Coupon: 4.5% Matures: 05/15/2021", "Corporate Bond", "XER.BE");
        assertTrue(book.fill("Xerox Corp", "Rate/Coupon: 3.5% Matures: 08/20/2020", "Corporate Bond").isEmpty(),
                "another bond of the same issuer is another asset");
        assertEquals("XER.BE", book.fill("XEROX CORP", "Rate/Coupon:  4.5% Matures: 05/15/2021", "Corporate Bond").orElseThrow().ticker());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // code | label | asset name | description | ticker | type | strike | expiration | quantity | unit | warning
            "OP | Options | Alphabet Inc. - Class A Common Stock | Purchased 50 call options with a strike price of $150 and an expiration date of 1/16/26. | GOOGL | call | 150 | 2026-01-16 | 50 | contracts | false",
            "OP | Options | Microsoft Corporation - Common Stock | Call options; Strike price $240; Expires 12/19/2025 | MSFT | call | 240 | 2025-12-19 | null | null | false",
            "ST | Stocks | NVIDIA Corporation - Common Stock | 'Exercised 500 call options purchased 11/22/23 (50,000 shares) at a strike price of $12 with an expiration date of 12/20/24.' | NVDA | call | 12 | 2024-12-20 | 50000 | shares | false",
            "ST | Stocks | Apple Inc. - Common Stock | 'Sold 31,600 shares.' | AAPL | null | null | null | 31600 | shares | false",
            "OP | Stock Option | Vulcan Materials Company | Option Type: Put; Strike price: $120.00; Expires: 05/15/2020 | VMC | put | 120 | 2020-05-15 | null | null | false",
            "OP | Stock Option | The Kraft Heinz Company | Option Type: Neither; Strike price: $24.96; Expires: 02/23/2020 | KHC | null | 24.96 | 2020-02-23 | null | null | false",
            "ST | Stock | SPY Feb 2016 put 180.000 | null | SPY160219P00180000 | put | 180 | 2016-02-19 | null | null | false",
            "ST | Stock | PUT Standard &amp; Poors Dep Rec at 180 | null | null | put | 180 | null | null | null | true",
            "null | null | 'MDLZ (stock option)' | null | null | null | null | null | null | null | true",
            "OP | Options | Tesla, Inc. | 'Sold 10 put contracts, strike $200, exp. January 17, 2025' | TSLA | put | 200 | 2025-01-17 | 10 | contracts | false",
            "OP | Options | Tesla, Inc. | Bought calls and puts | TSLA | null | null | null | null | null | true",
            "ST | Stocks | Option Care Health, Inc. - Common Stock | null | OPCH | null | null | null | null | null | false",
            "ST | Stock | Global X NASDAQ-100 Covered Call ETF | null | QYLD | null | null | null | null | null | false",
            "ST | Stocks | Callon Petroleum Company | null | CPE | null | null | null | null | null | false",
            "null | Municipal Security | WARRINGTON TWP PA GO BDS 2014 DUE 12/01/2029 CALLABLE-NEXT PRICING CALL 12/01/2024 | Rate/Coupon: 3.125%; Matures: 12/01/2029 | null | null | null | null | null | null | false",
            "OP | Options | Acme | Call option; strike price $1.23456; expires 13/45/2025 | ACME | call | null | null | null | null | true",
    })
    void optionTermsAndQuantitiesAsWritten(final String code, final String label, final String name, final String description, final String ticker,
                                           final String type, final String strike, final String expiration, final String quantity,
                                           final String unit, final boolean warns) {
        final TradeDetails details = TradeEnricher.details(record(new Transaction(null, name, ticker, code, label, null, LocalDate.of(2020, 1, 2),
                null, null, "$1,001 - $15,000", null, description, null, null, null, false, null), LocalDate.of(2020, 1, 10)), new AssetTickerBook());
        final TradeDetails.OptionTerms option = details.option();
        assertEquals(type, option == null || option.type() == null ? null : option.type().code(), "type");
        assertEquals(strike == null ? null : new BigDecimal(strike), option == null ? null : option.strike(), "strike");
        assertEquals(expiration == null ? null : LocalDate.parse(expiration), option == null ? null : option.expiration(), "expiration");
        final Quantity traded = details.quantity();
        assertEquals(quantity == null ? null : new BigDecimal(quantity), traded == null ? null : traded.amount(), "quantity");
        assertEquals(unit, traded == null ? null : traded.unit().code(), "unit");
        assertEquals(warns, details.warnings().stream().anyMatch(w -> w.startsWith("option") || w.startsWith("number")), details.warnings().toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // filed | traded | notified | deadline | days to file | days from notification | late | days late
            "2025-01-17 | 2025-01-14 | 2025-01-14 | 2025-02-13 | 3   | 3    | false | 0",
            "2025-02-28 | 2025-01-14 | null       | 2025-02-28 | 45  | null | false | 0",
            "2025-03-01 | 2025-01-14 | null       | 2025-02-28 | 46  | null | true  | 1",
            "2025-03-01 | 2025-01-14 | 2025-01-20 | 2025-02-19 | 46  | 40   | true  | 10",
            "2025-02-25 | 2025-01-14 | 2025-02-10 | 2025-02-28 | 42  | 15   | false | 0",
            "2012-08-01 | 2012-06-01 | null       | null       | 61  | null | null  | null",
            "2025-01-10 | 2025-01-14 | null       | 2025-02-28 | -4  | null | null  | null",
            "null       | 2025-01-14 | null       | 2025-02-28 | null| null | null  | null",
    })
    void theStockActDeadlineIsTheEarlierOf30DaysAfterNotificationAnd45AfterTheTrade(final LocalDate filed, final LocalDate traded,
                                                                                      final LocalDate notified, final LocalDate deadline,
                                                                                      final Integer days, final Integer fromNotification,
                                                                                      final Boolean late, final Integer daysLate) {
        final Timeliness timeliness = FilingDeadline.of(filed, traded, notified, new ArrayList<>());
        assertEquals(new Timeliness(deadline, days, fromNotification, late, daysLate), timeliness);
    }

    @Test
    void scannedFilingsHaveNoTimelinessButStillAFilingRecord() {
        final Filing filing = new Filing(TradeSource.HOUSE_CLERK, "8220828", LocalDate.of(2025, 4, 9), null, false, null, null, "u", false);
        final TradeRecord scanned = TradeEnricher.enrich(List.of(TradeRecord.scannedFiling(filing, null, Instant.EPOCH))).getFirst();
        assertNull(TradeField.FILED_LATE.valueOf(scanned));
        assertNull(TradeField.DAYS_TO_FILE.valueOf(scanned));
        assertNull(TradeField.TICKER.valueOf(scanned));
        assertEquals(List.of(), TradeField.PARSE_WARNINGS.valueOf(scanned));
    }

    @Test
    void theSameFilingFillsATickerItGivesElsewhereAndWarningsOfTheLookupAndTheTextAreListed() {
        final Filing filing = new Filing(TradeSource.SENATE_EFD, "x", LocalDate.of(2020, 3, 1),
                new Member("Jane", "Doe", "Jane Doe", null, null, null).unidentified(org.spotlight.congress.model.MemberMatch.UNMATCHED,
                        "no legislator fits 'Jane Doe' (senate, 2020-03-01)"), false, null, null, "u", false);
        final List<TradeRecord> enriched = TradeEnricher.enrich(List.of(
                new TradeRecord(filing, 1, transaction("The Boeing Company", "BA", "Stock", null), null, Instant.EPOCH, List.of()),
                new TradeRecord(filing, 2, transaction("The Boeing Company", null, "Stock", null), null, Instant.EPOCH, List.of()),
                new TradeRecord(filing, 3, transaction("Acme", null, "Stock Option", "Option Type: Call"), null, Instant.EPOCH, List.of("parsed"))));
        assertEquals("BA", TradeField.TICKER.valueOf(enriched.get(1)));
        assertEquals("same_asset_name", TradeField.TICKER_METHOD.valueOf(enriched.get(1)));
        assertNull(TradeField.TICKER_AS_FILED.valueOf(enriched.get(1)));
        final List<?> warnings = (List<?>) TradeField.PARSE_WARNINGS.valueOf(enriched.get(2));
        assertEquals("parsed", warnings.get(0));
        assertTrue(warnings.get(1).toString().startsWith("member: no legislator fits"), warnings.toString());
        assertTrue(warnings.get(2).toString().startsWith("option text without strike price, expiration date"), warnings.toString());
    }

    private static Transaction transaction(final String name, final String ticker, final String label, final String description) {
        return new Transaction(null, name, ticker, null, label, null, LocalDate.of(2020, 2, 1), null, null, "$1,001 - $15,000", null,
                description, null, null, null, false, null);
    }

    private static TradeRecord record(final Transaction transaction, final LocalDate filed) {
        return new TradeRecord(new Filing(TradeSource.HOUSE_CLERK, "1", filed, null, false, null, null, "u", false), 1, transaction, null,
                Instant.EPOCH, List.of());
    }
}
