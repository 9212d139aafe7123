package org.spotlight.congress.senate;

import java.util.List;

/**
 * A Senate eFD Periodic Transaction Report page ({@code /search/view/ptr/{uuid}/}).
 *
 * @param title     e.g. {@code Periodic Transaction Report for 10/01/2019}
 * @param filer     e.g. {@code The Honorable Thomas R Carper (Carper, Thomas R.)}
 * @param filed     e.g. {@code 10/01/2019 @ 12:17 PM}
 */
public record SenatePtr(String title, String filer, String filed, List<SenatePtrRow> rows) {

    public SenatePtr {
        rows = List.copyOf(rows);
    }
}
