package org.spotlight.congress.house;

import java.util.List;

/**
 * One transaction row of a House PTR exactly as the table shows it, cell by cell, before interpretation.
 *
 * @param idCell       the ID column: a transaction id on amended rows, usually empty
 * @param asset        the asset cell's lines joined, e.g. {@code Apple Inc. - Common Stock (AAPL) [ST]}
 * @param capGains     the "Cap. Gains > $200?" checkbox; null when the row has none
 * @param filingStatus the "Filing Status:" detail, e.g. {@code New} or {@code Amended}
 * @param page         the page the row starts on
 * @param warnings     details the parser saw but could not place (an unknown label, unmapped glyphs in a value)
 */
public record HousePtrRow(int rowNumber, int page, String idCell, String ownerCell, String asset, String typeCell,
                          String transactionDate, String notificationDate, String amount, Boolean capGains,
                          String filingStatus, String subholding, String description, String comment, String location,
                          List<String> warnings) {

    public HousePtrRow {
        warnings = List.copyOf(warnings);
    }
}
