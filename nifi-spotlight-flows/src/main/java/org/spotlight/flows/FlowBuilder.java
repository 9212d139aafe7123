package org.spotlight.flows;

import org.apache.nifi.flow.Bundle;
import org.apache.nifi.flow.ComponentType;
import org.apache.nifi.flow.ConnectableComponent;
import org.apache.nifi.flow.ConnectableComponentType;
import org.apache.nifi.flow.ControllerServiceAPI;
import org.apache.nifi.flow.ExecutionEngine;
import org.apache.nifi.flow.Position;
import org.apache.nifi.flow.ScheduledState;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedControllerService;
import org.apache.nifi.flow.VersionedLabel;
import org.apache.nifi.flow.VersionedParameter;
import org.apache.nifi.flow.VersionedParameterContext;
import org.apache.nifi.flow.VersionedProcessGroup;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.flow.VersionedPropertyDescriptor;
import org.apache.nifi.registry.flow.RegisteredFlow;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshotMetadata;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Builds a flow definition with NiFi's own versioned flow model, in the shape NiFi's Git flow registry clients store
 * (and "Download flow definition" exports): one process group holding its controller services, a parameter context,
 * and identifiers derived from names so that regenerating a flow changes only what changed.
 */
final class FlowBuilder {

    /** The identifier NiFi's Git registry clients give the top-level group of every stored snapshot. */
    static final String TOP_GROUP_ID = "flow-contents-group";

    /** A component property: its value, and whether it names a controller service or holds a secret. */
    record Property(String value, boolean service, boolean sensitive, boolean dynamic) {
        static Property of(final String value) {
            return new Property(value, false, false, false);
        }

        static Property service(final String serviceId) {
            return new Property(serviceId, true, false, false);
        }

        static Property secret(final String parameterReference) {
            return new Property(parameterReference, false, true, false);
        }

        /** A dynamic property, such as a column type hint. */
        static Property dynamic(final String value) {
            return new Property(value, false, false, true);
        }
    }

    private final String flowId;
    private final VersionedProcessGroup group = new VersionedProcessGroup();
    private final VersionedParameterContext parameterContext = new VersionedParameterContext();
    private final Set<VersionedParameter> parameters = new LinkedHashSet<>();
    private final Set<String> usedIds = new HashSet<>();

    FlowBuilder(final String flowId, final String groupName, final String comments, final String parameterContextName,
                final String parameterContextDescription) {
        this.flowId = flowId;
        group.setIdentifier(TOP_GROUP_ID);
        group.setName(groupName);
        group.setComments(comments);
        group.setPosition(new Position(0, 0));
        group.setComponentType(ComponentType.PROCESS_GROUP);
        group.setProcessGroups(new LinkedHashSet<>());
        group.setRemoteProcessGroups(new LinkedHashSet<>());
        group.setProcessors(new LinkedHashSet<>());
        group.setInputPorts(new LinkedHashSet<>());
        group.setOutputPorts(new LinkedHashSet<>());
        group.setConnections(new LinkedHashSet<>());
        group.setLabels(new LinkedHashSet<>());
        group.setFunnels(new LinkedHashSet<>());
        group.setControllerServices(new LinkedHashSet<>());
        group.setDefaultFlowFileExpiration("0 sec");
        group.setDefaultBackPressureObjectThreshold(10_000L);
        group.setDefaultBackPressureDataSizeThreshold("1 GB");
        group.setExecutionEngine(ExecutionEngine.STANDARD);
        group.setMaxConcurrentTasks(1);
        group.setStatelessFlowTimeout("1 min");
        group.setFlowFileConcurrency("UNBOUNDED");
        group.setFlowFileOutboundPolicy("STREAM_WHEN_AVAILABLE");
        group.setScheduledState(ScheduledState.ENABLED);
        group.setParameterContextName(parameterContextName);

        parameterContext.setIdentifier(id("parameter-context", parameterContextName));
        parameterContext.setName(parameterContextName);
        parameterContext.setDescription(parameterContextDescription);
        parameterContext.setInheritedParameterContexts(List.of());
        parameterContext.setComponentType(ComponentType.PARAMETER_CONTEXT);
        parameterContext.setParameters(parameters);
    }

    /** A parameter with a default value that operators override. Returns its reference, e.g. {@code #{kafka.topic}}. */
    String parameter(final String name, final String value, final String description) {
        return addParameter(name, value, description, false);
    }

    /** A sensitive parameter: defined without a value, so no secret ever travels in a flow file. */
    String secretParameter(final String name, final String description) {
        return addParameter(name, null, description, true);
    }

    private String addParameter(final String name, final String value, final String description, final boolean sensitive) {
        final VersionedParameter parameter = new VersionedParameter();
        parameter.setName(name);
        parameter.setValue(value);
        parameter.setDescription(description);
        parameter.setSensitive(sensitive);
        parameter.setProvided(false);
        parameters.add(parameter);
        return "#{" + name + "}";
    }

    String controllerService(final String name, final String type, final Bundle bundle, final List<ControllerServiceAPI> apis,
                             final Map<String, Property> properties) {
        final VersionedControllerService service = new VersionedControllerService();
        service.setIdentifier(id("service", name));
        service.setGroupIdentifier(TOP_GROUP_ID);
        service.setName(name);
        service.setType(type);
        service.setBundle(bundle);
        service.setControllerServiceApis(apis);
        service.setProperties(values(properties));
        service.setPropertyDescriptors(descriptors(properties));
        service.setScheduledState(ScheduledState.ENABLED);
        service.setBulletinLevel("WARN");
        service.setComponentType(ComponentType.CONTROLLER_SERVICE);
        group.getControllerServices().add(service);
        return service.getIdentifier();
    }

    VersionedProcessor processor(final String name, final String type, final Bundle bundle, final double x, final double y,
                                 final Map<String, Property> properties, final Scheduling scheduling, final Set<String> autoTerminated,
                                 final String comments) {
        final VersionedProcessor processor = new VersionedProcessor();
        processor.setIdentifier(id("processor", name));
        processor.setGroupIdentifier(TOP_GROUP_ID);
        processor.setName(name);
        processor.setComments(comments);
        processor.setType(type);
        processor.setBundle(bundle);
        processor.setPosition(new Position(x, y));
        processor.setProperties(values(properties));
        processor.setPropertyDescriptors(descriptors(properties));
        processor.setStyle(Map.of());
        processor.setSchedulingStrategy(scheduling.strategy());
        processor.setSchedulingPeriod(scheduling.period());
        processor.setExecutionNode(scheduling.primaryNodeOnly() ? "PRIMARY" : "ALL");
        processor.setConcurrentlySchedulableTaskCount(scheduling.concurrentTasks());
        processor.setRunDurationMillis(0L);
        processor.setPenaltyDuration("30 sec");
        processor.setYieldDuration(scheduling.yieldDuration());
        processor.setBulletinLevel("WARN");
        processor.setAutoTerminatedRelationships(new TreeSet<>(autoTerminated));
        processor.setScheduledState(ScheduledState.ENABLED);
        processor.setRetryCount(10);
        processor.setRetriedRelationships(Set.of());
        processor.setBackoffMechanism("PENALIZE_FLOWFILE");
        processor.setMaxBackoffPeriod("10 mins");
        processor.setComponentType(ComponentType.PROCESSOR);
        group.getProcessors().add(processor);
        return processor;
    }

    /**
     * @param objects back pressure: queued FlowFiles before the source is held
     * @param size    back pressure: queued data size before the source is held
     */
    void connect(final VersionedProcessor source, final Set<String> relationships, final VersionedProcessor destination,
                 final long objects, final String size, final List<Position> bends) {
        final VersionedConnection connection = new VersionedConnection();
        connection.setIdentifier(id("connection", source.getName() + new TreeSet<>(relationships) + "->" + destination.getName()));
        connection.setGroupIdentifier(TOP_GROUP_ID);
        connection.setName("");
        connection.setSource(endpoint(source));
        connection.setDestination(endpoint(destination));
        connection.setSelectedRelationships(new TreeSet<>(relationships));
        connection.setBackPressureObjectThreshold(objects);
        connection.setBackPressureDataSizeThreshold(size);
        connection.setFlowFileExpiration("0 sec");
        connection.setPrioritizers(List.of());
        connection.setBends(bends);
        connection.setLabelIndex(1);
        connection.setzIndex(0L);
        connection.setLoadBalanceStrategy("DO_NOT_LOAD_BALANCE");
        connection.setLoadBalanceCompression("DO_NOT_COMPRESS");
        connection.setPartitioningAttribute("");
        connection.setComponentType(ComponentType.CONNECTION);
        group.getConnections().add(connection);
    }

    void label(final String text, final double x, final double y, final double width, final double height) {
        final VersionedLabel label = new VersionedLabel();
        label.setIdentifier(id("label", text));
        label.setGroupIdentifier(TOP_GROUP_ID);
        label.setLabel(text);
        label.setPosition(new Position(x, y));
        label.setWidth(width);
        label.setHeight(height);
        label.setStyle(Map.of("font-size", "13px"));
        label.setzIndex(0L);
        label.setComponentType(ComponentType.LABEL);
        group.getLabels().add(label);
    }

    RegisteredFlowSnapshot build(final String description) {
        final RegisteredFlow flow = new RegisteredFlow();
        flow.setIdentifier(flowId);
        flow.setName(flowId);
        flow.setDescription(description);

        final RegisteredFlowSnapshotMetadata metadata = new RegisteredFlowSnapshotMetadata();
        metadata.setFlowIdentifier(flowId);
        metadata.setAuthor("spotlight");
        metadata.setTimestamp(0);

        final RegisteredFlowSnapshot snapshot = new RegisteredFlowSnapshot();
        snapshot.setFlow(flow);
        snapshot.setSnapshotMetadata(metadata);
        snapshot.setFlowContents(group);
        snapshot.setParameterContexts(Map.of(parameterContext.getName(), parameterContext));
        snapshot.setExternalControllerServices(Map.of());
        snapshot.setParameterProviders(Map.of());
        snapshot.setFlowEncodingVersion("1.0");
        snapshot.setLatest(true);
        return snapshot;
    }

    private ConnectableComponent endpoint(final VersionedProcessor processor) {
        final ConnectableComponent component = new ConnectableComponent();
        component.setId(processor.getIdentifier());
        component.setType(ConnectableComponentType.PROCESSOR);
        component.setGroupId(TOP_GROUP_ID);
        component.setName(processor.getName());
        return component;
    }

    private static Map<String, String> values(final Map<String, Property> properties) {
        final Map<String, String> values = new LinkedHashMap<>();
        properties.forEach((name, property) -> values.put(name, property.value()));
        return values;
    }

    private static Map<String, VersionedPropertyDescriptor> descriptors(final Map<String, Property> properties) {
        final Map<String, VersionedPropertyDescriptor> descriptors = new LinkedHashMap<>();
        properties.forEach((name, property) -> {
            final VersionedPropertyDescriptor descriptor = new VersionedPropertyDescriptor();
            descriptor.setName(name);
            descriptor.setDisplayName(name);
            descriptor.setIdentifiesControllerService(property.service());
            descriptor.setSensitive(property.sensitive());
            descriptor.setDynamic(property.dynamic());
            descriptors.put(name, descriptor);
        });
        return descriptors;
    }

    /** Name-derived identifiers: stable across regenerations, unique within the flow. */
    private String id(final String kind, final String name) {
        final String id = UUID.nameUUIDFromBytes(("spotlight/" + flowId + "/" + kind + "/" + name).getBytes(StandardCharsets.UTF_8)).toString();
        if (!usedIds.add(id)) {
            throw new IllegalArgumentException("Two " + kind + "s named '" + name + "' in flow " + flowId);
        }
        return id;
    }

    /** How a processor is scheduled. */
    record Scheduling(String strategy, String period, int concurrentTasks, boolean primaryNodeOnly, String yieldDuration) {
        /** NiFi's default yield. */
        private static final String YIELD_DURATION = "1 sec";

        static Scheduling timer(final String period, final int concurrentTasks) {
            return new Scheduling("TIMER_DRIVEN", period, concurrentTasks, false, YIELD_DURATION);
        }

        static Scheduling cronOnPrimary(final String cron) {
            return new Scheduling("CRON_DRIVEN", cron, 1, true, YIELD_DURATION);
        }

        /** For a processor whose own default yield differs from NiFi's (its {@code @DefaultSettings}). */
        Scheduling yielding(final String duration) {
            return new Scheduling(strategy, period, concurrentTasks, primaryNodeOnly, duration);
        }
    }

    static List<Position> noBends() {
        return new ArrayList<>();
    }
}
