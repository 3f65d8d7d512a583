package org.homeport.consent.internal.service;

import java.time.Clock;
import java.util.List;
import org.homeport.consent.api.AuditEntry;
import org.homeport.consent.api.AuditTrail;
import org.homeport.consent.api.AuditVerification;
import org.homeport.consent.internal.store.ConsentStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The audit trail in the consent store, chained by the store. */
@Component(service = AuditTrail.class)
public class AuditTrailService implements AuditTrail {
    private final ConsentStore store;
    private final Clock clock = Clock.systemUTC();

    @Activate
    public AuditTrailService(@Reference StoreHolder holder) {
        this.store = holder.store();
    }

    @Override
    public AuditEntry append(String actor, String action, String target, String detail) {
        return store.appendAudit(actor, action, target, detail, clock.instant());
    }

    @Override
    public List<AuditEntry> entries(long afterSeq, int limit) {
        return store.auditEntries(afterSeq, Math.max(1, Math.min(limit, 10_000)));
    }

    @Override
    public AuditVerification verify() {
        return store.verifyAudit();
    }
}
