package org.homeport.core.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeport.core.internal.retention.RetentionScheduler;

@Command(scope = "homeport", name = "retention-run",
        description = "Deletes now, in every sink that can, what is older than each purpose's retention; the log says what went")
@Service
public class RetentionRunCommand implements Action {

    @Reference
    RetentionScheduler retention;

    @Override
    public Object execute() {
        retention.runOnce();
        System.out.println("Retention started for every purpose with a retention period; see the log for what was deleted.");
        return null;
    }
}
