package org.spotlight.congress.model;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The trade record schema: one flat row per transaction. The NiFi record schema, the JSON Lines the CLI writes
 * and docs/congress-trade-record.md all follow this list, in this order.
 */
public enum TradeField {
    TRADE_KEY(Type.STRING, "the record's stable identity, chamber/source/filing_id/row_number (e.g. house/house_clerk/20026590/3): "
            + "the Kafka message key and the natural sorting key of a trades table", TradeField::tradeKey),
    CHAMBER(Type.STRING, "house or senate", r -> r.filing().chamber().code()),
    SOURCE(Type.STRING, "house_clerk, senate_efd, house_stock_watcher or senate_stock_watcher", r -> r.filing().source().code()),
    FILING_ID(Type.STRING, "House DocID, Senate report UUID, or the community dataset's filing id", r -> r.filing().filingId()),
    FILING_DATE(Type.DATE, "date the filing was received", r -> r.filing().filingDate()),
    IS_AMENDMENT(Type.BOOLEAN, "true for amending filings and for rows marked 'Filing Status: Amended'", TradeRecord::isAmendment),
    AMENDS(Type.STRING, "filing id of the original filing an amendment amends, where the source tells", r -> r.filing().amends()),
    AMENDMENT_NUMBER(Type.INT, "N of a Senate '(Amendment N)'", r -> r.filing().amendmentNumber()),
    MEMBER_FIRST_NAME(Type.STRING, "filer's first name(s) as filed", r -> member(r).firstName()),
    MEMBER_LAST_NAME(Type.STRING, "filer's last name as filed", r -> member(r).lastName()),
    MEMBER_FULL_NAME(Type.STRING, "first and last name", r -> member(r).fullName()),
    STATE(Type.STRING, "two-letter state", r -> member(r).state()),
    DISTRICT(Type.INT, "House district (0 = at-large); null for senators", r -> member(r).district()),
    BIOGUIDE_ID(Type.STRING, "Bioguide id of the filer from the legislators lookup; null when no legislator, or more than one, fits "
            + "(member_match says which, parse_warnings why)", r -> member(r).bioguideId()),
    PARTY(Type.STRING, "party of the legislator's term covering the filing date (member_match term); null otherwise: an undated last "
            + "term's party need not be the party at the filing",
            r -> member(r).party()),
    MEMBER_MATCH(Type.STRING, "how bioguide_id was found: term, last_term or dataset; or why it is null: ambiguous, unmatched, no_lookup",
            r -> member(r).match() == null ? null : member(r).match().code()),
    OWNER(Type.STRING, "self, spouse, joint or dependent", r -> tx(r) == null || tx(r).owner() == null ? null : tx(r).owner().code()),
    ASSET_NAME(Type.STRING, "asset as filed, without the ticker and type code", r -> tx(r) == null ? null : tx(r).assetName()),
    TICKER(Type.STRING, "ticker to query by: the filed one normalised (BRK.B for BRK/B, BRK-B), the underlying of an option symbol, "
            + "or filled where the same data makes it certain (ticker_method); null where there is none", TradeField::ticker),
    TICKER_AS_FILED(Type.STRING, "the ticker exactly as filed; null where none is given (--)", r -> tx(r) == null ? null : tx(r).tickerAsFiled()),
    TICKER_METHOD(Type.STRING, "where ticker comes from: as_filed, normalized, option_symbol, same_asset_name or asset_name_is_ticker; "
            + "null without a ticker", r -> details(r) == null || details(r).tickerMethod() == null ? null : details(r).tickerMethod().code()),
    ASSET_TYPE_CODE(Type.STRING, "House Clerk asset type code, e.g. ST", r -> tx(r) == null ? null : tx(r).assetTypeCode()),
    ASSET_TYPE_LABEL(Type.STRING, "label of the code, or the Senate's asset type words", r -> tx(r) == null ? null : tx(r).assetTypeLabel()),
    OPTION_TYPE(Type.STRING, "call or put, where the row's text names an option", r -> option(r) == null || option(r).type() == null ? null
            : option(r).type().code()),
    OPTION_STRIKE(Type.NUMBER, "the option's strike price in dollars, as written", r -> option(r) == null ? null : option(r).strike()),
    OPTION_EXPIRATION(Type.DATE, "the option's expiration date, as written", r -> option(r) == null ? null : option(r).expiration()),
    QUANTITY(Type.NUMBER, "number of shares or option contracts the row's text says were traded", r -> quantity(r) == null ? null
            : quantity(r).amount()),
    QUANTITY_UNIT(Type.STRING, "shares or contracts; null without a quantity", r -> quantity(r) == null ? null : quantity(r).unit().code()),
    TRANSACTION_TYPE(Type.STRING, "purchase, sale, sale_partial or exchange", r -> tx(r) == null || tx(r).type() == null ? null : tx(r).type().code()),
    TRANSACTION_DATE(Type.DATE, "date of the trade", r -> tx(r) == null ? null : tx(r).transactionDate()),
    NOTIFICATION_DATE(Type.DATE, "date the filer was notified of the trade (House only)", r -> tx(r) == null ? null : tx(r).notificationDate()),
    FILING_DEADLINE(Type.DATE, "last day the STOCK Act allowed for this report: the earlier of notification_date + 30 days and "
            + "transaction_date + 45 days; null for trades before 2012-07-03 or without a transaction date", r -> timeliness(r) == null ? null
            : timeliness(r).deadline()),
    DAYS_TO_FILE(Type.INT, "filing_date minus transaction_date, in days", r -> timeliness(r) == null ? null : timeliness(r).daysToFile()),
    DAYS_NOTIFICATION_TO_FILE(Type.INT, "filing_date minus notification_date, in days", r -> timeliness(r) == null ? null
            : timeliness(r).daysFromNotification()),
    FILED_LATE(Type.BOOLEAN, "true when filing_date is after filing_deadline; null where either is unknown", r -> timeliness(r) == null ? null
            : timeliness(r).late()),
    DAYS_LATE(Type.INT, "days after filing_deadline (0 when on time)", r -> timeliness(r) == null ? null : timeliness(r).daysLate()),
    AMOUNT_MIN(Type.DECIMAL, "lower bound in dollars; equals amount_max for exact amounts", r -> tx(r) == null || tx(r).amount() == null ? null : tx(r).amount().min()),
    AMOUNT_MAX(Type.DECIMAL, "upper bound in dollars; null for 'Over $X'", r -> tx(r) == null || tx(r).amount() == null ? null : tx(r).amount().max()),
    AMOUNT_TEXT(Type.STRING, "amount as filed, whitespace collapsed", r -> tx(r) == null ? null : tx(r).amountText()),
    CAP_GAINS_OVER_200(Type.BOOLEAN, "House 'Cap. Gains > $200?' checkbox; null where the form has none", r -> tx(r) == null ? null : tx(r).capGainsOver200()),
    DESCRIPTION(Type.STRING, "the row's description (House 'Description:', Senate asset details)", r -> tx(r) == null ? null : tx(r).description()),
    COMMENT(Type.STRING, "the row's comment", r -> tx(r) == null ? null : tx(r).comment()),
    SUBHOLDING(Type.STRING, "account the asset is held in (House 'Subholding Of:')", r -> tx(r) == null ? null : tx(r).subholding()),
    LOCATION(Type.STRING, "asset location (House 'Location:')", r -> tx(r) == null ? null : tx(r).location()),
    TRANSACTION_ID(Type.STRING, "House transaction id of amended rows; Senate transaction number", r -> tx(r) == null ? null : tx(r).transactionId()),
    ROW_NUMBER(Type.INT, "1-based position in the filing; 0 for the filing record of a scanned filing", TradeRecord::rowNumber),
    DOCUMENT_URL(Type.STRING, "public URL of the source document", r -> r.filing().documentUrl()),
    RAW_OBJECT_URI(Type.STRING, "s3:// URI of the archived source document; null when not archived", TradeRecord::rawObjectUri),
    SCANNED(Type.BOOLEAN, "true for paper filings (images without text): the record carries the filing, not its trades", r -> r.filing().scanned()),
    PARSE_WARNINGS(Type.STRING_ARRAY, "what could not be fully understood in this row (parser, member lookup, option text); empty when "
            + "nothing", TradeRecord::allWarnings),
    FETCHED_AT(Type.TIMESTAMP, "when the source document was downloaded (UTC, to the second): the version of the record, the newest wins",
            r -> r.fetchedAt() == null ? null : r.fetchedAt().truncatedTo(ChronoUnit.SECONDS));

    /** Value types; the NiFi adapter maps them to record field types and JSON Lines writes them as shown. */
    public enum Type {
        /** JSON string. */
        STRING,
        /** JSON true/false. */
        BOOLEAN,
        /** JSON number. */
        INT,
        /** Dollars with cents: JSON number. */
        DECIMAL,
        /** An exact number with up to four decimals (strike prices, quantities): JSON number. */
        NUMBER,
        /** ISO-8601 date string, e.g. 2025-01-14. */
        DATE,
        /** ISO-8601 instant string, e.g. 2025-12-04T14:00:21Z. */
        TIMESTAMP,
        /** JSON array of strings. */
        STRING_ARRAY
    }

    private static final Member NO_MEMBER = new Member(null, null, null, null, null, null);

    private final Type type;
    private final String description;
    private final Function<TradeRecord, Object> accessor;

    TradeField(final Type type, final String description, final Function<TradeRecord, Object> accessor) {
        this.type = type;
        this.description = description;
        this.accessor = accessor;
    }

    /** The field's name in records: snake_case, e.g. {@code amount_min}. */
    public String fieldName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Type type() {
        return type;
    }

    public String description() {
        return description;
    }

    /** The field's value in a record: String, Boolean, Integer, BigDecimal, LocalDate, Instant or List of String; null when absent. */
    public Object valueOf(final TradeRecord record) {
        return accessor.apply(record);
    }

    public static List<TradeField> all() {
        return List.of(values());
    }

    private static String tradeKey(final TradeRecord record) {
        return record.filing().chamber().code() + "/" + record.filing().source().code() + "/" + record.filing().filingId()
                + "/" + record.rowNumber();
    }

    private static Member member(final TradeRecord record) {
        final Member member = record.filing().member();
        return member == null ? NO_MEMBER : member;
    }

    private static Transaction tx(final TradeRecord record) {
        return record.transaction();
    }

    private static TradeDetails details(final TradeRecord record) {
        return record.details();
    }

    private static String ticker(final TradeRecord record) {
        if (record.details() != null) {
            return record.details().ticker();
        }
        return tx(record) == null ? null : tx(record).ticker();
    }

    private static TradeDetails.OptionTerms option(final TradeRecord record) {
        return record.details() == null ? null : record.details().option();
    }

    private static TradeDetails.Quantity quantity(final TradeRecord record) {
        return record.details() == null ? null : record.details().quantity();
    }

    private static TradeDetails.Timeliness timeliness(final TradeRecord record) {
        return record.details() == null ? null : record.details().timeliness();
    }
}
