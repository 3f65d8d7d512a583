package org.homeport.core.internal.topology;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.homeport.api.anonymize.Anonymizer;
import org.homeport.api.catalog.EventType;
import org.homeport.api.catalog.FieldSpec;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.sink.Sink;
import org.homeport.core.internal.config.Declared;
import org.homeport.core.internal.config.PipelineDefinition;
import org.homeport.core.internal.consent.PolicyDefaultConsentGate;

/** Binds declarations to installed plugins and lists what does not fit. Pure: no OSGi. */
public final class TopologyBuilder {
    private TopologyBuilder() {
    }

    /** Whether no pipeline that may take events of {@code purpose} has a sink its policy allows. */
    static boolean noPipelineMayDeliver(Purpose purpose, List<PipelineRoute> pipelines) {
        return pipelines.stream().noneMatch(pipeline -> (pipeline.definition().purposes().isEmpty()
                || pipeline.definition().purposes().contains(purpose.id())) && pipeline.mayDeliver(purpose));
    }

    public static Topology build(
            Collection<Declared<Purpose>> purposeDeclarations,
            Collection<Declared<EventType>> typeDeclarations,
            Collection<Declared<PipelineDefinition>> pipelineDeclarations,
            Map<String, Anonymizer> anonymizers,
            Map<String, Sink> sinks,
            List<String> pluginProblems) {
        return build(purposeDeclarations, typeDeclarations, pipelineDeclarations, anonymizers, sinks, Set.of(),
                pluginProblems);
    }

    /** @param aggregatingSinks names of the sinks that keep only k-anonymous aggregates */
    public static Topology build(
            Collection<Declared<Purpose>> purposeDeclarations,
            Collection<Declared<EventType>> typeDeclarations,
            Collection<Declared<PipelineDefinition>> pipelineDeclarations,
            Map<String, Anonymizer> anonymizers,
            Map<String, Sink> sinks,
            Set<String> aggregatingSinks,
            List<String> pluginProblems) {
        return build(purposeDeclarations, typeDeclarations, pipelineDeclarations, anonymizers, sinks, aggregatingSinks,
                pluginProblems, true);
    }

    /** @param consentStoreAvailable whether a consent store ({@code ConsentRecords}) is bound for the gate */
    public static Topology build(
            Collection<Declared<Purpose>> purposeDeclarations,
            Collection<Declared<EventType>> typeDeclarations,
            Collection<Declared<PipelineDefinition>> pipelineDeclarations,
            Map<String, Anonymizer> anonymizers,
            Map<String, Sink> sinks,
            Set<String> aggregatingSinks,
            List<String> pluginProblems,
            boolean consentStoreAvailable) {
        List<String> problems = new ArrayList<>(pluginProblems);

        Map<String, PurposeRoute> purposes = new TreeMap<>();
        for (Declared<Purpose> declared : purposeDeclarations) {
            if (!declared.isValid()) {
                problems.add(declared.error());
                continue;
            }
            Purpose purpose = declared.value();
            AnonymizerChain chain = AnonymizerChain.build(purpose.anonymizers(), anonymizers);
            if (!chain.isAvailable()) {
                problems.add("purpose '" + purpose.id() + "' is held back: " + chain.unavailableReason());
            }
            if (purposes.put(purpose.id(), new PurposeRoute(purpose, chain)) != null) {
                problems.add("purpose '" + purpose.id() + "' is declared twice");
            }
        }

        Map<String, EventType> eventTypes = new TreeMap<>();
        for (Declared<EventType> declared : typeDeclarations) {
            if (!declared.isValid()) {
                problems.add(declared.error());
                continue;
            }
            EventType type = declared.value();
            for (String purpose : type.purposes()) {
                if (!purposes.containsKey(purpose)) {
                    problems.add("event type '" + type.id() + "' names undeclared purpose '" + purpose + "'");
                }
            }
            if (eventTypes.put(type.id(), type) != null) {
                problems.add("event type '" + type.id() + "' is declared twice");
            }
        }

        Map<String, NamedSink> namedSinks = new LinkedHashMap<>();
        sinks.forEach((name, sink) -> namedSinks.put(name, new NamedSink(name, sink, aggregatingSinks.contains(name))));

        List<PipelineRoute> pipelines = new ArrayList<>();
        List<String> invalidPipelines = new ArrayList<>();
        for (Declared<PipelineDefinition> declared : pipelineDeclarations) {
            if (!declared.isValid()) {
                problems.add(declared.error());
                invalidPipelines.add(declared.name());
                continue;
            }
            PipelineDefinition definition = declared.value();
            AnonymizerChain chain = AnonymizerChain.build(definition.anonymizers(), anonymizers);
            List<NamedSink> bound = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (String sinkName : definition.sinks()) {
                NamedSink sink = namedSinks.get(sinkName);
                if (sink == null) {
                    missing.add(sinkName);
                } else {
                    bound.add(sink);
                }
            }
            String unavailable = null;
            if (!chain.isAvailable()) {
                unavailable = chain.unavailableReason();
            } else if (!missing.isEmpty()) {
                unavailable = "sink " + String.join(", ", missing) + " is not installed";
            }
            if (unavailable != null) {
                problems.add("pipeline '" + definition.name() + "' is held back: " + unavailable);
            }
            pipelines.add(new PipelineRoute(definition, chain, bound, unavailable));
        }
        pipelines.sort((a, b) -> a.name().compareTo(b.name()));
        for (PurposeRoute route : purposes.values()) {
            Purpose purpose = route.purpose();
            if (!purpose.allowedSinks().isEmpty() && noPipelineMayDeliver(purpose, pipelines)) {
                problems.add("purpose '" + purpose.id() + "' allows only sinks " + purpose.allowedSinks()
                        + " (sinks.allowed) but no pipeline that takes it delivers to one of them; its events are held back");
            }
            if (!purpose.dataCategories().isEmpty()) {
                for (EventType type : eventTypes.values()) {
                    List<String> refused = type.fields().stream().map(FieldSpec::name)
                            .filter(field -> !purpose.allowsAttribute(field)).toList();
                    if (type.purposes().contains(purpose.id()) && !refused.isEmpty()) {
                        problems.add("event type '" + type.id() + "' declares attributes " + refused
                                + " that purpose '" + purpose.id() + "' does not allow (data.categories): "
                                + "its events carrying them are refused");
                    }
                }
            }
            if (route.purpose().aggregateOnly()
                    && pipelines.stream().noneMatch(pipeline -> pipeline.mayAggregate(route.purpose().id()))) {
                problems.add("purpose '" + route.purpose().id() + "' is aggregate-only but no pipeline delivers it "
                        + "to aggregating sinks only; its events are held back");
            }
        }
        if (!consentStoreAvailable) {
            List<String> held = purposes.values().stream().map(PurposeRoute::purpose)
                    .filter(PolicyDefaultConsentGate::dependsOnRecordedChoices).map(purpose -> "'" + purpose.id() + "'").toList();
            if (!held.isEmpty()) {
                problems.add("no consent store is available (is homeport-consent installed and its store reachable?): "
                        + "events with a subject of purposes " + String.join(", ", held)
                        + " are held back (503) until it is");
            }
        }
        return new Topology(purposes, eventTypes, pipelines, new ArrayList<>(namedSinks.values()), invalidPipelines,
                problems);
    }
}
