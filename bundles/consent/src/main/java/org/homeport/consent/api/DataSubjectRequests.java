package org.homeport.consent.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Access and erasure requests (GDPR Art. 15 and 17) and device-recovery reads, each audited and
 * answered with a receipt of what was found and done. Blocking; call off event loops.
 */
@ProviderType
public interface DataSubjectRequests {

    /**
     * Gathers the subject's consent history and the events of every sink that can export into one
     * zip file: {@code receipt.json}, {@code consent-history.json}, {@code events/<sink>.jsonl}.
     *
     * @param withheldPurposes purposes whose events the caller may not see (device location for
     *                         anyone but a device-recovery officer); the receipt names them
     */
    Export export(String tenant, String subject, String actor, Set<String> withheldPurposes);

    /**
     * Deletes the subject's events from every sink that can erase. Consent records and the audit
     * trail stay: they prove what the subject chose and that the request was answered.
     *
     * @return the receipt as JSON
     */
    String erase(String tenant, String subject, String actor);

    /** The stored events a device sent for the given purposes, as JSON lines; audited as a privileged read. */
    List<String> deviceEvents(String tenant, String device, Set<String> purposes, String actor, int limit);

    /**
     * @param id      the request's id, also the zip file's name
     * @param zip     the bundle to hand over; the caller deletes it when done
     * @param receipt the receipt as JSON
     */
    record Export(String id, Path zip, String receipt) {
    }
}
