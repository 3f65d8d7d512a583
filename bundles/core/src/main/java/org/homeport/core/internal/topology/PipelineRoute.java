package org.homeport.core.internal.topology;

import java.util.List;
import org.homeport.api.catalog.Purpose;
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

    /**
     * Whether this pipeline has a sink the purpose's policy allows ({@code sinks.allowed}): a
     * pipeline without one does not take the purpose's events. Every sink it names counts, installed
     * or not, so that a sink missing for a while holds the events back instead of losing them.
     */
    public boolean mayDeliver(Purpose purpose) {
        return purpose.allowedSinks().isEmpty() || definition.sinks().stream().anyMatch(purpose::allowsSink);
    }

    /** Whether events of an aggregate-only purpose may take this pipeline. */
    public boolean mayAggregate(String purpose) {
        return onlyAggregatingSinks() && (definition.purposes().isEmpty() || definition.purposes().contains(purpose));
    }
}
