package org.spotlight.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spotlight.flows.local.LocalPipeline;
import org.spotlight.flows.local.NiFiApi;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each shipped flow definition uploaded, as is, into the real NiFi 2.3.0 of the local stack (the UI's "Upload flow
 * definition"): NiFi's Kafka NARs are not obtainable on the build machines, so exactly the stock Kafka components
 * must be missing, and nothing else; once the parameters are filled and the services enabled, every Spotlight
 * processor and service is VALID.
 */
class FlowImportIT {

    private static final Set<String> KAFKA_TYPES = Set.of("org.apache.nifi.kafka.processors.ConsumeKafka",
            "org.apache.nifi.kafka.processors.PublishKafka", "org.apache.nifi.kafka.service.Kafka3ConnectionService");

    @ParameterizedTest
    @ValueSource(strings = {SpotlightFlows.PRODUCER, SpotlightFlows.KAFKA_TO_CLICKHOUSE})
    void importsWithOnlyTheKafkaComponentsMissingAndEverySpotlightComponentValid(final String flowId) throws Exception {
        final NiFiApi nifi = TestStack.nifiWithSpotlight();
        final String group = nifi.uploadFlow(nifi.rootGroupId(), "flow-import-it " + flowId + " " + System.currentTimeMillis(),
                Files.readAllBytes(FlowSnapshots.file(BuiltNars.PROJECT_ROOT.resolve("flows"), flowId)), 0, 800);
        try {
            final List<JsonNode> processors = nifi.processors(group);
            final List<JsonNode> services = nifi.controllerServices(group);
            final Set<String> missing = new TreeSet<>();
            final Set<String> expectedMissing = new TreeSet<>();
            for (JsonNode component : concat(processors, services)) {
                final String type = component.path("component").path("type").asText();
                if (component.path("component").path("extensionMissing").asBoolean()) {
                    missing.add(type);
                }
                if (KAFKA_TYPES.contains(type)) {
                    expectedMissing.add(type);
                }
            }
            assertEquals(expectedMissing, missing, "exactly the stock Kafka components are missing from the local NiFi");

            // Only parameters the Kafka components do not use: NiFi treats every property of a missing component as
            // sensitive, and a sensitive reference makes a non-sensitive parameter read-only.
            final LocalPipeline.Stack stack = TestStack.settings();
            nifi.setParameters(group, Map.of("CLICKHOUSE_URL", stack.clickHouseUrl(), "CLICKHOUSE_USER", stack.clickHouseUser(),
                    "CLICKHOUSE_PASSWORD", stack.clickHousePassword(), "CLICKHOUSE_DATABASE", stack.clickHouseDatabase(),
                    "S3_ENDPOINT", stack.s3Endpoint(), "S3_ACCESS_KEY", stack.s3AccessKey(), "S3_SECRET_KEY", stack.s3SecretKey()));
            for (JsonNode service : services) {
                if (!service.path("component").path("extensionMissing").asBoolean()) {
                    enable(nifi, service.path("id").asText());
                }
            }

            final Map<String, String> invalid = new TreeMap<>();
            for (JsonNode component : concat(nifi.processors(group), nifi.controllerServices(group))) {
                final JsonNode details = component.path("component");
                if (details.path("type").asText().startsWith("org.spotlight.")) {
                    final String status = awaitValidation(nifi, component);
                    if (!"VALID".equals(status)) {
                        invalid.put(details.path("name").asText(), status + " " + details.path("validationErrors"));
                    }
                }
            }
            assertEquals(Map.of(), invalid, "Spotlight components that are not VALID");
            assertTrue(processors.stream().anyMatch(processor -> processor.path("component").path("type").asText().startsWith("org.spotlight.")));
        } finally {
            nifi.removeGroup(group);
        }
    }

    private static void enable(final NiFiApi nifi, final String serviceId) {
        final JsonNode current = nifi.get("/controller-services/" + serviceId);
        final ObjectNode runStatus = NiFiApi.JSON.createObjectNode();
        runStatus.set("revision", current.path("revision"));
        runStatus.put("state", "ENABLED");
        nifi.put("/controller-services/" + serviceId + "/run-status", runStatus);
        nifi.await("/controller-services/" + serviceId, service -> "ENABLED".equals(service.path("component").path("state").asText()),
                Duration.ofMinutes(1));
    }

    /** NiFi validates asynchronously; a component reads VALIDATING until it has. */
    private static String awaitValidation(final NiFiApi nifi, final JsonNode component) {
        final String path = component.has("revision") && component.path("component").has("relationships")
                ? "/processors/" + component.path("id").asText() : "/controller-services/" + component.path("id").asText();
        return nifi.await(path, answer -> !"VALIDATING".equals(answer.path("component").path("validationStatus").asText()), Duration.ofMinutes(1))
                .path("component").path("validationStatus").asText();
    }

    private static List<JsonNode> concat(final List<JsonNode> first, final List<JsonNode> second) {
        final List<JsonNode> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
