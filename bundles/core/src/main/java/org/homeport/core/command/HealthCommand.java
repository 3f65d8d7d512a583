package org.homeport.core.command;

import org.homeport.api.util.ConsoleText;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeport.api.journal.JournalStatus;
import org.homeport.core.internal.metrics.DependencyRegistry;
import org.homeport.core.internal.metrics.HealthReport;
import org.homeport.core.internal.topology.TopologyService;

@Command(scope = "homeport", name = "health", description = "Shows the node's health and what degrades it")
@Service
public class HealthCommand implements Action {

    @Reference
    TopologyService topology;

    @Reference
    DependencyRegistry dependencies;

    @Reference
    JournalStatus journal;

    @Override
    public Object execute() {
        HealthReport health = HealthReport.of(topology.current(), dependencies.states(), journal);
        System.out.println("Status:    " + health.status());
        System.out.println("Pipelines: " + ConsoleText.joined(health.pipelines()));
        System.out.println("Sinks:     " + ConsoleText.joined(health.sinks()));
        health.dependencies().forEach(dependency -> System.out.println("Depends:   " + dependency.name() + " "
                + HealthReport.statusName(dependency.state().status()) + " (" + dependency.state().detail()
                + (dependency.state().lastSuccess() == null ? "" : "; last answered " + dependency.state().lastSuccess())
                + ")"));
        if (health.journal() != null) {
            System.out.println("Journal:   " + health.journal().usedBytes() / (1024 * 1024) + " of "
                    + health.journal().quotaBytes() / (1024 * 1024) + " MiB used");
            health.journal().sinks().forEach(backlog -> System.out.println("Backlog:   " + backlog.sink() + " "
                    + backlog.state() + ", " + backlog.events() + " events (" + backlog.bytes() + " bytes), oldest "
                    + backlog.oldest().toSeconds() + " s, " + backlog.deadLetters() + " dead letters"
                    + (backlog.lastError() == null ? "" : "; last error: " + backlog.lastError())));
        }
        health.problems().forEach(problem -> System.out.println("Problem:   " + problem));
        return null;
    }
}
