package org.homeport.consent.command;

import java.util.Comparator;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.homeport.api.catalog.Catalog;
import org.homeport.api.catalog.Purpose;
import org.homeport.consent.internal.service.PolicyHistory;

@Command(scope = "consent", name = "purposes", description = "Lists the declared purposes with their current policy version")
@Service
public class PurposesCommand implements Action {

    @Reference
    Catalog catalog;

    @Reference
    PolicyHistory policies;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Purpose");
        table.column("Legal basis");
        table.column("Default");
        table.column("Version");
        table.column("Since");
        table.column("Grants count from");
        table.column("Erase on withdrawal");
        table.column("Description");
        catalog.purposes().stream().sorted(Comparator.comparing(Purpose::id)).forEach(purpose -> {
            var latest = policies.latest(purpose.id());
            table.addRow().addContent(purpose.id(), purpose.legalBasis().id(), purpose.consentDefault().id(),
                    latest.map(version -> String.valueOf(version.version())).orElse("-"),
                    latest.map(version -> version.createdAt().toString()).orElse("-"),
                    policies.grantsCountFrom(purpose.id()) == 0 ? "version 1" : "version " + policies.grantsCountFrom(purpose.id()),
                    purpose.eraseOnWithdrawal() ? "yes" : "no",
                    purpose.description());
        });
        table.print(System.out);
        return null;
    }
}
