package org.spotlight.nifi.processors.clickhouse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.clickhouse.insert.InsertFormat;
import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every column type Spotlight writes, through PutClickHouseBatch into the real server and back out with an explicit
 * {@code FORMAT TabSeparatedWithNames}, in both insert formats. Types the server does not know (ClickHouse 18.16 has no
 * Bool, Date32, DateTime64, Map, 128/256-bit integers or IP types) are left out of the table and reported; their
 * RowBinary encoding is checked byte for byte against client-v2 in RowBinaryEncoderTest.
 */
class TypeRoundTripIT {

    /**
     * A column type, the JSON value written, the value ClickHouse prints back (TabSeparated, unescaped; null for NULL),
     * and a type family the server must have beyond those in the type itself (Decimal(76, s) needs Decimal256).
     */
    private record Case(String type, String json, String expected, String needs) {
        Case(final String type, final String json, final String expected) {
            this(type, json, expected, null);
        }
    }

    private static final List<Case> CASES = List.of(
            new Case("Int8", "-128", "-128"),
            new Case("Int16", "-32768", "-32768"),
            new Case("Int32", "-2147483648", "-2147483648"),
            new Case("Int64", "-9223372036854775808", "-9223372036854775808"),
            new Case("UInt8", "255", "255"),
            new Case("UInt16", "65535", "65535"),
            new Case("UInt32", "4294967295", "4294967295"),
            new Case("UInt64", "\"18446744073709551615\"", "18446744073709551615"),
            new Case("Int128", "\"-170141183460469231731687303715884105728\"", "-170141183460469231731687303715884105728"),
            new Case("UInt128", "\"340282366920938463463374607431768211455\"", "340282366920938463463374607431768211455"),
            new Case("Int256", "\"-12345678901234567890123456789012345678901234567890\"", "-12345678901234567890123456789012345678901234567890"),
            new Case("UInt256", "\"12345678901234567890123456789012345678901234567890\"", "12345678901234567890123456789012345678901234567890"),
            new Case("Float32", "1.5", "1.5"),
            new Case("Float64", "-2.5e-300", "-2.5e-300"),
            new Case("Decimal(9, 2)", "\"1234567.89\"", "1234567.89"),
            new Case("Decimal(18, 4)", "\"-12345678901234.5678\"", "-12345678901234.5678"),
            new Case("Decimal(38, 10)", "\"1234567890123456789012345678.0123456789\"", "1234567890123456789012345678.0123456789"),
            new Case("Decimal(76, 20)", "\"12345678901234567890123456789012345678901234567890.12345678901234567890\"",
                    "12345678901234567890123456789012345678901234567890.12345678901234567890", "Decimal256"),
            new Case("Bool", "true", "true"),
            new Case("String", "\"Grüße\\t\\\"quoted\\\"\\n世界\"", "Grüße\t\"quoted\"\n世界"),
            new Case("FixedString(5)", "\"ab\"", "ab\0\0\0"),
            new Case("UUID", "\"123e4567-e89b-12d3-a456-426614174000\"", "123e4567-e89b-12d3-a456-426614174000"),
            new Case("Date", "\"2025-01-14\"", "2025-01-14"),
            new Case("Date32", "\"1935-03-28\"", "1935-03-28"),
            new Case("DateTime('UTC')", "\"2025-01-14 10:11:12\"", "2025-01-14 10:11:12"),
            new Case("DateTime('America/New_York')", "\"2025-01-14T15:11:12Z\"", "2025-01-14 10:11:12"),
            new Case("DateTime64(3, 'UTC')", "\"2025-01-14 10:11:12.345\"", "2025-01-14 10:11:12.345"),
            new Case("Enum8('purchase' = 1, 'sale' = 2)", "\"sale\"", "sale"),
            new Case("Enum16('exchange' = 1000, 'other' = -1000)", "\"other\"", "other"),
            new Case("Nullable(String)", "null", null),
            new Case("Nullable(Int32)", "5", "5"),
            new Case("LowCardinality(String)", "\"Spouse\"", "Spouse"),
            new Case("LowCardinality(Nullable(String))", "null", null),
            new Case("Array(String)", "[\"a\", \"b c\"]", "['a','b c']"),
            new Case("Array(Nullable(Int32))", "[1, null]", "[1,NULL]"),
            new Case("Array(Array(UInt8))", "[[1], [2, 3]]", "[[1],[2,3]]"),
            new Case("Tuple(String, UInt8)", "[\"x\", 3]", "('x',3)"),
            new Case("Map(String, UInt64)", "{\"a\": 1}", "{'a':1}"),
            new Case("IPv4", "\"192.168.1.20\"", "192.168.1.20"),
            new Case("IPv6", "\"2001:db8::1\"", "2001:db8::1"));

    private ClickHouseFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ClickHouseFixture();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(value = InsertFormat.Preference.class, names = {"BINARY", "JSON"})
    void everyTypeTheServerKnowsComesBackAsWritten(final InsertFormat.Preference format) {
        final ClickHouseServerInfo server = fixture.clickHouse.getServerInfo();
        final List<String> supported = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        for (Case testCase : CASES) {
            final boolean known = families(ClickHouseType.parse(testCase.type())).stream().allMatch(server::supportsDataType)
                    && (testCase.needs() == null || server.supportsDataType(testCase.needs()));
            (known ? supported : skipped).add(testCase.type());
        }
        final List<Case> cases = CASES.stream().filter(testCase -> supported.contains(testCase.type())).toList();
        System.out.println("ClickHouse " + server.version() + ": round trip of " + cases.size() + " types; not on this server: " + skipped);
        assertTrue(cases.size() >= 25, "18.16 alone has 25 of these types: " + supported);

        final String table = fixture.table("it_types");
        final StringBuilder columns = new StringBuilder("id UInt32");
        final StringBuilder json = new StringBuilder("{\"id\": 1");
        for (int i = 0; i < cases.size(); i++) {
            columns.append(", c").append(i).append(' ').append(cases.get(i).type());
            json.append(", \"c").append(i).append("\": ").append(cases.get(i).json());
        }
        // LowCardinality was experimental before 19.x; servers since have no such setting and refuse it.
        final boolean experimentalLowCardinality = !fixture.rows(
                "SELECT name FROM system.settings WHERE name = 'allow_experimental_low_cardinality_type'").isEmpty();
        fixture.clickHouse.execute("CREATE TABLE " + ClickHouseIdentifiers.quote(table) + " (" + columns + ") ENGINE = MergeTree ORDER BY id",
                experimentalLowCardinality ? Map.of("allow_experimental_low_cardinality_type", 1) : Map.of());
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, table);
        fixture.runner.setProperty(PutClickHouseBatch.INSERT_FORMAT, format.getValue());
        fixture.runner.enqueue(json.append('}').toString());

        fixture.runner.run();

        fixture.runner.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_SUCCESS, 1);
        final List<String> row = fixture.rows("SELECT * FROM " + ClickHouseIdentifiers.quote(table)).getFirst();
        final List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            final String actual = row.get(i + 1);
            if (!java.util.Objects.equals(cases.get(i).expected(), actual)) {
                mismatches.add(cases.get(i).type() + ": expected <" + cases.get(i).expected() + "> but was <" + actual + ">");
            }
        }
        assertEquals(List.of(), mismatches);
    }

    private static List<String> families(final ClickHouseType type) {
        final List<String> families = new ArrayList<>(List.of(type.family()));
        type.arguments().forEach(argument -> families.addAll(families(argument)));
        return families.stream().distinct().collect(Collectors.toList());
    }
}
