package org.spotlight.congress.legislators;

import org.spotlight.congress.model.Chamber;
import org.spotlight.congress.model.Member;

import java.time.LocalDate;

/** Completes a filer as named in a filing with the legislator's Bioguide id (and state, for senators). */
@FunctionalInterface
public interface MemberLookup {

    /** Leaves every filer as filed. */
    MemberLookup NONE = (chamber, member, date) -> member;

    /**
     * @param date the filing date, to pick the legislator who held the seat then; may be null
     * @return the member with what the lookup found; unchanged when no legislator matches unambiguously
     */
    Member resolve(Chamber chamber, Member asFiled, LocalDate date);
}
