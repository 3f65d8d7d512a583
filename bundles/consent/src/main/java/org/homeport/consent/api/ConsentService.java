package org.homeport.consent.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Subjects' consent: recorded by the products acting for them (consent API), by compliance
 * officers (admin API, shell) and by bulk import. Every change is appended, never overwritten; a
 * withdrawal takes effect on this node before the call returns.
 */
@ProviderType
public interface ConsentService {

    /**
     * Records a grant, denial or withdrawal. Idempotent per (tenant, request id): repeating a request
     * returns the first outcome and changes nothing.
     *
     * @throws ConsentException {@code UNKNOWN_PURPOSE}, {@code RETIRED_PURPOSE},
     *                          {@code UNKNOWN_POLICY_VERSION}, {@code REQUEST_ID_REUSED}, {@code INVALID}
     */
    ConsentOutcome record(ConsentChange change);

    /** The subject's state for every declared purpose (recorded, or the purpose's default). */
    List<ConsentStatus> status(String tenant, String subject);

    Optional<ConsentRecord> current(String tenant, String subject, String purpose);

    /** Every change of the subject, all purposes, oldest first. */
    List<ConsentRecord> history(String tenant, String subject);
}
