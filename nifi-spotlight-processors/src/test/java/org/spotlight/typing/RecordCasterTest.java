package org.spotlight.typing;

import org.spotlight.clickhouse.types.NullPolicy;
import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.types.ClickHouseType;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.spotlight.typing.Typing.infer;
import static org.spotlight.typing.Typing.records;

class RecordCasterTest {

    private static final TypingOptions DEFAULTS = TypingOptions.defaults();

    private static TargetColumn column(final String name, final String type) {
        return new TargetColumn(name, name, Derivation.LENIENT, ClickHouseType.parse(type));
    }

    private static Object[] typed(final RecordCaster.Result result) {
        return assertInstanceOf(RecordCaster.Typed.class, result, result.toString()).values();
    }

    private static CastFailure failed(final RecordCaster.Result result) {
        return assertInstanceOf(RecordCaster.Failed.class, result).failure();
    }

    @Test
    void inferredSchemaCastsEveryFieldItsWay() {
        final String json = """
                {"when": "11/10/2020", "amount": "$1,001 - $15,000", "rate": "5.5%", "created_at": 1605052800123, "owner": "--", "n": 2}
                {"when": "2020-11-11", "amount": "Over $50,000,000", "rate": "7%", "created_at": 1605052800000, "owner": "Self", "n": null}
                """;
        final InferredSchema schema = infer(json, DEFAULTS);
        assertEquals("`when` Date, `amount` String, `amount_min` Int64, `amount_max` Nullable(Int64), `rate` Decimal(9, 1), "
                + "`created_at` DateTime64(3), `owner` Nullable(String), `n` Nullable(Int64)", schema.columnList());
        final RecordCaster caster = RecordCaster.forSchema(schema, DEFAULTS, NullPolicy.FAIL);
        final List<Map<String, Object>> records = records(json);
        assertArrayEquals(new Object[]{LocalDate.of(2020, 11, 10), "$1,001 - $15,000", 1001L, 15000L, new BigDecimal("5.5"),
                Instant.parse("2020-11-11T00:00:00.123Z"), null, 2L}, typed(caster.cast(records.get(0))));
        assertArrayEquals(new Object[]{LocalDate.of(2020, 11, 11), "Over $50,000,000", 50000001L, null, new BigDecimal("7.0"),
                Instant.parse("2020-11-11T00:00:00Z"), "Self", null}, typed(caster.cast(records.get(1))));
    }

    @Test
    void recordsThatDoNotFitFailWithFieldValueTypeAndReason() {
        final InferredSchema schema = infer("{\"id\": 1, \"day\": \"2020-01-01\", \"tag\": \"x\"}", DEFAULTS);
        final RecordCaster caster = RecordCaster.forSchema(schema, DEFAULTS, NullPolicy.FAIL);

        final CastFailure wrongType = failed(caster.cast(records("{\"id\": \"seven\", \"day\": \"2020-01-01\", \"tag\": \"y\"}").getFirst()));
        assertEquals(new CastFailure(CastFailure.Code.CAST_FAILED, "id", "id", "seven", "Int64", "not a number"), wrongType);
        assertEquals("field 'id': 'seven' cannot be cast to Int64: not a number", wrongType.message());

        final CastFailure badDate = failed(caster.cast(records("{\"id\": 2, \"day\": \"2020-02-30\", \"tag\": \"y\"}").getFirst()));
        assertEquals("day", badDate.field());
        assertEquals("Date", badDate.targetType());

        final CastFailure extra = failed(caster.cast(records("{\"id\": 3, \"day\": \"2020-01-01\", \"tag\": \"y\", \"new\": 1}").getFirst()));
        assertEquals(new CastFailure(CastFailure.Code.UNEXPECTED_FIELD, "new", null, "1", null, "the schema has no column for this field"), extra);

        final CastFailure missing = failed(caster.cast(records("{\"id\": 4, \"day\": \"2020-01-01\"}").getFirst()));
        assertEquals(new CastFailure(CastFailure.Code.NULL_NOT_ALLOWED, "tag", "tag", null, "String",
                "the field is missing and the column is not Nullable"), missing);
        assertEquals("field 'tag': NULL cannot be cast to String: the field is missing and the column is not Nullable", missing.message());

        final Map<String, Object> plainMap = new LinkedHashMap<>(Map.of("id", 5L, "day", "2020-01-01", "tag", "z", "other", true));
        assertEquals(CastFailure.Code.UNEXPECTED_FIELD, failed(caster.cast(plainMap)).code(), "maps and compact records alike");
    }

    @Test
    void nullsForNonNullableColumnsCanBeLeftToTheColumnDefault() {
        final InferredSchema schema = infer("{\"id\": 1, \"tags\": [\"a\"]}", DEFAULTS);
        final RecordCaster caster = RecordCaster.forSchema(schema, DEFAULTS, NullPolicy.COLUMN_DEFAULT);
        final RecordCaster.Typed typed = assertInstanceOf(RecordCaster.Typed.class, caster.cast(records("{\"id\": null, \"tags\": null}").getFirst()));
        assertArrayEquals(new Object[]{RecordCaster.ABSENT, RecordCaster.ABSENT}, typed.values());
        assertEquals(1, typed.nullsDefaulted());
        assertEquals(1, typed.emptied(), "an array cannot be NULL in ClickHouse: it becomes empty, and that is counted");

        final RecordCaster strict = RecordCaster.forSchema(schema, DEFAULTS, NullPolicy.FAIL);
        assertEquals(CastFailure.Code.NULL_NOT_ALLOWED, failed(strict.cast(records("{\"id\": null, \"tags\": []}").getFirst())).code());
        assertArrayEquals(new Object[]{1L, RecordCaster.ABSENT}, typed(strict.cast(records("{\"id\": 1, \"tags\": null}").getFirst())));
    }

    @Test
    void tableColumnsBindByNameNormalisedNameFlattenedPathAndDollarBounds() {
        final List<TargetColumn> table = List.of(column("asset_type", "LowCardinality(String)"), column("amount_min", "Decimal(18, 2)"),
                column("amount_max", "Nullable(Decimal(18, 2))"), column("owner_name", "String"), column("traded_at", "DateTime64(3)"),
                column("rate", "Float64"), column("value", "UInt32"), column("note", "Nullable(String)"));
        final RecordCaster caster = RecordCaster.forTable(table, DEFAULTS, false, NullPolicy.FAIL);
        final Map<String, Object> record = records("""
                {"Asset Type": "Stock", "amount": "$1,001 - $15,000", "owner": {"name": "Spouse"}, "traded_at": 1605052800123,
                 "rate": "2.5%", "value": "$800", "ignored": true}
                """).getFirst();
        assertArrayEquals(new Object[]{"Stock", new BigDecimal("1001.00"), new BigDecimal("15000.00"), "Spouse",
                Instant.parse("2020-11-11T00:00:00.123Z"), 2.5, 800L, RecordCaster.ABSENT}, typed(caster.cast(record)));

        final RecordCaster strict = RecordCaster.forTable(table, DEFAULTS, true, NullPolicy.FAIL);
        final CastFailure unmatched = failed(strict.cast(record));
        assertEquals(CastFailure.Code.UNEXPECTED_FIELD, unmatched.code());
        assertEquals("ignored", unmatched.field());
        assertEquals("the table has no column for this field", unmatched.reason());

        final CastFailure range = failed(caster.cast(records("{\"Asset Type\": \"Stock\", \"amount\": \"$1 - $2\", \"owner\": {\"name\": \"A\"},"
                + " \"traded_at\": \"2020-01-01 00:00:00\", \"rate\": 1, \"value\": -1}").getFirst()));
        assertEquals(new CastFailure(CastFailure.Code.CAST_FAILED, "value", "value", "-1", "UInt32", "out of range [0, 4294967295]"), range);

        final List<TargetColumn> seconds = List.of(column("traded_at", "DateTime"));
        final CastFailure precision = failed(RecordCaster.forTable(seconds, DEFAULTS, false, NullPolicy.FAIL)
                .cast(records("{\"traded_at\": 1605052800123}").getFirst()));
        assertEquals(new CastFailure(CastFailure.Code.CAST_FAILED, "traded_at", "traded_at", "1605052800123", "DateTime",
                "has more fractional seconds than DateTime keeps"), precision, "the value as the field had it, not as derived");
    }

    @Test
    void nullTokensAreNullAtAnyDepth() {
        final TypingOptions options = DEFAULTS.toBuilder().nestedObjects(TypingOptions.NestedObjects.TUPLE).build();
        final String json = "{\"a\": \"N/A\", \"b\": [\"--\", \"x\"], \"c\": {\"d\": \"\"}}";
        final InferredSchema schema = infer(json, options);
        assertEquals("`a` Nullable(String), `b` Array(Nullable(String)), `c` Tuple(d Nullable(String))", schema.columnList());
        final Object[] values = typed(RecordCaster.forSchema(schema, options, NullPolicy.FAIL)
                .cast(RecordPreparer.of(options).prepare(records(json).getFirst())));
        assertEquals("[null, [null, x], [null]]", Arrays.toString(values));
    }

    @Test
    void anEpochNumberThatIsNoInstantFailsItsRecordWithTheReason() {
        // A hang guard, not a timing: these values once expanded exponents for minutes.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            final InferredSchema schema = infer("{\"updated_ts\": 1605052800123}", DEFAULTS);
            assertEquals("DateTime64(3)", schema.columns().getFirst().type().toString());
            final CastFailure failure = failed(RecordCaster.forSchema(schema, DEFAULTS, NullPolicy.FAIL)
                    .cast(records("{\"updated_ts\": 18446744073709551617000}").getFirst()));
            assertEquals(CastFailure.Code.CAST_FAILED, failure.code());
            assertEquals("as milliseconds since 1970: beyond any date-time ClickHouse stores", failure.reason());
            final CastFailure lenient = failed(RecordCaster.forTable(List.of(column("at", "DateTime")), DEFAULTS, false, NullPolicy.FAIL)
                    .cast(Map.of("at", new BigDecimal("1e500000000"))));
            assertEquals("as milliseconds since 1970: beyond any date-time ClickHouse stores", lenient.reason());
        });
    }
}
