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
            // The shell runs on the node: an access request from it withholds nothing, so nothing erased was unseen.
            io.vertx.core.json.JsonObject receipt = new io.vertx.core.json.JsonObject(
                    requests.erase(tenant, subject, actor(), java.util.List.of()));
            System.out.println(receipt.getString("summary"));
            System.out.println(receipt.encodePrettily());
        } catch (ConsentException e) {
            System.err.println(e.getMessage());
        }
        return null;
    }
}
