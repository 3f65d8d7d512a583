package org.homeport.consent.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeport.api.consent.ConsentState;

@Command(scope = "consent", name = "deny", description = "Records that a subject refused a purpose")
@Service
public class DenyCommand extends ChangeCommand {
    @Override
    ConsentState state() {
        return ConsentState.DENIED;
    }
}
