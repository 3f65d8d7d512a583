package org.homeport.core.internal.config;

import java.util.List;
import java.util.Set;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.event.TelemetryEvent;

/**
 * A pipeline as configured: which events it takes, the anonymizers it applies on top of the
 * purpose's own, and the sinks it delivers to. An empty selector set means "all".
 */
public record PipelineDefinition(
        String name,
        Set<String> purposes,
        Set<String> types,
        Set<String> tenants,
        List<AnonymizerRef> anonymizers,
        List<String> sinks) {

    public PipelineDefinition {
        purposes = Set.copyOf(purposes);
        types = Set.copyOf(types);
        tenants = Set.copyOf(tenants);
        anonymizers = List.copyOf(anonymizers);
        sinks = List.copyOf(sinks);
        if (sinks.isEmpty()) {
            throw new IllegalArgumentException("names no sink in 'sinks'");
        }
    }

    public boolean selects(TelemetryEvent event) {
        return (purposes.isEmpty() || purposes.contains(event.purpose()))
                && (types.isEmpty() || types.contains(event.type()))
                && (tenants.isEmpty() || tenants.contains(event.tenant()));
    }
}
