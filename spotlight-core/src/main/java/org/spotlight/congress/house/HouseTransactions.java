package org.spotlight.congress.house;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.model.Amount;
import org.spotlight.congress.model.AssetTypes;
import org.spotlight.congress.model.Owner;
import org.spotlight.congress.model.Transaction;
import org.spotlight.congress.model.TransactionType;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Interprets the cells of a House PTR row: owner codes, the asset's ticker and type code, dates and amounts. */
public final class HouseTransactions {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("M/d/yyyy", Locale.ROOT);
    private static final Pattern TYPE_CODE = Pattern.compile("\\s*\\[([A-Za-z0-9]{2})\\]$");
    private static final Pattern TICKER = Pattern.compile("\\s*\\(([A-Za-z][A-Za-z0-9.\\-/]{0,11})\\)$");

    /** A row as a transaction plus what could not be understood in it. */
    public record Interpreted(Transaction transaction, List<String> warnings) {
    }

    private HouseTransactions() {
    }

    /**
     * @throws SourceException when the row lacks a cell every PTR row has (type, transaction date, amount): the
     *                         table was then misread, and no record is better than a wrong one
     */
    public static Interpreted interpret(final HousePtrRow row, final String document) throws SourceException {
        final List<String> warnings = new ArrayList<>(row.warnings());
        requireCell(row.typeCell(), "transaction type", row, document);
        requireCell(row.transactionDate(), "transaction date", row, document);
        requireCell(row.amount(), "amount", row, document);

        final Owner owner = Owner.fromHouseCode(row.ownerCell()).orElse(null);
        if (owner == null) {
            warnings.add("unknown owner code '" + row.ownerCell() + "'");
        }
        final TransactionType type = TransactionType.fromHouseCode(row.typeCell()).orElse(null);
        if (type == null) {
            warnings.add("unknown transaction type '" + row.typeCell() + "'");
        }

        String assetName = row.asset().trim();
        String code = null;
        final Matcher codeMatch = TYPE_CODE.matcher(assetName);
        if (codeMatch.find()) {
            code = codeMatch.group(1).toUpperCase(Locale.ROOT);
            assetName = assetName.substring(0, codeMatch.start()).trim();
        } else {
            warnings.add("no [asset type code] after the asset name");
        }
        String ticker = null;
        final Matcher tickerMatch = TICKER.matcher(assetName);
        if (tickerMatch.find()) {
            ticker = tickerMatch.group(1);
            assetName = assetName.substring(0, tickerMatch.start()).trim();
        }
        final String label = code == null ? null : AssetTypes.houseLabel(code).orElse(null);
        if (code != null && label == null) {
            warnings.add("asset type code " + code + " is not in the House Clerk's list");
        }

        final String amountText = Amount.normalizeText(row.amount());
        final Amount amount = Amount.parse(amountText).orElse(null);
        if (amount == null) {
            warnings.add("amount '" + amountText + "' is not a range, an exact amount or 'Over $X'");
        }

        final boolean amended;
        final String status = row.filingStatus() == null ? "" : row.filingStatus().trim().toLowerCase(Locale.ROOT);
        switch (status) {
            case "new" -> amended = false;
            case "amended" -> amended = true;
            default -> {
                amended = false;
                warnings.add("unknown filing status '" + row.filingStatus() + "'");
            }
        }
        final String transactionId = row.idCell();
        if (transactionId != null && !transactionId.matches("\\d+")) {
            warnings.add("ID cell '" + transactionId + "' is not a transaction number");
        }

        final Transaction transaction = new Transaction(owner, assetName, ticker, code, label, type,
                date(row.transactionDate(), "transaction date", warnings), date(row.notificationDate(), "notification date", warnings),
                amount, amountText, row.capGains(), row.description(), row.comment(), row.subholding(), row.location(), amended,
                transactionId);
        return new Interpreted(transaction, warnings);
    }

    private static LocalDate date(final String text, final String what, final List<String> warnings) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.trim(), DATE);
        } catch (final DateTimeParseException e) {
            warnings.add(what + " '" + text + "' is not a date");
            return null;
        }
    }

    private static void requireCell(final String cell, final String what, final HousePtrRow row, final String document) throws SourceException {
        if (cell == null || cell.isBlank()) {
            throw new SourceException(Code.PDF_LAYOUT_CHANGED, document, document + ": row " + row.rowNumber() + " on page " + row.page()
                    + " (" + row.asset() + ") has no " + what + "; the table does not read as a House PTR", false, null);
        }
    }
}
