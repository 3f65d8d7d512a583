package org.homeport.core.command;

import org.homeport.api.util.ConsoleText;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.core.internal.config.PipelineDefinition;
import org.homeport.core.internal.topology.PipelineRoute;
import org.homeport.core.internal.topology.TopologyService;

@Command(scope = "homeport", name = "pipelines", description = "Lists the pipelines and whether they can deliver")
@Service
public class PipelinesCommand implements Action {

    @Reference
    TopologyService topology;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Pipeline");
        table.column("Purposes");
        table.column("Types");
        table.column("Tenants");
        table.column("Anonymizers");
        table.column("Sinks");
        table.column("Status");
        for (PipelineRoute route : topology.current().pipelines()) {
            PipelineDefinition definition = route.definition();
            table.addRow().addContent(definition.name(), ConsoleText.orAll(definition.purposes()), ConsoleText.orAll(definition.types()),
                    ConsoleText.orAll(definition.tenants()),
                    ConsoleText.joined(definition.anonymizers().stream().map(AnonymizerRef::name).toList()),
                    ConsoleText.joined(definition.sinks()), route.isAvailable() ? "ok" : "held back: " + route.unavailableReason());
        }
        table.print(System.out);
        return null;
    }
}
