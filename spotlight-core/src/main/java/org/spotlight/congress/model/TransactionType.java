package org.spotlight.congress.model;

import java.util.Locale;
import java.util.Optional;

/** What kind of trade a row reports. */
public enum TransactionType {
    PURCHASE,
    /** A sale of the whole holding (the House's "S", the Senate's "Sale (Full)"). */
    SALE,
    SALE_PARTIAL,
    EXCHANGE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a House PTR type cell: P, S, S (partial) or E. */
    public static Optional<TransactionType> fromHouseCode(final String cell) {
        final String code = cell == null ? "" : cell.replaceAll("\\s+", " ").trim().toUpperCase(Locale.ROOT);
        return switch (code) {
            case "P" -> Optional.of(PURCHASE);
            case "S" -> Optional.of(SALE);
            case "S (PARTIAL)" -> Optional.of(SALE_PARTIAL);
            case "E" -> Optional.of(EXCHANGE);
            default -> Optional.empty();
        };
    }

    /** Reads the words the Senate eFD and the Stock Watcher datasets use (Purchase, Sale (Full), sale_partial ...). */
    public static Optional<TransactionType> fromWords(final String words) {
        if (words == null) {
            return Optional.empty();
        }
        return switch (words.replaceAll("\\s+", " ").trim().toLowerCase(Locale.ROOT)) {
            case "purchase", "p" -> Optional.of(PURCHASE);
            case "sale", "sale (full)", "sale_full", "s" -> Optional.of(SALE);
            case "sale (partial)", "sale_partial", "s (partial)" -> Optional.of(SALE_PARTIAL);
            case "exchange", "e" -> Optional.of(EXCHANGE);
            default -> Optional.empty();
        };
    }
}
