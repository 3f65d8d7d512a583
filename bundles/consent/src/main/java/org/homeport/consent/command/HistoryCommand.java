package org.homeport.consent.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.homeport.consent.api.ConsentException;
import org.homeport.api.consent.ConsentState;
import org.homeport.consent.api.ConsentRecord;
import org.homeport.consent.internal.service.PolicyHistory;
import org.homeport.consent.api.ConsentService;

@Command(scope = "consent", name = "history", description = "Every consent change of a subject, oldest first")
@Service
public class HistoryCommand extends SubjectCommand {

    @Reference
    ConsentService consent;

    @Reference
    PolicyHistory policies;

    @Override
    public Object execute() {
        try {
            ShellTable table = new ShellTable();
            table.column("Recorded");
            table.column("Purpose");
            table.column("State");
            table.column("Policy version");
            table.column("Counts");
            table.column("Channel");
            table.column("Request id");
            for (ConsentRecord record : consent.history(tenant, subject)) {
                table.addRow().addContent(record.recordedAt(), record.purpose(),
                        record.state().name().toLowerCase(java.util.Locale.ROOT), record.policyVersion(),
                        record.state() == ConsentState.GRANTED && record.policyVersion() < policies.grantsCountFrom(record.purpose())
                                ? "outdated" : "yes",
                        record.channel(),
                        record.requestId());
            }
            table.print(System.out);
        } catch (ConsentException e) {
            System.err.println(e.getMessage());
        }
        return null;
    }
}
