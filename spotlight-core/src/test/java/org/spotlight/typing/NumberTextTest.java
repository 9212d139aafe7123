package org.spotlight.typing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class NumberTextTest {

    @Test
    void plainNumbersKeepWhatWasWritten() {
        assertEquals(42L, NumberText.parse("42"));
        assertEquals(-7L, NumberText.parse("-7"));
        assertEquals(0L, NumberText.parse("0"));
        assertEquals(new BigDecimal("1.50"), NumberText.parse("1.50"));
        assertEquals(2, ((BigDecimal) NumberText.parse("1.50")).scale(), "the written scale survives");
        assertEquals(new BigDecimal("0.05"), NumberText.parse("0.05"));
        assertEquals(new BigInteger("18446744073709551616"), NumberText.parse("18446744073709551616"));
        assertEquals(999_999_999_999_999_999L, NumberText.parse("999999999999999999"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "007", "02134", "+1", "1e5", "1E5", "1,000", " 42", "42 ", "1.", ".5", "1.2.3", "0x1F", "NaN", "--", "12a"})
    void identifiersAndFormattedFiguresStayText(final String text) {
        assertNull(NumberText.parse(text), text);
    }
}
