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
}
