package org.spotlight.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spotlight.flows.local.NiFiApi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deploys the NARs this build produced into the real NiFi 2.3.0 of the local stack, with the same command
 * operators use ({@code ./spotlight deploy}, NiFi's NAR Manager), then proves through the REST API that every
 * Spotlight component is known, can be placed on the canvas without {@code extensionMissing}, and that the
 * ClickHouse connection service verifies and enables against the real ClickHouse.
 */
class NiFiDeploymentIT {

    private static final String CLICKHOUSE_SERVICE = "org.spotlight.nifi.service.clickhouse.StandardClickHouseConnectionService";

    private static NiFiApi nifi;
    private static String processGroupId;
    private static Attributes narManifest;

    @BeforeAll
    static void deploy() throws Exception {
        nifi = TestStack.nifiWithSpotlight();
        narManifest = BuiltNars.manifest(BuiltNars.spotlightNar()).getMainAttributes();

        final String root = nifi.rootGroupId();
        final ObjectNode group = NiFiApi.JSON.createObjectNode();
        group.set("revision", revision(0));
        group.putObject("component").put("name", "spotlight-deployment-it-" + System.currentTimeMillis())
                .putObject("position").put("x", 0).put("y", 0);
        processGroupId = nifi.post("/process-groups/" + root + "/process-groups", group).path("id").asText();
    }

    @AfterAll
    static void removeProcessGroup() {
        if (processGroupId != null) {
            nifi.removeGroup(processGroupId);
        }
    }

    @Test
    void everySpotlightComponentIsListedWithOurBundle() throws Exception {
        final List<BuiltNars.Extension> extensions = BuiltNars.extensions(BuiltNars.spotlightNar());
        assertFalse(extensions.isEmpty());
        final JsonNode processorTypes = nifi.get("/flow/processor-types").path("processorTypes");
        final JsonNode serviceTypes = nifi.get("/flow/controller-service-types").path("controllerServiceTypes");
        for (BuiltNars.Extension extension : extensions) {
            final JsonNode types = extension.kind().equals("PROCESSOR") ? processorTypes : serviceTypes;
            final JsonNode listed = StreamSupport.stream(types.spliterator(), false)
                    .filter(type -> type.path("type").asText().equals(extension.type()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(extension.type() + " is not listed by NiFi"));
            assertEquals(expectedBundle(), bundleOf(listed), extension.type());
        }
    }

    @Test
    void everySpotlightComponentCanBeAddedWithoutExtensionMissing() throws Exception {
        final List<String> missing = new ArrayList<>();
        int position = 0;
        for (BuiltNars.Extension extension : BuiltNars.extensions(BuiltNars.spotlightNar())) {
            final ObjectNode request = NiFiApi.JSON.createObjectNode();
            request.set("revision", revision(0));
            final ObjectNode component = request.putObject("component");
            component.put("type", extension.type());
            component.set("bundle", NiFiApi.JSON.valueToTree(expectedBundle()));
            final JsonNode created;
            if (extension.kind().equals("PROCESSOR")) {
                component.putObject("position").put("x", 400 * position++).put("y", 200);
                created = nifi.post("/process-groups/" + processGroupId + "/processors", request);
            } else {
                created = nifi.post("/process-groups/" + processGroupId + "/controller-services", request);
            }
            if (created.path("component").path("extensionMissing").asBoolean(true)) {
                missing.add(extension.type());
            }
        }
        assertEquals(List.of(), missing, "components NiFi could not load from our NAR");
    }

    @Test
    void clickHouseServiceVerifiesAndEnablesAgainstTheRealServer() throws Exception {
        final ObjectNode request = NiFiApi.JSON.createObjectNode();
        request.set("revision", revision(0));
        request.putObject("component").put("type", CLICKHOUSE_SERVICE).set("bundle", NiFiApi.JSON.valueToTree(expectedBundle()));
        final JsonNode created = nifi.post("/process-groups/" + processGroupId + "/controller-services", request);
        final String serviceId = created.path("id").asText();

        final Map<String, String> properties = Map.of(
                "ClickHouse URLs", TestStack.settings().clickHouseUrl(),
                "Username", TestStack.settings().clickHouseUser(),
                "Password", TestStack.settings().clickHousePassword(),
                "Database", TestStack.settings().clickHouseDatabase());
        final ObjectNode update = NiFiApi.JSON.createObjectNode();
        update.set("revision", created.path("revision"));
        final ObjectNode component = update.putObject("component").put("id", serviceId);
        component.set("properties", NiFiApi.JSON.valueToTree(properties));
        final JsonNode updated = nifi.put("/controller-services/" + serviceId, update);
        assertEquals("********", updated.path("component").path("properties").path("Password").asText(),
                "NiFi must mask the sensitive Password property");

        final List<JsonNode> steps = verify(serviceId, properties);
        // NiFi runs its own property validation first, then the service's verify().
        assertEquals(List.of("Perform Validation", "Connect", "Server version and capabilities", "Database", "Server settings"),
                steps.stream().map(step -> step.path("verificationStepName").asText()).toList());
        assertEquals(List.of("SUCCESSFUL", "SUCCESSFUL", "SUCCESSFUL", "SUCCESSFUL", "SKIPPED"),
                steps.stream().map(step -> step.path("outcome").asText()).toList(), steps.toString());
        assertTrue(steps.get(2).path("explanation").asText().startsWith("ClickHouse "), steps.toString());

        setServiceState(serviceId, "ENABLED");
        final JsonNode enabled = nifi.await("/controller-services/" + serviceId,
                service -> "ENABLED".equals(service.path("component").path("state").asText()), Duration.ofSeconds(60));
        assertEquals("VALID", enabled.path("component").path("validationStatus").asText(), enabled.toString());
    }

    private static List<JsonNode> verify(final String serviceId, final Map<String, String> properties) throws Exception {
        final ObjectNode body = NiFiApi.JSON.createObjectNode();
        final ObjectNode request = body.putObject("request");
        request.put("componentId", serviceId);
        request.set("properties", NiFiApi.JSON.valueToTree(properties));
        request.putObject("attributes");
        final JsonNode submitted = nifi.post("/controller-services/" + serviceId + "/config/verification-requests", body);
        final String requestPath = "/controller-services/" + serviceId + "/config/verification-requests/"
                + submitted.path("request").path("requestId").asText();
        final JsonNode done = nifi.await(requestPath, answer -> answer.path("request").path("complete").asBoolean(), Duration.ofSeconds(60));
        nifi.delete(requestPath);
        final List<JsonNode> steps = new ArrayList<>();
        done.path("request").path("results").forEach(steps::add);
        return steps;
    }

    private static void setServiceState(final String serviceId, final String state) {
        final JsonNode current = nifi.get("/controller-services/" + serviceId);
        final ObjectNode runStatus = NiFiApi.JSON.createObjectNode();
        runStatus.set("revision", current.path("revision"));
        runStatus.put("state", state);
        nifi.put("/controller-services/" + serviceId + "/run-status", runStatus);
        if (state.equals("DISABLED")) {
            nifi.await("/controller-services/" + serviceId,
                    service -> "DISABLED".equals(service.path("component").path("state").asText()), Duration.ofSeconds(60));
        }
    }

    private static ObjectNode revision(final long version) {
        return NiFiApi.JSON.createObjectNode().put("version", version).put("clientId", "spotlight-it");
    }

    private static Map<String, String> expectedBundle() {
        return Map.of("group", narManifest.getValue("Nar-Group"), "artifact", narManifest.getValue("Nar-Id"),
                "version", narManifest.getValue("Nar-Version"));
    }

    private static Map<String, String> bundleOf(final JsonNode listed) {
        final JsonNode bundle = listed.path("bundle");
        return Map.of("group", bundle.path("group").asText(), "artifact", bundle.path("artifact").asText(),
                "version", bundle.path("version").asText());
    }

}
