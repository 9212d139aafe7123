package org.spotlight.congress.model;

import java.time.LocalDate;

/**
 * One transaction row of a disclosure, as filed and parsed.
 *
 * @param owner            null when the row names an owner this model does not know
 * @param ticker           null where the filing gives none ({@code --} on Senate pages)
 * @param assetTypeCode    the House Clerk code, e.g. {@code ST}
 * @param assetTypeLabel   the label for the code, or the Senate's own words
 * @param type             null when the row names a type this model does not know
 * @param amount           null when {@code amountText} is not an amount (see {@link Amount})
 * @param capGainsOver200  the House's "Cap. Gains > $200?" checkbox; null where the form has none
 * @param amended          true when the row itself is marked as amended (House "Filing Status: Amended")
 * @param transactionId    the House's transaction id of amended rows, or the Senate's transaction number
 */
public record Transaction(Owner owner, String assetName, String ticker, String assetTypeCode, String assetTypeLabel,
                          TransactionType type, LocalDate transactionDate, LocalDate notificationDate, Amount amount,
                          String amountText, Boolean capGainsOver200, String description, String comment, String subholding,
                          String location, boolean amended, String transactionId) {
}
