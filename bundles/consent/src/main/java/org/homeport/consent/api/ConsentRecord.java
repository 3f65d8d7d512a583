package org.homeport.consent.api;

import java.time.Instant;
import java.util.Objects;
import org.homeport.api.consent.ConsentState;

/**
 * One consent change of a subject for a purpose. Records are only ever appended; the current
 * state is the latest record's.
 *
 * @param seq           position in the store's append order (assigned by the store; 0 before)
 * @param tenant        whose product the subject uses
 * @param subject       the subject id as the product knows it
 * @param purpose       the purpose id
 * @param state         what the subject chose
 * @param policyVersion the policy version the subject saw when choosing
 * @param recordedAt    when it was recorded
 * @param channel       how it arrived: {@code api}, {@code import}, {@code shell}, {@code console}
 * @param requestId     the client's idempotency key; a repeated request id returns the first record
 * @param actor         who recorded it (credential id or user name), never a secret
 */
public record ConsentRecord(long seq, String tenant, String subject, String purpose, ConsentState state,
        int policyVersion, Instant recordedAt, String channel, String requestId, String actor) {
    public ConsentRecord {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(actor, "actor");
    }

    /** The same record with the sequence number the store assigned. */
    public ConsentRecord withSeq(long assigned) {
        return new ConsentRecord(assigned, tenant, subject, purpose, state, policyVersion, recordedAt, channel, requestId,
                actor);
    }
}
