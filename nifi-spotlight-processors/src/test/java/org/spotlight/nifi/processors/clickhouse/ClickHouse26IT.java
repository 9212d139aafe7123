package org.spotlight.nifi.processors.clickhouse;

import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.insert.RowBinaryWithNamesAndTypes;
import org.spotlight.clickhouse.types.ClickHouseType;
import org.spotlight.nifi.SpotlightAttributes;
import org.spotlight.clickhouse.client.ClickHouseCapability;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;
import org.spotlight.testing.LocalStack;
import org.spotlight.testing.ResponseHoldingProxy;

import java.io.ByteArrayOutputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What only a modern server has, against the local stack's ClickHouse 26.x (the chDB engine; this class runs in the
 * clickhouse-26 Failsafe execution only). Requests pass a recording proxy, so that the tests see what Spotlight sent
 * as well as what the server stored.
 */
class ClickHouse26IT {

    private ResponseHoldingProxy proxy;
    private ClickHouseFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        proxy = new ResponseHoldingProxy(LocalStack.clickHouseUrl());
        fixture = new ClickHouseFixture(proxy.url(), Map.of());
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
        proxy.close();
    }

    private List<String> insertRequests() {
        return proxy.requestLines().stream().filter(line -> line.contains("query=INSERT")).toList();
    }

    @Test
    void capabilitiesAreDetectedFromTheLiveServersSystemTables() {
        final ClickHouseServerInfo server = fixture.clickHouse.getServerInfo();

        assertTrue(server.version().isAtLeast(26, 0), server.summary());
        assertEquals(EnumSet.of(ClickHouseCapability.INSERT_DEDUPLICATION_TOKEN, ClickHouseCapability.NON_REPLICATED_DEDUPLICATION_WINDOW,
                        ClickHouseCapability.ASYNC_INSERT, ClickHouseCapability.ROW_BINARY, ClickHouseCapability.ROW_BINARY_WITH_DEFAULTS,
                        ClickHouseCapability.ROW_BINARY_WITH_NAMES_AND_TYPES, ClickHouseCapability.DEFAULTS_FOR_OMITTED_FIELDS,
                        ClickHouseCapability.NULL_AS_DEFAULT, ClickHouseCapability.S3_DISK, ClickHouseCapability.S3_TABLE_FUNCTION,
                        ClickHouseCapability.SCHEMA_INFERENCE),
                EnumSet.copyOf(server.capabilities()), "everything but NATIVE_COMPRESSION, which the stack's HTTP front does not implement");
        assertTrue(server.storagePolicies().containsAll(List.of("s3_main", "hot_to_s3")), "the deployment's policies: " + server.storagePolicies());
        for (String type : List.of("Bool", "Date32", "DateTime64", "Int128", "UInt256", "Decimal256", "Map", "Tuple", "IPv4", "IPv6",
                "LowCardinality", "Enum8", "JSON", "Variant", "Dynamic")) {
            assertTrue(server.supportsDataType(type), type);
        }
        // The premise of pinning: this server's own defaults are the changed ones.
        assertEquals(List.of(List.of("async_insert", "1"), List.of("deduplicate_insert", "enable"), List.of("wait_for_async_insert", "1")),
                fixture.rows("SELECT name, value FROM system.settings WHERE name IN ('async_insert', 'wait_for_async_insert', 'deduplicate_insert')"
                        + " ORDER BY name"));
    }

    @Test
    void typedRowsAreForwardedWithDefaultFlagsSoANullForANonNullableColumnTakesItsDefaultExpression() throws Exception {
        final String table = fixture.table("it26_typed_defaults");
        fixture.execute("CREATE TABLE " + table + " (id UInt64, member String DEFAULT concat('member ', toString(id)), amount Decimal(18, 2))"
                + " ENGINE = MergeTree ORDER BY id");
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (RowBinaryWithNamesAndTypes.Writer writer = new RowBinaryWithNamesAndTypes.Writer(bytes, List.of("id", "member", "amount"),
                List.of(ClickHouseType.parse("UInt64"), ClickHouseType.parse("Nullable(String)"), ClickHouseType.parse("Decimal(18, 2)")))) {
            for (long id = 1; id <= 1000; id++) {
                writer.write(new Object[]{id, id % 2 == 0 ? null : "Member " + id, new java.math.BigDecimal(id + ".25")}, null);
            }
        }
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, table);
        fixture.runner.removeProperty(PutClickHouseBatch.RECORD_READER);
        fixture.runner.removeProperty(PutClickHouseBatch.RECORD_WRITER);
        fixture.runner.enqueue(bytes.toByteArray(), Map.of("mime.type", RowBinaryWithNamesAndTypes.MIME_TYPE));

        fixture.runner.run();

        fixture.assertAllSucceeded(1);
        assertTrue(insertRequests().getFirst().contains("RowBinaryWithDefaults"), insertRequests().toString());
        assertEquals(List.of(List.of("1000", "500", "500")), fixture.rows("SELECT count(), countIf(member = concat('member ', toString(id))),"
                + " countIf(member = concat('Member ', toString(id))) FROM " + table));
        assertEquals(List.of(List.of("2", "member 2", "2.25"), List.of("3", "Member 3", "3.25")),
                fixture.rows("SELECT id, member, amount FROM " + table + " WHERE id IN (2, 3) ORDER BY id"));
    }

    @Test
    void oneRowACheckConstraintRejectsAmongTenThousandIsIsolatedAndTheRestLands() {
        final String table = fixture.table("it26_check");
        fixture.execute("CREATE TABLE " + table + " (id UInt64, member String, amount Decimal(18, 2), traded Date,"
                + " CONSTRAINT known_member CHECK member != 'Member 6789') ENGINE = MergeTree ORDER BY id");
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, table);
        fixture.runner.enqueue(PutClickHouseBatchIT.jsonLines(0, 10_000), Map.of("record.count", "10000"));

        fixture.runner.run();

        assertEquals(9_999, fixture.count(table));
        final MockFlowFile failed = fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, "469");
        failed.assertAttributeEquals(SpotlightAttributes.RECORD_INDEXES, "6789");
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_RETRYABLE, "false");
        assertTrue(failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE).contains("known_member"), failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE));
        fixture.assertRecordsAccountedFor(10_000);
    }

    @Test
    void jsonVariantAndDynamicColumnsAreRefusedClearlyAndNothingIsLost() {
        // Spotlight writes no JSON, Variant or Dynamic values yet: a table with such columns fails the batch with a
        // permanent, named error instead of landing something half right.
        final String table = fixture.table("it26_semi");
        fixture.execute("CREATE TABLE " + table + " (id UInt64, doc JSON, choice Variant(String, UInt64), anything Dynamic) ENGINE = MergeTree ORDER BY id");
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, table);
        fixture.runner.enqueue("{\"id\": 1, \"doc\": {\"ticker\": \"NVDA\"}, \"choice\": \"text\", \"anything\": 5}\n"
                + "{\"id\": 2, \"doc\": {\"ticker\": \"BA\"}, \"choice\": 7, \"anything\": \"five\"}", Map.of("record.count", "2"));

        fixture.runner.run();

        fixture.runner.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_FAILURE, 1);
        final MockFlowFile failed = fixture.runner.getFlowFilesForRelationship(PutClickHouseBatch.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_CODE, PutClickHouseBatch.INVALID_TARGET);
        failed.assertAttributeEquals(SpotlightAttributes.ERROR_RETRYABLE, "false");
        assertEquals("RowBinary encoding of JSON is not supported", failed.getAttribute(SpotlightAttributes.ERROR_MESSAGE));
        assertEquals(0, fixture.count(table));
        fixture.assertRecordsAccountedFor(2);
    }
}
