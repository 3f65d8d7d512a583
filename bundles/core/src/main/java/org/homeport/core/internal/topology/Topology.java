package org.homeport.core.internal.topology;

import java.util.List;
import java.util.Map;
import org.homeport.api.catalog.EventType;

/**
 * An immutable snapshot of everything the intake needs: purposes, event types and pipelines bound
 * to the installed anonymizers and sinks. Rebuilt whenever one of them changes and swapped in
 * atomically, so an event is always processed against one consistent view.
 *
 * @param invalidPipelines names of pipeline configurations that could not be parsed; while there
 *                         are any, events no valid pipeline selects are held back, because one of
 *                         those might have been meant to take them
 * @param problems what is misconfigured or missing, for the health check
 */
public record Topology(
        Map<String, PurposeRoute> purposes,
        Map<String, EventType> eventTypes,
        List<PipelineRoute> pipelines,
        List<NamedSink> sinks,
        List<String> invalidPipelines,
        List<String> problems) {

    public static final Topology EMPTY = new Topology(Map.of(), Map.of(), List.of(), List.of(), List.of(), List.of());

    public Topology {
        purposes = Map.copyOf(purposes);
        eventTypes = Map.copyOf(eventTypes);
        pipelines = List.copyOf(pipelines);
        sinks = List.copyOf(sinks);
        invalidPipelines = List.copyOf(invalidPipelines);
        problems = List.copyOf(problems);
    }
}
