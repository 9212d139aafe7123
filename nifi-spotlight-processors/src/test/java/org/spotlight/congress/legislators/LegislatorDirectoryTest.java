package org.spotlight.congress.legislators;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.http.HttpFetcher;
import org.spotlight.congress.model.Chamber;
import org.spotlight.congress.model.Member;
import org.spotlight.congress.testing.Fetchers;
import org.spotlight.testing.CongressSites;
import org.spotlight.testing.CongressSites.Scripted;
import org.spotlight.testing.SharedData;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Bioguide ids from ../shared/data/congress/congress_legislators/legislators-current.yaml. */
class LegislatorDirectoryTest {

    private static final String CURRENT = SharedData.path("congress/congress_legislators/legislators-current.yaml").toString();
    private static LegislatorDirectory current;

    @BeforeAll
    static void load() throws SourceException {
        try (HttpFetcher fetcher = Fetchers.fast()) {
            current = LegislatorDirectory.load(List.of(CURRENT), fetcher);
        }
    }

    @Test
    void findsRepresentativesByStateDistrictAndName() {
        assertEquals(537, current.size());
        assertEquals("P000197", bioguide(Chamber.HOUSE, "Nancy", "Pelosi", "CA", 11, LocalDate.of(2025, 1, 17)));
        assertEquals("C001129", bioguide(Chamber.HOUSE, "Michael A.", "Collins", "GA", 10, LocalDate.of(2025, 1, 1)));
        // The index writes "Scott Scott"; the YAML's first name is Scott. District and last name decide.
        assertEquals("F000472", bioguide(Chamber.HOUSE, "Scott Scott", "Franklin", "FL", 18, LocalDate.of(2025, 3, 18)));
    }

    @Test
    void neverAttributesAFilingToTheDistrictsMemberWhenTheNameDiffers() {
        assertNull(bioguide(Chamber.HOUSE, "Armando Luciano", "Anzoli", "RI", 2, LocalDate.of(2025, 2, 5)), "a candidate");
        // Mark Green (TN07) left in 2025 and is not in legislators-current; Al Green (TX09) is not him.
        assertNull(bioguide(Chamber.HOUSE, "Mark Dr", "Green", "TN", 7, LocalDate.of(2025, 2, 6)));
    }

    @Test
    void findsSenatorsByNameAndAddsTheirState() {
        final Member coons = current.resolve(Chamber.SENATE, new Member("Christopher A", "Coons", "Christopher A Coons", null, null, null),
                LocalDate.of(2019, 7, 2));
        assertEquals("C001088", coons.bioguideId());
        assertEquals("DE", coons.state());
        // Carper retired in 2025: only legislators-historical.yaml knows him.
        assertNull(bioguide(Chamber.SENATE, "Thomas R", "Carper", null, null, LocalDate.of(2019, 10, 1)));
    }

    @Test
    void readsFurtherSourcesSuchAsHistoricalFromAUrl() throws Exception {
        final String historical = """
                - id:
                    bioguide: C000174
                  name:
                    first: Thomas
                    middle: Richard
                    last: Carper
                  terms:
                  - type: sen
                    start: '2001-01-03'
                    end: '2025-01-03'
                    state: DE
                    class: 1
                """;
        try (CongressSites sites = CongressSites.start(); HttpFetcher fetcher = Fetchers.fast()) {
            sites.script("/legislators-historical.yaml", Scripted.body(historical.getBytes(StandardCharsets.UTF_8)));
            final LegislatorDirectory both = LegislatorDirectory.load(List.of(CURRENT, sites.baseUrl() + "legislators-historical.yaml"), fetcher);
            assertEquals(538, both.size());
            final Member carper = both.resolve(Chamber.SENATE, new Member("Thomas R", "Carper", "Thomas R Carper", null, null, null),
                    LocalDate.of(2019, 10, 1));
            assertEquals("C000174", carper.bioguideId());
            assertEquals("DE", carper.state());
        }
    }

    @Test
    void aMissingOrBrokenSourceFailsClearly() throws Exception {
        try (HttpFetcher fetcher = Fetchers.fast()) {
            assertEquals("NOT_FOUND", assertThrows(SourceException.class,
                    () -> LegislatorDirectory.load(List.of("/no/such/legislators.yaml"), fetcher)).codeName());
            final java.nio.file.Path broken = Files.createTempFile("legislators", ".yaml");
            Files.writeString(broken, "id: [unclosed");
            assertEquals("JSON_UNREADABLE", assertThrows(SourceException.class,
                    () -> LegislatorDirectory.load(List.of(broken.toString()), fetcher)).codeName());
            Files.delete(broken);
        }
    }

    private static String bioguide(final Chamber chamber, final String first, final String last, final String state, final Integer district,
                                   final LocalDate date) {
        return current.resolve(chamber, new Member(first, last, first + " " + last, state, district, null), date).bioguideId();
    }
}
