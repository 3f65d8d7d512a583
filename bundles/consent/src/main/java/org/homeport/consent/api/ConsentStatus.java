package org.homeport.consent.api;

import org.homeport.api.consent.ConsentState;

/**
 * A subject's standing for one purpose.
 *
 * @param purpose       the purpose id
 * @param state         the recorded state, or {@code null} without a record
 * @param effective     what the gate does with the subject's events: {@code kept} or {@code dropped}
 * @param reason        the gate's reason code, e.g. {@code consent-granted}, {@code opt-out-default}
 * @param policyVersion the version the record refers to, or the current version without a record
 */
public record ConsentStatus(String purpose, ConsentState state, String effective, String reason, int policyVersion) {
}
