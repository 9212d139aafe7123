-- Spotlight's congress tables and views: the one definition the demo, the tests and the deployment apply.
--
-- Written for modern ClickHouse and run as it is there (clickhouse-client --multiquery --database spotlight).
-- Spotlight's applier (org.spotlight.clickhouse.ddl.SqlScript) runs the same file on any server and adapts it where
-- an older server lacks something: LowCardinality needs allow_experimental_low_cardinality_type = 1 before 19.x, a
-- storage policy the server does not have is left out (18.16 has none), and a statement marked
-- "-- spotlight: since X.Y" is skipped on servers older than X.Y. docs/congress-trade-record.md explains every
-- column and view with examples.
--
-- Changing a table here: add columns with ALTER TABLE ... ADD COLUMN IF NOT EXISTS statements below the CREATE
-- (existing tables keep their columns), never by editing the CREATE alone.

-- One row per disclosed transaction (and one per scanned filing), as FetchCongressTrades emits it
-- (org.spotlight.congress.model.TradeField). Loaded by the kafka-to-clickhouse flow from topic spotlight.congress.trades.
--
-- ReplacingMergeTree(fetched_at): processing a filing again (a corrected index row, a replay) writes the same
-- trade_key, and the newest fetch wins. The sorting key serves the common questions, by member and by ticker; it ends
-- with trade_key so that it identifies a row. bioguide_id and ticker are '' where the record has none: a sorting key
-- cannot hold NULL (before 23.x at all, and not without allow_nullable_key since). Not partitioned: the whole
-- history is some 10^5 rows a year, and ReplacingMergeTree only replaces within a partition, so a corrected filing
-- date must not move a row into another one. Booleans are UInt8 (0/1): 18.16 has no Bool. Amounts are exact
-- decimals; dates are Date; fetched_at is a DateTime in UTC, to the second.
CREATE TABLE IF NOT EXISTS spotlight_congress_trades
(
    trade_key                 String,
    chamber                   LowCardinality(String),
    source                    LowCardinality(String),
    filing_id                 String,
    filing_date               Nullable(Date),
    is_amendment              UInt8,
    amends                    Nullable(String),
    amendment_number          Nullable(UInt8),
    member_first_name         LowCardinality(Nullable(String)),
    member_last_name          LowCardinality(Nullable(String)),
    member_full_name          LowCardinality(Nullable(String)),
    state                     LowCardinality(Nullable(String)),
    district                  Nullable(UInt8),
    bioguide_id               LowCardinality(String),
    party                     LowCardinality(Nullable(String)),
    member_match              LowCardinality(Nullable(String)),
    owner                     LowCardinality(Nullable(String)),
    asset_name                Nullable(String),
    ticker                    LowCardinality(String),
    ticker_as_filed           LowCardinality(Nullable(String)),
    ticker_method             LowCardinality(Nullable(String)),
    asset_type_code           LowCardinality(Nullable(String)),
    asset_type_label          LowCardinality(Nullable(String)),
    option_type               LowCardinality(Nullable(String)),
    option_strike             Nullable(Decimal(18, 4)),
    option_expiration         Nullable(Date),
    quantity                  Nullable(Decimal(18, 4)),
    quantity_unit             LowCardinality(Nullable(String)),
    transaction_type          LowCardinality(Nullable(String)),
    transaction_date          Nullable(Date),
    notification_date         Nullable(Date),
    filing_deadline           Nullable(Date),
    days_to_file              Nullable(Int32),
    days_notification_to_file Nullable(Int32),
    filed_late                Nullable(UInt8),
    days_late                 Nullable(Int32),
    amount_min                Nullable(Decimal(16, 2)),
    amount_max                Nullable(Decimal(16, 2)),
    amount_text               Nullable(String),
    cap_gains_over_200        Nullable(UInt8),
    description               Nullable(String),
    comment                   Nullable(String),
    subholding                Nullable(String),
    location                  Nullable(String),
    transaction_id            Nullable(String),
    row_number                UInt16,
    document_url              Nullable(String),
    raw_object_uri            Nullable(String),
    scanned                   UInt8,
    parse_warnings            Array(String),
    fetched_at                DateTime('UTC'),
    -- A record without its identity or version is malformed: an insert holding one fails on it, and the loader routes
    -- that record to the failure table (a null trade_key would otherwise be stored as ''). 18.16 has no CHECK constraints.
    required_fields_check     UInt8 MATERIALIZED throwIf(trade_key = '' OR chamber = '' OR source = '' OR filing_id = '' OR toUInt32(fetched_at) = 0)
)
ENGINE = ReplacingMergeTree(fetched_at)
ORDER BY (chamber, bioguide_id, ticker, trade_key)
SETTINGS storage_policy = 's3_main';

-- Trades by date and by ticker without a full scan where the server has data skipping indices.
-- spotlight: since 21.1
ALTER TABLE spotlight_congress_trades ADD INDEX IF NOT EXISTS transaction_date_minmax transaction_date TYPE minmax GRANULARITY 1;
-- spotlight: since 21.1
ALTER TABLE spotlight_congress_trades ADD INDEX IF NOT EXISTS filing_date_minmax filing_date TYPE minmax GRANULARITY 1;
-- spotlight: since 21.1
ALTER TABLE spotlight_congress_trades ADD INDEX IF NOT EXISTS ticker_set ticker TYPE set(1000) GRANULARITY 1;

-- Committee assignments, one row per member and committee or subcommittee, from the unitedstates/congress-legislators
-- files committees-current.yaml and committee-membership-current.yaml, as FetchCongressCommittees emits them
-- (topic spotlight.congress.committee_members). Every load is a snapshot stamped as_of: the newest snapshot is the
-- current assignment list (view spotlight_congress_committee_members_current); older ones stay for history.
CREATE TABLE IF NOT EXISTS spotlight_congress_committee_members
(
    committee_id          LowCardinality(String),
    committee_name        LowCardinality(String),
    chamber               LowCardinality(String),
    parent_committee_id   LowCardinality(Nullable(String)),
    parent_committee_name LowCardinality(Nullable(String)),
    bioguide_id           LowCardinality(String),
    member_name           LowCardinality(String),
    side                  LowCardinality(Nullable(String)),
    member_rank           Nullable(UInt16),
    title                 LowCardinality(Nullable(String)),
    as_of                 DateTime('UTC'),
    required_fields_check UInt8 MATERIALIZED throwIf(committee_id = '' OR bioguide_id = '' OR toUInt32(as_of) = 0)
)
ENGINE = ReplacingMergeTree(as_of)
ORDER BY (as_of, bioguide_id, committee_id)
SETTINGS storage_policy = 's3_main';

-- The committee assignments of the newest snapshot.
DROP TABLE IF EXISTS spotlight_congress_committee_members_current;
CREATE VIEW spotlight_congress_committee_members_current AS
SELECT committee_id, committee_name, chamber, parent_committee_id, parent_committee_name, bioguide_id, member_name, side,
       member_rank, title, as_of
FROM spotlight_congress_committee_members FINAL
WHERE as_of = (SELECT max(as_of) FROM spotlight_congress_committee_members);

-- House amended rows ("Filing Status: Amended") and the row of an earlier filing each one amends. The Clerk prints the
-- amended transaction's id, but not the ids of the original filing's rows, so the link is made by content: the same
-- member, the same asset (ticker, or asset name without one), transaction date, transaction type and owner, in a
-- filing received earlier; and only where exactly one earlier row fits. Amended rows without a link (the original
-- is not loaded, or the amendment changed one of those cells) are listed with amended_trade_key NULL.
DROP TABLE IF EXISTS spotlight_congress_amendment_links;
CREATE VIEW spotlight_congress_amendment_links AS
SELECT amending_trade_key, amending_filing_id, amending_filing_date, transaction_id, member_full_name, asset,
       if(candidates = 1, candidate_trade_key, NULL) AS amended_trade_key,
       if(candidates = 1, candidate_filing_id, NULL) AS amended_filing_id,
       candidates
FROM
(
    SELECT amending_trade_key,
           any(a_filing_id) AS amending_filing_id,
           any(a_filing_date) AS amending_filing_date,
           any(a_transaction_id) AS transaction_id,
           any(a_member) AS member_full_name,
           any(a_asset) AS asset,
           countIf(o_trade_key != '' AND ifNull(o_filing_date < a_filing_date, 0)) AS candidates,
           anyIf(o_trade_key, o_trade_key != '' AND ifNull(o_filing_date < a_filing_date, 0)) AS candidate_trade_key,
           anyIf(o_filing_id, o_trade_key != '' AND ifNull(o_filing_date < a_filing_date, 0)) AS candidate_filing_id
    FROM
    (
        SELECT trade_key AS amending_trade_key, filing_id AS a_filing_id, filing_date AS a_filing_date,
               transaction_id AS a_transaction_id, member_full_name AS a_member, if(ticker != '', ticker, asset_name) AS a_asset,
               cityHash64(chamber, source, if(bioguide_id != '', bioguide_id, concat(lower(ifNull(member_last_name, '')), '|', ifNull(state, ''))),
                          if(ticker != '', ticker, lower(ifNull(asset_name, ''))), ifNull(transaction_date, toDate('1970-01-01')),
                          ifNull(transaction_type, ''), ifNull(owner, '')) AS link_key
        FROM spotlight_congress_trades FINAL
        WHERE is_amendment = 1 AND transaction_id IS NOT NULL AND transaction_date IS NOT NULL AND source = 'house_clerk'
    ) AS amending
    ALL LEFT JOIN
    (
        SELECT trade_key AS o_trade_key, filing_id AS o_filing_id, filing_date AS o_filing_date,
               cityHash64(chamber, source, if(bioguide_id != '', bioguide_id, concat(lower(ifNull(member_last_name, '')), '|', ifNull(state, ''))),
                          if(ticker != '', ticker, lower(ifNull(asset_name, ''))), ifNull(transaction_date, toDate('1970-01-01')),
                          ifNull(transaction_type, ''), ifNull(owner, '')) AS link_key
        FROM spotlight_congress_trades FINAL
        WHERE is_amendment = 0 AND scanned = 0
    ) AS earlier USING (link_key)
    GROUP BY amending_trade_key
);

-- Every row once (the newest fetch of its trade_key), and what supersedes it, if anything:
--   superseded_by_filing_id  a later filing of the same report: a Senate "(Amendment N)" restates its original (amends),
--                            and of several amendments the latest (by filing date, then N) is the report's current one;
--   superseded_by_trade_key  a House amended row that amends this row (spotlight_congress_amendment_links);
--   is_current               1 when neither: the row is what the member stands by today.
DROP TABLE IF EXISTS spotlight_congress_trades_versions;
CREATE VIEW spotlight_congress_trades_versions AS
SELECT
       trade_key, chamber, source, filing_id, filing_date, is_amendment, amends, amendment_number, member_first_name,
       member_last_name, member_full_name, state, district, bioguide_id, party, member_match, owner, asset_name,
       ticker, ticker_as_filed, ticker_method, asset_type_code, asset_type_label, option_type, option_strike,
       option_expiration, quantity, quantity_unit, transaction_type, transaction_date, notification_date,
       filing_deadline, days_to_file, days_notification_to_file, filed_late, days_late, amount_min, amount_max,
       amount_text, cap_gains_over_200, description, comment, subholding, location, transaction_id, row_number,
       document_url, raw_object_uri, scanned, parse_warnings, fetched_at,
       superseded_by_filing_id, superseded_by_trade_key,
       toUInt8(superseded_by_filing_id IS NULL AND superseded_by_trade_key IS NULL) AS is_current
FROM
(
    SELECT *
    FROM spotlight_congress_trades FINAL
    ORDER BY trade_key, fetched_at DESC
    LIMIT 1 BY trade_key
) AS newest
ANY LEFT JOIN
(
    SELECT trade_key, any(by_filing) AS superseded_by_filing_id, any(by_row) AS superseded_by_trade_key
    FROM
    (
        SELECT trade_key, if(latest_filing_id != filing_id, latest_filing_id, NULL) AS by_filing, CAST(NULL AS Nullable(String)) AS by_row
        FROM
        (
            SELECT trade_key, chamber, source, filing_id, ifNull(amends, filing_id) AS report_id
            FROM spotlight_congress_trades FINAL
        ) AS rows
        ALL INNER JOIN
        (
            SELECT chamber, source, ifNull(amends, filing_id) AS report_id,
                   argMax(filing_id, tuple(ifNull(filing_date, toDate('1970-01-01')), ifNull(amendment_number, 0), filing_id)) AS latest_filing_id
            FROM spotlight_congress_trades FINAL
            GROUP BY chamber, source, report_id
        ) AS reports USING (chamber, source, report_id)
        WHERE latest_filing_id != filing_id
        UNION ALL
        SELECT assumeNotNull(amended_trade_key) AS trade_key, CAST(NULL AS Nullable(String)) AS by_filing,
               argMax(amending_trade_key, amending_filing_date) AS by_row
        FROM spotlight_congress_amendment_links
        WHERE amended_trade_key IS NOT NULL
        GROUP BY trade_key
    )
    GROUP BY trade_key
) AS superseded USING (trade_key);

-- The current trades: every row of the newest fetch that no later filing supersedes. The table with FINAL gives every
-- version; this view the ones that stand.
DROP TABLE IF EXISTS spotlight_congress_trades_current;
CREATE VIEW spotlight_congress_trades_current AS
SELECT *
FROM spotlight_congress_trades_versions
WHERE is_current = 1;

-- Trades per member and month of the trade (current trades; members without a bioguide_id by the name they filed under).
-- Open top brackets (Over $X) count at their lower bound in amount_max_total.
DROP TABLE IF EXISTS spotlight_congress_trades_by_member_month;
CREATE VIEW spotlight_congress_trades_by_member_month AS
SELECT chamber, bioguide_id, if(bioguide_id = '', ifNull(member_full_name, ''), '') AS unidentified_filer, toStartOfMonth(assumeNotNull(transaction_date)) AS month,
       any(member_full_name) AS member, any(state) AS state, anyLast(party) AS party,
       count() AS trades,
       countIf(ifNull(transaction_type, '') = 'purchase') AS purchases,
       countIf(ifNull(transaction_type, '') IN ('sale', 'sale_partial')) AS sales,
       countIf(option_type IS NOT NULL) AS option_trades,
       sum(amount_min) AS amount_min_total,
       sum(ifNull(amount_max, amount_min)) AS amount_max_total,
       countIf(ifNull(filed_late, 0) = 1) AS late_trades
FROM spotlight_congress_trades_current
WHERE scanned = 0 AND transaction_date IS NOT NULL
GROUP BY chamber, bioguide_id, unidentified_filer, month;

-- How timely the filings were, per chamber, source and month of filing. Trades are late, on time, or of unknown
-- timeliness (a date missing: the Senate Stock Watcher aggregate gives no filing date, and its rows have filing_month
-- NULL); scanned (paper) filings, whose trades cannot be read, count by their filing date.
DROP TABLE IF EXISTS spotlight_congress_filing_timeliness;
CREATE VIEW spotlight_congress_filing_timeliness AS
SELECT chamber, source, toStartOfMonth(filing_date) AS filing_month,
       uniqExact(filing_id) AS filings,
       uniqExactIf(filing_id, ifNull(filed_late, 0) = 1) AS filings_with_late_trades,
       uniqExactIf(filing_id, scanned = 1) AS scanned_filings,
       countIf(scanned = 0) AS trades,
       countIf(ifNull(filed_late, 0) = 1) AS late_trades,
       countIf(ifNull(filed_late, 1) = 0) AS on_time_trades,
       countIf(scanned = 0 AND filed_late IS NULL) AS unknown_trades,
       max(days_late) AS max_days_late
FROM spotlight_congress_trades_current
GROUP BY chamber, source, filing_month;

-- Filings with at least one trade reported after the STOCK Act deadline, latest first.
DROP TABLE IF EXISTS spotlight_congress_late_filings;
CREATE VIEW spotlight_congress_late_filings AS
SELECT chamber, source, filing_id, any(filing_date) AS filing_date, bioguide_id, any(member_full_name) AS member, any(party) AS party,
       count() AS trades, countIf(ifNull(filed_late, 0) = 1) AS late_trades, max(days_late) AS max_days_late,
       min(transaction_date) AS earliest_trade, max(days_to_file) AS max_days_to_file, any(document_url) AS document_url
FROM spotlight_congress_trades_current
WHERE scanned = 0
GROUP BY chamber, source, filing_id, bioguide_id
HAVING late_trades > 0
ORDER BY filing_date DESC, max_days_late DESC;

-- The largest trades first (by the top of their bracket; open top brackets by their lower bound).
DROP TABLE IF EXISTS spotlight_congress_largest_trades;
CREATE VIEW spotlight_congress_largest_trades AS
SELECT filing_date, transaction_date, chamber, bioguide_id, member_full_name, party, ticker, asset_name, transaction_type, owner,
       amount_min, amount_max, amount_text, option_type, filed_late, trade_key, document_url
FROM spotlight_congress_trades_current
WHERE amount_min IS NOT NULL
ORDER BY ifNull(amount_max, amount_min) DESC, amount_min DESC, filing_date DESC;

-- Current trades of the members of each committee and subcommittee, by today's assignments (the membership files are
-- current only: a trade is listed under the committees its member sits on now, not necessarily then).
DROP TABLE IF EXISTS spotlight_congress_trades_by_committee;
CREATE VIEW spotlight_congress_trades_by_committee AS
SELECT committee_id, committee_name, committee_chamber, parent_committee_id, parent_committee_name, side, title,
       bioguide_id, member_full_name, party, chamber, filing_date, transaction_date, ticker, asset_name, transaction_type, owner,
       amount_min, amount_max, option_type, filed_late, trade_key, document_url
FROM spotlight_congress_trades_current
ALL INNER JOIN
(
    SELECT bioguide_id, committee_id, committee_name, chamber AS committee_chamber, parent_committee_id, parent_committee_name,
           side, title
    FROM spotlight_congress_committee_members_current
) AS committees USING (bioguide_id);
