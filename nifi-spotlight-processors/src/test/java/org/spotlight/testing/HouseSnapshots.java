package org.spotlight.testing;

import java.nio.file.Path;
import java.util.function.Predicate;

/** The House Clerk index snapshots in ../shared/data and the row filter the stand-in sites serve them with. */
public final class HouseSnapshots {

    public static final Path FEBRUARY_2025 = SharedData.path("congress/house_clerk_index/2025_snapshot-2025-02-17/2025FD.txt");
    public static final Path DECEMBER_2025 = SharedData.path("congress/house_clerk_index/2025_snapshot-2025-12-04/2025FD.txt");

    /**
     * Every row except PTRs whose PDF the shared data lacks, so that every PTR the served index lists can be
     * fetched (the shared data holds 19 of the 475 PTRs of 2025).
     */
    public static final Predicate<String[]> AVAILABLE = row -> !"P".equals(row[4]) || SharedPtrs.allHouse().contains(row[8]);

    private HouseSnapshots() {
    }

    public static byte[] february() {
        return CongressSites.indexZip(2025, FEBRUARY_2025, AVAILABLE);
    }

    public static byte[] december() {
        return CongressSites.indexZip(2025, DECEMBER_2025, AVAILABLE);
    }
}
