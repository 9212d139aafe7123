package org.spotlight.congress.model;

/**
 * The filer as the source names them, with the Bioguide id a legislators lookup found (null when none matched).
 *
 * @param district House district number (0 for at-large seats); null for senators and unknown districts
 */
public record Member(String firstName, String lastName, String fullName, String state, Integer district, String bioguideId) {

    public Member withBioguideId(final String id) {
        return new Member(firstName, lastName, fullName, state, district, id);
    }

    public Member withState(final String newState) {
        return new Member(firstName, lastName, fullName, newState, district, bioguideId);
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
