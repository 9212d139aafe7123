package org.spotlight.nifi.processors.failure;

import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.SpotlightAttributes;
import org.spotlight.nifi.processors.clickhouse.ClickHouseFixture;
import org.spotlight.nifi.processors.clickhouse.PutClickHouseBatch;
import org.spotlight.nifi.service.clickhouse.StandardClickHouseConnectionService;
import org.spotlight.testing.GatewayStandIn;
import org.spotlight.testing.LocalServices;
import org.spotlight.testing.LocalStack;
import org.spotlight.testing.MutableClock;
import org.spotlight.testing.TcpProxy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The retry loop of the kafka-to-clickhouse flow (PutClickHouseBatch's retry → RouteToFailureDb → retry → back) through
 * an outage of every kind, against the local stack's real ClickHouse behind a proxy: connections reset, a gateway
 * answering 429, 500, 502, 503 or 504 (a stand-in, see {@link GatewayStandIn}), connections closed before or in the
 * middle of an answer. RouteToFailureDb's clock is moved on by hand, so that two hours of outage take seconds.
 * Whatever the outage and however long, every FlowFile keeps going round, each retry is counted once, nothing is
 * stored as a failure, and once ClickHouse answers again every record lands exactly once.
 */
class OutageIT {

    private static final int FLOWFILES = 4;
    private static final int RECORDS = 250;

    private final URI clickHouseUrl = URI.create(LocalStack.clickHouseUrl());
    private TcpProxy proxy;
    private GatewayStandIn gateway;
    private TestRunner put;
    private TestRunner route;
    private StandardClickHouseConnectionService clickHouse;
    private MutableClock clock;
    private String database;
    private String table;
    private String failureTable;

    @BeforeEach
    void setUp() throws Exception {
        proxy = new TcpProxy(clickHouseUrl.getHost(), clickHouseUrl.getPort());
        gateway = new GatewayStandIn(503);
        database = LocalStack.clickHouseDatabase();
        table = LocalStack.uniqueName("it_outage");
        failureTable = LocalStack.uniqueName("it_outage_failures");

        put = TestRunners.newTestRunner(PutClickHouseBatch.class);
        LocalServices.clickHouse(put, "clickhouse", "http://127.0.0.1:" + proxy.port(), Map.of(
                StandardClickHouseConnectionService.CONNECT_TIMEOUT, "2 secs", StandardClickHouseConnectionService.SOCKET_TIMEOUT, "10 secs"));
        ClickHouseFixture.configure(put, "clickhouse");
        put.removeProperty(PutClickHouseBatch.RECORD_READER);
        put.setProperty(PutClickHouseBatch.TABLE, table);
        put.setProperty(PutClickHouseBatch.CREATE_TABLE, "true");
        put.setProperty(PutClickHouseBatch.ORDER_BY, "id");
        // On ClickHouse 18.16 a replicated table is what drops a retried insert that landed before its answer was lost.
        put.setProperty(PutClickHouseBatch.REPLICATED, "true");

        route = TestRunners.newTestRunner(RouteToFailureDb.class);
        clickHouse = LocalServices.clickHouse(route, "clickhouse");
        route.setProperty(RouteToFailureDb.CLICKHOUSE_SERVICE, "clickhouse");
        route.setProperty(RouteToFailureDb.FAILURE_TABLE, failureTable);
        clock = MutableClock.startingNow();
        ((RouteToFailureDb) route.getProcessor()).setClock(clock);
    }

    @AfterEach
    void tearDown() {
        proxy.close();
        gateway.close();
        for (String name : List.of(table, failureTable, failureTable + "_replays")) {
            clickHouse.execute("DROP TABLE IF EXISTS " + ClickHouseIdentifiers.qualified(database, name), Map.of());
        }
    }

    private static String records(final int flowFile) {
        return IntStream.range(flowFile * RECORDS, (flowFile + 1) * RECORDS)
                .mapToObj(id -> "{\"id\": " + id + ", \"member\": \"Member " + id + "\"}")
                .collect(Collectors.joining("\n"));
    }

    /** An outage: what it does to the connection between PutClickHouseBatch and ClickHouse. */
    private record Outage(String name, Consumer<OutageIT> start) {
        @Override
        public String toString() {
            return name;
        }
    }

    private void throughClickHouse() {
        proxy.closeAnswersAfter(Long.MAX_VALUE);
        proxy.retarget(clickHouseUrl.getHost(), clickHouseUrl.getPort());
        proxy.resume();
    }

    private void throughGateway(final int status) {
        gateway.answer(status);
        proxy.closeAnswersAfter(Long.MAX_VALUE);
        proxy.retarget("127.0.0.1", gateway.port());
        proxy.resume();
    }

    private static final List<Outage> OUTAGES = List.of(
            new Outage("connections reset", it -> {
                it.throughClickHouse();
                it.proxy.cut();
            }),
            new Outage("gateway 429", it -> it.throughGateway(429)),
            new Outage("gateway 500", it -> it.throughGateway(500)),
            new Outage("gateway 502", it -> it.throughGateway(502)),
            new Outage("gateway 503", it -> it.throughGateway(503)),
            new Outage("gateway 504", it -> it.throughGateway(504)),
            new Outage("closed before the answer", it -> {
                it.throughClickHouse();
                it.proxy.closeAnswersAfter(0);
            }),
            new Outage("closed in the middle of the headers", it -> {
                it.throughClickHouse();
                it.proxy.closeAnswersAfter(20);
            }));

    @Test
    void anOutageOfAnyKindAndLengthCostsTimeNotRecords() {
        final List<MockFlowFile> first = new ArrayList<>();
        for (int flowFile = 0; flowFile < FLOWFILES; flowFile++) {
            first.add(put.enqueue(records(flowFile), Map.of("record.count", String.valueOf(RECORDS))));
        }
        put.clearTransferState();
        List<MockFlowFile> inLoop = first;
        boolean queued = true;
        final Duration simulated = Duration.ofHours(2);
        final Instant start = clock.instant();
        int loops = 0;
        int landedBetween = 0;
        while (Duration.between(start, clock.instant()).compareTo(simulated) < 0) {
            final Outage outage = OUTAGES.get(loops % OUTAGES.size());
            if (loops > 0) {
                // ClickHouse answers for a moment: a fresh FlowFile lands and the table stays known, so that the outage
                // hits the insert itself, not only the look-up of the table.
                throughClickHouse();
                put.enqueue("{\"id\": " + (1_000_000 + loops) + ", \"member\": \"between\"}");
                put.run();
                put.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_SUCCESS, 1);
                put.clearTransferState();
                landedBetween++;
            }
            outage.start().accept(this);
            if (!queued) {
                inLoop.forEach(flowFile -> put.enqueue(flowFile.toByteArray(), flowFile.getAttributes()));
            }
            queued = false;
            put.run();

            put.assertTransferCount(PutClickHouseBatch.REL_SUCCESS, 0);
            put.assertTransferCount(PutClickHouseBatch.REL_FAILURE, 0);
            put.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_RETRY, FLOWFILES);
            inLoop = List.copyOf(put.getFlowFilesForRelationship(PutClickHouseBatch.REL_RETRY));
            for (MockFlowFile retried : inLoop) {
                assertEquals("transient", retried.getAttribute(SpotlightAttributes.ERROR_CLASS),
                        outage + ": " + retried.getAttribute(SpotlightAttributes.ERROR_MESSAGE));
            }
            put.clearTransferState();

            // RouteToFailureDb holds them for their backoff, then sends them back, each retry counted once.
            // (nifi-mock dates the queueing by the real clock; the outage runs on RouteToFailureDb's.)
            inLoop.forEach(flowFile -> route.enqueue(flowFile.toByteArray(), flowFile.getAttributes()).setLastEnqueuedDate(clock.millis()));
            route.run();
            route.assertTransferCount(RouteToFailureDb.REL_RETRY, 0);
            route.assertTransferCount(RouteToFailureDb.REL_STORED, 0);
            assertEquals(FLOWFILES, route.getQueueSize().getObjectCount(), outage + ": held for the backoff");
            final Duration backoff = Duration.ofSeconds(Math.min(300, 10L << Math.min(loops, 10)));
            clock.advance(backoff.minusSeconds(1));
            route.run();
            route.assertTransferCount(RouteToFailureDb.REL_RETRY, 0);
            clock.advance(Duration.ofSeconds(1));
            route.run();
            route.assertAllFlowFilesTransferred(RouteToFailureDb.REL_RETRY, FLOWFILES);
            loops++;
            final int expectedCount = loops;
            inLoop = List.copyOf(route.getFlowFilesForRelationship(RouteToFailureDb.REL_RETRY));
            inLoop.forEach(flowFile -> assertEquals(String.valueOf(expectedCount), flowFile.getAttribute(SpotlightAttributes.RETRY_COUNT),
                    outage + ": one retry, counted once"));
            route.clearTransferState();
        }
        assertTrue(loops >= 25, "two hours of outage, at most 5 minutes between attempts: " + loops + " rounds");

        throughClickHouse();
        inLoop.forEach(flowFile -> put.enqueue(flowFile.toByteArray(), flowFile.getAttributes()));
        put.run();

        put.assertAllFlowFilesTransferred(PutClickHouseBatch.REL_SUCCESS, FLOWFILES);
        put.getFlowFilesForRelationship(PutClickHouseBatch.REL_SUCCESS).forEach(flowFile -> {
            flowFile.assertAttributeNotExists(SpotlightAttributes.RETRY_COUNT);
            flowFile.assertAttributeNotExists(SpotlightAttributes.ERROR_CLASS);
        });
        final String qualified = ClickHouseIdentifiers.qualified(database, table);
        final long expected = (long) FLOWFILES * RECORDS + landedBetween;
        assertEquals(List.of(List.of(String.valueOf(expected), String.valueOf(expected))),
                clickHouse.query("SELECT count() AS rows, uniqExact(id) AS ids FROM " + qualified, Map.of()).rows(),
                "every record once, though some inserts landed before their answer was lost");
        assertTrue(clickHouse.query("SELECT name FROM system.tables WHERE database = " + ClickHouseIdentifiers.literal(database)
                + " AND name = " + ClickHouseIdentifiers.literal(failureTable), Map.of()).rows().isEmpty(), "no failure was ever stored");
    }
}
