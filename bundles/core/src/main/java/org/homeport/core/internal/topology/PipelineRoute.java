package org.homeport.core.internal.topology;

import java.util.List;
import org.homeport.core.internal.config.PipelineDefinition;

/**
 * A pipeline bound to what is installed now: its anonymizer chain and the sinks it names. If a
 * sink is missing, {@link #unavailableReason()} says which and the pipeline holds its events back.
 */
public record PipelineRoute(PipelineDefinition definition, AnonymizerChain chain, List<NamedSink> sinks,
        String unavailableReason) {

    public PipelineRoute {
        sinks = List.copyOf(sinks);
    }

    public String name() {
        return definition.name();
    }

    public boolean isAvailable() {
        return unavailableReason == null;
    }

    /** Whether every sink of this pipeline keeps only k-anonymous aggregates. */
    public boolean onlyAggregatingSinks() {
        return sinks.stream().allMatch(NamedSink::aggregating) && sinks.size() == definition.sinks().size();
    }

    /** Whether events of an aggregate-only purpose may take this pipeline. */
    public boolean mayAggregate(String purpose) {
        return onlyAggregatingSinks() && (definition.purposes().isEmpty() || definition.purposes().contains(purpose));
    }
}
