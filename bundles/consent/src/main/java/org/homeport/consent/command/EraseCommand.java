package org.homeport.consent.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.DataSubjectRequests;

@Command(scope = "consent", name = "erase", description = "Erasure request: deletes a subject's events from every sink that can")
@Service
public class EraseCommand extends SubjectCommand {

    @Reference
    DataSubjectRequests requests;

    @Override
    public Object execute() {
        try {
            String receipt = requests.erase(tenant, subject, actor());
            System.out.println(new io.vertx.core.json.JsonObject(receipt).encodePrettily());
        } catch (ConsentException e) {
            System.err.println(e.getMessage());
        }
        return null;
    }
}
