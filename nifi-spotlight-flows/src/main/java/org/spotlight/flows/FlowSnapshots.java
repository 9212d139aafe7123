package org.spotlight.flows;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes flow snapshots the way NiFi's Git flow registry clients do: nulls left out, properties in
 * alphabetical order, indented, so that a flow stored by NiFi and one generated here diff cleanly.
 */
public final class FlowSnapshots {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private FlowSnapshots() {
    }

    public static String toJson(final RegisteredFlowSnapshot snapshot) {
        try {
            return MAPPER.writeValueAsString(snapshot) + "\n";
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RegisteredFlowSnapshot read(final Path file) {
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read flow definition " + file, e);
        }
    }

    public static RegisteredFlowSnapshot fromJson(final String json) {
        try {
            return MAPPER.readValue(json, RegisteredFlowSnapshot.class);
        } catch (final IOException e) {
            throw new UncheckedIOException("not a flow definition: " + e.getMessage(), e);
        }
    }

    /** The flow definition file of a flow: {@code <repository path>/<bucket>/<flow id>.json}. */
    public static Path file(final Path flowsDirectory, final String flowId) {
        return flowsDirectory.resolve(SpotlightFlows.BUCKET).resolve(flowId + ".json");
    }
}
