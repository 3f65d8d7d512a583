package org.homeport.consent.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeport.consent.api.AuditTrail;
import org.homeport.consent.api.AuditVerification;

@Command(scope = "consent", name = "audit-verify", description = "Recomputes the audit trail's hash chain and names the first broken entry")
@Service
public class AuditVerifyCommand implements Action {

    @Reference
    AuditTrail audit;

    @Override
    public Object execute() {
        AuditVerification verification = audit.verify();
        if (verification.intact()) {
            System.out.println("Audit trail intact: " + verification.checked() + " entries checked.");
        } else {
            System.out.println("Audit trail BROKEN at entry " + verification.firstBrokenSeq() + ": " + verification.problem());
        }
        return null;
    }
}
