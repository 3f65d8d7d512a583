package org.homeport.api.consent;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Looks up a subject's current consent; a consent store bundle registers it for the core's gate.
 * Without one (or when a lookup throws), the gate holds back events whose outcome a recorded
 * choice could change rather than apply the purpose's default.
 *
 * <p>Called on the core's worker threads, never on an event loop; may block briefly.
 */
@ConsumerType
public interface ConsentRecords {

    /** @return the current state, or empty if the subject has no record for this purpose */
    Optional<ConsentState> currentState(String tenant, String subject, String purpose);

    /**
     * The current choice and whether it still counts under the purpose's policy: a grant given
     * under a version that a material change superseded is {@link RecordedChoice#outdated()}. The
     * gate asks this rather than {@link #currentState}.
     *
     * @return the current choice, or empty if the subject has no record for this purpose; by
     *         default {@link #currentState}'s, never outdated
     * @since 1.1
     */
    default Optional<RecordedChoice> currentChoice(String tenant, String subject, String purpose) {
        return currentState(tenant, subject, purpose).map(state -> new RecordedChoice(state, false));
    }
}
