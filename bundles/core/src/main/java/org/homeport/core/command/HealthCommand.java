package org.homeport.core.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
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

    @Override
    public Object execute() {
        HealthReport health = HealthReport.of(topology.current(), dependencies.states());
        System.out.println("Status:    " + health.status());
        System.out.println("Pipelines: " + Text.joined(health.pipelines()));
        System.out.println("Sinks:     " + Text.joined(health.sinks()));
        health.dependencies().forEach(dependency -> System.out.println("Depends:   " + dependency.name() + " "
                + HealthReport.statusName(dependency.state().status()) + " (" + dependency.state().detail()
                + (dependency.state().lastSuccess() == null ? "" : "; last answered " + dependency.state().lastSuccess())
                + ")"));
        health.problems().forEach(problem -> System.out.println("Problem:   " + problem));
        return null;
    }
}
