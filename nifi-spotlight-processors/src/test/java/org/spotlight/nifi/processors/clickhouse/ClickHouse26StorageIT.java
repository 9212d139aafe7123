package org.spotlight.nifi.processors.clickhouse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.storage.StoredObject;
import org.spotlight.storage.s3.S3Storage;
import org.spotlight.testing.LocalClickHouse;
import org.spotlight.testing.LocalStack;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ClickHouse tables on S3 with the deployment's own storage configuration (nomad/clickhouse/storage.xml.tftpl, rendered
 * by terraform and loaded by the stack's 26.x engine, pointed at the stack's S3 server): PutClickHouseBatch creates
 * tables with each shipped policy and loads them; the parts are objects in the ClickHouse bucket, under this server's
 * prefix; the tables keep every row across an engine restart; hot_to_s3 puts parts where its TTL says.
 */
class ClickHouse26StorageIT {

    private static final int FLOWFILES = 4;
    private static final int RECORDS = 2_500;

    private ClickHouseFixture fixture;
    private S3Storage s3;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ClickHouseFixture();
        s3 = new S3Storage(new S3Storage.Settings(LocalStack.s3Endpoint(), LocalStack.s3Region(), LocalStack.s3AccessKey(), LocalStack.s3SecretKey(),
                true, null, null, Duration.ofSeconds(30), 16L * 1024 * 1024));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
        s3.close();
    }

    /** Loads FLOWFILES x RECORDS trades, traded on {@code day}, through PutClickHouseBatch into a table it creates with the policy. */
    private void load(final String table, final String policy, final int from, final LocalDate day) {
        fixture.runner.clearTransferState();
        fixture.runner.setProperty(PutClickHouseBatch.TABLE, table);
        fixture.runner.setProperty(PutClickHouseBatch.CREATE_TABLE, "true");
        fixture.runner.setProperty(PutClickHouseBatch.ORDER_BY, "id");
        fixture.runner.setProperty(PutClickHouseBatch.STORAGE_POLICY, policy);
        fixture.readerProperty("Date Format", "yyyy-MM-dd");
        for (int f = 0; f < FLOWFILES; f++) {
            final int first = from + f * RECORDS;
            fixture.runner.enqueue(IntStream.range(first, first + RECORDS)
                    .mapToObj(id -> "{\"id\": " + id + ", \"member\": \"Member " + id + "\", \"traded\": \"" + day + "\"}")
                    .collect(Collectors.joining("\n")), Map.of("record.count", Integer.toString(RECORDS)));
        }
        fixture.runner.run();
        fixture.assertAllSucceeded(FLOWFILES);
    }

    private List<String> disksOfActiveParts(final String table) {
        return fixture.rows("SELECT DISTINCT disk_name FROM system.parts WHERE database = '" + fixture.database + "' AND table = '" + table
                + "' AND active ORDER BY disk_name").stream().map(List::getFirst).toList();
    }

    /** The objects the table's parts are made of, as the engine names them, and whether each is in the bucket. */
    private Set<String> objectsOf(final String table) {
        // Tables of an Atomic database keep their files under store/<prefix>/<table uuid>/.
        final String uuid = fixture.rows("SELECT toString(uuid) FROM system.tables WHERE database = '" + fixture.database + "' AND name = '" + table + "'")
                .getFirst().getFirst();
        final List<List<String>> paths = fixture.rows("SELECT DISTINCT remote_path FROM system.remote_data_paths WHERE disk_name = 's3'"
                + " AND local_path LIKE '%/" + uuid + "/%'");
        final Set<String> keys = new HashSet<>();
        for (List<String> path : paths) {
            keys.add(path.getFirst());
        }
        return keys;
    }

    private Set<String> bucketKeys() {
        final Set<String> keys = new HashSet<>();
        s3.list(bucket(), member() + "/", (StoredObject object) -> keys.add(object.key()));
        return keys;
    }

    private static String bucket() {
        return System.getenv().getOrDefault("S3_BUCKET_CLICKHOUSE", "spotlight-clickhouse");
    }

    private static String member() {
        return System.getenv().getOrDefault("CLICKHOUSE_MODERN_MEMBER", "clickhouse-modern");
    }

    @Test
    void s3MainKeepsEveryPartInTheBucketAndTheTableSurvivesARestartWithEveryRow() {
        assumeTrue(LocalClickHouse.isLocalStack(), "the restart needs the stack's own engine");
        final String table = fixture.table("it26_s3_main");
        load(table, "s3_main", 0, LocalDate.of(2024, 3, 1));

        assertEquals(List.of(List.of("s3_main")), fixture.rows("SELECT storage_policy FROM system.tables WHERE database = '" + fixture.database
                + "' AND name = '" + table + "'"));
        assertEquals(List.of("s3_cache"), disksOfActiveParts(table), "s3_main: the S3 disk, read through its cache");
        final Set<String> objects = objectsOf(table);
        assertTrue(objects.size() >= FLOWFILES, "the parts' files are objects: " + objects.size());
        final Set<String> inBucket = bucketKeys();
        final List<String> missing = new ArrayList<>(objects);
        missing.removeAll(inBucket);
        assertEquals(List.of(), missing, "every object the parts name is in bucket " + bucket() + " under " + member() + "/");

        LocalClickHouse.stop();
        LocalClickHouse.start();

        assertEquals(List.of(List.of(Integer.toString(FLOWFILES * RECORDS), Integer.toString(FLOWFILES * RECORDS))),
                fixture.rows("SELECT count(), uniqExact(id) FROM " + table), "every row after the restart");
        assertEquals(List.of("s3_cache"), disksOfActiveParts(table));
        assertTrue(objectsOf(table).containsAll(objects), "the parts are read from the same objects (the engine may add a log object on boot)");
    }

    @Test
    void hotToS3KeepsNewPartsLocalAndPutsPartsOnS3AsTheTtlSays() {
        final String table = fixture.table("it26_hot_to_s3");
        load(table, "hot_to_s3", 0, LocalDate.now());
        assertEquals(List.of("default"), disksOfActiveParts(table), "new parts on the hot (local) volume");

        // The operator's TTL: trades older than 90 days belong on the cold volume, which is S3.
        fixture.execute("ALTER TABLE " + table + " MODIFY TTL assumeNotNull(traded) + INTERVAL 90 DAY TO VOLUME 'cold'");
        load(table, "hot_to_s3", FLOWFILES * RECORDS, LocalDate.of(2020, 11, 10));

        assertEquals(List.of(List.of("cold", "s3_cache", Integer.toString(FLOWFILES * RECORDS)), List.of("hot", "default", Integer.toString(FLOWFILES * RECORDS))),
                fixture.rows("SELECT if(disk_name = 'default', 'hot', 'cold') AS volume, disk_name, sum(rows) FROM system.parts WHERE database = '"
                        + fixture.database + "' AND table = '" + table + "' AND active GROUP BY disk_name ORDER BY volume"));
        assertEquals(List.of(List.of("2020-11-10", Integer.toString(FLOWFILES * RECORDS))), fixture.rows("SELECT min(traded), count() FROM " + table
                + " WHERE _part IN (SELECT name FROM system.parts WHERE table = '" + table + "' AND active AND disk_name = 's3_cache')"));
        assertTrue(!objectsOf(table).isEmpty());
    }
}
