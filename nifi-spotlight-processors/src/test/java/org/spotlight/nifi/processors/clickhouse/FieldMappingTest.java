package org.spotlight.nifi.processors.clickhouse;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FieldMappingTest {

    @Test
    void pairs() {
        assertEquals(Map.of("Transaction Date", "traded", "amt", "amount"), FieldMapping.parse(" Transaction Date = traded , amt=amount,"));
    }

    @Test
    void rejectsWhatIsNotAPair() {
        assertEquals("'a' is not a field=column pair", assertThrows(IllegalArgumentException.class, () -> FieldMapping.parse("a")).getMessage());
        assertEquals("'a=b=c' is not a field=column pair", assertThrows(IllegalArgumentException.class, () -> FieldMapping.parse("a=b=c")).getMessage());
        assertEquals("'=b' needs both a field and a column name", assertThrows(IllegalArgumentException.class, () -> FieldMapping.parse("=b")).getMessage());
        assertEquals("Field 'a' is mapped twice", assertThrows(IllegalArgumentException.class, () -> FieldMapping.parse("a=b, a=c")).getMessage());
    }
}
