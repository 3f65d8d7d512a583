package org.homeport.consent.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.homeport.api.consent.ConsentState;
import org.homeport.consent.api.ConsentChange;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.ConsentOutcome;
import org.homeport.consent.api.ConsentService;

/** grant, deny and withdraw: the same call with another state, as in the API. */
abstract class ChangeCommand extends SubjectCommand {

    @Reference
    ConsentService consent;

    @Option(name = "--request-id", description = "Idempotency key; repeating it changes nothing")
    String requestId;

    @Argument(index = 1, name = "purpose", description = "The purpose id", required = true)
    @Completion(PurposeCompleter.class)
    String purpose;

    abstract ConsentState state();

    @Override
    public Object execute() {
        try {
            ConsentOutcome outcome = consent.record(new ConsentChange(tenant, subject, purpose, state(), 0, requestId,
                    "shell", actor()));
            System.out.println((outcome.created() ? "Recorded: " : "Recorded before under this request id: ")
                    + purpose + " " + outcome.record().state().name().toLowerCase(java.util.Locale.ROOT) + " (policy version "
                    + outcome.record().policyVersion() + ", record " + outcome.record().seq() + ").");
        } catch (ConsentException e) {
            System.err.println(e.getMessage());
        }
        return null;
    }
}
