package org.homeport.consent.api;

import org.homeport.api.consent.ConsentState;

/**
 * A subject's standing for one purpose.
 *
 * @param purpose       the purpose id
 * @param state         the recorded state, or {@code null} without a record
 * @param effective     what the gate does with the subject's events: {@code kept}, {@code dropped}, or
 *                      {@value #OUTDATED} when they are dropped because the grant on record was given
 *                      under a policy version that a material change superseded
 * @param reason        the gate's reason code, e.g. {@code consent-granted}, {@code opt-out-default},
 *                      {@code consent-outdated}
 * @param policyVersion the version the record refers to, or the current version without a record
 * @param policyVersionInForce the purpose's version in force now (since 1.5)
 */
public record ConsentStatus(String purpose, ConsentState state, String effective, String reason, int policyVersion,
        int policyVersionInForce) {
    /** {@link #effective()} of a grant that no longer counts: the subject has to consent again. */
    public static final String OUTDATED = "outdated";

    /** A status that does not say which version is in force (the 1.4 constructor): the record's. */
    public ConsentStatus(String purpose, ConsentState state, String effective, String reason, int policyVersion) {
        this(purpose, state, effective, reason, policyVersion, policyVersion);
    }
}
