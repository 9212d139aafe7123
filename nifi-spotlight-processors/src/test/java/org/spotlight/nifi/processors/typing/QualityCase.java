package org.spotlight.nifi.processors.typing;

import java.util.List;

/**
 * One row of the inference quality table (docs/type-inference.md): the same JSON records typed by NiFi's JsonTreeReader
 * ("Infer Schema"), by ClickHouse's JSONEachRow inference as its documentation describes it, and by InferSchemaAndCast.
 * NiFi's and InferSchemaAndCast's columns are computed by running them; the expected values here pin them, so that a
 * change in either shows up as a failing test and a changed table.
 *
 * @param id         a short name
 * @param title      what the row shows
 * @param records    the input, one JSON object per line
 * @param nifi       what NiFi 2.3.0's JsonTreeReader infers, field by field
 * @param clickHouse what ClickHouse's documentation says JSONEachRow inference gives with default settings, and where
 * @param ours       InferSchemaAndCast's columns with default settings (the spotlight.clickhouse.columns attribute)
 * @param note       what else to know about InferSchemaAndCast's answer; may be empty
 */
record QualityCase(String id, String title, List<String> records, String nifi, String clickHouse, String ours, String note) {

    QualityCase(final String id, final String title, final List<String> records, final String nifi, final String clickHouse, final String ours) {
        this(id, title, records, nifi, clickHouse, ours, "");
    }

    /** Where ClickHouse documents its JSON inference; only a ClickHouse 18.16 without schema inference runs here. */
    static final String CH_INFERENCE = "https://clickhouse.com/docs/interfaces/schema-inference";
    static final String CH_SETTINGS = "https://clickhouse.com/docs/operations/settings/formats";

    static List<QualityCase> all() {
        return List.of(
                new QualityCase("int64-overflow", "Integer beyond Int64",
                        List.of("{\"v\": 1}", "{\"v\": 9223372036854775808}"),
                        "v: BIGINT",
                        "`Nullable(UInt64)`: integers that overflow Int64 and are positive give UInt64 [input_format_try_infer_integers]",
                        "`v` UInt64"),
                new QualityCase("signed-overflow", "Negative integer and one beyond Int64",
                        List.of("{\"v\": -1}", "{\"v\": 9223372036854775808}"),
                        "v: BIGINT",
                        "not documented: the documented UInt64 rule needs all integers non-negative",
                        "`v` Decimal(38, 0)",
                        "the widening lattice Int64 → UInt64 → Decimal(P, S) → Float64 → String"),
                new QualityCase("int-float", "Integers and decimals mixed",
                        List.of("{\"v\": 1}", "{\"v\": 2.2}"),
                        "v: DOUBLE",
                        "`Nullable(Float64)`: one float makes the column Float64 [input_format_try_infer_integers]",
                        "`v` Decimal(9, 1)"),
                new QualityCase("decimal-precision", "Decimals with their precision",
                        List.of("{\"v\": 12345.6789}", "{\"v\": 0.10}", "{\"v\": 0.30000000000000004}"),
                        "v: DOUBLE",
                        "`Nullable(Float64)`: JSON floats are Float64 [JSON formats]",
                        "`v` Decimal(38, 17)",
                        "every digit kept; the precision is rounded up to 9, 18, 38 or 76 (the storage sizes)"),
                new QualityCase("exponent", "Numbers in exponent notation",
                        List.of("{\"v\": 1.5e3}", "{\"v\": 2}"),
                        "v: DOUBLE",
                        "`Nullable(Float64)`: exponent floats are always inferred in JSON [input_format_try_infer_exponent_floats]",
                        "`v` Float64"),
                new QualityCase("numbers-in-strings", "Numbers inside strings",
                        List.of("{\"v\": \"42\"}", "{\"v\": \"424242424242\"}"),
                        "v: STRING",
                        "`Nullable(String)`; `Nullable(Int64)` with input_format_json_try_infer_numbers_from_strings = 1 (off by default)",
                        "`v` Int64"),
                new QualityCase("leading-zeros", "Identifiers with leading zeros (ZIP codes)",
                        List.of("{\"v\": \"02134\"}", "{\"v\": \"10001\"}"),
                        "v: STRING",
                        "`Nullable(String)` (numbers in strings are off by default)",
                        "`v` String"),
                new QualityCase("bool-number", "Booleans and numbers mixed",
                        List.of("{\"v\": true}", "{\"v\": 42}"),
                        "v: CHOICE(BOOLEAN, INT)",
                        "`Nullable(Int64)`: booleans are read as numbers [input_format_json_read_bools_as_numbers]",
                        "`v` String",
                        "true is not the count 1: both keep their text"),
                new QualityCase("bool-bits", "Booleans with 0 and 1",
                        List.of("{\"v\": true}", "{\"v\": 0}", "{\"v\": 1}"),
                        "v: CHOICE(BOOLEAN, INT)",
                        "`Nullable(Int64)` [input_format_json_read_bools_as_numbers]",
                        "`v` Bool"),
                new QualityCase("string-number", "Strings and numbers mixed",
                        List.of("{\"v\": 1055}", "{\"v\": \"unknown\"}"),
                        "v: CHOICE(INT, STRING)",
                        "`Nullable(String)` [input_format_json_read_numbers_as_strings]",
                        "`v` String"),
                new QualityCase("iso-date", "ISO dates",
                        List.of("{\"v\": \"2022-01-01\"}", "{\"v\": \"2022-01-02\"}"),
                        "v: STRING",
                        "`Nullable(Date)` [input_format_try_infer_dates]",
                        "`v` Date"),
                new QualityCase("us-date", "U.S. dates (M/D/YYYY), as congressional disclosures write them",
                        List.of("{\"v\": \"11/10/2020\"}", "{\"v\": \"1/5/2021\"}"),
                        "v: STRING",
                        "`Nullable(String)`: the default date_time_input_format = 'basic' reads only YYYY-MM-DD [hh:mm:ss] [date_time_input_format]",
                        "`v` Date"),
                new QualityCase("datetime", "Date-times without fraction",
                        List.of("{\"v\": \"2022-01-01 00:00:00\"}", "{\"v\": \"2022-01-02 10:30:00\"}"),
                        "v: STRING",
                        "`Nullable(DateTime)` [input_format_try_infer_datetimes]",
                        "`v` DateTime"),
                new QualityCase("datetime-millis", "Date-times with milliseconds",
                        List.of("{\"v\": \"2022-01-01 00:00:00.000\"}", "{\"v\": \"2022-01-01 00:00:01.250\"}"),
                        "v: STRING",
                        "`Nullable(DateTime64(9))`: any fraction gives nanoseconds [input_format_try_infer_datetimes]",
                        "`v` DateTime64(3)"),
                new QualityCase("iso-datetime", "ISO-8601 date-times with T and zone",
                        List.of("{\"v\": \"2018-06-08T01:02:03.000Z\"}", "{\"v\": \"2018-06-08T03:02:03+02:00\"}"),
                        "v: STRING",
                        "`Nullable(String)` with the default date_time_input_format = 'basic'; DateTime64 with 'best_effort' (the ClickHouse Cloud default) [date_time_input_format]",
                        "`v` DateTime64(3)"),
                new QualityCase("date-or-text", "Dates and text mixed",
                        List.of("{\"v\": \"2021-01-01\"}", "{\"v\": \"unknown\"}"),
                        "v: STRING",
                        "`Nullable(String)`: every sampled value must parse [input_format_try_infer_dates]",
                        "`v` String"),
                new QualityCase("old-dates", "Dates before 1970 (Date starts in 1970)",
                        List.of("{\"v\": \"1935-03-28\"}", "{\"v\": \"2020-01-01\"}"),
                        "v: STRING",
                        "not documented for inference (Date holds 1970-01-01 to 2149-06-06)",
                        "`v` Date32",
                        "`String` on servers without Date32 (18.16): the text is kept rather than a wrong date"),
                new QualityCase("epoch-seconds", "Epoch seconds in a time field",
                        List.of("{\"created_at\": 1605052800}", "{\"created_at\": 1605139200}"),
                        "created_at: INT",
                        "`Nullable(Int64)`: numbers are numbers",
                        "`created_at` DateTime"),
                new QualityCase("epoch-millis", "Epoch milliseconds in a time field",
                        List.of("{\"updated_ts\": 1605052800123}", "{\"updated_ts\": 1605139200456}"),
                        "updated_ts: LONG",
                        "`Nullable(Int64)`: numbers are numbers",
                        "`updated_ts` DateTime64(3)"),
                new QualityCase("epoch-lookalike", "A count that looks like a timestamp",
                        List.of("{\"count\": 1605052800}"),
                        "count: INT",
                        "`Nullable(Int64)`",
                        "`count` Int64",
                        "only fields named like times (…_at, …_ts, …time, …date) are read as epoch values"),
                new QualityCase("all-null", "Only NULLs",
                        List.of("{\"v\": null}", "{\"v\": null}"),
                        "v: STRING",
                        "`Nullable(String)` [input_format_json_infer_incomplete_types_as_strings]",
                        "`v` Nullable(String)"),
                new QualityCase("some-null", "NULLs and numbers",
                        List.of("{\"v\": null}", "{\"v\": 5}"),
                        "v: INT",
                        "`Nullable(Int64)`",
                        "`v` Nullable(Int64)"),
                new QualityCase("never-null", "No NULLs at all",
                        List.of("{\"v\": 5}", "{\"v\": 6}"),
                        "v: INT",
                        "`Nullable(Int64)`: text formats are Nullable by default; `Int64` with schema_inference_make_columns_nullable = 'auto' [schema_inference_make_columns_nullable]",
                        "`v` Int64"),
                new QualityCase("missing-field", "A field missing from some records",
                        List.of("{\"id\": 1, \"note\": \"x\"}", "{\"id\": 2}"),
                        "id: INT, note: STRING",
                        "`Nullable(Int64)`, `Nullable(String)` (everything Nullable by default)",
                        "`id` Int64, `note` Nullable(String)"),
                new QualityCase("empty-array", "Only empty arrays",
                        List.of("{\"v\": []}"),
                        "v: ARRAY(STRING)",
                        "`Array(Nullable(String))` [input_format_json_infer_incomplete_types_as_strings]",
                        "`v` Array(String)"),
                new QualityCase("array-some-empty", "Arrays, some empty",
                        List.of("{\"v\": [1, 2]}", "{\"v\": []}"),
                        "v: ARRAY(INT)",
                        "`Array(Nullable(Int64))`",
                        "`v` Array(Int64)"),
                new QualityCase("array-nulls", "Arrays with NULL elements",
                        List.of("{\"v\": [null, 42]}"),
                        "v: ARRAY(INT)",
                        "`Array(Nullable(Int64))`",
                        "`v` Array(Nullable(Int64))"),
                new QualityCase("mixed-array", "Arrays of mixed elements",
                        List.of("{\"v\": [42, \"hello\"]}"),
                        "v: ARRAY(CHOICE(INT, STRING))",
                        "`Array(Dynamic)` [input_format_json_infer_array_of_dynamic_from_array_of_different_types]",
                        "`v` Array(String)"),
                new QualityCase("nested-object", "Nested objects",
                        List.of("{\"obj\": {\"a\": 42, \"b\": \"Hello\"}}", "{\"obj\": {\"a\": 43}}"),
                        "obj: RECORD(a: INT, b: STRING)",
                        "`Tuple(a Nullable(Int64), b Nullable(String))` [input_format_json_try_infer_named_tuples_from_objects]",
                        "`obj_a` Int64, `obj_b` Nullable(String)",
                        "flattened by default; `Tuple(a Int64, b Nullable(String))`, `Map(String, String)` or JSON text on request"),
                new QualityCase("dollar-range", "Dollar ranges of financial disclosures",
                        List.of("{\"amount\": \"$1,001 - $15,000\"}", "{\"amount\": \"Over $50,000,000\"}"),
                        "amount: STRING",
                        "`Nullable(String)`",
                        "`amount` String, `amount_min` Int64, `amount_max` Nullable(Int64)",
                        "the text is kept; \"Over $50,000,000\" has no upper bound"),
                new QualityCase("percentages", "Percentages",
                        List.of("{\"v\": \"5.0%\"}", "{\"v\": \"12.25%\"}"),
                        "v: STRING",
                        "`Nullable(String)`",
                        "`v` Decimal(9, 2)"));
    }

    @Override
    public String toString() {
        return id;
    }

    String json() {
        return String.join("\n", records);
    }
}
