package org.spotlight.flows.local;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.nifi.flow.Bundle;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedParameterContext;
import org.apache.nifi.flow.VersionedProcessGroup;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.flow.VersionedPropertyDescriptor;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.spotlight.flows.Bundles;
import org.apache.nifi.util.FormatUtils;
import org.spotlight.flows.FlowSnapshots;
import org.spotlight.flows.SpotlightFlows;

import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The shipped flows with only their Kafka components swapped for stock ones that run here (NiFi's Kafka NARs are
 * not obtainable on the build machines): PublishKafka becomes an InvokeHTTP posting to the {@link KafkaHttpBridge},
 * ConsumeKafka becomes a ListenHTTP that {@link ConsumeKafkaStandIn} posts ConsumeKafka's FlowFiles to, configured from
 * the shipped ConsumeKafka's own properties. Everything else, Spotlight's processors and services, connections and
 * parameters included, is exactly what operators import.
 */
public final class LocalVariants {

    private static final String INVOKE_HTTP = "org.apache.nifi.processors.standard.InvokeHTTP";
    private static final String LISTEN_HTTP = "org.apache.nifi.processors.standard.ListenHTTP";
    private static final String KAFKA_PROCESSORS_PACKAGE = "org.apache.nifi.kafka.";
    private static final String PUBLISH_KAFKA = "org.apache.nifi.kafka.processors.PublishKafka";

    private LocalVariants() {
    }

    /**
     * The producer flow publishing through the bridge at {@code bridgeUrl}.
     *
     * @param contextPrefix prefix of the variant's parameter context name, so that each run has a context of its own
     * @param stockBundles   the bundle the target NiFi loads a stock processor type from
     */
    public static RegisteredFlowSnapshot producer(final RegisteredFlowSnapshot shipped, final String bridgeUrl, final String contextPrefix,
                                                  final Function<String, Bundle> stockBundles) {
        final RegisteredFlowSnapshot flow = copy(shipped, contextPrefix);
        final VersionedProcessGroup group = flow.getFlowContents();
        for (VersionedProcessor publish : group.getProcessors().stream().filter(p -> PUBLISH_KAFKA.equals(p.getType())).toList()) {
            final String topic = publish.getProperties().get("Topic Name");
            final String keyField = publish.getProperties().get("Message Key Field");
            final Map<String, String> properties = new LinkedHashMap<>();
            properties.put("HTTP Method", "POST");
            // The topic stays a parameter reference: NiFi resolves #{...} inside the URL like in any other property.
            properties.put("HTTP URL", bridgeUrl + "/publish?topic=" + topic
                    + (keyField == null ? "" : "&keyField=" + URLEncoder.encode(keyField, StandardCharsets.UTF_8)));
            properties.put("Request Content-Type", "application/json");
            properties.put("Response Body Ignored", "true");
            replace(group, publish, INVOKE_HTTP, stockBundles.apply(INVOKE_HTTP), properties,
                    Map.of("success", Set.of("Original", "Response"), "failure", Set.of("Failure", "Retry", "No Retry")));
        }
        removeKafkaServices(group);
        useLocalStandardBundles(group, stockBundles);
        return flow;
    }

    /**
     * The Kafka to ClickHouse flow receiving on {@code port}, path {@code /kafka}, the FlowFiles {@link ConsumeKafkaStandIn}
     * makes: ListenHTTP unpacks them (FlowFile packages) with their content and attributes as ConsumeKafka wrote them.
     */
    public static RegisteredFlowSnapshot kafkaToClickHouse(final RegisteredFlowSnapshot shipped, final int port, final String contextPrefix,
                                                           final Function<String, Bundle> stockBundles) {
        final RegisteredFlowSnapshot flow = copy(shipped, contextPrefix);
        final VersionedProcessGroup group = flow.getFlowContents();
        final VersionedProcessor consume = processor(group, SpotlightFlows.CONSUME);
        final Map<String, String> properties = new LinkedHashMap<>();
        properties.put("Base Path", "kafka");
        properties.put("Listening Port", String.valueOf(port));
        properties.put("Return Code", "200");
        replace(group, consume, LISTEN_HTTP, stockBundles.apply(LISTEN_HTTP), properties, Map.of("success", Set.of("success")));
        removeKafkaServices(group);
        useLocalStandardBundles(group, stockBundles);
        return flow;
    }

    /**
     * The Kafka to ClickHouse variant for a NiFi cluster on one machine. ConsumeKafka runs on every node, each consuming its
     * share of the partitions; its stand-in's ListenHTTP can listen on one node only (they share the host's ports), so it runs
     * on the primary node, and the connection out of it is load-balanced round robin, which spreads the typing and loading
     * over the nodes as the partitions would.
     */
    public static void clustered(final RegisteredFlowSnapshot kafkaToClickHouse) {
        final VersionedProcessGroup group = kafkaToClickHouse.getFlowContents();
        final VersionedProcessor consume = processor(group, SpotlightFlows.CONSUME);
        consume.setExecutionNode("PRIMARY");
        for (VersionedConnection connection : group.getConnections()) {
            if (connection.getSource().getId().equals(consume.getIdentifier())) {
                connection.setLoadBalanceStrategy("ROUND_ROBIN");
            }
        }
    }

    /** Stock processors of the shipped flows (RouteOnAttribute) come from NiFi's standard NAR, which is packaged differently here. */
    private static void useLocalStandardBundles(final VersionedProcessGroup group, final Function<String, Bundle> stockBundles) {
        for (VersionedProcessor processor : group.getProcessors()) {
            if (Bundles.STANDARD_PROCESSORS.getArtifact().equals(processor.getBundle().getArtifact())) {
                processor.setBundle(stockBundles.apply(processor.getType()));
            }
        }
    }

    /**
     * The stand-in for the shipped flow's ConsumeKafka: its consumer and FlowFile settings as the flow sets them (or as
     * ConsumeKafka and Kafka3ConnectionService 2.3.0 default them), with the topics and group the local run uses.
     */
    public static ConsumeKafkaStandIn.Configuration consumeKafka(final RegisteredFlowSnapshot shipped, final String bootstrapServers,
                                                                 final List<String> topics, final String groupId) {
        final VersionedProcessGroup group = shipped.getFlowContents();
        final Map<String, String> consume = processor(group, SpotlightFlows.CONSUME).getProperties();
        final Map<String, String> service = group.getControllerServices().stream()
                .filter(candidate -> candidate.getName().equals(SpotlightFlows.KAFKA_SERVICE)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Kafka connection service in " + group.getName())).getProperties();
        final String strategy = consume.getOrDefault("Processing Strategy", "FLOW_FILE");
        if (!"DEMARCATOR".equals(strategy) || consume.get("Message Demarcator") == null) {
            throw new IllegalArgumentException("the ConsumeKafka stand-in makes what Processing Strategy DEMARCATOR with a Message "
                    + "Demarcator makes; the flow uses " + strategy);
        }
        final String headerPattern = consume.get("Header Name Pattern");
        final DemarcatedFlowFiles.Settings flowFiles = new DemarcatedFlowFiles.Settings(
                consume.get("Message Demarcator").getBytes(StandardCharsets.UTF_8),
                Boolean.parseBoolean(consume.getOrDefault("Separate By Key", "false")),
                headerPattern == null || headerPattern.isBlank() ? null : Pattern.compile(headerPattern),
                Charset.forName(consume.getOrDefault("Header Encoding", "UTF-8")),
                Boolean.parseBoolean(consume.getOrDefault("Commit Offsets", "true")));
        // As Kafka3ConnectionService 2.3.0: its properties named like consumer settings (max.poll.records, isolation.level, and
        // dynamic ones) go to the consumer, with its defaults for the first two. Not its security settings: the local broker
        // listens without SASL, and the stand-in connects to it as the local stack's own clients do.
        final Map<String, String> consumer = new LinkedHashMap<>();
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        service.forEach((name, value) -> {
            if (ConsumerConfig.configNames().contains(name) && !ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG.equals(name) && value != null
                    && !name.startsWith("security.") && !name.startsWith("sasl.")) {
                consumer.put(name, value);
            }
        });
        return new ConsumeKafkaStandIn.Configuration(bootstrapServers, topics, groupId, consume.getOrDefault("auto.offset.reset", "latest"),
                Duration.ofNanos((long) FormatUtils.getPreciseTimeDuration(consume.getOrDefault("Max Uncommitted Time", "1 sec"),
                        TimeUnit.NANOSECONDS)), consumer, flowFiles);
    }

    public static String listenUrl(final int port) {
        return "http://127.0.0.1:" + port + "/kafka";
    }

    /** Replaces a processor in place (same identifier, name and position) and maps its relationships to the new type's. */
    private static void replace(final VersionedProcessGroup group, final VersionedProcessor original, final String type, final Bundle bundle,
                                final Map<String, String> properties, final Map<String, Set<String>> relationships) {
        original.setType(type);
        original.setBundle(bundle);
        original.setProperties(properties);
        final Map<String, VersionedPropertyDescriptor> descriptors = new LinkedHashMap<>();
        properties.keySet().forEach(name -> {
            final VersionedPropertyDescriptor descriptor = new VersionedPropertyDescriptor();
            descriptor.setName(name);
            descriptor.setDisplayName(name);
            descriptors.put(name, descriptor);
        });
        original.setPropertyDescriptors(descriptors);
        original.setComments("Local stand-in for the shipped Kafka processor: " + original.getComments());
        original.setAutoTerminatedRelationships(mapAll(original.getAutoTerminatedRelationships(), relationships));
        for (VersionedConnection connection : group.getConnections()) {
            if (connection.getSource().getId().equals(original.getIdentifier())) {
                connection.setSelectedRelationships(mapAll(connection.getSelectedRelationships(), relationships));
            }
        }
        group.getConnections().removeIf(connection -> connection.getSelectedRelationships().isEmpty());
    }

    private static Set<String> mapAll(final Set<String> names, final Map<String, Set<String>> relationships) {
        final Set<String> mapped = new TreeSet<>();
        for (String name : names) {
            mapped.addAll(relationships.getOrDefault(name, Set.of()));
        }
        return mapped;
    }

    private static void removeKafkaServices(final VersionedProcessGroup group) {
        group.getControllerServices().removeIf(service -> service.getType().startsWith(KAFKA_PROCESSORS_PACKAGE));
    }

    /**
     * The operator's choice of where the tables PutClickHouseBatch creates live (its Storage Policy), e.g. {@code s3_main}
     * for tables on MinIO; an operator sets the same property after importing the flow.
     */
    public static void storagePolicy(final RegisteredFlowSnapshot kafkaToClickHouse, final String policy) {
        processor(kafkaToClickHouse.getFlowContents(), SpotlightFlows.LOAD).getProperties().put("Storage Policy", policy);
    }

    private static VersionedProcessor processor(final VersionedProcessGroup group, final String name) {
        return group.getProcessors().stream().filter(processor -> name.equals(processor.getName())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no processor named '" + name + "' in flow " + group.getName()));
    }

    /**
     * A deep copy whose parameter context has a name of its own: NiFi binds an uploaded flow to an existing context of
     * the same name, so runs would share one (and could not change a value an enabled service of another run uses),
     * and the shipped flow's context, referenced by Kafka components NiFi cannot load here, marks their parameters
     * sensitive, which the stand-ins' plain properties could then not use.
     */
    private static RegisteredFlowSnapshot copy(final RegisteredFlowSnapshot flow, final String contextPrefix) {
        final RegisteredFlowSnapshot copy = FlowSnapshots.fromJson(FlowSnapshots.toJson(flow));
        final String shippedName = copy.getFlowContents().getParameterContextName();
        final VersionedParameterContext context = copy.getParameterContexts().get(shippedName);
        final String localName = contextPrefix + " " + shippedName;
        context.setName(localName);
        copy.setParameterContexts(Map.of(localName, context));
        copy.getFlowContents().setParameterContextName(localName);
        return copy;
    }
}
