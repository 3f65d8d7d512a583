package org.homeport.consent.internal.store;

import java.time.Instant;
import java.util.List;
import org.homeport.consent.api.AuditEntry;
import org.homeport.consent.api.AuditVerification;

/**
 * The audit trail, a hash chain ({@link AuditChain}): table {@code audit_entry}. Appends are
 * serialised across every node sharing the store. Every method may block; callers keep it off
 * event loops.
 */
public interface AuditStore {

    /** Appends an entry chained to the previous one; serialised across nodes sharing the store. */
    AuditEntry appendAudit(String actor, String action, String target, String detail, Instant at);

    /** Entries with seq > afterSeq, oldest first, at most limit. */
    List<AuditEntry> auditEntries(long afterSeq, int limit);

    /** Recomputes the chain from the first entry; reports the first entry that does not match. */
    AuditVerification verifyAudit();
}
