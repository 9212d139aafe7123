package org.spotlight.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spotlight.testing.HostileInputs.HostileInput;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The corpus keeps its own promises: unique names, the size split, and record counts that a plain parser agrees with. */
class HostileInputsTest {

    @Test
    void namesAreUniqueAndSafeForFileNames() {
        final Set<String> names = new HashSet<>();
        for (HostileInput input : HostileInputs.all()) {
            assertTrue(names.add(input.name()), "duplicate name " + input.name());
            assertTrue(input.name().matches("[a-z0-9-]+"), input.name());
        }
    }

    @Test
    void smallCasesStayUnderAKafkaMessageAndLargeOnesDoNot() {
        for (HostileInput input : HostileInputs.all()) {
            assertEquals(input.large(), input.bytes().length >= 1_000_000, input.name() + ": " + input.bytes().length + " bytes");
        }
    }

    @Test
    void goodNeverExceedsRecords() {
        for (HostileInput input : HostileInputs.all()) {
            assertTrue(input.good().orElse(0) <= input.records(), input.name());
        }
    }

    static List<HostileInput> wellFormedLines() {
        return List.of(HostileInputs.named("blank-lines-between"), HostileInputs.named("crlf-lines"), HostileInputs.named("concatenated"),
                HostileInputs.named("mixed-shapes"), HostileInputs.named("unknown-fields"), HostileInputs.named("empty-array"),
                HostileInputs.named("array-mixed"), HostileInputs.named("whitespace"));
    }

    /** For the cases that are well-formed JSON values, Jackson counts the same records as the corpus says. */
    @ParameterizedTest
    @MethodSource("wellFormedLines")
    void recordCountsAgreeWithAPlainParser(final HostileInput input) throws Exception {
        int records = 0;
        try (JsonParser parser = new JsonFactory().createParser(input.bytes())) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_ARRAY) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        parser.skipChildren();
                        records++;
                    }
                } else {
                    parser.skipChildren();
                    records++;
                }
            }
        }
        assertEquals(input.records(), records, input.name());
    }
}
