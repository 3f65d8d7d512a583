package org.homeport.core.internal.topology;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.homeport.api.anonymize.Anonymizer;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.catalog.Catalog;
import org.homeport.api.catalog.EventType;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.catalog.PurposeListener;
import org.homeport.api.consent.ConsentRecords;
import org.homeport.api.sink.Sink;
import org.homeport.core.internal.config.Declared;
import org.homeport.core.internal.config.EventTypeConfiguration;
import org.homeport.core.internal.config.PipelineDefinition;
import org.homeport.core.internal.config.PipelineConfiguration;
import org.homeport.core.internal.config.PurposeConfiguration;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the current {@link Topology}: follows declarations and plugins as they come, change and go,
 * and swaps in a new snapshot each time. Also answers the public {@link Catalog}.
 */
@Component(service = {TopologyService.class, Catalog.class})
public class TopologyService implements Catalog {
    private static final Logger LOG = LoggerFactory.getLogger(TopologyService.class);

    private final Map<PurposeConfiguration, Boolean> purposes = new ConcurrentHashMap<>();
    private final Map<EventTypeConfiguration, Boolean> eventTypes = new ConcurrentHashMap<>();
    private final Map<PipelineConfiguration, Boolean> pipelines = new ConcurrentHashMap<>();
    private final Map<Anonymizer, String> anonymizers = new ConcurrentHashMap<>();
    private final Map<Sink, String> sinks = new ConcurrentHashMap<>();
    private final Set<Sink> aggregatingSinks = ConcurrentHashMap.newKeySet();
    /** The consent stores bound, only to tell /health whether the gate can decide (it holds its own reference). */
    private final Set<ConsentRecords> consentRecords = ConcurrentHashMap.newKeySet();
    private volatile Topology current = Topology.EMPTY;

    private final PurposeListeners purposeListeners = new PurposeListeners();
    /** To tell whether every purpose configuration has been read before telling purpose listeners. */
    private volatile ConfigurationAdmin configurationAdmin;

    @Activate
    void activate() {
        rebuild();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        purposeListeners.stop();
    }

    public Topology current() {
        return current;
    }

    private synchronized void rebuild() {
        Topology previous = current;
        List<String> pluginProblems = new java.util.ArrayList<>();
        Map<String, Anonymizer> anonymizersByName = invert(anonymizers, "anonymizer", pluginProblems);
        Map<String, Sink> sinksByName = invert(sinks, "sink", pluginProblems);
        Topology next = TopologyBuilder.build(
                purposes.keySet().stream().map(PurposeConfiguration::declared).collect(Collectors.toList()),
                eventTypes.keySet().stream().map(EventTypeConfiguration::declared).collect(Collectors.toList()),
                pipelines.keySet().stream().map(PipelineConfiguration::declared).collect(Collectors.toList()),
                anonymizersByName,
                sinksByName,
                aggregatingSinks.stream().map(sinks::get).filter(java.util.Objects::nonNull).collect(Collectors.toSet()),
                pluginProblems,
                !consentRecords.isEmpty());
        current = next;
        if (!next.problems().equals(previous.problems())) {
            next.problems().forEach(problem -> LOG.warn("Topology: {}", problem));
        }
        purposeListeners.changed(this::declaredPurposes);
    }

    /**
     * The declared purposes, valid and not, once every purpose configuration Config Admin holds has
     * been read (bound here): before that, a purpose missing would look removed to a listener.
     */
    Optional<PurposeListeners.Declared> declaredPurposes() {
        ConfigurationAdmin admin = configurationAdmin;
        if (admin == null) {
            return Optional.empty();
        }
        Set<String> configured = new java.util.HashSet<>();
        try {
            Configuration[] found = admin.listConfigurations("(service.factoryPid=" + PurposeConfiguration.PID + ")");
            for (Configuration configuration : found == null ? new Configuration[0] : found) {
                configured.add(configuration.getPid());
            }
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("Could not list the purpose configurations: {}", e.toString());
            return Optional.empty();
        }
        Topology snapshot = current;
        Set<String> read = new java.util.HashSet<>();
        Set<String> invalid = new java.util.TreeSet<>();
        for (PurposeConfiguration declaration : purposes.keySet()) {
            read.add(declaration.pid());
            Declared<Purpose> declared = declaration.declared();
            if (declared != null && !declared.isValid()) {
                invalid.add(declared.name());
            }
        }
        if (!read.containsAll(configured)) {
            return Optional.empty();
        }
        return Optional.of(new PurposeListeners.Declared(
                snapshot.purposes().values().stream().map(PurposeRoute::purpose).toList(), invalid));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindConfigurationAdmin(ConfigurationAdmin admin) {
        configurationAdmin = admin;
        purposeListeners.changed(this::declaredPurposes);
    }

    void unbindConfigurationAdmin(ConfigurationAdmin admin) {
        if (configurationAdmin == admin) {
            configurationAdmin = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPurposeListener(PurposeListener listener) {
        purposeListeners.add(listener, this::declaredPurposes);
    }

    void removePurposeListener(PurposeListener listener) {
        purposeListeners.remove(listener);
    }

    /** Plugins by name; two plugins of one kind with the same name are a problem to report. */
    private static <T> Map<String, T> invert(Map<T, String> byService, String kind, List<String> problems) {
        Map<String, T> byName = new java.util.TreeMap<>();
        byService.forEach((service, name) -> {
            if (byName.putIfAbsent(name, service) != null) {
                problems.add("two " + kind + "s are named '" + name + "'; one of them is used");
            }
        });
        return byName;
    }

    private static String name(Map<String, Object> props, String key) {
        Object value = props.get(key);
        return value == null ? "" : value.toString();
    }

    // Declarations: the 'updated' callbacks fire after a factory configuration is modified.

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, updated = "changedPurpose")
    void addPurpose(PurposeConfiguration declaration) {
        purposes.put(declaration, Boolean.TRUE);
        rebuild();
    }

    void changedPurpose(PurposeConfiguration declaration) {
        rebuild();
    }

    void removePurpose(PurposeConfiguration declaration) {
        purposes.remove(declaration);
        rebuild();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, updated = "changedEventType")
    void addEventType(EventTypeConfiguration declaration) {
        eventTypes.put(declaration, Boolean.TRUE);
        rebuild();
    }

    void changedEventType(EventTypeConfiguration declaration) {
        rebuild();
    }

    void removeEventType(EventTypeConfiguration declaration) {
        eventTypes.remove(declaration);
        rebuild();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, updated = "changedPipeline")
    void addPipeline(PipelineConfiguration declaration) {
        pipelines.put(declaration, Boolean.TRUE);
        rebuild();
    }

    void changedPipeline(PipelineConfiguration declaration) {
        rebuild();
    }

    void removePipeline(PipelineConfiguration declaration) {
        pipelines.remove(declaration);
        rebuild();
    }

    // Plugins

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, updated = "addAnonymizer")
    void addAnonymizer(Anonymizer anonymizer, Map<String, Object> props) {
        anonymizers.put(anonymizer, name(props, Anonymizer.NAME_PROPERTY));
        rebuild();
    }

    void removeAnonymizer(Anonymizer anonymizer) {
        anonymizers.remove(anonymizer);
        rebuild();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, updated = "addSink")
    void addSink(Sink sink, Map<String, Object> props) {
        sinks.put(sink, name(props, Sink.NAME_PROPERTY));
        if (Boolean.parseBoolean(String.valueOf(props.get(Sink.AGGREGATING_PROPERTY)))) {
            aggregatingSinks.add(sink);
        } else {
            aggregatingSinks.remove(sink);
        }
        rebuild();
    }

    void removeSink(Sink sink) {
        sinks.remove(sink);
        aggregatingSinks.remove(sink);
        rebuild();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addConsentRecords(ConsentRecords records) {
        consentRecords.add(records);
        rebuild();
    }

    void removeConsentRecords(ConsentRecords records) {
        consentRecords.remove(records);
        rebuild();
    }

    // Catalog

    @Override
    public Collection<Purpose> purposes() {
        return current.purposes().values().stream().map(PurposeRoute::purpose).collect(Collectors.toList());
    }

    @Override
    public Optional<Purpose> purpose(String id) {
        return Optional.ofNullable(current.purposes().get(id)).map(PurposeRoute::purpose);
    }

    @Override
    public Collection<EventType> eventTypes() {
        return List.copyOf(current.eventTypes().values());
    }

    @Override
    public Optional<EventType> eventType(String id) {
        return Optional.ofNullable(current.eventTypes().get(id));
    }

    @Override
    public List<List<AnonymizerRef>> pipelineAnonymizers(String purpose) {
        return current.pipelines().stream()
                .map(PipelineRoute::definition)
                .filter(definition -> definition.purposes().isEmpty() || definition.purposes().contains(purpose))
                .map(PipelineDefinition::anonymizers)
                .toList();
    }
}
