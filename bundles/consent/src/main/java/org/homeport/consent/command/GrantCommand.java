package org.homeport.consent.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeport.api.consent.ConsentState;

@Command(scope = "consent", name = "grant", description = "Records a subject's consent to a purpose")
@Service
public class GrantCommand extends ChangeCommand {
    @Override
    ConsentState state() {
        return ConsentState.GRANTED;
    }
}
