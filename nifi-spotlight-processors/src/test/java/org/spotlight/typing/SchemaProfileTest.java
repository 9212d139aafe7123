package org.spotlight.typing;

import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.types.ClickHouseType;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spotlight.typing.Typing.castAll;
import static org.spotlight.typing.Typing.infer;
import static org.spotlight.typing.Typing.types;

/** The inference engine without NiFi: the widening lattice, temporal and finance detection, nullability, nesting, names. */
class SchemaProfileTest {

    private static final TypingOptions DEFAULTS = TypingOptions.defaults();
    private static final TargetCapabilities CLICKHOUSE_18_16 = new TargetCapabilities(false, false, false, false, false, false);

    private static String type(final String json) {
        return type(json, DEFAULTS);
    }

    private static String type(final String json, final TypingOptions options) {
        return types(json, options).get("v");
    }

    @Test
    void integersWidenThroughUInt64AndDecimalToStringRatherThanARoundingFloat() {
        assertEquals("Int64", type("{\"v\": 1} {\"v\": -9223372036854775808} {\"v\": 9223372036854775807}"));
        assertEquals("UInt64", type("{\"v\": 1} {\"v\": 18446744073709551615}"));
        assertEquals("Decimal(38, 0)", type("{\"v\": -1} {\"v\": 9223372036854775808}"), "negative and beyond Int64: only a Decimal holds both");
        assertEquals("Decimal(38, 0)", type("{\"v\": 18446744073709551616}"));
        assertEquals("Decimal(76, 0)", type("{\"v\": 123456789012345678901234567890123456789012345}"));
        assertEquals("String", type("{\"v\": 123456789012345678901234567890123456789012345}",
                DEFAULTS.toBuilder().capabilities(new TargetCapabilities(true, true, true, true, true, false)).build()),
                "more digits than the server's widest Decimal: a Float64 would round them, the text keeps them");
        assertEquals("String", type("{\"v\": 1" + "0".repeat(80) + "} {\"v\": 2}"), "more digits than any Decimal");
        assertEquals("String", type("{\"v\": 0." + "0".repeat(80) + "1}"), "a scale beyond any Decimal");
    }

    @Test
    void numbersNoTypeHoldsAreKeptAsTextAtTheCostOfReadingThem() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            assertEquals("String", type("{\"v\": 1e400} {\"v\": 2}"), "beyond Float64: it would become infinity");
            assertEquals("String", type("{\"v\": 1e-400} {\"v\": 2.5e1}"), "below Float64: it would become 0");
            assertEquals("String", type("{\"v\": 1e500000000}"));
            assertEquals("String", type("{\"v\": \"1e500000000\"}"), "exponents in strings are text anyway");
            assertEquals("String", type("{\"v\": 1e-500000000}"));
            assertEquals("String", type("{\"v\": 0.1e-99999999999}"), "an exponent beyond an int");
            assertEquals("Float64", type("{\"v\": 0e999} {\"v\": 1.5e300}"), "zero is zero whatever its exponent");
            assertEquals("String", type("{\"v\": \"" + "9".repeat(990) + "%\"}"), "a percentage no number type holds keeps its text");
            assertEquals("String", types("{\"created_at\": 1e500000000}", DEFAULTS).get("created_at"), "no epoch time either");
        });
    }

    @Test
    void decimalsKeepTheirScaleInStandardPrecisions() {
        assertEquals("Decimal(9, 1)", type("{\"v\": 1} {\"v\": 2.5}"));
        assertEquals("Decimal(9, 4)", type("{\"v\": 12345.6789} {\"v\": 0.10}"));
        assertEquals("Decimal(9, 2)", type("{\"v\": 0.05}"));
        assertEquals("Decimal(18, 17)", type("{\"v\": 0.30000000000000004}"));
        assertEquals("Decimal(18, 2)", type("{\"v\": 1234567890.12}"));
        assertEquals("Float64", type("{\"v\": 1.5e3} {\"v\": 2}"), "exponent notation is a float");
    }

    @Test
    void booleansAndMixedScalars() {
        assertEquals("Bool", type("{\"v\": true} {\"v\": false}"));
        assertEquals("Bool", type("{\"v\": true} {\"v\": 0} {\"v\": 1}"), "0 and 1 are bits");
        assertEquals("String", type("{\"v\": true} {\"v\": 42}"), "true is not 1 of a count; both keep their text");
        assertEquals("String", type("{\"v\": 1055} {\"v\": \"unknown\"}"));
        assertEquals("UInt8", type("{\"v\": true}", DEFAULTS.toBuilder().capabilities(CLICKHOUSE_18_16).build()), "no Bool before 21.12");
    }

    @Test
    void numbersAndBooleansInsideStrings() {
        assertEquals("Int64", type("{\"v\": \"42\"} {\"v\": \"424242424242\"}"));
        assertEquals("Decimal(9, 2)", type("{\"v\": \"19.99\"} {\"v\": 5}"), "strings and numbers together");
        assertEquals("String", type("{\"v\": \"02134\"} {\"v\": \"10001\"}"), "leading zeros are identifiers");
        assertEquals("Bool", type("{\"v\": \"true\"} {\"v\": \"FALSE\"}"));
        assertEquals("String", type("{\"v\": \"42\"}", DEFAULTS.toBuilder().numbersFromStrings(false).build()));
    }

    @Test
    void datesAndTimesNeedEveryValueToParse() {
        assertEquals("Date", type("{\"v\": \"2022-01-01\"} {\"v\": \"11/10/2020\"}"));
        assertEquals("Date32", type("{\"v\": \"03/28/1935\"} {\"v\": \"2020-01-01\"}"), "before 1970: Date32");
        assertEquals("String", type("{\"v\": \"03/28/1935\"}", DEFAULTS.toBuilder().capabilities(CLICKHOUSE_18_16).build()),
                "no Date32 on 18.16: the text is kept rather than a wrong date");
        assertEquals("DateTime", type("{\"v\": \"2022-01-01 00:00:00\"} {\"v\": \"2022-01-01\"}"), "a date is midnight");
        assertEquals("DateTime64(3)", type("{\"v\": \"2018-06-08T01:02:03.000Z\"}"));
        assertEquals("DateTime64(6)", type("{\"v\": \"2018-06-08T01:02:03.1234Z\"}"));
        assertEquals("DateTime64(9)", type("{\"v\": \"2018-06-08T01:02:03.123456789Z\"}"));
        assertEquals("String", type("{\"v\": \"2018-06-08T01:02:03.123Z\"}", DEFAULTS.toBuilder().capabilities(CLICKHOUSE_18_16).build()));
        assertEquals("String", type("{\"v\": \"2021-01-01\"} {\"v\": \"unknown\"}"));
        assertEquals("String", type("{\"v\": \"2021-01-01\"}", DEFAULTS.toBuilder().temporalFromStrings(false).build()));
    }

    @Test
    void epochValuesOnlyInTimeNamedFieldsAndPlausibleRanges() {
        final Map<String, String> types = types("{\"created_at\": 1605052800, \"updated_ts\": 1605052800123, \"count\": 1605052800,"
                + " \"event_time\": 42}", DEFAULTS);
        assertEquals("DateTime", types.get("created_at"));
        assertEquals("DateTime64(3)", types.get("updated_ts"));
        assertEquals("Int64", types.get("count"), "a count may look like a timestamp");
        assertEquals("Int64", types.get("event_time"), "1970-01-01T00:00:42 is not plausible under the automatic rule");

        final TypingOptions seconds = DEFAULTS.toBuilder().epochRule(new EpochRule(EpochRule.Unit.SECONDS, Pattern.compile(".*"))).build();
        assertEquals("DateTime", types("{\"v\": 42}", seconds).get("v"));
        assertEquals("DateTime64(3)", types("{\"v\": 1605052800.5}", seconds).get("v"));
        assertEquals("Int64", types("{\"created_at\": 1605052800}", DEFAULTS.toBuilder().epochRule(EpochRule.disabled()).build()).get("created_at"));
    }

    @Test
    void nullableOnlyWhereNullsOrGapsWereSeen() {
        final String json = "{\"a\": 1, \"b\": null, \"c\": \"x\"} {\"a\": 2, \"b\": 3}";
        assertEquals(Map.of("a", "Int64", "b", "Nullable(Int64)", "c", "Nullable(String)"), types(json, DEFAULTS));
        assertEquals(Map.of("a", "Nullable(Int64)", "b", "Nullable(Int64)", "c", "Nullable(String)"),
                types(json, DEFAULTS.toBuilder().nullable(TypingOptions.NullableMode.ALWAYS).build()));
        assertEquals(Map.of("a", "Int64", "b", "Int64", "c", "String"), types(json, DEFAULTS.toBuilder().nullable(TypingOptions.NullableMode.NEVER).build()));
        assertEquals("Nullable(String)", type("{\"v\": null} {\"v\": null}"), "all NULL: nothing says more than String");
        assertEquals("Nullable(String)", type("{\"v\": \"--\"} {\"v\": \"N/A\"} {\"v\": \"\"}"), "null tokens are NULL");
    }

    @Test
    void arrays() {
        assertEquals("Array(Int64)", type("{\"v\": [1, 2]} {\"v\": []}"));
        assertEquals("Array(String)", type("{\"v\": []}"), "only empty arrays: elements unknown, text holds anything");
        assertEquals("Array(Nullable(Int64))", type("{\"v\": [null, 42]}"));
        assertEquals("Array(Array(Int64))", type("{\"v\": [[1, 2], [], [3]]}"));
        assertEquals("Array(String)", type("{\"v\": [1, \"a\"]}"));
        assertEquals("Array(Date)", type("{\"v\": [\"2020-01-01\", \"1/2/2020\"]}"));
        assertEquals("String", type("{\"v\": [1]} {\"v\": 5}"), "an array here and a number there: JSON text");
        assertEquals("Array(String)", type("{\"v\": [{\"a\": 1}]}"), "objects in arrays are JSON text when flattening");
        assertEquals("Array(Tuple(a Int64))", type("{\"v\": [{\"a\": 1}]}", DEFAULTS.toBuilder().nestedObjects(TypingOptions.NestedObjects.TUPLE).build()));
        assertEquals("Array(Int64)", type("{\"v\": [1]} {\"v\": null}"), "arrays cannot be Nullable; NULL becomes []");
    }

    @Test
    void nestedObjectsInEveryMode() {
        final String json = "{\"id\": 1, \"obj\": {\"a\": 42, \"b\": \"Hello\", \"c\": {\"d\": 1.5}}} {\"id\": 2, \"obj\": {\"a\": 43}}";
        assertEquals(Map.of("id", "Int64", "obj_a", "Int64", "obj_b", "Nullable(String)", "obj_c_d", "Nullable(Decimal(9, 1))"), types(json, DEFAULTS));
        assertEquals("Tuple(a Int64, b Nullable(String), c Tuple(d Decimal(9, 1)))",
                types(json, DEFAULTS.toBuilder().nestedObjects(TypingOptions.NestedObjects.TUPLE).build()).get("obj"));
        assertEquals("Map(String, String)", types(json, DEFAULTS.toBuilder().nestedObjects(TypingOptions.NestedObjects.MAP).build()).get("obj"),
                "values of different kinds share String");
        assertEquals("Map(String, Int64)", type("{\"v\": {\"x\": 1, \"y\": 2}} {\"v\": {\"z\": 3}}",
                DEFAULTS.toBuilder().nestedObjects(TypingOptions.NestedObjects.MAP).build()));
        assertEquals("String", types(json, DEFAULTS.toBuilder().nestedObjects(TypingOptions.NestedObjects.JSON_STRING).build()).get("obj"));
        assertEquals("String", types(json, DEFAULTS.toBuilder().nestedObjects(TypingOptions.NestedObjects.TUPLE).capabilities(CLICKHOUSE_18_16).build()).get("obj"),
                "no named tuples on 18.16");
        assertEquals("Tuple(`first name` String)", type("{\"v\": {\"first name\": \"Ann\"}}",
                DEFAULTS.toBuilder().nestedObjects(TypingOptions.NestedObjects.TUPLE).build()), "member names are quoted where needed");
        assertEquals(Map.of("obj.a", "Int64"), types("{\"obj\": {\"a\": 1}}",
                DEFAULTS.toBuilder().flattenSeparator(".").nameStyle(ColumnNames.Style.KEEP).build()));
    }

    @Test
    void dollarFiguresGetBoundsAndKeepTheirText() {
        final InferredSchema schema = infer("{\"amount\": \"$1,001 - $15,000\"} {\"amount\": \"Over $50,000,000\"} {\"amount\": \"Unknown\"}", DEFAULTS);
        assertEquals(Map.of("amount", "String", "amount_min", "Nullable(Int64)", "amount_max", "Nullable(Int64)"), types(schema));
        assertEquals(List.of(Derivation.VALUE, Derivation.MONEY_MIN, Derivation.MONEY_MAX), schema.columns().stream().map(TargetColumn::derivation).toList());
        assertEquals("Decimal(9, 2)", types("{\"amount\": \"$1,118.07\"} {\"amount\": \"$1,000,001 - $5,000,000\"}", DEFAULTS).get("amount_max"));
        assertEquals(Map.of("amount", "String", "amount_min", "Int64", "amount_max", "Int64"), types("{\"amount\": \"$1,001 - $15,000\"}", DEFAULTS));
        assertEquals(Map.of("note", "String"), types("{\"note\": \"$180 for AMGN\"}", DEFAULTS), "text with a dollar sign is not a figure");
        assertEquals(Map.of("amount", "String"), types("{\"amount\": \"$1,001 - $15,000\"}", DEFAULTS.toBuilder().dollarAmounts(false).build()));
    }

    @Test
    void derivedColumnsNeverTakeAFieldsName() {
        final InferredSchema schema = infer("{\"amount\": \"$1 - $2\", \"amount_min\": \"x\"}", DEFAULTS);
        assertEquals(Map.of("amount", "String", "amount_min", "String", "amount_min_2", "Int64", "amount_max", "Int64"), types(schema));
        assertEquals("amount_min", schema.column("amount_min").source(), "the field keeps its own name");
        assertEquals(Derivation.MONEY_MIN, schema.column("amount_min_2").derivation());
        assertEquals(List.of(new ColumnNames.Rename("amount_min", "amount_min_2", "'amount_min' was already taken")), schema.collisions());
    }

    @Test
    void percentages() {
        assertEquals("Decimal(9, 2)", type("{\"v\": \"5.25%\"} {\"v\": \"100%\"}"));
        assertEquals(Derivation.PERCENT, infer("{\"v\": \"5.25%\"}", DEFAULTS).columns().getFirst().derivation());
        assertEquals("String", type("{\"v\": \"5.25%\"} {\"v\": \"n.a.\"}"));
    }

    @Test
    void typeHintsOverrideInference() {
        final TypingOptions hinted = DEFAULTS.toBuilder().typeHints(Map.of(
                "filing_id", ClickHouseType.parse("String"),
                "Asset Type", ClickHouseType.parse("LowCardinality(String)"))).build();
        final InferredSchema schema = infer("{\"filing_id\": \"20034616\", \"Asset Type\": \"Stock\"}", hinted);
        assertEquals(Map.of("filing_id", "String", "asset_type", "LowCardinality(String)"), types(schema));
        assertEquals(Derivation.LENIENT, schema.columns().getFirst().derivation());
    }

    @Test
    void namesAreNormalisedAndCollisionsReported() {
        final InferredSchema schema = infer("{\"Ticker\": \"A\", \"ticker\": \"B\", \"Asset Type\": \"Stock\"}", DEFAULTS);
        assertEquals(List.of("ticker", "ticker_2", "asset_type"), schema.columns().stream().map(TargetColumn::name).toList());
        assertEquals("`ticker` String, `ticker_2` String, `asset_type` String", schema.columnList());
        assertEquals(1, schema.collisions().size());
    }

    @Test
    void mergedSamplesOnlyWidenAndKeepNames() {
        final SchemaProfile first = Typing.profile("{\"id\": 1, \"price\": 2}", DEFAULTS);
        final InferredSchema before = first.resolve(null);
        final SchemaProfile merged = first.mergedWith(Typing.profile("{\"id\": 2, \"price\": 2.25, \"Price\": 1, \"note\": \"x\"}", DEFAULTS));
        final InferredSchema after = merged.resolve(before);
        assertEquals(Map.of("id", "Int64", "price", "Decimal(9, 2)", "price_2", "Nullable(Int64)", "note", "Nullable(String)"), types(after));

        final SchemaDrift drift = SchemaDrift.between(before, after);
        assertEquals("`price_2` Nullable(Int64), `note` Nullable(String)", drift.addedColumns());
        assertEquals("price: Int64 -> Decimal(9, 2)", drift.changedColumns());
        assertEquals("ADD COLUMN IF NOT EXISTS `price_2` Nullable(Int64), ADD COLUMN IF NOT EXISTS `note` Nullable(String), "
                + "MODIFY COLUMN `price` Decimal(9, 2)", drift.alterClauses());
        assertTrue(SchemaDrift.between(after, merged.resolve(after)).isEmpty());
        assertEquals(Map.of("id", "Int64", "price", "Int64"), types(first.resolve(null)), "merging does not change the profile merged into");
    }

    @Test
    void everySampledRecordCastsWithTheInferredSchema() {
        final String json = """
                {"a": 1, "b": "2020-01-01", "c": "$1,001 - $15,000", "d": [1, null], "e": {"f": "5%"}, "g": "11/10/2020", "h": 1.50}
                {"a": 18446744073709551615, "b": "2020-01-01T10:00:00.5Z", "c": "Unknown", "d": [], "e": {"f": "7.5%"}, "g": null, "h": 3}
                {"b": "2020-01-02 10:00:00", "c": "--", "d": null, "e": null, "g": "1/1/1950", "h": 1e2}
                """;
        for (TypingOptions.NestedObjects mode : TypingOptions.NestedObjects.values()) {
            final TypingOptions options = DEFAULTS.toBuilder().nestedObjects(mode).build();
            castAll(json, options).forEach(result -> assertInstanceOf(RecordCaster.Typed.class, result, mode + ": " + result));
        }
        castAll(json, DEFAULTS.toBuilder().capabilities(CLICKHOUSE_18_16).timeZone(ZoneId.of("America/New_York")).build())
                .forEach(result -> assertInstanceOf(RecordCaster.Typed.class, result, "18.16: " + result));
    }
}
