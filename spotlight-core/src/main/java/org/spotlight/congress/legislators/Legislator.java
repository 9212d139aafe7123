package org.spotlight.congress.legislators;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * A legislator: ids, the name forms filings use, and terms.
 *
 * @param name          the name to show, e.g. Nancy Pelosi
 * @param lastNames     normalised last names: the whole last name and each of its parts longer than two letters
 * @param givenNames    normalised first names, nicknames and middle names
 * @param suffix        normalised generational suffix (jr, sr, ii, iii, iv); null when none
 * @param birthday      null when unknown
 * @param termsComplete true when {@code terms} lists every term with dates (the YAML files), false when only the last
 *                      term is known and undated (legislators-historical.csv)
 * @param recentIds     for undated legislators: the file gives them an FEC, OpenSecrets or Senate LIS id, which exist only for
 *                      members who served in the last decades (John F. Kennedy has none, Ted Kennedy has all three)
 */
public record Legislator(String bioguideId, String name, Set<String> lastNames, Set<String> givenNames, String suffix, LocalDate birthday,
                         List<Term> terms, boolean termsComplete, boolean recentIds) {

    public Legislator {
        lastNames = Set.copyOf(lastNames);
        givenNames = Set.copyOf(givenNames);
        terms = List.copyOf(terms);
    }
}
