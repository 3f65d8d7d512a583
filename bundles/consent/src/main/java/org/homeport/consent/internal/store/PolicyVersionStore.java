package org.homeport.consent.internal.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.homeport.consent.api.PolicyVersion;

/**
 * The versions of each purpose's policy, append-only: table {@code policy_version}. Every method
 * may block; callers keep it off event loops.
 */
public interface PolicyVersionStore {

    /**
     * Appends the next version of a purpose's policy unless the latest version has the same
     * document digest and status already.
     *
     * @return the latest version after the call (new, or the unchanged existing one)
     */
    default PolicyVersion recordPolicy(String purpose, String document, String status, String actor, Instant at) {
        return recordPolicy(purpose, document, status, actor, at, false);
    }

    /**
     * {@link #recordPolicy(String, String, String, String, Instant)}, marking a new version
     * material or not. A new active version after a retired one is always material: bringing a
     * purpose back never brings its grants back.
     */
    PolicyVersion recordPolicy(String purpose, String document, String status, String actor, Instant at,
            boolean material);

    Optional<PolicyVersion> latestPolicy(String purpose);

    /** Every version, oldest first. */
    List<PolicyVersion> policyHistory(String purpose);

    /** The latest version of every purpose ever recorded, by purpose id. */
    List<PolicyVersion> latestPolicies();
}
