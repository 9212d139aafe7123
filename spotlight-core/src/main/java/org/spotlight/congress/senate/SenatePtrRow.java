package org.spotlight.congress.senate;

/**
 * One row of a Senate eFD PTR page's transactions table, as the page shows it.
 *
 * @param number       the page's "#" column: the transaction's number within the report
 * @param assetName    the asset cell's own text
 * @param assetDetails the asset cell's detail lines (Rate/Coupon, Matures, Company, Description ...), joined with "; "
 */
public record SenatePtrRow(int rowNumber, String number, String transactionDate, String owner, String ticker, String assetName,
                           String assetDetails, String assetType, String type, String amount, String comment) {
}
