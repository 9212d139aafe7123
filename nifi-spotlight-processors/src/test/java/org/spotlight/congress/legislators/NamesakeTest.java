package org.spotlight.congress.legislators;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.http.HttpFetcher;
import org.spotlight.congress.model.Chamber;
import org.spotlight.congress.model.Member;
import org.spotlight.congress.model.MemberMatch;
import org.spotlight.congress.testing.Fetchers;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real namesakes from legislators-current.yaml and legislators-historical.csv (../shared/data): members with the same
 * last name in the same chamber, in other states, in the same state, in other eras, even with the same first name.
 * None may ever be given another's Bioguide id.
 */
class NamesakeTest {

    private static LegislatorDirectory directory;

    @BeforeAll
    static void load() throws SourceException {
        try (HttpFetcher fetcher = Fetchers.fast()) {
            directory = LegislatorDirectory.load(List.of(MemberCoverageTest.CURRENT, MemberCoverageTest.HISTORICAL), fetcher);
        }
    }

    /**
     * chamber | first | last | state | district | date | expected Bioguide id (empty: must stay unidentified) | why it is hard.
     * Senate filings name no state; House filings name state and district.
     */
    @ParameterizedTest(name = "{1} {2} ({0} {3}{4}, {5}) is {6}: {7}")
    @CsvSource(delimiter = '|', nullValues = "", value = {
            // Senators with the same last name, serving at the same time.
            "senate | Rick        | Scott       |    |    | 2020-03-01 | S001217 | Tim Scott (SC) served at the same time",
            "senate | Tim         | Scott       |    |    | 2020-03-01 | S001184 | Rick Scott (FL) served at the same time",
            "senate | Thomas      | Udall       |    |    | 2019-06-01 | U000039 | Mark Udall (CO) is a former senator too; both last-term only",
            "senate | Mark        | Udall       |    |    | 2013-06-01 | U000038 | Tom Udall (NM)",
            "senate | Ron         | Johnson     |    |    | 2019-06-01 | J000293 | Tim Johnson (SD), Hiram Johnson (CA, born 1866) and a dozen more",
            "senate | Tim         | Johnson     |    |    | 2013-06-01 | J000177 | Ron Johnson (WI) serves now",
            "senate | Tina        | Smith       |    |    | 2019-06-01 | S001203 | Bob Smith (NH), Gordon Smith (OR) and 21 more Smiths",
            "senate | Mark R      | Warner      |    |    | 2019-06-01 | W000805 | John Warner: the same state (VA), a former senator",
            "senate | John W      | Warner      |    |    | 2008-06-01 | W000154 | Mark Warner (VA) serves now",
            "senate | John N      | Kennedy     |    |    | 2019-06-01 | K000393 | John F. Kennedy (MA): the same first and last name, left in 1960",
            "senate | John        | Kennedy     |    |    | 2014-06-01 |         | no Senator John Kennedy in 2014; JFK has no id of recent decades",
            "senate | Bill        | Nelson      |    |    | 2014-06-01 | N000032 | Ben Nelson (NE): both former senators",
            "senate | Ben         | Nelson      |    |    | 2010-06-01 | N000180 | Bill Nelson (FL)",
            "senate | Carl        | Levin       |    |    | 2013-06-01 | L000261 | Sander and Andy Levin (House, MI09) are not senators",
            "senate | Smith       | Smith       |    |    | 2019-06-01 |         | no Smith senator has Smith as a first name",
            "senate | Robert P    | Casey Jr.   |    |    | 2019-06-01 | C001070 | the suffix in the last name",
            "senate | Joseph      | Manchin III |    |    | 2019-06-01 | M001183 | the suffix in the last name",
            // Representatives: same last name in the same state.
            "house  | Al          | Green       | TX | 9  | 2018-06-01 | G000553 | Gene Green (TX29) served at the same time",
            "house  | Gene        | Green       | TX | 29 | 2018-06-01 | G000410 | Al Green (TX09)",
            "house  | Mark        | Green       | TN | 7  | 2025-02-06 | G000590 | Al Green serves now; Mark Green left in 2025",
            "house  | Austin      | Scott       | GA | 8  | 2020-06-01 | S001189 | David Scott (GA13), the same state",
            "house  | David       | Scott       | GA | 13 | 2020-06-01 | S001157 | Austin Scott (GA08), the same state",
            "house  | Mario       | Diaz-Balart | FL | 25 | 2020-06-01 | D000600 | his brother Lincoln Diaz-Balart (FL21), a hyphenated name",
            "house  | Mario       | Diaz-Balart | FL | 26 | 2020-06-01 | D000600 | filed with his later district (FL26 from 2023)",
            "house  | Linda T.    | Sánchez     | CA | 38 | 2020-06-01 | S001156 | her sister Loretta Sanchez (CA), accents",
            "house  | Loretta     | Sanchez     | CA | 46 | 2015-06-01 | S000030 | her sister Linda Sánchez (CA38)",
            "house  | Danny K.    | Davis       | IL | 7  | 2020-06-01 | D000096 | Rodney Davis (IL13), the same state",
            // Same first and last name.
            "house  | Mike        | Rogers      | AL | 3  | 2020-06-01 | R000575 | Mike Rogers of Michigan (MI08), a former member",
            "house  | Mike        | Rogers      | MI | 8  | 2013-06-01 | R000572 | Mike Rogers of Alabama (AL03) serves now",
            "house  | Andy        | Levin       | MI | 9  | 2020-06-01 | L000592 | his father Sander Levin held the same seat (MI09)",
            "house  | Sander M.   | Levin       | MI | 9  | 2016-06-01 | L000263 | his son Andy Levin, the same seat",
            "house  |             | Levin       | MI | 9  | 2016-06-01 |         | father or son: no first name to tell them apart",
            "house  | Donald M.   | Payne Jr.   | NJ | 10 | 2020-06-01 | P000604 | his father Donald M. Payne held the same seat (NJ10)",
            "house  | Donald M.   | Payne       | NJ | 10 | 2010-06-01 |         | father or son: only the (absent) suffix tells them apart",
            "house  | Joseph P.   | Kennedy III | MA | 4  | 2016-06-01 | K000379 | Joseph P. Kennedy II (MA08) and Patrick Kennedy (RI)",
            "house  | Henry C.    | Johnson     | GA | 4  | 2020-06-01 | J000288 | filed by legal name; the files call him Hank",
            "house  | Jane        | Doe         | CA | 11 | 2025-01-17 |         | nobody of that name; Pelosi holds the seat",
            "house  | Nancy       | Pelosi      | CA | 12 | 2025-01-17 | P000197 | her district was renumbered (CA12 to CA11) in 2023",
    })
    void namesakesAreNeverConfused(final String chamber, final String first, final String last, final String state, final Integer district,
                                   final LocalDate date, final String expected, final String why) {
        final Member found = directory.resolve(Chamber.fromCode(chamber), new Member(first, last, Member.joinName(first, last), state, district, null),
                date);
        assertEquals(expected, found.bioguideId(), why + ": " + found.match() + " " + found.matchNote());
        if (expected == null) {
            assertTrue(found.match() == MemberMatch.AMBIGUOUS || found.match() == MemberMatch.UNMATCHED, found.toString());
            assertTrue(found.matchNote() != null && !found.matchNote().isBlank(), "says why");
        }
    }

    /**
     * Every group of namesakes in the files (same last name, same chamber, more than one legislator of recent decades): each
     * member, named as a filing would name them, is found as themselves or not at all, never as another namesake.
     */
    @Test
    void noNamesakeInTheFilesIsEverTakenForAnother() {
        final Map<String, List<Legislator>> groups = new HashMap<>();
        for (Legislator legislator : directory.legislators()) {
            if (!legislator.termsComplete() && !legislator.recentIds()) {
                continue;
            }
            for (Term term : legislator.terms()) {
                groups.computeIfAbsent(term.chamber() + "/" + String.join("", legislator.lastNames().stream().sorted(
                        (a, b) -> b.length() - a.length()).limit(1).toList()), key -> new ArrayList<>());
            }
        }
        for (Legislator legislator : directory.legislators()) {
            if (!legislator.termsComplete() && !legislator.recentIds()) {
                continue;
            }
            final String last = legislator.lastNames().stream().max((a, b) -> a.length() - b.length()).orElseThrow();
            legislator.terms().stream().map(Term::chamber).distinct()
                    .forEach(chamber -> groups.get(chamber + "/" + last).add(legislator));
        }
        groups.values().removeIf(group -> group.size() < 2);
        int lookups = 0;
        int identified = 0;
        final List<String> confusions = new ArrayList<>();
        for (Map.Entry<String, List<Legislator>> group : groups.entrySet()) {
            final Chamber chamber = Chamber.valueOf(group.getKey().substring(0, group.getKey().indexOf('/')));
            final Set<String> ids = group.getValue().stream().map(Legislator::bioguideId).collect(Collectors.toSet());
            for (Legislator legislator : group.getValue()) {
                for (Term term : legislator.terms().stream().filter(t -> t.chamber() == chamber).toList()) {
                    final LocalDate date = term.start() == null ? null : term.start().plusDays(100);
                    final String[] words = legislator.name().split(" ");
                    final Member filed = new Member(words[0], words[words.length - 1], legislator.name(),
                            chamber == Chamber.HOUSE ? term.state() : null, chamber == Chamber.HOUSE ? term.district() : null, null);
                    final Member found = directory.resolve(chamber, filed, date);
                    lookups++;
                    if (found.bioguideId() != null) {
                        identified++;
                        if (!found.bioguideId().equals(legislator.bioguideId()) && ids.contains(found.bioguideId())) {
                            confusions.add(legislator.bioguideId() + " " + legislator.name() + " (" + chamber + " " + term + ") taken for "
                                    + found.bioguideId());
                        }
                    }
                }
            }
        }
        System.out.printf("namesakes: %d groups, %d lookups, %d identified as themselves, %d confusions%n", groups.size(), lookups,
                identified - confusions.size(), confusions.size());
        assertTrue(groups.size() > 100, "the files hold hundreds of namesake groups: " + groups.size());
        assertEquals(List.of(), confusions);
    }

    @Test
    void theMatchSaysHowAndThePartyIsThatOfTheTermOnTheDate() {
        final Member pelosi = directory.resolve(Chamber.HOUSE, new Member("Nancy", "Pelosi", "Nancy Pelosi", "CA", 11, null), LocalDate.of(2025, 1, 17));
        assertEquals(MemberMatch.TERM, pelosi.match());
        assertEquals("Democrat", pelosi.party());
        final Member carper = directory.resolve(Chamber.SENATE, new Member("Thomas R", "Carper", "Thomas R Carper", null, null, null),
                LocalDate.of(2019, 10, 1));
        assertEquals("C000174", carper.bioguideId());
        assertEquals(MemberMatch.LAST_TERM, carper.match());
        assertEquals("DE", carper.state(), "a senator's state comes from the term");
        assertNull(carper.party(), "an undated last term says nothing about the party at the filing");
    }
}
