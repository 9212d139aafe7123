package org.spotlight.congress.legislators;

import org.spotlight.congress.model.Chamber;

import java.time.LocalDate;

/**
 * One term of service as the legislators files give it.
 *
 * @param start    first day; null for a former member's last term from legislators-historical.csv, which has no dates
 * @param end      last day; null when not known
 * @param district House district (0 at-large); null for senators and unknown districts
 * @param party    party during the term, e.g. Democrat; null when not given
 */
public record Term(Chamber chamber, LocalDate start, LocalDate end, String state, Integer district, String party) {

    /** True when the term (extended by {@code grace} days after its end) includes the date. */
    boolean covers(final LocalDate date, final int grace) {
        return start != null && !date.isBefore(start) && (end == null || !date.isAfter(end.plusDays(grace)));
    }
}
