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
}
