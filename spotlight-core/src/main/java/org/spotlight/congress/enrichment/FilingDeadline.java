package org.spotlight.congress.enrichment;

import org.spotlight.congress.model.TradeDetails.Timeliness;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The STOCK Act's deadline for a periodic transaction report, as 5 U.S.C. 13105(l) (formerly section 103(l) of the
 * Ethics in Government Act, added by section 6 of the STOCK Act) words it: "Not later than 30 days after receiving
 * notification of any transaction ..., but in no case later than 45 days after such transaction". The deadline is
 * therefore the earlier of notification date + 30 days and transaction date + 45 days; where the filing gives no
 * notification date (the Senate's forms have none), transaction date + 45 days. A report filed on the deadline is on
 * time. The rule covers transactions from 2012-07-03, the day it took effect.
 */
public final class FilingDeadline {

    /** The first day of transactions the periodic transaction report rule covers. */
    public static final LocalDate EFFECTIVE = LocalDate.of(2012, 7, 3);
    static final int DAYS_AFTER_NOTIFICATION = 30;
    static final int DAYS_AFTER_TRANSACTION = 45;

    private FilingDeadline() {
    }

    /**
     * @param warnings receives what makes the dates implausible (a trade after its own report)
     * @return null when there is no transaction date (scanned filings): nothing can be said about the row
     */
    public static Timeliness of(final LocalDate filed, final LocalDate traded, final LocalDate notified, final List<String> warnings) {
        if (traded == null) {
            return notified == null || filed == null ? null
                    : new Timeliness(null, null, (int) ChronoUnit.DAYS.between(notified, filed), null, null);
        }
        LocalDate deadline = null;
        if (!traded.isBefore(EFFECTIVE)) {
            deadline = traded.plusDays(DAYS_AFTER_TRANSACTION);
            if (notified != null && notified.plusDays(DAYS_AFTER_NOTIFICATION).isBefore(deadline)) {
                deadline = notified.plusDays(DAYS_AFTER_NOTIFICATION);
            }
        }
        if (notified != null && notified.isBefore(traded)) {
            warnings.add("notification date " + notified + " is before the transaction date " + traded);
        }
        if (filed == null) {
            return new Timeliness(deadline, null, null, null, null);
        }
        final int daysToFile = (int) ChronoUnit.DAYS.between(traded, filed);
        final Integer fromNotification = notified == null ? null : (int) ChronoUnit.DAYS.between(notified, filed);
        if (daysToFile < 0) {
            // A typo in one of the dates: no lateness can be read from them.
            return new Timeliness(deadline, daysToFile, fromNotification, null, null);
        }
        if (deadline == null) {
            return new Timeliness(null, daysToFile, fromNotification, null, null);
        }
        final long late = ChronoUnit.DAYS.between(deadline, filed);
        return new Timeliness(deadline, daysToFile, fromNotification, late > 0, (int) Math.max(0, late));
    }
}
