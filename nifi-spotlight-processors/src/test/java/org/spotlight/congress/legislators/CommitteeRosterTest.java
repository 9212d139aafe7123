package org.spotlight.congress.legislators;

import org.junit.jupiter.api.Test;
import org.spotlight.congress.SourceException;
import org.spotlight.testing.SharedData;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committee files of ../shared/data/congress/congress_legislators. */
class CommitteeRosterTest {

    private static final Instant FETCHED = Instant.parse("2026-06-15T06:00:00.750Z");

    @Test
    void everyMemberOfEveryCommitteeAndSubcommitteeWithItsBioguideId() throws Exception {
        final CommitteeRoster.Roster roster = CommitteeRoster.read(
                Files.readAllBytes(SharedData.path("congress/congress_legislators/committees-current.yaml")), "committees-current.yaml",
                Files.readAllBytes(SharedData.path("congress/congress_legislators/committee-membership-current.yaml")),
                "committee-membership-current.yaml", FETCHED);
        final List<CommitteeAssignment> all = roster.assignments();
        assertEquals(3879, all.size(), "every membership entry of the June 2026 files");
        assertEquals(List.of(), roster.warnings());
        final CommitteeAssignment boozman = all.getFirst();
        assertEquals(new CommitteeAssignment("SSAF", "Senate Committee on Agriculture, Nutrition, and Forestry", "senate", null, null, "B001236",
                "John Boozman", "majority", 1, "Chairman", Instant.parse("2026-06-15T06:00:00Z")), boozman);
        final CommitteeAssignment sub = all.stream().filter(a -> a.committeeId().equals("HSAG15")).findFirst().orElseThrow();
        assertEquals("Forestry and Horticulture", sub.committeeName());
        assertEquals("HSAG", sub.parentCommitteeId());
        assertEquals("House Committee on Agriculture", sub.parentCommitteeName());
        assertEquals("house", sub.chamber());
        assertTrue(all.stream().anyMatch(a -> a.chamber().equals("joint")), "joint committees too");
        assertTrue(all.stream().allMatch(a -> a.bioguideId().matches("[A-Z]\\d{6}")), "Bioguide ids");
    }

    @Test
    void entriesWithoutAnIdAreLeftOutAndUnknownCommitteesKeepTheirId() throws Exception {
        final byte[] committees = """
                - type: house
                  name: House Committee on Agriculture
                  thomas_id: HSAG
                """.getBytes(StandardCharsets.UTF_8);
        final byte[] membership = """
                HSAG:
                - name: Somebody Without An Id
                  party: majority
                HSZZ:
                - name: Jane Doe
                  party: minority
                  rank: 2
                  bioguide: D000001
                """.getBytes(StandardCharsets.UTF_8);
        final CommitteeRoster.Roster roster = CommitteeRoster.read(committees, "c.yaml", membership, "m.yaml", FETCHED);
        assertEquals(List.of(new CommitteeAssignment("HSZZ", "HSZZ", "house", null, null, "D000001", "Jane Doe", "minority", 2, null,
                Instant.parse("2026-06-15T06:00:00Z"))), roster.assignments());
        assertEquals(2, roster.warnings().size(), roster.warnings().toString());
    }

    @Test
    void filesThatAreNotTheFormatFailClearly() {
        final byte[] valid = "- thomas_id: HSAG\n".getBytes(StandardCharsets.UTF_8);
        assertEquals("JSON_UNREADABLE", assertThrows(SourceException.class, () -> CommitteeRoster.read("{ unclosed".getBytes(StandardCharsets.UTF_8),
                "c.yaml", valid, "m.yaml", FETCHED)).codeName());
        assertEquals("JSON_UNREADABLE", assertThrows(SourceException.class, () -> CommitteeRoster.read(valid, "c.yaml",
                "- a list, not a map\n".getBytes(StandardCharsets.UTF_8), "m.yaml", FETCHED)).codeName());
        assertEquals("JSON_UNREADABLE", assertThrows(SourceException.class, () -> CommitteeRoster.read(valid, "c.yaml",
                "HSAG: []\n".getBytes(StandardCharsets.UTF_8), "m.yaml", FETCHED)).codeName(), "no assignment at all is no roster");
    }
}
