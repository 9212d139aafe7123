package org.spotlight.nifi.processors.congress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spotlight.congress.legislators.CommitteeField;
import org.spotlight.testing.SharedData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FetchCongressCommitteesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private TestRunner runner;
    private FetchCongressCommittees processor;
    private Path membership;

    @BeforeEach
    void setUp() throws Exception {
        processor = new FetchCongressCommittees();
        processor.setClock(Clock.fixed(Instant.parse("2026-06-15T06:00:00.250Z"), ZoneOffset.UTC));
        runner = TestRunners.newTestRunner(processor);
        FetchCongressTradesTest.addRecommendedWriter(runner);
        runner.setProperty(FetchCongressCommittees.RECORD_WRITER, "writer");
        membership = work.resolve("committee-membership-current.yaml");
        Files.copy(SharedData.path("congress/congress_legislators/committee-membership-current.yaml"), membership);
        runner.setProperty(FetchCongressCommittees.COMMITTEES_SOURCE, SharedData.path("congress/congress_legislators/committees-current.yaml").toString());
        runner.setProperty(FetchCongressCommittees.MEMBERSHIP_SOURCE, membership.toUri().toString());
    }

    @Test
    void emitsEveryAssignmentOnceAndAgainOnlyWhenTheFilesChange() throws Exception {
        runner.run();
        runner.assertAllFlowFilesTransferred(FetchCongressCommittees.REL_SUCCESS, 1);
        final MockFlowFile snapshot = runner.getFlowFilesForRelationship(FetchCongressCommittees.REL_SUCCESS).getFirst();
        final List<JsonNode> records = lines(snapshot.getContent().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        snapshot.assertAttributeEquals("record.count", Integer.toString(records.size()));
        snapshot.assertAttributeEquals(FetchCongressCommittees.AS_OF, "2026-06-15T06:00:00Z");
        assertTrue(records.size() > 3800, records.size() + " assignments");
        final List<String> names = new ArrayList<>();
        records.getFirst().fieldNames().forEachRemaining(names::add);
        assertEquals(CommitteeField.all().stream().map(CommitteeField::fieldName).toList(), names, "the documented fields, in order");
        assertEquals("B001236", records.getFirst().get("bioguide_id").asText());
        assertEquals("2026-06-15T06:00:00.000Z", records.getFirst().get("as_of").asText());

        runner.clearTransferState();
        runner.run();
        runner.assertTransferCount(FetchCongressCommittees.REL_SUCCESS, 0);

        Files.writeString(membership, "SSAF:\n- name: John Boozman\n  party: majority\n  rank: 1\n  title: Chairman\n  bioguide: B001236\n");
        runner.run();
        runner.assertTransferCount(FetchCongressCommittees.REL_SUCCESS, 1);
        assertEquals("1", runner.getFlowFilesForRelationship(FetchCongressCommittees.REL_SUCCESS).getFirst().getAttribute("record.count"));
    }

    @Test
    void anUnreadableFileLeavesABulletinEmitsNothingAndKeepsTheState() throws Exception {
        Files.writeString(membership, "{ this is: [not closed");
        runner.run();
        runner.assertTransferCount(FetchCongressCommittees.REL_SUCCESS, 0);
        assertTrue(runner.getLogger().getErrorMessages().getFirst().getMsg().contains("JSON_UNREADABLE"),
                runner.getLogger().getErrorMessages().toString());
        runner.getStateManager().assertStateNotSet(Scope.CLUSTER);

        runner.setProperty(FetchCongressCommittees.MEMBERSHIP_SOURCE, work.resolve("missing.yaml").toString());
        runner.run();
        runner.assertTransferCount(FetchCongressCommittees.REL_SUCCESS, 0);
        assertTrue(runner.getLogger().getErrorMessages().getLast().getMsg().contains("NOT_FOUND"));
    }

    private static List<JsonNode> lines(final byte[] content) throws Exception {
        final List<JsonNode> records = new ArrayList<>();
        for (String line : new String(content, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                records.add(JSON.readTree(line));
            }
        }
        return records;
    }
}
