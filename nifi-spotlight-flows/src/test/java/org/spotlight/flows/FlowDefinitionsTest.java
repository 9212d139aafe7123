package org.spotlight.flows;

import org.apache.nifi.flow.VersionedConfigurableExtension;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedControllerService;
import org.apache.nifi.flow.VersionedParameter;
import org.apache.nifi.flow.VersionedParameterContext;
import org.apache.nifi.flow.VersionedProcessGroup;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flow definitions operators import (flows/spotlight/*.json) checked without NiFi: they are what the code
 * generates, in the format NiFi's Git registry clients store, every Spotlight component matches the NAR this build
 * produced, every relationship goes somewhere on purpose, and no secret travels in them.
 */
class FlowDefinitionsTest {

    private static final Path FLOWS = BuiltNars.PROJECT_ROOT.resolve("flows");
    private static final Pattern PARAMETER_REFERENCE = Pattern.compile("#\\{([^}]+)}");

    /**
     * Relationships of the stock components the flows use, from NiFi 2.3.0's source (their NARs are not all available
     * here): PublishKafka and ConsumeKafka in nifi-kafka-processors. ConsumeKafka has "parse failure" only with a Record Reader.
     */
    private static List<String> stockRelationships(final VersionedProcessor processor) {
        return switch (processor.getType()) {
            case "org.apache.nifi.kafka.processors.PublishKafka" -> List.of("success", "failure");
            case "org.apache.nifi.kafka.processors.ConsumeKafka" -> processor.getProperties().get("Record Reader") == null
                    ? List.of("success") : List.of("success", "parse failure");
            // Route to Property name: "unmatched", and one relationship per dynamic property ("defined").
            case "org.apache.nifi.processors.standard.RouteOnAttribute" -> List.of("unmatched", "defined");
            default -> null;
        };
    }

    /** What NiFi gives a processor whose manifest lists no default settings. */
    private static final String NIFI_DEFAULT_YIELD_DURATION = "1 sec";

    private static Map<String, BuiltNars.Extension> extensions;
    private static Attributes narManifest;

    @BeforeAll
    static void readNar() throws Exception {
        extensions = BuiltNars.extensions(BuiltNars.spotlightNar()).stream()
                .collect(Collectors.toMap(BuiltNars.Extension::type, Function.identity()));
        narManifest = BuiltNars.manifest(BuiltNars.spotlightNar()).getMainAttributes();
    }

    @ParameterizedTest
    @ValueSource(strings = {SpotlightFlows.PRODUCER, SpotlightFlows.KAFKA_TO_CLICKHOUSE})
    void committedFileIsWhatTheCodeGenerates(final String flowId) throws Exception {
        final String committed = Files.readString(FlowSnapshots.file(FLOWS, flowId), StandardCharsets.UTF_8);
        assertEquals(FlowSnapshots.toJson(SpotlightFlows.all().get(flowId)), committed,
                "flows/ is out of date with SpotlightFlows: run ./spotlight flows and commit the result");
    }

    @ParameterizedTest
    @ValueSource(strings = {SpotlightFlows.PRODUCER, SpotlightFlows.KAFKA_TO_CLICKHOUSE})
    void isAFlowSnapshotAsNiFisGitRegistryClientsStoreIt(final String flowId) throws Exception {
        try (Stream<Path> buckets = Files.list(FLOWS)) {
            assertEquals(List.of(SpotlightFlows.BUCKET), buckets.filter(Files::isDirectory).map(path -> path.getFileName().toString()).toList(),
                    "flows/ is the registry's repository path: its directories are buckets");
        }
        final RegisteredFlowSnapshot flow = FlowSnapshots.read(FlowSnapshots.file(FLOWS, flowId));
        assertEquals("1.0", flow.getFlowEncodingVersion());
        assertEquals(flowId, flow.getFlow().getIdentifier(), "the registry clients name a flow after its file");
        assertEquals(flowId, flow.getSnapshotMetadata().getFlowIdentifier());
        final VersionedProcessGroup group = flow.getFlowContents();
        assertEquals(FlowBuilder.TOP_GROUP_ID, group.getIdentifier());
        assertTrue(group.getProcessGroups().isEmpty());
        assertTrue(flow.getExternalControllerServices().isEmpty(), "controller services live inside the flow");
        final VersionedParameterContext context = flow.getParameterContexts().get(group.getParameterContextName());
        assertNotNull(context, "the group's parameter context is part of the snapshot");
        final Set<String> defined = context.getParameters().stream().map(VersionedParameter::getName).collect(Collectors.toSet());
        final Set<String> referenced = new TreeSet<>();
        components(group).forEach(component -> component.getProperties().values().forEach(value -> referenced.addAll(references(value))));
        group.getLabels().forEach(label -> referenced.addAll(references(label.getLabel())));
        assertTrue(defined.containsAll(referenced), "undefined parameters: " + difference(referenced, defined));
        assertTrue(referenced.containsAll(defined), "unused parameters: " + difference(defined, referenced));
        final Set<String> ids = new HashSet<>();
        components(group).forEach(component -> assertTrue(ids.add(component.getIdentifier()), "duplicate id " + component.getIdentifier()));
        final Set<String> serviceIds = group.getControllerServices().stream().map(VersionedControllerService::getIdentifier).collect(Collectors.toSet());
        components(group).forEach(component -> component.getPropertyDescriptors().forEach((name, descriptor) -> {
            if (descriptor.getIdentifiesControllerService()) {
                assertTrue(serviceIds.contains(component.getProperties().get(name)),
                        component.getName() + "." + name + " names a controller service that is not in the flow");
            }
        }));
        final Set<String> processorIds = group.getProcessors().stream().map(VersionedProcessor::getIdentifier).collect(Collectors.toSet());
        for (VersionedConnection connection : group.getConnections()) {
            assertTrue(processorIds.contains(connection.getSource().getId()) && processorIds.contains(connection.getDestination().getId()),
                    "connection " + connection.getIdentifier() + " ends outside the flow");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {SpotlightFlows.PRODUCER, SpotlightFlows.KAFKA_TO_CLICKHOUSE})
    void spotlightComponentsMatchTheBuiltNar(final String flowId) {
        final VersionedProcessGroup group = FlowSnapshots.read(FlowSnapshots.file(FLOWS, flowId)).getFlowContents();
        final List<VersionedConfigurableExtension> spotlight = components(group).stream()
                .filter(component -> component.getType().startsWith("org.spotlight.")).toList();
        assertFalse(spotlight.isEmpty());
        for (VersionedConfigurableExtension component : spotlight) {
            final String where = flowId + ": " + component.getName();
            final BuiltNars.Extension extension = extensions.get(component.getType());
            assertNotNull(extension, where + ": " + component.getType() + " is not in the built NAR");
            assertEquals(narManifest.getValue("Nar-Group"), component.getBundle().getGroup(), where);
            assertEquals(narManifest.getValue("Nar-Id"), component.getBundle().getArtifact(), where);
            assertEquals(narManifest.getValue("Nar-Version"), component.getBundle().getVersion(), where);
            if (component instanceof VersionedProcessor processor) {
                // A processor that sets its own default yield (PutClickHouseBatch's bounds how late a full batch goes out)
                // keeps it in the flows.
                assertEquals(extension.yieldDuration() != null ? extension.yieldDuration() : NIFI_DEFAULT_YIELD_DURATION,
                        processor.getYieldDuration(), where + ": yield duration");
            }
            component.getProperties().forEach((name, value) -> {
                final boolean dynamic = component.getPropertyDescriptors().get(name).isDynamic();
                assertTrue(dynamic ? extension.dynamicProperties() : extension.properties().containsKey(name),
                        where + ": property '" + name + "' is not one of " + extension.simpleName() + "'s");
                if (!dynamic) {
                    assertEquals(extension.properties().get(name).identifiesControllerService(),
                            component.getPropertyDescriptors().get(name).getIdentifiesControllerService(), where + "." + name);
                }
            });
            // Required properties count only where they apply: a property that depends on another one applies when that one has
            // a value (its default included) the dependency names.
            final Map<String, String> effective = new HashMap<>();
            extension.properties().values().stream().filter(property -> property.defaultValue() != null)
                    .forEach(property -> effective.put(property.name(), property.defaultValue()));
            component.getProperties().forEach((name, value) -> {
                if (value != null) {
                    effective.put(name, value);
                }
            });
            extension.properties().values().stream()
                    .filter(property -> property.required() && property.defaultValue() == null && property.applies(effective))
                    .forEach(property -> assertTrue(component.getProperties().get(property.name()) != null,
                            where + ": required property '" + property.name() + "' is not set"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {SpotlightFlows.PRODUCER, SpotlightFlows.KAFKA_TO_CLICKHOUSE})
    void everyRelationshipIsConnectedOrAutoTerminatedOnPurpose(final String flowId) {
        final VersionedProcessGroup group = FlowSnapshots.read(FlowSnapshots.file(FLOWS, flowId)).getFlowContents();
        for (VersionedProcessor processor : group.getProcessors()) {
            final List<String> relationships = processor.getType().startsWith("org.spotlight.")
                    ? extensions.get(processor.getType()).relationships()
                    : stockRelationships(processor);
            assertNotNull(relationships, "relationships of " + processor.getType() + " are not known to this test");
            final Set<String> handled = new TreeSet<>(processor.getAutoTerminatedRelationships());
            group.getConnections().stream().filter(connection -> connection.getSource().getId().equals(processor.getIdentifier()))
                    .forEach(connection -> handled.addAll(connection.getSelectedRelationships()));
            assertEquals(new TreeSet<>(relationships), handled, flowId + ": " + processor.getName()
                    + " must connect or auto-terminate exactly its relationships");
            // Only relationships that mean "done" may be dropped: nothing that failed or waits for a retry.
            for (String terminated : processor.getAutoTerminatedRelationships()) {
                assertTrue(Set.of("success", "stored").contains(terminated),
                        flowId + ": " + processor.getName() + " auto-terminates '" + terminated + "', which would lose data");
            }
        }
    }

    /**
     * ConsumeKafka hands the messages to InferSchemaAndCast as they were published: DEMARCATOR writes the values themselves,
     * where RECORD would re-encode them through a Record Reader and Writer (JsonTreeReader rounds long decimals and keeps
     * the last of duplicate keys). The demarcator is LF RS, which no JSON message contains.
     */
    @org.junit.jupiter.api.Test
    void consumeKafkaHandsOverTheMessagesAsPublished() {
        final VersionedProcessGroup group = FlowSnapshots.read(FlowSnapshots.file(FLOWS, SpotlightFlows.KAFKA_TO_CLICKHOUSE)).getFlowContents();
        final VersionedProcessor consume = group.getProcessors().stream().filter(processor -> processor.getName().equals(SpotlightFlows.CONSUME))
                .findFirst().orElseThrow();
        final Map<String, String> properties = consume.getProperties();
        assertEquals("DEMARCATOR", properties.get("Processing Strategy"));
        assertEquals("\n\u001E", properties.get("Message Demarcator"));
        assertEquals("false", properties.get("Separate By Key"), "one FlowFile per poll and partition, whatever the keys");
        assertFalse(properties.containsKey("Record Reader") || properties.containsKey("Record Writer"), properties.toString());
        assertEquals("true", properties.get("Commit Offsets"));
        // Without a pattern ConsumeKafka bundles by all headers: a producer that sets a trace id per message would get one
        // FlowFile per message. A pattern that matches no header name bundles by topic and partition only.
        final java.util.regex.Pattern headers = java.util.regex.Pattern.compile(properties.get("Header Name Pattern"));
        for (String name : List.of("", "traceparent", "kafka.max.offset", "kafka.count", "a", ".*")) {
            assertFalse(headers.matcher(name).matches(), name);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {SpotlightFlows.PRODUCER, SpotlightFlows.KAFKA_TO_CLICKHOUSE})
    void noSecretTravelsInTheFlow(final String flowId) throws Exception {
        final RegisteredFlowSnapshot flow = FlowSnapshots.read(FlowSnapshots.file(FLOWS, flowId));
        final VersionedParameterContext context = flow.getParameterContexts().values().iterator().next();
        final Set<String> sensitiveParameters = new HashSet<>();
        for (VersionedParameter parameter : context.getParameters()) {
            if (parameter.isSensitive()) {
                sensitiveParameters.add(parameter.getName());
                assertEquals(null, parameter.getValue(), "sensitive parameter " + parameter.getName() + " carries a value");
            }
            if (parameter.getName().matches("(?i).*(password|secret|access.?key|token).*")) {
                assertTrue(parameter.isSensitive(), parameter.getName() + " looks like a credential but is not sensitive");
            }
        }
        for (VersionedConfigurableExtension component : components(flow.getFlowContents())) {
            final BuiltNars.Extension extension = extensions.get(component.getType());
            component.getPropertyDescriptors().forEach((name, descriptor) -> {
                final boolean sensitive = descriptor.isSensitive() || extension != null && extension.properties().containsKey(name)
                        && extension.properties().get(name).sensitive();
                if (sensitive) {
                    final String value = component.getProperties().get(name);
                    final Matcher reference = PARAMETER_REFERENCE.matcher(value == null ? "" : value);
                    assertTrue(value == null || reference.matches() && sensitiveParameters.contains(reference.group(1)),
                            flowId + ": " + component.getName() + "." + name + " must reference a sensitive parameter, not hold a value");
                }
            });
        }
        final String json = Files.readString(FlowSnapshots.file(FLOWS, flowId), StandardCharsets.UTF_8);
        for (String secretHint : List.of("BEGIN PRIVATE KEY", "AKIA", "change-me")) {
            assertFalse(json.contains(secretHint), flowId + " contains '" + secretHint + "'");
        }
    }

    private static List<VersionedConfigurableExtension> components(final VersionedProcessGroup group) {
        final List<VersionedConfigurableExtension> components = new ArrayList<>(group.getProcessors());
        components.addAll(group.getControllerServices());
        return components;
    }

    private static Set<String> references(final String value) {
        final Set<String> names = new HashSet<>();
        if (value != null) {
            final Matcher matcher = PARAMETER_REFERENCE.matcher(value);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    private static Set<String> difference(final Set<String> left, final Set<String> right) {
        final Set<String> difference = new TreeSet<>(left);
        difference.removeAll(right);
        return difference;
    }
}
