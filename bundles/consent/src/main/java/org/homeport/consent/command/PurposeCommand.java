package org.homeport.consent.command;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.homeport.consent.api.PolicyVersion;
import org.homeport.consent.internal.service.PolicyHistory;

@Command(scope = "consent", name = "purpose", description = "Shows a purpose's policy and every earlier version")
@Service
public class PurposeCommand implements Action {

    @Reference
    PolicyHistory policies;

    @Argument(index = 0, name = "purpose", description = "The purpose id", required = true)
    @Completion(PurposeCompleter.class)
    String purpose;

    @Override
    public Object execute() {
        List<PolicyVersion> history = policies.history(purpose);
        if (history.isEmpty()) {
            System.err.println("No policy of purpose '" + purpose + "' was ever recorded.");
            return null;
        }
        PolicyVersion latest = history.get(history.size() - 1);
        System.out.println("Purpose " + purpose + ", version " + latest.version() + " (" + latest.standing(latest) + ")");
        System.out.println(new JsonObject(latest.document()).encodePrettily());
        ShellTable table = new ShellTable();
        table.column("Version");
        table.column("Status");
        table.column("Material");
        table.column("Recorded");
        table.column("By");
        table.column("SHA-256");
        for (PolicyVersion version : history) {
            table.addRow().addContent(version.version(), version.standing(latest), version.material() ? "yes" : "no",
                    version.createdAt(), version.createdBy(),
                    version.digest().substring(0, 16) + "…");
        }
        table.print(System.out);
        return null;
    }
}
