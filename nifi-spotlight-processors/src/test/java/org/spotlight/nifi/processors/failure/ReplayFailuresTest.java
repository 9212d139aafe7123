package org.spotlight.nifi.processors.failure;

import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scheduling and failure behaviour without a failure database; the replay itself is tested in ReplayFailuresIT. */
class ReplayFailuresTest {

    private TestRunner runner;

    @BeforeEach
    void setUp() throws Exception {
        runner = TestRunners.newTestRunner(ReplayFailures.class);
        UnreachableClickHouse.add(runner, "clickhouse");
        runner.setProperty(ReplayFailures.CLICKHOUSE_SERVICE, "clickhouse");
    }

    @Test
    void propertiesAreValidated() {
        runner.assertValid();
        runner.setProperty(ReplayFailures.MAX_REPLAYS, "0");
        runner.assertNotValid();
        runner.setProperty(ReplayFailures.MAX_REPLAYS, "1");
        runner.setProperty(ReplayFailures.MAX_FAILURES_PER_RUN, "many");
        runner.assertNotValid();
    }

    @Test
    void withAnIncomingConnectionItWaitsForATrigger() {
        runner.setIncomingConnection(true);
        runner.run();
        runner.assertTransferCount(ReplayFailures.REL_SUCCESS, 0);
        assertTrue(runner.getLogger().getErrorMessages().isEmpty(), "the failure database was not contacted");
    }

    @Test
    void aTriggerWaitsInTheQueueWhileTheFailureDatabaseIsDown() {
        runner.setIncomingConnection(true);
        runner.enqueue("", Map.of("replay.table", "trades"));
        runner.run();
        assertEquals(1, runner.getQueueSize().getObjectCount());
        assertEquals(1, runner.getPenalizedFlowFiles().size());
        runner.assertTransferCount(ReplayFailures.REL_FAILURE, 0);
    }

    @Test
    void aScheduledRunReportsTheOutageAndEmitsNothing() {
        runner.setIncomingConnection(false);
        runner.run();
        runner.assertTransferCount(ReplayFailures.REL_SUCCESS, 0);
        assertTrue(runner.getLogger().getErrorMessages().stream().anyMatch(message -> message.getMsg().contains("nothing was replayed")));
    }

    @Test
    void aFilterThatIsNotAConditionOnTheFailureTableIsInvalid() {
        runner.setProperty(ReplayFailures.REPLAY_FILTER, "target_table = 'trades' AND error_code IN ('27', '49')");
        runner.assertValid();
        runner.setProperty(ReplayFailures.REPLAY_FILTER, "target_table = 'x') OR (1 = 1");
        runner.assertNotValid();
        runner.setProperty(ReplayFailures.REPLAY_FILTER, "target_table IN (SELECT name FROM system.tables)");
        runner.assertNotValid();
        runner.setProperty(ReplayFailures.REPLAY_FILTER, "target_table = '${replay.table}'");
        runner.assertValid();
    }

    @Test
    void whileAnotherNodeHoldsTheReplayLeaseNothingIsSelected() throws Exception {
        // Node B is replaying (its lease, in cluster state, runs for another few minutes).
        runner.getStateManager().setState(Map.of("replay.lease", "other-node|" + (System.currentTimeMillis() + 300_000)),
                org.apache.nifi.components.state.Scope.CLUSTER);
        runner.setIncomingConnection(true);
        runner.enqueue("", Map.of("replay.table", "trades"));
        runner.run();
        assertEquals(1, runner.getQueueSize().getObjectCount(), "the trigger waits");
        assertEquals(1, runner.getPenalizedFlowFiles().size());
        assertTrue(runner.getLogger().getErrorMessages().isEmpty(), "the failure database was not even contacted");
    }
}
