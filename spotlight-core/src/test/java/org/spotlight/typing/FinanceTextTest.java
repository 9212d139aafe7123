package org.spotlight.typing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class FinanceTextTest {

    private static FinanceText.MoneyRange range(final String min, final String max) {
        return new FinanceText.MoneyRange(number(min), max == null ? null : number(max));
    }

    /** Whole dollars are Longs, cents BigDecimals. */
    private static Number number(final String text) {
        return text.contains(".") ? new BigDecimal(text) : (Number) Long.parseLong(text);
    }

    @Test
    void disclosureRanges() {
        assertEquals(range("1001", "15000"), FinanceText.money("$1,001 - $15,000"));
        assertEquals(range("1000001", "5000000"), FinanceText.money("$1,000,001 - $5,000,000"));
        assertEquals(range("50001", "100000"), FinanceText.money("$50,001 -\n$100,000"), "line breaks from PDF extraction");
        assertEquals(range("15001", "50000"), FinanceText.money("  $15,001\u2013$50,000 "), "en dash, surrounding spaces");
        assertEquals(range("1001", "15000"), FinanceText.money("$1001 to $15000"));
    }

    @Test
    void openAndCutRanges() {
        assertEquals(range("50000001", null), FinanceText.money("Over $50,000,000"), "the scale's ranges start one dollar above the bound");
        assertEquals(range("1000001", null), FinanceText.money("Spouse/DC Over $1,000,000"));
        assertEquals(range("15001", null), FinanceText.money("$15,001 -"), "a range cut short keeps its lower bound");
    }

    @Test
    void exactAmounts() {
        assertEquals(range("800.00", "800.00"), FinanceText.money("$800.00"));
        assertEquals(range("1118.07", "1118.07"), FinanceText.money("$1,118.07"));
        assertEquals(range("15", "15"), FinanceText.money("$15"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Unknown", "", "$", "$abc", "Obligation to purchase stock of AMGN for $180", "$15,000 - $1,001", "$1,00,1", "USD 100",
            "$1.001,50", "$1,001 - $15,000 each", "$1,0001", "$,100", "$100,", "$1. - $2", "Over $", "Over 50,000", "$1 + $2"})
    void otherTextIsNoMoney(final String text) {
        assertNull(FinanceText.money(text), text);
    }

    @Test
    void exactness() {
        assertEquals(true, FinanceText.money("$800.00").isExact());
        assertEquals(false, FinanceText.money("$1 - $2").isExact());
        assertEquals(false, FinanceText.money("Over $2").isExact());
        assertEquals(new BigDecimal("123456789012345678901"), FinanceText.money("$123,456,789,012,345,678,901").min(), "beyond a long: a BigDecimal");
    }

    @Test
    void percentages() {
        assertEquals(new BigDecimal("5.0"), FinanceText.percent("5.0%"));
        assertEquals(new BigDecimal("-1.25"), FinanceText.percent(" -1.25 %"));
        assertEquals(new BigDecimal("100"), FinanceText.percent("100%"));
        assertNull(FinanceText.percent("5.0"));
        assertNull(FinanceText.percent("about 5%"));
        assertNull(FinanceText.percent("%"));
    }
}
