package org.spotlight.flows.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The parts of NiFi's REST API that the UI uses to import, configure, run and remove a flow, for a NiFi without
 * login (the local stack) or a NiFi cluster that authenticates clients by certificate (the local cluster). Every call fails
 * loudly with NiFi's own answer.
 * <p>
 * With several URLs (comma-separated, one per cluster node) a call that cannot reach a node goes to the next one, as a
 * load balancer in front of a cluster would: any connected node answers for the whole cluster.
 */
public final class NiFiApi {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT_ID = "spotlight";

    /** The client certificate (PKCS12) and trust store for a NiFi on HTTPS, and their password, from the environment. */
    public static final String CLIENT_KEYSTORE = "NIFI_CLIENT_KEYSTORE";
    public static final String TRUSTSTORE = "NIFI_TRUSTSTORE";
    public static final String TLS_PASSWORD = "NIFI_CLIENT_KEYSTORE_PASSWORD";

    private final List<String> baseUrls;
    private volatile int current;
    private final HttpClient http;

    public NiFiApi(final String nifiUrls) {
        this.baseUrls = java.util.Arrays.stream(nifiUrls.split(",")).map(String::strip).filter(url -> !url.isEmpty())
                .map(url -> url.replaceAll("/+$", "") + "/nifi-api").toList();
        final HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (baseUrls.stream().anyMatch(url -> url.startsWith("https:"))) {
            builder.sslContext(clientTls());
        }
        this.http = builder.build();
    }

    /** TLS with the client certificate NIFI_CLIENT_KEYSTORE, trusting the CA in NIFI_TRUSTSTORE. */
    private static javax.net.ssl.SSLContext clientTls() {
        final String keystore = System.getenv(CLIENT_KEYSTORE);
        final String truststore = System.getenv(TRUSTSTORE);
        final String password = System.getenv(TLS_PASSWORD);
        if (keystore == null || truststore == null || password == null) {
            throw new IllegalStateException("NiFi on HTTPS needs " + CLIENT_KEYSTORE + ", " + TRUSTSTORE + " and " + TLS_PASSWORD
                    + " (./spotlight exports them for the local cluster)");
        }
        try {
            final java.security.KeyStore keys = java.security.KeyStore.getInstance(java.nio.file.Path.of(keystore).toFile(), password.toCharArray());
            final java.security.KeyStore trusted = java.security.KeyStore.getInstance(java.nio.file.Path.of(truststore).toFile(), password.toCharArray());
            final javax.net.ssl.KeyManagerFactory keyManagers = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password.toCharArray());
            final javax.net.ssl.TrustManagerFactory trustManagers = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trusted);
            final javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read the NiFi client certificate " + keystore + " or trust store " + truststore, e);
        } catch (final java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the NiFi client certificate " + keystore + ": " + e.getMessage(), e);
        }
    }

    private String baseUrl() {
        return baseUrls.get(current);
    }

    public JsonNode get(final String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public JsonNode post(final String path, final JsonNode body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    public JsonNode put(final String path, final JsonNode body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    public JsonNode delete(final String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    public String rootGroupId() {
        return get("/flow/process-groups/root").path("processGroupFlow").path("id").asText();
    }

    /** Uploads a flow definition as a new process group, like the UI's "Upload flow definition". */
    public String uploadFlow(final String parentGroupId, final String groupName, final byte[] flowDefinition, final double x, final double y) {
        final String boundary = "spotlight-" + UUID.randomUUID();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final Map<String, String> fields = Map.of("groupName", groupName, "positionX", String.valueOf(x), "positionY", String.valueOf(y),
                "clientId", CLIENT_ID, "disconnectedNodeAcknowledged", "false");
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
                + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + groupName
                + ".json\"\r\nContent-Type: application/json\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(flowDefinition);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        final JsonNode created = send(HttpRequest.newBuilder(uri("/process-groups/" + parentGroupId + "/process-groups/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        return created.path("id").asText();
    }

    /**
     * The bundle this NiFi loads a processor type from. Flow imports resolve a missing bundle version only in some
     * paths (a NAR installed moments ago can make the import ghost the component instead), so flows built for this
     * NiFi name the bundle it reports.
     */
    public org.apache.nifi.flow.Bundle processorBundle(final String type) {
        final List<JsonNode> matches = list(get("/flow/processor-types?type=" + java.net.URLEncoder.encode(type, StandardCharsets.UTF_8))
                .path("processorTypes"));
        if (matches.size() != 1) {
            throw new IllegalStateException("NiFi lists " + matches.size() + " bundles for " + type);
        }
        final JsonNode bundle = matches.getFirst().path("bundle");
        return new org.apache.nifi.flow.Bundle(bundle.path("group").asText(), bundle.path("artifact").asText(), bundle.path("version").asText());
    }

    public List<JsonNode> processors(final String groupId) {
        return list(get("/process-groups/" + groupId + "/processors").path("processors"));
    }

    public List<JsonNode> controllerServices(final String groupId) {
        return list(get("/flow/process-groups/" + groupId + "/controller-services?includeAncestorGroups=false&includeDescendantGroups=false")
                .path("controllerServices"));
    }

    public JsonNode processorByName(final String groupId, final String name) {
        return processors(groupId).stream().filter(processor -> name.equals(processor.path("component").path("name").asText()))
                .findFirst().orElseThrow(() -> new IllegalStateException("no processor named '" + name + "' in group " + groupId));
    }

    /** Sets parameter values (sensitive ones too) through a parameter context update request, and waits for it. */
    public void setParameters(final String groupId, final Map<String, String> values) {
        final String contextId = get("/process-groups/" + groupId).path("component").path("parameterContext").path("id").asText();
        final JsonNode context = get("/parameter-contexts/" + contextId);
        final ObjectNode request = JSON.createObjectNode();
        request.put("id", contextId);
        request.set("revision", context.path("revision"));
        final ObjectNode component = request.putObject("component");
        component.put("id", contextId);
        final ArrayNode parameters = component.putArray("parameters");
        for (JsonNode existing : context.path("component").path("parameters")) {
            final String name = existing.path("parameter").path("name").asText();
            if (values.containsKey(name)) {
                final ObjectNode parameter = parameters.addObject().putObject("parameter");
                parameter.put("name", name);
                parameter.put("sensitive", existing.path("parameter").path("sensitive").asBoolean());
                parameter.put("value", values.get(name));
            }
        }
        final JsonNode submitted = post("/parameter-contexts/" + contextId + "/update-requests", request);
        final String requestPath = "/parameter-contexts/" + contextId + "/update-requests/" + submitted.path("request").path("requestId").asText();
        final JsonNode done = await(requestPath, answer -> answer.path("request").path("complete").asBoolean(), Duration.ofMinutes(2));
        delete(requestPath);
        final String failure = done.path("request").path("failureReason").asText("");
        if (!failure.isEmpty() && !"null".equals(failure)) {
            throw new IllegalStateException("NiFi could not update parameter context " + contextId + ": " + failure);
        }
    }

    /** Sets properties of a group's (disabled) controller service, found by name. */
    public void setControllerServiceProperties(final String groupId, final String serviceName, final Map<String, String> properties) {
        final JsonNode service = controllerServices(groupId).stream()
                .filter(candidate -> serviceName.equals(candidate.path("component").path("name").asText())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no controller service named '" + serviceName + "' in group " + groupId));
        final ObjectNode request = JSON.createObjectNode();
        request.set("revision", service.path("revision"));
        final ObjectNode component = request.putObject("component");
        component.put("id", service.path("id").asText());
        final ObjectNode values = component.putObject("properties");
        properties.forEach(values::put);
        put("/controller-services/" + service.path("id").asText(), request);
    }

    /**
     * The provenance events of one component, with their attributes, as NiFi's provenance search returns them (at most
     * {@code maxResults}, newest first). Events are searchable a moment after they happen.
     */
    public List<JsonNode> provenanceEvents(final String componentId, final int maxResults) {
        final ObjectNode body = JSON.createObjectNode();
        final ObjectNode request = body.putObject("provenance").putObject("request");
        request.put("maxResults", maxResults);
        request.put("summarize", false);
        request.put("incrementalResults", false);
        request.putObject("searchTerms").putObject("ProcessorID").put("value", componentId).put("inverse", false);
        final JsonNode submitted = post("/provenance", body);
        final String path = "/provenance/" + submitted.path("provenance").path("id").asText();
        final JsonNode done = await(path, answer -> answer.path("provenance").path("finished").asBoolean(), Duration.ofMinutes(2));
        delete(path);
        return list(done.path("provenance").path("results").path("provenanceEvents"));
    }

    /** An event's attributes after the event, by name. */
    public static Map<String, String> attributes(final JsonNode provenanceEvent) {
        final Map<String, String> attributes = new java.util.TreeMap<>();
        for (JsonNode attribute : provenanceEvent.path("attributes")) {
            attributes.put(attribute.path("name").asText(), attribute.path("value").isNull() ? null : attribute.path("value").asText());
        }
        return attributes;
    }

    /** Enables every controller service of a group and waits until they are all ENABLED. */
    public void enableControllerServices(final String groupId) {
        final ObjectNode request = JSON.createObjectNode().put("id", groupId).put("state", "ENABLED");
        put("/flow/process-groups/" + groupId + "/controller-services", request);
        await("/flow/process-groups/" + groupId + "/controller-services?includeAncestorGroups=false",
                answer -> list(answer.path("controllerServices")).stream()
                        .allMatch(service -> "ENABLED".equals(service.path("component").path("state").asText())),
                Duration.ofMinutes(2));
    }

    public void disableControllerServices(final String groupId) {
        final ObjectNode request = JSON.createObjectNode().put("id", groupId).put("state", "DISABLED");
        put("/flow/process-groups/" + groupId + "/controller-services", request);
        await("/flow/process-groups/" + groupId + "/controller-services?includeAncestorGroups=false",
                answer -> list(answer.path("controllerServices")).stream()
                        .allMatch(service -> "DISABLED".equals(service.path("component").path("state").asText())),
                Duration.ofMinutes(2));
    }

    /** Starts (RUNNING) or stops (STOPPED) every processor of a group. */
    public void setGroupState(final String groupId, final String state) {
        put("/flow/process-groups/" + groupId, JSON.createObjectNode().put("id", groupId).put("state", state));
    }

    public void setProcessorState(final String processorId, final String state) {
        final JsonNode processor = get("/processors/" + processorId);
        final ObjectNode request = JSON.createObjectNode();
        request.set("revision", processor.path("revision"));
        request.put("state", state);
        put("/processors/" + processorId + "/run-status", request);
    }

    /** Runs a processor once, as the UI's "Run Once" does (for CRON-scheduled sources). */
    public void runOnce(final String processorId) {
        setProcessorState(processorId, "RUN_ONCE");
    }

    /** The group's status snapshot: queued counts, active threads, per-processor counts. */
    public JsonNode status(final String groupId) {
        return get("/flow/process-groups/" + groupId + "/status?recursive=true").path("processGroupStatus").path("aggregateSnapshot");
    }

    /** Stops a group, disables its services, empties its queues and deletes it. */
    public void removeGroup(final String groupId) {
        setGroupState(groupId, "STOPPED");
        // A processor that was running when NiFi restarted but is invalid waits in STARTING, which the group-level stop
        // leaves alone; stopping each processor settles it.
        processors(groupId).forEach(processor -> setProcessorState(processor.path("id").asText(), "STOPPED"));
        await("/process-groups/" + groupId + "/processors", answer -> list(answer.path("processors")).stream()
                .allMatch(processor -> !"RUNNING".equals(processor.path("component").path("state").asText())
                        && processor.path("status").path("aggregateSnapshot").path("activeThreadCount").asInt() == 0), Duration.ofMinutes(2));
        disableControllerServices(groupId);
        final JsonNode emptying = post("/process-groups/" + groupId + "/empty-all-connections-requests", JSON.createObjectNode());
        final String emptyPath = "/process-groups/" + groupId + "/empty-all-connections-requests/"
                + emptying.path("dropRequest").path("id").asText();
        await(emptyPath, answer -> answer.path("dropRequest").path("finished").asBoolean(), Duration.ofMinutes(2));
        delete(emptyPath);
        // A processor that has just stopped may still count as running for a moment (409): try again for a while.
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            final long version = get("/process-groups/" + groupId).path("revision").path("version").asLong();
            try {
                delete("/process-groups/" + groupId + "?version=" + version + "&clientId=" + CLIENT_ID);
                return;
            } catch (final IllegalStateException e) {
                if (System.nanoTime() > deadline || !e.getMessage().contains(" 409 ")) {
                    throw e;
                }
                sleep(Duration.ofSeconds(2));
            }
        }
    }

    /** A FlowFile waiting in a connection: its attributes and content. */
    public record QueuedFlowFile(Map<String, String> attributes, byte[] content) {
    }

    /** The connection of a group from one processor to another, by their names. */
    public String connectionId(final String groupId, final String sourceName, final String destinationName) {
        return list(get("/process-groups/" + groupId + "/connections").path("connections")).stream()
                .filter(connection -> sourceName.equals(connection.path("component").path("source").path("name").asText())
                        && destinationName.equals(connection.path("component").path("destination").path("name").asText()))
                .map(connection -> connection.path("id").asText()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no connection from " + sourceName + " to " + destinationName));
    }

    /** The FlowFiles waiting in a connection (NiFi lists at most 100), oldest first, with their attributes and content. */
    public List<QueuedFlowFile> queuedFlowFiles(final String connectionId) {
        final JsonNode request = post("/flowfile-queues/" + connectionId + "/listing-requests", JSON.createObjectNode());
        final String path = "/flowfile-queues/" + connectionId + "/listing-requests/" + request.path("listingRequest").path("id").asText();
        final JsonNode listing = await(path, answer -> answer.path("listingRequest").path("finished").asBoolean(), Duration.ofMinutes(1));
        delete(path);
        final List<QueuedFlowFile> flowFiles = new ArrayList<>();
        for (JsonNode summary : list(listing.path("listingRequest").path("flowFileSummaries"))) {
            final String flowFilePath = "/flowfile-queues/" + connectionId + "/flowfiles/" + summary.path("uuid").asText();
            final Map<String, String> attributes = new java.util.TreeMap<>();
            final JsonNode flowFile = get(flowFilePath).path("flowFile");
            flowFile.path("attributes").properties()
                    .forEach(attribute -> attributes.put(attribute.getKey(), attribute.getValue().isNull() ? null : attribute.getValue().asText()));
            // NiFi answers 409 to a content request for a FlowFile without content.
            flowFiles.add(new QueuedFlowFile(attributes, flowFile.path("size").asLong() == 0 ? new byte[0] : bytes(flowFilePath + "/content")));
        }
        return flowFiles;
    }

    private byte[] bytes(final String path) {
        final HttpResponse<byte[]> response = exchange(HttpRequest.newBuilder(uri(path)).GET(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("NiFi answered " + response.statusCode() + " to GET " + path);
        }
        return response.body();
    }

    /** Polls a resource until the condition holds, failing with the last answer after the timeout. */
    public JsonNode await(final String path, final Predicate<JsonNode> condition, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = get(path);
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("NiFi did not reach the expected state within " + timeout + " for " + path + "; last answer: " + last);
            }
            sleep(Duration.ofMillis(500));
            last = get(path);
        }
        return last;
    }

    public static List<JsonNode> list(final JsonNode array) {
        final List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private URI uri(final String path) {
        return URI.create(baseUrl() + path);
    }

    private JsonNode send(final HttpRequest.Builder request) {
        final HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("NiFi answered " + response.statusCode() + " to " + response.request().method() + " "
                    + response.request().uri() + ": " + response.body());
        }
        try {
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (final IOException e) {
            throw new UncheckedIOException("NiFi at " + response.request().uri() + " answered no JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Sends a request to the current node; when that node cannot be reached, to the others in turn. A request that reached a
     * node whose answer was lost is sent again only if it is a GET (a POST may have taken effect).
     */
    private <T> HttpResponse<T> exchange(final HttpRequest.Builder request, final HttpResponse.BodyHandler<T> body) {
        IOException failure = null;
        for (int attempt = 0; attempt < baseUrls.size(); attempt++) {
            final int node = current;
            final HttpRequest built = request.timeout(Duration.ofMinutes(2)).build();
            try {
                return http.send(built, body);
            } catch (final java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
                failure = e;
            } catch (final IOException e) {
                if (!"GET".equals(built.method())) {
                    throw new UncheckedIOException("NiFi at " + baseUrls.get(node) + " did not answer: " + e.getMessage(), e);
                }
                failure = e;
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while talking to NiFi", e);
            }
            if (baseUrls.size() > 1) {
                current = (node + 1) % baseUrls.size();
                request.uri(URI.create(baseUrl() + built.uri().toString().substring(baseUrls.get(node).length())));
            }
        }
        throw new UncheckedIOException("NiFi at " + String.join(", ", baseUrls) + " did not answer: " + failure.getMessage(), failure);
    }

    static void sleep(final Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
