package org.homeport.consent.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.DataSubjectRequests;

@Command(scope = "consent", name = "erase", description = "Erasure request: deletes a subject's events from every sink that can")
@Service
public class EraseCommand implements Action {

    @Reference
    DataSubjectRequests requests;

    @Reference
    Session session;

    @Option(name = "--tenant", description = "The subject's tenant", required = true)
    String tenant;

    @Argument(index = 0, name = "subject", description = "The subject id", required = true)
    String subject;

    @Override
    public Object execute() {
        try {
            String receipt = requests.erase(tenant, subject, String.valueOf(session.get("USER")));
            System.out.println(new io.vertx.core.json.JsonObject(receipt).encodePrettily());
        } catch (ConsentException e) {
            System.err.println(e.getMessage());
        }
        return null;
    }
}
