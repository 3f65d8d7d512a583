package org.homeport.consent.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeport.api.consent.ConsentState;

@Command(scope = "consent", name = "withdraw", description = "Records that a subject withdrew consent (or objected); takes effect at once")
@Service
public class WithdrawCommand extends ChangeCommand {
    @Override
    ConsentState state() {
        return ConsentState.WITHDRAWN;
    }
}
