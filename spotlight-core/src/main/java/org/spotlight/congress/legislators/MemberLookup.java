package org.spotlight.congress.legislators;

import org.spotlight.congress.model.Chamber;
import org.spotlight.congress.model.Member;
import org.spotlight.congress.model.MemberMatch;

import java.time.LocalDate;

/** Completes a filer as named in a filing with the legislator's Bioguide id, party and (for senators) state. */
@FunctionalInterface
public interface MemberLookup {

    /** No legislators list: every filer stays as filed, marked {@link MemberMatch#NO_LOOKUP}. */
    MemberLookup NONE = (chamber, member, date) -> member == null ? null : member.unidentified(MemberMatch.NO_LOOKUP, null);

    /**
     * @param date the filing date (or, where the source gives none, a date of a reported trade), to pick the legislator
     *             who held the seat then; may be null
     * @return the member with what the lookup found; without an id (and with the reason) unless exactly one legislator fits
     */
    Member resolve(Chamber chamber, Member asFiled, LocalDate date);
}
