package org.spotlight.congress.model;

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
    BIOGUIDE_ID(Type.STRING, "Bioguide id from the legislators lookup; null when no legislator matched", r -> member(r).bioguideId()),
    OWNER(Type.STRING, "self, spouse, joint or dependent", r -> tx(r) == null || tx(r).owner() == null ? null : tx(r).owner().code()),
    ASSET_NAME(Type.STRING, "asset as filed, without the ticker and type code", r -> tx(r) == null ? null : tx(r).assetName()),
    TICKER(Type.STRING, "ticker; null where none is given (--)", r -> tx(r) == null ? null : tx(r).ticker()),
    ASSET_TYPE_CODE(Type.STRING, "House Clerk asset type code, e.g. ST", r -> tx(r) == null ? null : tx(r).assetTypeCode()),
    ASSET_TYPE_LABEL(Type.STRING, "label of the code, or the Senate's asset type words", r -> tx(r) == null ? null : tx(r).assetTypeLabel()),
    TRANSACTION_TYPE(Type.STRING, "purchase, sale, sale_partial or exchange", r -> tx(r) == null || tx(r).type() == null ? null : tx(r).type().code()),
    TRANSACTION_DATE(Type.DATE, "date of the trade", r -> tx(r) == null ? null : tx(r).transactionDate()),
    NOTIFICATION_DATE(Type.DATE, "date the filer was notified of the trade (House only)", r -> tx(r) == null ? null : tx(r).notificationDate()),
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
    PARSE_WARNINGS(Type.STRING_ARRAY, "what could not be fully understood in this row; empty when nothing", TradeRecord::parseWarnings),
    FETCHED_AT(Type.TIMESTAMP, "when the source document was downloaded (UTC)", TradeRecord::fetchedAt);

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
        /** ISO-8601 date string, e.g. 2025-01-14. */
        DATE,
        /** ISO-8601 instant string, e.g. 2025-12-04T14:00:21Z. */
        TIMESTAMP,
        /** JSON array of strings. */
        STRING_ARRAY
    }

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
        return member == null ? new Member(null, null, null, null, null, null) : member;
    }

    private static Transaction tx(final TradeRecord record) {
        return record.transaction();
    }
}
