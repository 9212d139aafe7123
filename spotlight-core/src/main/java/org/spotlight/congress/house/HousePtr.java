package org.spotlight.congress.house;

import java.util.List;

/**
 * A House Periodic Transaction Report as read from its PDF.
 *
 * @param scanned    true when the PDF has no text layer: a scanned paper filing, whose rows cannot be read
 * @param filingId   the "Filing ID #" the document prints on each page; null for scanned documents
 * @param filerName  "Name:" of the filer information block, e.g. {@code Hon. Nancy Pelosi}
 * @param stateDistrict "State/District:", e.g. {@code CA11}
 */
public record HousePtr(int pages, boolean scanned, String filingId, String filerName, String filerStatus, String stateDistrict,
                       List<HousePtrRow> rows) {

    public HousePtr {
        rows = List.copyOf(rows);
    }
}
