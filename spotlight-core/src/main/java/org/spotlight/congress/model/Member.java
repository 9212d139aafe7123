package org.spotlight.congress.model;

/**
 * The filer as the source names them, with what a legislators lookup found: the Bioguide id (null when none matched),
 * the party of the matching term, how the match was made and, when unsure, why.
 *
 * @param district  House district number (0 for at-large seats); null for senators and unknown districts
 * @param party     party of the legislator's term that matched; null when no legislator matched
 * @param match     how {@code bioguideId} was found, or why it is null; null before any lookup
 * @param matchNote in words, why no id was given (ambiguous namesakes, no legislator) or what was uncertain; else null
 */
public record Member(String firstName, String lastName, String fullName, String state, Integer district, String bioguideId,
                     String party, MemberMatch match, String matchNote) {

    /** A filer as named in a filing, before any lookup. */
    public Member(final String firstName, final String lastName, final String fullName, final String state, final Integer district,
                  final String bioguideId) {
        this(firstName, lastName, fullName, state, district, bioguideId, null, null, null);
    }

    /** The id the source itself gives (a dataset's own column). */
    public Member withBioguideId(final String id) {
        return new Member(firstName, lastName, fullName, state, district, id, party, MemberMatch.DATASET, null);
    }

    public Member withState(final String newState) {
        return new Member(firstName, lastName, fullName, newState, district, bioguideId, party, match, matchNote);
    }

    /** The legislator a lookup found: their id, and state and party as of the matching term (the filed state wins). */
    public Member identified(final String id, final String termState, final String termParty, final MemberMatch how, final String note) {
        return new Member(firstName, lastName, fullName, state == null ? termState : state, district, id, termParty, how, note);
    }

    /** No id: the lookup found none or several. */
    public Member unidentified(final MemberMatch why, final String note) {
        return new Member(firstName, lastName, fullName, state, district, null, null, why, note);
    }

    /** "First Last" from the parts a source gives, skipping blanks. */
    public static String joinName(final String... parts) {
        final StringBuilder name = new StringBuilder();
        for (String part : parts) {
            if (part != null && !part.isBlank()) {
                if (!name.isEmpty()) {
                    name.append(' ');
                }
                name.append(part.trim());
            }
        }
        return name.toString();
    }
}
