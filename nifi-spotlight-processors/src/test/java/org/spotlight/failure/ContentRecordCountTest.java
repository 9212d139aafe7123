package org.spotlight.failure;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spotlight.testing.HostileInputs;
import org.spotlight.testing.HostileInputs.HostileInput;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A failure stored whole says how many input records it stands for, and for every case of the hostile-input corpus that
 * is the number the corpus says a loss-free pipeline must account for.
 */
class ContentRecordCountTest {

    static List<HostileInput> corpus() {
        return HostileInputs.all();
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void storedWholeContentCountsTheRecordsTheCorpusCounts(final HostileInput input) throws IOException {
        assertEquals(input.records(), ContentSniffer.sniff(new ByteArrayInputStream(input.bytes())).records(), input.description());
    }
}
