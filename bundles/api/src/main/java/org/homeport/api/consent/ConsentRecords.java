package org.homeport.api.consent;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Looks up a subject's current consent. The core's gate works without any implementation (every
 * subject then has no record and the purpose's default applies); a consent store bundle
 * registers one to replace that lookup.
 *
 * <p>Called on the core's worker threads, never on an event loop; may block briefly.
 */
@ConsumerType
public interface ConsentRecords {

    /** @return the current state, or empty if the subject has no record for this purpose */
    Optional<ConsentState> currentState(String tenant, String subject, String purpose);
}
