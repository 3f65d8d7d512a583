package org.homeport.consent.api;

import org.homeport.api.consent.ConsentState;

/**
 * A change a subject made (or a compliance officer recorded for them).
 *
 * @param tenant        the tenant, from the caller's credential
 * @param subject       the subject id as the product knows it
 * @param purpose       the purpose id
 * @param state         {@code GRANTED}, {@code DENIED} or {@code WITHDRAWN}
 * @param policyVersion the policy version the subject was shown, or 0 for the current one
 * @param requestId     the client's idempotency key
 * @param channel       {@code api}, {@code import}, {@code shell}, {@code console}
 * @param actor         who recorded it (credential id or user name)
 */
public record ConsentChange(String tenant, String subject, String purpose, ConsentState state, int policyVersion,
        String requestId, String channel, String actor) {
}
