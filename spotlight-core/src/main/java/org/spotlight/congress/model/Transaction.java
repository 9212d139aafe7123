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
 * @param tickerFill       how {@code ticker} was filled in where the filing gave none; null when the ticker is as filed
 */
public record Transaction(Owner owner, String assetName, String ticker, String assetTypeCode, String assetTypeLabel,
                          TransactionType type, LocalDate transactionDate, LocalDate notificationDate, Amount amount,
                          String amountText, Boolean capGainsOver200, String description, String comment, String subholding,
                          String location, boolean amended, String transactionId, TickerMethod tickerFill) {

    /** A transaction as filed. */
    public Transaction(final Owner owner, final String assetName, final String ticker, final String assetTypeCode, final String assetTypeLabel,
                       final TransactionType type, final LocalDate transactionDate, final LocalDate notificationDate, final Amount amount,
                       final String amountText, final Boolean capGainsOver200, final String description, final String comment,
                       final String subholding, final String location, final boolean amended, final String transactionId) {
        this(owner, assetName, ticker, assetTypeCode, assetTypeLabel, type, transactionDate, notificationDate, amount, amountText,
                capGainsOver200, description, comment, subholding, location, amended, transactionId, null);
    }

    /** The same transaction with a ticker the filing did not give, and how it was found. */
    public Transaction withFilledTicker(final String filled, final TickerMethod how) {
        return new Transaction(owner, assetName, filled, assetTypeCode, assetTypeLabel, type, transactionDate, notificationDate, amount,
                amountText, capGainsOver200, description, comment, subholding, location, amended, transactionId, how);
    }

    /** The ticker the filing itself gave: null when there was none, also when one was filled in. */
    public String tickerAsFiled() {
        return tickerFill == null ? ticker : null;
    }
}
