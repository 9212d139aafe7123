package org.spotlight.nifi.processors.failure;

import io.minio.MinioClient;
import io.minio.RemoveBucketArgs;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.nifi.service.clickhouse.StandardClickHouseConnectionService;
import org.spotlight.nifi.service.storage.S3ObjectStorageService;
import org.spotlight.testing.HouseTrades;
import org.spotlight.testing.LocalServices;
import org.spotlight.testing.LocalStack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The failure store itself in trouble that no retry of the same insert fixes, on the local stack's real ClickHouse and
 * S3 server: a failure table dropped while the flow runs, a failure database that does not exist, a bucket deleted.
 * FlowFiles wait in the queue (never lost, never routed to failure), the processor backs off instead of spinning, the
 * cause is in a bulletin (an error logged by the processor), and what can be repaired by the processor (the table, the
 * bucket) is repaired by its next attempt.
 */
class FailureStoreTroubleIT {

    private TestRunner runner;
    private StandardClickHouseConnectionService clickHouse;
    private S3ObjectStorageService s3;
    private String database;
    private String failureTable;
    private final List<String> toDrop = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        runner = TestRunners.newTestRunner(RouteToFailureDb.class);
        clickHouse = LocalServices.clickHouse(runner, "clickhouse", null, LiveServices.CLICKHOUSE_TIMEOUTS);
        s3 = LocalServices.s3(runner, "s3", null);
        database = LocalStack.clickHouseDatabase();
        failureTable = LocalStack.uniqueName("it_trouble");
        runner.setProperty(RouteToFailureDb.CLICKHOUSE_SERVICE, "clickhouse");
        runner.setProperty(RouteToFailureDb.FAILURE_TABLE, failureTable);
        toDrop.add(ClickHouseIdentifiers.qualified(database, failureTable));
        toDrop.add(ClickHouseIdentifiers.qualified(database, failureTable + "_replays"));
    }

    @AfterEach
    void tearDown() {
        for (String table : toDrop) {
            clickHouse.execute("DROP TABLE IF EXISTS " + table, Map.of());
        }
    }

    private void enqueueFailures(final int count) {
        for (int i = 0; i < count; i++) {
            runner.enqueue(HouseTrades.jsonArray(HouseTrades.range(i, 1)), Map.of("spotlight.error.class", "permanent",
                    "spotlight.error.source", "PutClickHouseBatch", "spotlight.error.code", "CAST_FAILED"));
        }
    }

    private long storedRows() {
        return Long.parseLong(clickHouse.query("SELECT count() AS c FROM " + ClickHouseIdentifiers.qualified(database, failureTable),
                Map.of()).column("c").getFirst());
    }

    private int attempts() {
        return runner.getLogger().getWarnMessages().size() + runner.getLogger().getErrorMessages().size();
    }

    private static void sleep(final long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    @Test
    void aFailureTableDroppedWhileTheFlowRunsIsCreatedAgainAndNothingIsLost() throws Exception {
        enqueueFailures(2);
        runner.run(1, false, true);
        runner.assertAllFlowFilesTransferred(RouteToFailureDb.REL_STORED, 2);
        runner.clearTransferState();

        clickHouse.execute("DROP TABLE " + ClickHouseIdentifiers.qualified(database, failureTable), Map.of());
        enqueueFailures(3);
        runner.run(1, false, false);

        assertEquals(3, runner.getQueueSize().getObjectCount(), "waiting in the queue");
        runner.assertTransferCount(RouteToFailureDb.REL_FAILURE, 0);
        final LogMessage bulletin = runner.getLogger().getErrorMessages().getLast();
        assertTrue(bulletin.getMsg().contains("refuses every FlowFile") && bulletin.getMsg().contains("60"), bulletin.getMsg());

        runner.run(20, false, false);
        assertEquals(3, runner.getQueueSize().getObjectCount(), "no attempt while backing off: nothing spins");
        sleep(1_100);
        runner.run(1, false, false);

        runner.assertAllFlowFilesTransferred(RouteToFailureDb.REL_STORED, 3);
        assertEquals(3, storedRows(), "the table was created again and took the waiting failures");
    }

    @Test
    void aMissingFailureDatabaseKeepsFlowFilesQueuedWithABulletinAndABackoffThatGrows() throws Exception {
        final String missing = LocalStack.uniqueName("it_no_such_database");
        runner.setProperty(RouteToFailureDb.FAILURE_DATABASE, missing);
        enqueueFailures(4);

        runner.run(1, false, true);
        assertEquals(4, runner.getQueueSize().getObjectCount());
        runner.assertTransferCount(RouteToFailureDb.REL_FAILURE, 0);
        assertEquals(1, runner.getLogger().getErrorMessages().size());
        final String message = runner.getLogger().getErrorMessages().getFirst().getMsg();
        assertTrue(message.contains("refuses every FlowFile") && message.contains(missing) && message.contains("next attempt in PT1S"), message);

        runner.run(50, false, false);
        assertEquals(1, attempts(), "within the backoff the store is left alone");
        sleep(1_100);
        runner.run(1, false, false);
        assertEquals(2, attempts());
        assertTrue(runner.getLogger().getErrorMessages().getLast().getMsg().contains("next attempt in PT2S"), "the wait doubles");
        assertEquals(4, runner.getQueueSize().getObjectCount());

        clickHouse.execute("CREATE DATABASE " + ClickHouseIdentifiers.quote(missing), Map.of());
        try {
            sleep(2_100);
            runner.run(1, false, false);
            runner.assertAllFlowFilesTransferred(RouteToFailureDb.REL_STORED, 4);
        } finally {
            clickHouse.execute("DROP DATABASE IF EXISTS " + ClickHouseIdentifiers.quote(missing), Map.of());
        }
    }

    @Test
    void aDeletedFailureBucketIsCreatedAgainByTheNextAttempt() throws Exception {
        final String bucket = LocalStack.uniqueName("it-trouble").replace('_', '-');
        runner.setProperty(RouteToFailureDb.OBJECT_STORAGE_SERVICE, "s3");
        runner.setProperty(RouteToFailureDb.FAILURE_BUCKET, bucket);
        runner.setProperty(RouteToFailureDb.INLINE_PAYLOAD_LIMIT, "1 B");
        enqueueFailures(1);
        runner.run(1, false, true);
        runner.assertAllFlowFilesTransferred(RouteToFailureDb.REL_STORED, 1);
        runner.clearTransferState();

        final List<String> keys = new ArrayList<>();
        s3.listObjects(bucket, "", object -> keys.add(object.key()));
        keys.forEach(key -> s3.deleteObject(bucket, key));
        MinioClient.builder().endpoint(LocalStack.s3Endpoint()).region(LocalStack.s3Region())
                .credentials(LocalStack.s3AccessKey(), LocalStack.s3SecretKey()).build()
                .removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
        enqueueFailures(2);
        runner.run(1, false, false);
        assertEquals(2, runner.getQueueSize().getObjectCount(), "waiting in the queue");
        assertTrue(runner.getLogger().getErrorMessages().getLast().getMsg().contains("refuses every FlowFile"),
                runner.getLogger().getErrorMessages().getLast().getMsg());

        sleep(1_100);
        runner.run(1, false, false);
        runner.assertAllFlowFilesTransferred(RouteToFailureDb.REL_STORED, 2);
        final List<String> after = new ArrayList<>();
        s3.listObjects(bucket, "", object -> after.add(object.key()));
        assertEquals(2, after.size(), "the bucket is back, with the two payloads");
    }
}
