package org.spotlight.nifi.processors.failure;

import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.PropertyMigrationResult;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.testing.MutableClock;

import java.time.Duration;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Configuration and routing that need no failure database: validation, retries, and what happens while the failure
 * database is unreachable (a real connection refused). Storing is tested against the real ClickHouse in RouteToFailureDbIT.
 */
class RouteToFailureDbTest {

    private TestRunner runner;

    @BeforeEach
    void setUp() throws Exception {
        runner = TestRunners.newTestRunner(RouteToFailureDb.class);
        UnreachableClickHouse.add(runner, "clickhouse");
        runner.setProperty(RouteToFailureDb.CLICKHOUSE_SERVICE, "clickhouse");
    }

    @Test
    void rulesAndTableNamesAreValidated() {
        runner.assertValid();
        runner.setProperty(RouteToFailureDb.CLASSIFICATION_RULES, "putdatabaserecord.error =~ (?i)deadlock => transient\nnot a rule");
        runner.assertNotValid();
        runner.setProperty(RouteToFailureDb.CLASSIFICATION_RULES, "# ok\nputdatabaserecord.error =~ (?i)deadlock => transient");
        runner.assertValid();
        runner.setProperty(RouteToFailureDb.FAILURE_TABLE, "failures\u0000");
        runner.assertNotValid();
        runner.setProperty(RouteToFailureDb.FAILURE_TABLE, "${FAILURE_TABLE}");
        runner.assertValid();
        runner.setProperty(RouteToFailureDb.RETRY_BACKOFF, "-1");
        runner.assertNotValid();
        runner.setProperty(RouteToFailureDb.RETRY_BACKOFF, "10 min");
        runner.assertNotValid();
        runner.setProperty(RouteToFailureDb.MAX_RETRY_BACKOFF, "1 hour");
        runner.assertValid();
        runner.setProperty(RouteToFailureDb.UNKNOWN_FAILURES, RouteToFailureDb.UnknownFailures.RETRY.getValue());
        runner.assertNotValid();
        runner.setProperty(RouteToFailureDb.MAX_RETRY_DURATION, "1 day");
        runner.assertValid();
    }

    @Test
    void flowsFromBeforeRetryDurationsRetryUntilSuccessOrKeepStoringAtOnce() {
        final TestRunner counted = TestRunners.newTestRunner(RouteToFailureDb.class);
        counted.setProperty(RouteToFailureDb.OBSOLETE_MAX_RETRIES, "5");
        final PropertyMigrationResult migration = counted.migrateProperties();
        assertEquals(java.util.Set.of(RouteToFailureDb.OBSOLETE_MAX_RETRIES), migration.getPropertiesRemoved());
        assertFalse(counted.getProcessContext().getProperty(RouteToFailureDb.MAX_RETRY_DURATION).isSet(),
                "a count of retries made outages into permanent failures: retried until it succeeds instead");

        final TestRunner atOnce = TestRunners.newTestRunner(RouteToFailureDb.class);
        atOnce.setProperty(RouteToFailureDb.OBSOLETE_MAX_RETRIES, "0");
        atOnce.migrateProperties();
        assertEquals("0 sec", atOnce.getProcessContext().getProperty(RouteToFailureDb.MAX_RETRY_DURATION).getValue());
        assertFalse(atOnce.getProcessContext().getProperties().keySet().stream()
                .anyMatch(descriptor -> descriptor.getName().equals(RouteToFailureDb.OBSOLETE_MAX_RETRIES)));
    }

    @Test
    void transientFailuresWaitTheirBackoffInTheQueueThenGoToRetryCountedOnce() {
        runner.enqueue("{\"ticker\":\"NVDA\"}", Map.of("spotlight.error.source", "PutClickHouseBatch", "spotlight.error.code", "252",
                "spotlight.error.class", "transient", "spotlight.retry.count", "1", "spotlight.retry.since", "2026-12-07T09:00:00Z"));
        runner.enqueue("{}", Map.of("invokehttp.status.code", "429"));
        final MutableClock clock = MutableClock.startingNow();
        ((RouteToFailureDb) runner.getProcessor()).setClock(clock);

        runner.run();

        assertEquals(2, runner.getQueueSize().getObjectCount(), "held in the queue for their backoff");
        runner.assertTransferCount(RouteToFailureDb.REL_RETRY, 0);
        runner.run();
        assertEquals(2, runner.getQueueSize().getObjectCount(), "still waiting");
        clock.advance(Duration.ofSeconds(10));
        runner.run();
        assertEquals(1, runner.getQueueSize().getObjectCount(), "the first retry waits 10 s, the second 20");
        clock.advance(Duration.ofSeconds(10));
        runner.run();

        runner.assertAllFlowFilesTransferred(RouteToFailureDb.REL_RETRY, 2);
        final MockFlowFile fresh = runner.getFlowFilesForRelationship(RouteToFailureDb.REL_RETRY).getFirst();
        fresh.assertAttributeEquals("spotlight.retry.count", "1");
        fresh.assertAttributeEquals("spotlight.failure.class", "transient");
        fresh.assertAttributeNotExists("spotlight.retry.at");
        assertFalse(fresh.isPenalized(), "the backoff was the wait: no penalty on top of it");
        final MockFlowFile again = runner.getFlowFilesForRelationship(RouteToFailureDb.REL_RETRY).get(1);
        again.assertAttributeEquals("spotlight.retry.count", "2");
        again.assertAttributeEquals("spotlight.retry.since", "2026-12-07T09:00:00Z");
        again.assertAttributeEquals("spotlight.failure.classification", "PutClickHouseBatch declared it transient (spotlight.error.class)");
        again.assertContentEquals("{\"ticker\":\"NVDA\"}");
        assertEquals(2, runner.getCounterValue("FlowFiles routed to retry"));
    }

    @Test
    void rulesAndTheUnknownPolicyDecideWhatIsRetried() {
        runner.setProperty(RouteToFailureDb.CLASSIFICATION_RULES, "error.message =~ (?i)lock wait => transient");
        runner.setProperty(RouteToFailureDb.UNKNOWN_FAILURES, RouteToFailureDb.UnknownFailures.RETRY.getValue());
        runner.setProperty(RouteToFailureDb.MAX_RETRY_DURATION, "1 hour");
        runner.setProperty(RouteToFailureDb.RETRY_BACKOFF, "0 sec");
        runner.setProperty(RouteToFailureDb.MAX_RETRY_DURATION, "1 hour");
        runner.setProperty(RouteToFailureDb.RETRY_BACKOFF, "0 sec");
        runner.enqueue("a", Map.of("error.message", "Invalid value: Lock wait timeout exceeded; try restarting transaction"));
        runner.enqueue("b", Map.of("kafka.topic", "spotlight.congress.trades"));

        runner.run();

        runner.assertAllFlowFilesTransferred(RouteToFailureDb.REL_RETRY, 2);
        assertTrue(runner.getFlowFilesForRelationship(RouteToFailureDb.REL_RETRY).getFirst()
                .getAttribute("spotlight.failure.classification").startsWith("rule on line 1"));
        runner.getFlowFilesForRelationship(RouteToFailureDb.REL_RETRY).get(1).assertAttributeEquals("spotlight.failure.class", "unknown");
    }

    @Test
    void failuresWaitInTheQueueWhileTheFailureDatabaseIsDownAndTheProcessorBacksOff() {
        runner.enqueue("x", Map.of("spotlight.error.class", "permanent"));
        runner.enqueue("y", Map.of("spotlight.error.class", "permanent", "spotlight.retry.count", "3"));

        runner.run(1, false, true);

        assertEquals(2, runner.getQueueSize().getObjectCount(), "both back in the incoming queue, nothing dropped");
        runner.assertTransferCount(RouteToFailureDb.REL_STORED, 0);
        runner.assertTransferCount(RouteToFailureDb.REL_FAILURE, 0);
        assertTrue(runner.getLogger().getWarnMessages().stream().anyMatch(message -> message.getMsg().contains("unavailable")));
        final int logged = runner.getLogger().getWarnMessages().size() + runner.getLogger().getErrorMessages().size();

        // Within the backoff the processor leaves the store (and the CPU) alone.
        runner.run(5, false, false);
        assertEquals(2, runner.getQueueSize().getObjectCount());
        assertEquals(logged, runner.getLogger().getWarnMessages().size() + runner.getLogger().getErrorMessages().size(),
                "no further attempt while backing off");
    }

    @Test
    void orGoToFailureWithTheReasonWhenTheFlowSaysSo() {
        runner.setProperty(RouteToFailureDb.UNAVAILABLE_STRATEGY, RouteToFailureDb.UnavailableStrategy.ROUTE_TO_FAILURE.getValue());
        runner.enqueue("x", Map.of("spotlight.error.class", "permanent"));

        runner.run();

        runner.assertAllFlowFilesTransferred(RouteToFailureDb.REL_FAILURE, 1);
        assertTrue(runner.getFlowFilesForRelationship(RouteToFailureDb.REL_FAILURE).getFirst().isPenalized(), "a failure loop does not spin");
        final String reason = runner.getFlowFilesForRelationship(RouteToFailureDb.REL_FAILURE).getFirst().getAttribute("spotlight.failure.store.error");
        assertTrue(reason.contains("could not reach ClickHouse"), reason);
    }
}
