package org.homeport.core.internal.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.homeport.api.anonymize.Anonymizer;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.consent.ConsentRecords;
import org.homeport.api.intake.Intake;
import org.homeport.api.sink.Sink;
import org.homeport.core.api.NodeComponents;
import org.homeport.core.internal.consent.PolicyDefaultConsentGate;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Answers {@link NodeComponents}: the plugins from the service registry (references only, so
 * looking never activates a plugin), the held-back state from the current {@link Topology}, by the
 * same rules the intake defers events by.
 */
@Component(service = NodeComponents.class)
public class NodeComponentsService implements NodeComponents {
    private final TopologyService topology;
    private final Set<ServiceReference<?>> intakes = ConcurrentHashMap.newKeySet();
    private final Set<ServiceReference<?>> anonymizers = ConcurrentHashMap.newKeySet();
    private final Set<ServiceReference<?>> sinks = ConcurrentHashMap.newKeySet();
    private final Set<ServiceReference<?>> consentStores = ConcurrentHashMap.newKeySet();

    @Activate
    public NodeComponentsService(@Reference TopologyService topology) {
        this.topology = topology;
    }

    @Override
    public Snapshot snapshot() {
        Topology current = topology.current();
        return new Snapshot(receivers(), plugins(anonymizers, Anonymizer.NAME_PROPERTY),
                plugins(sinks, Sink.NAME_PROPERTY), purposeStates(current, !consentStores.isEmpty()),
                pipelineStates(current));
    }

    /** Every declared purpose: ok, or each reason its events (or some of them) are held back. */
    static List<State> purposeStates(Topology topology, boolean consentStoreAvailable) {
        List<State> states = new ArrayList<>();
        for (PurposeRoute route : topology.purposes().values()) {
            Purpose purpose = route.purpose();
            List<String> heldBack = new ArrayList<>();
            if (!route.chain().isAvailable()) {
                heldBack.add(route.chain().unavailableReason());
            }
            // The pipelines the intake would route its events through (IntakeService.route).
            List<PipelineRoute> candidates = topology.pipelines().stream()
                    .filter(pipeline -> pipeline.definition().purposes().isEmpty()
                            || pipeline.definition().purposes().contains(purpose.id()))
                    .filter(pipeline -> !purpose.aggregateOnly() || pipeline.onlyAggregatingSinks())
                    .filter(pipeline -> pipeline.mayDeliver(purpose))
                    .toList();
            if (!purpose.allowedSinks().isEmpty() && TopologyBuilder.noPipelineMayDeliver(purpose, topology.pipelines())) {
                heldBack.add("no pipeline delivers it to a sink it allows " + purpose.allowedSinks());
            }
            if (purpose.aggregateOnly() && topology.pipelines().stream().noneMatch(p -> p.mayAggregate(purpose.id()))) {
                heldBack.add("no pipeline delivers it to aggregating sinks only");
            }
            for (PipelineRoute pipeline : candidates) {
                if (!pipeline.isAvailable()) {
                    heldBack.add("pipeline '" + pipeline.name() + "' is held back: " + pipeline.unavailableReason());
                }
            }
            if (candidates.isEmpty() && !purpose.aggregateOnly() && !topology.invalidPipelines().isEmpty()) {
                heldBack.add("pipeline '" + topology.invalidPipelines().get(0) + "' has an invalid configuration");
            }
            if (!consentStoreAvailable && PolicyDefaultConsentGate.dependsOnRecordedChoices(purpose)) {
                heldBack.add("no consent store is available: events with a subject are held back");
            }
            states.add(new State(purpose.id(), heldBack));
        }
        states.sort(Comparator.comparing(State::name));
        return states;
    }

    /** Every pipeline, valid or not: ok, or why it holds its events back. */
    static List<State> pipelineStates(Topology topology) {
        List<State> states = new ArrayList<>();
        for (PipelineRoute pipeline : topology.pipelines()) {
            states.add(new State(pipeline.name(), pipeline.isAvailable() ? List.of() : List.of(pipeline.unavailableReason())));
        }
        for (String invalid : topology.invalidPipelines()) {
            states.add(new State(invalid, List.of("its configuration is invalid (see /health)")));
        }
        states.sort(Comparator.comparing(State::name));
        return states;
    }

    /** The bundles that hold the intake service, other than the core that offers it. */
    private List<Plugin> receivers() {
        List<Plugin> receivers = new ArrayList<>();
        for (ServiceReference<?> intake : intakes) {
            Bundle[] using = intake.getUsingBundles();
            if (using == null) {
                continue;
            }
            for (Bundle bundle : using) {
                if (bundle.equals(intake.getBundle())) {
                    continue;
                }
                String title = bundle.getHeaders().get(Constants.BUNDLE_NAME);
                receivers.add(new Plugin(title == null ? bundle.getSymbolicName() : title, bundle.getSymbolicName(),
                        bundle.getVersion().toString(), false));
            }
        }
        receivers.sort(Comparator.comparing(Plugin::bundle));
        return receivers;
    }

    private static List<Plugin> plugins(Set<ServiceReference<?>> references, String nameProperty) {
        List<Plugin> plugins = new ArrayList<>();
        for (ServiceReference<?> reference : references) {
            Bundle bundle = reference.getBundle();
            Object name = reference.getProperty(nameProperty);
            if (bundle == null || name == null) {
                continue;                            // unregistered meanwhile, or nameless: the topology ignores it too
            }
            plugins.add(new Plugin(name.toString(), bundle.getSymbolicName(), bundle.getVersion().toString(),
                    Boolean.parseBoolean(String.valueOf(reference.getProperty(Sink.AGGREGATING_PROPERTY)))));
        }
        plugins.sort(Comparator.comparing(Plugin::name).thenComparing(Plugin::bundle));
        return plugins;
    }

    @Reference(service = Intake.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addIntake(ServiceReference<Intake> reference) {
        intakes.add(reference);
    }

    void removeIntake(ServiceReference<Intake> reference) {
        intakes.remove(reference);
    }

    @Reference(service = Anonymizer.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAnonymizer(ServiceReference<Anonymizer> reference) {
        anonymizers.add(reference);
    }

    void removeAnonymizer(ServiceReference<Anonymizer> reference) {
        anonymizers.remove(reference);
    }

    @Reference(service = Sink.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSink(ServiceReference<Sink> reference) {
        sinks.add(reference);
    }

    void removeSink(ServiceReference<Sink> reference) {
        sinks.remove(reference);
    }

    @Reference(service = ConsentRecords.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addConsentRecords(ServiceReference<ConsentRecords> reference) {
        consentStores.add(reference);
    }

    void removeConsentRecords(ServiceReference<ConsentRecords> reference) {
        consentStores.remove(reference);
    }
}
