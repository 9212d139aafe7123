package org.spotlight.congress.senate;

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

/**
 * Interprets Senate-style transaction cells, as the eFD pages and the Senate Stock Watcher datasets (which
 * copied them) write them: owner and type in words, {@code --} for "none", MM/DD/YYYY dates.
 */
public final class SenateTransactions {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy", Locale.ROOT);
    private static final String NONE = "--";

    /** A row as a transaction plus what could not be understood in it. */
    public record Interpreted(Transaction transaction, List<String> warnings) {
    }

    private SenateTransactions() {
    }

    public static Interpreted interpret(final SenatePtrRow row) {
        final List<String> warnings = new ArrayList<>();
        final Owner owner = Owner.fromWords(row.owner()).orElse(null);
        if (owner == null) {
            warnings.add("unknown owner '" + row.owner() + "'");
        }
        final TransactionType type = TransactionType.fromWords(row.type()).orElse(null);
        if (type == null) {
            warnings.add("unknown transaction type '" + row.type() + "'");
        }
        final String amountText = Amount.normalizeText(row.amount());
        final Amount amount = Amount.parse(amountText).orElse(null);
        if (amount == null) {
            warnings.add("amount '" + amountText + "' is not a range, an exact amount or 'Over $X'");
        }
        LocalDate date = null;
        try {
            date = LocalDate.parse(row.transactionDate().trim(), DATE);
        } catch (final DateTimeParseException e) {
            warnings.add("transaction date '" + row.transactionDate() + "' is not a date");
        }
        final String assetType = orNull(row.assetType());
        final Transaction transaction = new Transaction(owner, orNull(row.assetName()), orNull(row.ticker()),
                AssetTypes.codeForSenateType(assetType).orElse(null), assetType, type, date, null, amount, amountText, null,
                orNull(row.assetDetails()), orNull(row.comment()), null, null, false, orNull(row.number()));
        return new Interpreted(transaction, warnings);
    }

    /** Null for blanks and the eFD's {@code --}. */
    static String orNull(final String cell) {
        if (cell == null) {
            return null;
        }
        final String trimmed = cell.trim();
        return trimmed.isEmpty() || trimmed.equals(NONE) ? null : trimmed;
    }
}
