package org.spotlight.nifi.processors.failure;

import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        runner.setProperty(RouteToFailureDb.MAX_RETRIES, "-1");
        runner.assertNotValid();
    }

    @Test
    void transientFailuresGoToRetryPenalizedWithTheirCountIncremented() {
        runner.enqueue("{\"ticker\":\"NVDA\"}", Map.of("spotlight.error.source", "PutClickHouseBatch", "spotlight.error.code", "252",
                "spotlight.error.class", "transient", "spotlight.retry.count", "1"));
        runner.enqueue("{}", Map.of("invokehttp.status.code", "429"));

        runner.run();

        runner.assertAllFlowFilesTransferred(RouteToFailureDb.REL_RETRY, 2);
        final MockFlowFile batch = runner.getFlowFilesForRelationship(RouteToFailureDb.REL_RETRY).getFirst();
        batch.assertAttributeEquals("spotlight.retry.count", "2");
        batch.assertAttributeEquals("spotlight.failure.class", "transient");
        batch.assertAttributeEquals("spotlight.failure.classification", "PutClickHouseBatch declared it transient (spotlight.error.class)");
        batch.assertContentEquals("{\"ticker\":\"NVDA\"}");
        assertTrue(batch.isPenalized());
        runner.getFlowFilesForRelationship(RouteToFailureDb.REL_RETRY).get(1).assertAttributeEquals("spotlight.retry.count", "1");
        assertEquals(2, runner.getCounterValue("FlowFiles routed to retry"));
    }

    @Test
    void rulesAndTheUnknownPolicyDecideWhatIsRetried() {
        runner.setProperty(RouteToFailureDb.CLASSIFICATION_RULES, "error.message =~ (?i)lock wait => transient");
        runner.setProperty(RouteToFailureDb.UNKNOWN_FAILURES, RouteToFailureDb.UnknownFailures.RETRY.getValue());
        runner.enqueue("a", Map.of("error.message", "Invalid value: Lock wait timeout exceeded; try restarting transaction"));
        runner.enqueue("b", Map.of("kafka.topic", "spotlight.congress.trades"));

        runner.run();

        runner.assertAllFlowFilesTransferred(RouteToFailureDb.REL_RETRY, 2);
        assertTrue(runner.getFlowFilesForRelationship(RouteToFailureDb.REL_RETRY).getFirst()
                .getAttribute("spotlight.failure.classification").startsWith("rule on line 1"));
        runner.getFlowFilesForRelationship(RouteToFailureDb.REL_RETRY).get(1).assertAttributeEquals("spotlight.failure.class", "unknown");
    }

    @Test
    void failuresWaitInTheQueueWhileTheFailureDatabaseIsDown() {
        runner.enqueue("x", Map.of("spotlight.error.class", "permanent"));
        runner.enqueue("y", Map.of("spotlight.error.class", "transient", "spotlight.retry.count", "3"));

        runner.run();

        assertEquals(2, runner.getQueueSize().getObjectCount(), "both back in the incoming queue, nothing dropped");
        runner.assertTransferCount(RouteToFailureDb.REL_STORED, 0);
        runner.assertTransferCount(RouteToFailureDb.REL_FAILURE, 0);
        assertEquals(2, runner.getPenalizedFlowFiles().size());
        assertTrue(runner.getLogger().getWarnMessages().stream().anyMatch(message -> message.getMsg().contains("Failure store unavailable")));
    }

    @Test
    void orGoToFailureWithTheReasonWhenTheFlowSaysSo() {
        runner.setProperty(RouteToFailureDb.UNAVAILABLE_STRATEGY, RouteToFailureDb.UnavailableStrategy.ROUTE_TO_FAILURE.getValue());
        runner.enqueue("x", Map.of("spotlight.error.class", "permanent"));

        runner.run();

        runner.assertAllFlowFilesTransferred(RouteToFailureDb.REL_FAILURE, 1);
        final String reason = runner.getFlowFilesForRelationship(RouteToFailureDb.REL_FAILURE).getFirst().getAttribute("spotlight.failure.store.error");
        assertTrue(reason.contains("could not reach ClickHouse"), reason);
    }
}
