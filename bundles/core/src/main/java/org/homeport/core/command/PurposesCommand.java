package org.homeport.core.command;

import org.homeport.api.util.ConsoleText;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.catalog.Purpose;
import org.homeport.core.internal.topology.PurposeRoute;
import org.homeport.core.internal.topology.TopologyService;

@Command(scope = "homeport", name = "purposes", description = "Lists the declared purposes and their policies")
@Service
public class PurposesCommand implements Action {

    @Reference
    TopologyService topology;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Purpose");
        table.column("Legal basis");
        table.column("Default");
        table.column("Anonymous");
        table.column("Aggregate only");
        table.column("Retention");
        table.column("Anonymizers");
        table.column("Status");
        for (PurposeRoute route : topology.current().purposes().values()) {
            Purpose purpose = route.purpose();
            table.addRow().addContent(purpose.id(), purpose.legalBasis().id(), purpose.consentDefault().id(),
                    purpose.anonymous() ? "yes" : "no",
                    purpose.aggregateOnly() ? "yes" : "no",
                    ConsoleText.duration(purpose.retention()),
                    ConsoleText.joined(purpose.anonymizers().stream().map(AnonymizerRef::name).toList()),
                    route.chain().isAvailable() ? "ok" : "held back: " + route.chain().unavailableReason());
        }
        table.print(System.out);
        return null;
    }
}
