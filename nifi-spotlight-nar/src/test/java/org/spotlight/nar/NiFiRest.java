package org.spotlight.nar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** A minimal client for NiFi's REST API, as the UI uses it (anonymous access on the local stack). */
final class NiFiRest {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    NiFiRest(final String nifiUrl) {
        this.baseUrl = nifiUrl.replaceAll("/+$", "") + "/nifi-api";
    }

    JsonNode get(final String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    JsonNode post(final String path, final JsonNode body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    JsonNode put(final String path, final JsonNode body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    JsonNode delete(final String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
    }

    /** Polls a resource until the condition holds, failing with the last answer after the timeout. */
    JsonNode await(final String path, final Predicate<JsonNode> condition, final Duration timeout) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = get(path);
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout + " for " + path + "; last answer: " + last);
            }
            Thread.sleep(500);
            last = get(path);
        }
        return last;
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static ObjectNode revision(final long version) {
        final ObjectNode revision = object();
        revision.put("version", version);
        revision.put("clientId", "spotlight-it");
        return revision;
    }

    private JsonNode send(final HttpRequest.Builder request) throws IOException, InterruptedException {
        final HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError("NiFi answered " + response.statusCode() + " to " + response.request().method() + " "
                    + response.request().uri() + ": " + response.body());
        }
        return response.body().isEmpty() ? object() : JSON.readTree(response.body());
    }
}
