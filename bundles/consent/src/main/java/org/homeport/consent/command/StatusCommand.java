package org.homeport.consent.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.ConsentService;
import org.homeport.consent.api.ConsentStatus;

@Command(scope = "consent", name = "status", description = "A subject's state for every purpose and what the gate does with their events")
@Service
public class StatusCommand extends SubjectCommand {

    @Reference
    ConsentService consent;

    @Override
    public Object execute() {
        try {
            ShellTable table = new ShellTable();
            table.column("Purpose");
            table.column("Recorded");
            table.column("Events");
            table.column("Reason");
            table.column("Policy version");
            table.column("In force");
            for (ConsentStatus status : consent.status(tenant, subject)) {
                table.addRow().addContent(status.purpose(),
                        status.state() == null ? "-" : status.state().name().toLowerCase(java.util.Locale.ROOT),
                        status.effective(), status.reason(), status.policyVersion(), status.policyVersionInForce());
            }
            table.print(System.out);
        } catch (ConsentException e) {
            System.err.println(e.getMessage());
        }
        return null;
    }
}
