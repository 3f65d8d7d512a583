package org.homeport.consent.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The hash-chained audit trail: policy changes, consent changes, data-subject requests and
 * privileged reads. Entries are only appended; {@link #verify()} finds the first one that was
 * changed, removed or inserted afterwards.
 */
@ProviderType
public interface AuditTrail {

    /**
     * @param actor  who did it
     * @param action what, e.g. {@code read.device-locations}
     * @param target what it concerned, e.g. {@code acme/d-8842}
     * @param detail JSON with more; never a secret
     */
    AuditEntry append(String actor, String action, String target, String detail);

    /** Entries after {@code afterSeq}, oldest first, at most {@code limit}. */
    List<AuditEntry> entries(long afterSeq, int limit);

    AuditVerification verify();
}
