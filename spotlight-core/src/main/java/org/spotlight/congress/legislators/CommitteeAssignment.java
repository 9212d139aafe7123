package org.spotlight.congress.legislators;

import java.time.Instant;

/**
 * A member's seat on a committee or subcommittee, as committee-membership-current.yaml lists it.
 *
 * @param committeeId         Thomas id: HSBA, SSBK; a subcommittee's adds its number (HSBA16)
 * @param chamber             house, senate or joint
 * @param parentCommitteeId   the full committee of a subcommittee; null for full committees
 * @param side                majority or minority, as the file says; null when it does not
 * @param rank                the member's rank on their side; null when not given
 * @param title               Chairman, Ranking Member, Vice Chair ...; null for most members
 * @param asOf                when the files were fetched (to the second): the snapshot the assignment belongs to
 */
public record CommitteeAssignment(String committeeId, String committeeName, String chamber, String parentCommitteeId,
                                  String parentCommitteeName, String bioguideId, String memberName, String side, Integer rank, String title,
                                  Instant asOf) {
}
