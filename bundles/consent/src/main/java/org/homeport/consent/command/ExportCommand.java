package org.homeport.consent.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.DataSubjectRequests;

@Command(scope = "consent", name = "export",
        description = "Access request: writes everything held on a subject to a zip under data/homeport/requests/")
@Service
public class ExportCommand extends SubjectCommand {

    @Reference
    DataSubjectRequests requests;

    @Override
    public Object execute() {
        try {
            // The shell runs on the node: whoever uses it may read device-location data as well.
            DataSubjectRequests.Export export = requests.export(tenant, subject, actor(), java.util.List.of());
            io.vertx.core.json.JsonObject receipt = new io.vertx.core.json.JsonObject(export.receipt());
            System.out.println(receipt.getString("summary"));
            System.out.println("Export written to " + export.zip());
            System.out.println(receipt.encodePrettily());
        } catch (ConsentException e) {
            System.err.println(e.getMessage());
        }
        return null;
    }
}
