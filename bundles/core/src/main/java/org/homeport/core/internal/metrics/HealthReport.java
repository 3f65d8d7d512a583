package org.homeport.core.internal.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.homeport.api.util.EventJson;
import org.homeport.api.health.DependencyState;
import org.homeport.api.journal.JournalStatus;
import org.homeport.api.journal.SinkBacklog;
import org.homeport.core.internal.topology.NamedSink;
import org.homeport.core.internal.topology.PipelineRoute;
import org.homeport.core.internal.topology.Topology;

/**
 * The node's health as {@code /health} reports it: {@code UP} when every declaration is valid,
 * every pipeline can deliver and every dependency answers; {@code DEGRADED} (HTTP 503) with the
 * reasons otherwise.
 */
public record HealthReport(String status, List<String> pipelines, List<String> sinks,
        List<DependencyRegistry.Reported> dependencies, Journal journal, List<String> problems) {

    /** A journal at least this full makes the node {@code DEGRADED}: senders are about to get 429. */
    static final double JOURNAL_FULL_WARNING = 0.9;

    /** The journal's fill and what waits in it for each sink. */
    public record Journal(long usedBytes, long quotaBytes, List<SinkBacklog> sinks) {
    }

    public static HealthReport of(Topology topology, List<DependencyRegistry.Reported> dependencies) {
        return of(topology, dependencies, null);
    }

    public static HealthReport of(Topology topology, List<DependencyRegistry.Reported> dependencies,
            JournalStatus journalStatus) {
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
        for (DependencyRegistry.Reported dependency : dependencies) {
            if (!dependency.state().isUp()) {
                problems.add(dependency.name() + ": " + dependency.state().detail());
            }
        }
        Journal journal = null;
        if (journalStatus != null) {
            journal = new Journal(journalStatus.usedBytes(), journalStatus.quotaBytes(), journalStatus.backlog());
            if (journal.quotaBytes() > 0 && journal.usedBytes() >= JOURNAL_FULL_WARNING * journal.quotaBytes()) {
                problems.add("journal: " + (journal.usedBytes() * 100 / journal.quotaBytes()) + "% of its quota is used; "
                        + "senders get 429 when it is full");
            }
            for (SinkBacklog backlog : journal.sinks()) {
                if (backlog.events() > 0 && !"delivering".equals(backlog.state()) && !"idle".equals(backlog.state())) {
                    problems.add("sink '" + backlog.sink() + "': " + backlog.state() + " with " + backlog.events()
                            + " events waiting" + (backlog.lastError() == null ? "" : " (" + backlog.lastError() + ")"));
                }
            }
        }
        return new HealthReport(problems.isEmpty() ? "UP" : "DEGRADED", pipelines, sinks, List.copyOf(dependencies),
                journal, problems);
    }

    /** {@code up}, {@code down} or {@code not-configured}: what /health and the shell print. */
    public static String statusName(DependencyState.Status status) {
        return status.name().toLowerCase(Locale.ROOT).replace('_', '-');
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
        out.append(",\"dependencies\":[");
        for (int i = 0; i < dependencies.size(); i++) {
            DependencyRegistry.Reported dependency = dependencies.get(i);
            out.append(i == 0 ? "{\"name\":" : ",{\"name\":");
            EventJson.appendString(out, dependency.name());
            out.append(",\"status\":");
            EventJson.appendString(out, statusName(dependency.state().status()));
            out.append(",\"detail\":");
            EventJson.appendString(out, dependency.state().detail());
            out.append(",\"lastSuccess\":");
            if (dependency.state().lastSuccess() == null) {
                out.append("null");
            } else {
                EventJson.appendString(out, dependency.state().lastSuccess().toString());
            }
            out.append('}');
        }
        out.append(']');
        if (journal != null) {
            out.append(",\"journal\":{\"usedBytes\":").append(journal.usedBytes()).append(",\"quotaBytes\":")
                    .append(journal.quotaBytes()).append(",\"backlog\":[");
            for (int i = 0; i < journal.sinks().size(); i++) {
                SinkBacklog backlog = journal.sinks().get(i);
                out.append(i == 0 ? "{\"sink\":" : ",{\"sink\":");
                EventJson.appendString(out, backlog.sink());
                out.append(",\"events\":").append(backlog.events()).append(",\"bytes\":").append(backlog.bytes())
                        .append(",\"oldestSeconds\":").append(backlog.oldest().toSeconds())
                        .append(",\"deadLetters\":").append(backlog.deadLetters()).append(",\"state\":");
                EventJson.appendString(out, backlog.state());
                out.append(",\"lastError\":");
                if (backlog.lastError() == null) {
                    out.append("null");
                } else {
                    EventJson.appendString(out, backlog.lastError());
                }
                out.append('}');
            }
            out.append("]}");
        }
        out.append(",\"problems\":");
        EventJson.appendValue(out, problems);
        return out.append('}').toString();
    }
}
