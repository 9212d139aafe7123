package org.spotlight.congress.enrichment;

import org.spotlight.congress.model.OptionType;
import org.spotlight.congress.model.TradeDetails.OptionTerms;
import org.spotlight.congress.model.TradeDetails.Quantity;
import org.spotlight.congress.model.Transaction;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads option terms (call or put, strike, expiration) and quantities (shares, contracts) from the free text filings put
 * them in. Phrasings found in real filings:
 * <ul>
 *   <li>House descriptions: "Purchased 50 call options with a strike price of $150 and an expiration date of 1/16/26.",
 *       "Call options; Strike price $240; Expires 12/19/2025", "Exercised 500 call options purchased 11/22/23 (50,000
 *       shares) at a strike price of $12 with an expiration date of 12/20/24.", "Sold 31,600 shares."</li>
 *   <li>Senate asset details: "Option Type: Put; Strike price: $120.00; Expires: 05/15/2020" (also "Option Type: Neither")</li>
 *   <li>asset names: "SPY Feb 2016 put 180.000", "PUT Standard &amp; Poors Dep Rec at 180", "MDLZ (stock option)"</li>
 * </ul>
 * Text that names an option but lacks a term gets a warning saying which; nothing is guessed. Company names that merely
 * contain the words (Option Care Health, a Covered Call ETF, Callon Petroleum, a callable bond) are not options.
 */
final class OptionText {

    /** What the text says. */
    record Reading(OptionTerms option, Quantity quantity, List<String> warnings) {
    }

    private static final String NUMBER = "([0-9][0-9,]*(?:\\.[0-9]+)?)";
    private static final String DATE = "(\\d{1,2}/\\d{1,2}/\\d{2,4}|\\d{4}-\\d{2}-\\d{2}|[A-Za-z]{3,9}\\.? \\d{1,2},? \\d{4})";
    private static final Pattern EXPLICIT_TYPE = Pattern.compile("option type\\s*:?\\s*(call|put|neither)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern TYPE_WORD = Pattern.compile("\\b(call|put)s?\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern STRIKE = Pattern.compile("strike(?:\\s+price)?(?:\\s+of)?\\s*[:=]?\\s*\\$?\\s?" + NUMBER, Pattern.CASE_INSENSITIVE);
    private static final Pattern STRIKE_AFTER = Pattern.compile("\\$\\s?" + NUMBER + "\\s+strike", Pattern.CASE_INSENSITIVE);
    /** "put 180.000", "call at $50", "... at 180": a bare price after the option word, in texts about an option. */
    private static final Pattern PRICE_AFTER_TYPE = Pattern.compile("\\b(?:call|put)s?\\s+(?:at\\s+)?\\$?(\\d+(?:\\.\\d+)?)\\b(?!/)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern AT_PRICE = Pattern.compile("\\bat\\s+\\$?(\\d+(?:\\.\\d+)?)\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern EXPIRATION = Pattern.compile("\\b(?:expir\\w*|exp\\.?|expires?)(?:\\s+date)?(?:\\s+(?:of|on))?\\s*[:=]?\\s*"
            + DATE, Pattern.CASE_INSENSITIVE);
    private static final Pattern CONTRACTS = Pattern.compile("\\b" + NUMBER
            + "\\s+(?:(?:call|put)\\s+)?(?:(?:option\\s+)?contracts?|(?:call|put)?\\s*options?)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern SHARES = Pattern.compile("\\b" + NUMBER + "\\s+shares\\b", Pattern.CASE_INSENSITIVE);
    /** Words that make a text about an option, as opposed to a company that has "option" or "call" in its name. */
    private static final Pattern OPTION_WORDS = Pattern.compile("\\b(?:call|put)s?\\s+options?\\b|\\boptions?\\s+type\\b|\\bstock\\s+options?\\b"
            + "|\\bstrike\\b|\\b(?:call|put)\\s+(?:at\\s+)?\\$?\\d+(?:\\.\\d+)?\\b(?!/)|\\b(?:call|put)\\s+contracts?\\b|\\boptions?\\s+contracts?\\b"
            + "|^\\s*(?:call|put)s?\\b", Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter US_DATE = new DateTimeFormatterBuilder().appendPattern("M/d/")
            .appendValueReduced(java.time.temporal.ChronoField.YEAR, 2, 4, 2000).toFormatter(Locale.ROOT);
    private static final DateTimeFormatter MONTH_NAME = DateTimeFormatter.ofPattern("[MMMM][MMM] d yyyy", Locale.ENGLISH);

    private OptionText() {
    }

    /**
     * @param fromSymbol the terms of an option symbol filed as the ticker, or null
     */
    static Reading read(final Transaction transaction, final OptionTerms fromSymbol) {
        final List<String> warnings = new ArrayList<>();
        final boolean optionRow = "OP".equalsIgnoreCase(transaction.assetTypeCode()) || fromSymbol != null
                || (transaction.assetTypeLabel() != null && transaction.assetTypeLabel().toLowerCase(Locale.ROOT).contains("option"));
        final List<String> texts = new ArrayList<>();
        if (transaction.description() != null) {
            texts.add(transaction.description());
        }
        final String name = transaction.assetName();
        if (name != null && (optionRow || OPTION_WORDS.matcher(name).find())) {
            texts.add(name);
        }
        final boolean mentionsOption = texts.stream().anyMatch(text -> OPTION_WORDS.matcher(text).find());
        final boolean isOption = optionRow || mentionsOption;

        OptionType type = fromSymbol == null ? null : fromSymbol.type();
        BigDecimal strike = fromSymbol == null ? null : fromSymbol.strike();
        LocalDate expiration = fromSymbol == null ? null : fromSymbol.expiration();
        boolean neither = false;
        BigDecimal shares = null;
        BigDecimal contracts = null;
        for (String text : texts) {
            final String flat = text.replace('\u00A0', ' ').replaceAll("\\s+", " ");
            if (isOption && type == null && !neither) {
                final Matcher explicit = EXPLICIT_TYPE.matcher(flat);
                if (explicit.find()) {
                    neither = "neither".equalsIgnoreCase(explicit.group(1));
                    type = neither ? null : OptionType.valueOf(explicit.group(1).toUpperCase(Locale.ROOT));
                } else {
                    type = typeWord(flat, warnings);
                }
            }
            if (isOption && strike == null) {
                strike = strike(flat, warnings);
            }
            if (isOption && expiration == null) {
                final Matcher expires = EXPIRATION.matcher(flat);
                if (expires.find()) {
                    expiration = date(expires.group(1), warnings);
                }
            }
            if (shares == null) {
                shares = number(SHARES, flat, warnings);
            }
            if (contracts == null && isOption) {
                contracts = number(CONTRACTS, flat, warnings);
            }
        }
        OptionTerms option = null;
        if (isOption) {
            option = new OptionTerms(type, strike, expiration);
            final List<String> missing = new ArrayList<>();
            if (type == null && !neither) {
                missing.add("call or put");
            }
            if (strike == null) {
                missing.add("strike price");
            }
            if (expiration == null) {
                missing.add("expiration date");
            }
            if (!missing.isEmpty()) {
                warnings.add("option text without " + String.join(", ", missing) + ": '" + abbreviate(String.join(" | ", texts)) + "'");
            }
        }
        Quantity quantity = null;
        if (contracts != null && (optionRow || shares == null)) {
            quantity = new Quantity(contracts, Quantity.Unit.CONTRACTS);
        } else if (shares != null) {
            quantity = new Quantity(shares, Quantity.Unit.SHARES);
        }
        return new Reading(option, quantity, warnings);
    }

    private static OptionType typeWord(final String text, final List<String> warnings) {
        final Matcher words = TYPE_WORD.matcher(text);
        OptionType found = null;
        while (words.find()) {
            final OptionType word = OptionType.valueOf(words.group(1).toUpperCase(Locale.ROOT));
            if (found != null && found != word) {
                warnings.add("option text names both call and put: '" + abbreviate(text) + "'");
                return null;
            }
            found = word;
        }
        return found;
    }

    /** The strike: "strike price of $12", "$240 strike", else (the text being about an option) "put 180.000" or "... at 180". */
    private static BigDecimal strike(final String text, final List<String> warnings) {
        for (Pattern pattern : List.of(STRIKE, STRIKE_AFTER, PRICE_AFTER_TYPE, AT_PRICE)) {
            final BigDecimal value = number(pattern, text, warnings);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** The first number the pattern captures; null (with a warning) when it has more than four decimals or is absurdly large. */
    private static BigDecimal number(final Pattern pattern, final String text, final List<String> warnings) {
        final Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return null;
        }
        final String digits = matcher.group(1).replace(",", "");
        try {
            final BigDecimal value = new BigDecimal(digits);
            final BigDecimal plain = value.stripTrailingZeros();
            if (plain.scale() > 4 || value.compareTo(new BigDecimal("99999999999999")) > 0 || value.signum() <= 0) {
                warnings.add("number '" + matcher.group(1) + "' in '" + abbreviate(text) + "' is out of range");
                return null;
            }
            return plain.scale() < 0 ? plain.setScale(0) : plain;
        } catch (final NumberFormatException e) {
            return null;
        }
    }

    private static LocalDate date(final String text, final List<String> warnings) {
        final String cleaned = text.replace(",", "").replace(".", "").trim();
        try {
            if (cleaned.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(cleaned);
            }
            if (cleaned.contains("/")) {
                return LocalDate.parse(cleaned, US_DATE);
            }
            final String[] parts = cleaned.split(" ");
            final String month = parts[0].substring(0, 1).toUpperCase(Locale.ROOT) + parts[0].substring(1).toLowerCase(Locale.ROOT);
            return LocalDate.parse(month + " " + parts[1] + " " + parts[2], MONTH_NAME);
        } catch (final DateTimeException | IndexOutOfBoundsException e) {
            warnings.add("option expiration '" + text + "' is not a date");
            return null;
        }
    }

    private static String abbreviate(final String text) {
        final String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() > 120 ? flat.substring(0, 117) + "..." : flat;
    }
}
