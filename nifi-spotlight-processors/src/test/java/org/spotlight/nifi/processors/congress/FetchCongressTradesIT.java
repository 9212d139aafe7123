package org.spotlight.nifi.processors.congress;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spotlight.congress.document.RawDocument;
import org.spotlight.nifi.service.storage.S3ObjectStorageService;
import org.spotlight.storage.StoredObject;
import org.spotlight.testing.CongressSites;
import org.spotlight.testing.HouseSnapshots;
import org.spotlight.testing.LocalServices;
import org.spotlight.testing.LocalStack;
import org.spotlight.testing.SharedPtrs;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Archiving raw documents to the local stack's real S3 server (S3Proxy; MinIO in deployments) and replaying them.
 * The disclosure sites are the local stand-in {@link CongressSites}, as the build machines have no internet.
 */
class FetchCongressTradesIT {

    private CongressSites sites;
    private TestRunner runner;
    private S3ObjectStorageService storage;
    private String bucket;

    @BeforeEach
    void setUp() throws Exception {
        sites = CongressSites.start();
        runner = TestRunners.newTestRunner(FetchCongressTrades.class);
        FetchCongressTradesTest.addRecommendedWriter(runner);
        storage = LocalServices.s3(runner, "s3", null);
        bucket = LocalStack.uniqueName("it-raw").replace('_', '-');

        runner.setProperty(FetchCongressTrades.OBJECT_STORAGE, "s3");
        runner.setProperty(FetchCongressTrades.RAW_BUCKET, bucket);
        runner.setProperty(FetchCongressTrades.RAW_PREFIX, "raw/congress");
        runner.setProperty(FetchCongressTrades.SOURCES, "house-clerk, senate-efd");
        runner.setProperty(FetchCongressTrades.FILING_YEARS, "2019, 2025");
        runner.setProperty(FetchCongressTrades.HOUSE_BASE_URL, sites.baseUrl().toString());
        runner.setProperty(FetchCongressTrades.SENATE_BASE_URL, sites.baseUrl().toString());
        runner.removeProperty(FetchCongressTrades.LEGISLATORS_SOURCE);
        runner.setProperty(FetchCongressTrades.REQUEST_INTERVAL, "0 sec");
        sites.houseIndex(2025, HouseSnapshots.february());
        sites.efdRows(CongressSites.delawareRows(row -> SharedPtrs.senatePage(row.get(3).asText().replaceAll(".*/ptr/([^/]+)/.*", "$1")) != null));
    }

    @AfterEach
    void tearDown() {
        if (storage != null && runner.isControllerServiceEnabled(storage)) {
            final List<String> keys = new ArrayList<>();
            try {
                storage.listObjects(bucket, "", object -> keys.add(object.key()));
                keys.forEach(key -> storage.deleteObject(bucket, key));
            } catch (final RuntimeException ignored) {
                // The bucket may not exist when a test failed early.
            }
        }
        sites.close();
    }

    @Test
    void archivesEveryRawDocumentWithItsHashAndReplaysThemWithoutTheWeb() throws Exception {
        runner.run();
        runner.assertAllFlowFilesTransferred(FetchCongressTrades.REL_SUCCESS, 10);

        final Map<String, StoredObject> archived = new TreeMap<>();
        storage.listObjects(bucket, "raw/congress/", object -> archived.put(object.key(), object));
        assertEquals(List.of(
                "raw/congress/house/2025/20026489.pdf", "raw/congress/house/2025/20026533.pdf", "raw/congress/house/2025/20026590.pdf",
                "raw/congress/house/2025/20026638.pdf", "raw/congress/house/2025/20026647.pdf", "raw/congress/house/2025/20026701.pdf",
                "raw/congress/house/2025/20026731.pdf", "raw/congress/house/2025/2025FD.zip", "raw/congress/house/2025/8220747.pdf",
                "raw/congress/senate/2019/2f4e395e-7637-45c7-a85a-72823a87918c.html", "raw/congress/senate/2019/e356c17f-8053-4e6a-a7a4-f6507ac6d2fa.html",
                "raw/congress/senate/2019/efd-ptr-search.json", "raw/congress/senate/2025/efd-ptr-search.json"), List.copyOf(archived.keySet()));
        final StoredObject pelosi = storage.statObject(bucket, "raw/congress/house/2025/20026590.pdf").orElseThrow();
        assertEquals(RawDocument.sha256(SharedPtrs.pdfBytes("20026590")), pelosi.sha256());
        assertEquals(sites.baseUrl() + "public_disc/ptr-pdfs/2025/20026590.pdf", pelosi.userMetadata().get("source-url"));
        try (InputStream in = storage.getObject(bucket, "raw/congress/house/2025/20026590.pdf")) {
            assertArrayEquals(SharedPtrs.pdfBytes("20026590"), in.readAllBytes());
        }
        final MockFlowFile pelosiRecords = flowFile("20026590");
        pelosiRecords.assertAttributeEquals(FetchCongressTrades.RAW_URI, "s3://" + bucket + "/raw/congress/house/2025/20026590.pdf");
        final List<JsonNode> live = FetchCongressTradesTest.records(pelosiRecords);
        assertEquals("s3://" + bucket + "/raw/congress/house/2025/20026590.pdf", live.getFirst().get("raw_object_uri").asText());
        final List<String> liveRecords = allRecords();

        // Replay: a fresh processor with fresh state, the sites gone, everything read back from the bucket.
        sites.close();
        runner.clearTransferState();
        runner.getStateManager().clear(Scope.CLUSTER);
        runner.setProperty(FetchCongressTrades.DOCUMENT_ORIGIN, DocumentOrigin.REPLAY.getValue());
        runner.run();
        runner.assertAllFlowFilesTransferred(FetchCongressTrades.REL_SUCCESS, 10);
        assertEquals(liveRecords, allRecords(), "the same records, including the original fetch times");
    }

    @Test
    void replayingADocumentThatWasNeverArchivedFailsClearly() {
        runner.setProperty(FetchCongressTrades.DOCUMENT_ORIGIN, DocumentOrigin.REPLAY.getValue());
        runner.setProperty(FetchCongressTrades.SOURCES, "house-clerk");
        storage.ensureBucket(bucket);
        runner.run();
        runner.assertTransferCount(FetchCongressTrades.REL_SUCCESS, 0);
        assertTrue(runner.getLogger().getErrorMessages().stream().anyMatch(m -> m.getMsg().contains("raw/congress/house/2025/2025FD.zip")
                && m.getMsg().contains("never archived")), runner.getLogger().getErrorMessages().toString());
    }

    private MockFlowFile flowFile(final String filingId) {
        return runner.getFlowFilesForRelationship(FetchCongressTrades.REL_SUCCESS).stream()
                .filter(f -> filingId.equals(f.getAttribute(FetchCongressTrades.FILING_ID))).findFirst().orElseThrow();
    }

    private List<String> allRecords() throws Exception {
        final List<String> records = new ArrayList<>();
        for (MockFlowFile flowFile : runner.getFlowFilesForRelationship(FetchCongressTrades.REL_SUCCESS)) {
            FetchCongressTradesTest.records(flowFile).forEach(record -> records.add(record.toString()));
        }
        records.sort(Comparator.naturalOrder());
        return records;
    }
}
