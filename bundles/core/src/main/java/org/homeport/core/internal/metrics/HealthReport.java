package org.homeport.core.internal.metrics;

import java.util.ArrayList;
import java.util.List;
import org.homeport.api.event.EventJson;
import org.homeport.core.internal.topology.NamedSink;
import org.homeport.core.internal.topology.PipelineRoute;
import org.homeport.core.internal.topology.Topology;

/**
 * The node's health as {@code /health} reports it: {@code UP} when every declaration is valid and
 * every pipeline can deliver; {@code DEGRADED} (HTTP 503) with the reasons otherwise.
 */
public record HealthReport(String status, List<String> pipelines, List<String> sinks, List<String> problems) {

    public static HealthReport of(Topology topology) {
        List<String> pipelines = new ArrayList<>();
        for (PipelineRoute pipeline : topology.pipelines()) {
            pipelines.add(pipeline.name() + (pipeline.isAvailable() ? "" : " (held back)"));
        }
        List<String> sinks = new ArrayList<>();
        for (NamedSink sink : topology.sinks()) {
            sinks.add(sink.name());
        }
        List<String> problems = new ArrayList<>(topology.problems());
        if (topology.pipelines().isEmpty()) {
            problems.add("no pipeline is configured: accepted events are stored nowhere");
        }
        return new HealthReport(problems.isEmpty() ? "UP" : "DEGRADED", pipelines, sinks, problems);
    }

    public boolean isUp() {
        return "UP".equals(status);
    }

    public String toJson() {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"status\":");
        EventJson.appendString(out, status);
        out.append(",\"pipelines\":");
        EventJson.appendValue(out, pipelines);
        out.append(",\"sinks\":");
        EventJson.appendValue(out, sinks);
        out.append(",\"problems\":");
        EventJson.appendValue(out, problems);
        return out.append('}').toString();
    }
}
