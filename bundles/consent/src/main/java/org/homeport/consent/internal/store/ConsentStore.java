package org.homeport.consent.internal.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.homeport.consent.api.AuditEntry;
import org.homeport.consent.api.AuditVerification;
import org.homeport.consent.api.ConsentRecord;
import org.homeport.consent.api.PolicyVersion;

/**
 * Where policy versions, consent records and the audit trail are kept. Two implementations share
 * one JDBC code path: embedded H2 in a file (the default) and PostgreSQL (several nodes sharing one
 * store). Every method may block; callers keep it off event loops.
 */
public interface ConsentStore extends AutoCloseable {

    /** {@code h2} or {@code postgresql}. */
    String dialect();

    /** One round trip to the database, for the health check; a {@link StoreException} if it does not answer. */
    void ping();

    // --- policies -------------------------------------------------------------------------

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

    // --- consent --------------------------------------------------------------------------

    /**
     * Appends a consent record and updates the current state of (tenant, subject, purpose) in one
     * transaction. Idempotent per (tenant, request id): a request id seen before returns the record
     * first written for it, {@code created = false}, and writes nothing.
     *
     * @throws RequestIdConflictException if the request id was used for a different change
     */
    Appended appendConsent(ConsentRecord record);

    /**
     * {@link #appendConsent(ConsentRecord)}, and in the same transaction, only if this call creates
     * the record: its audit entry (made from the record as stored, with its seq) and, with
     * {@code queueErasure}, an {@link ErasureJob} for it. Either all of it is written or none, so a
     * retry of a change whose audit entry could not be written writes the record, the entry and the
     * job then, and a repeat of a change that was written writes nothing.
     */
    Appended appendConsent(ConsentRecord record, Function<ConsentRecord, AuditDraft> audit, boolean queueErasure);

    /** Many records in few transactions (bulk import, seeding a benchmark); same rules per record. */
    List<Appended> appendConsents(List<ConsentRecord> records);

    /**
     * Like {@link #appendConsents}, for choices made in the past (an import): a record becomes the
     * current state only if it was recorded no earlier than the current one, so an old choice joins
     * the history without replacing a newer one.
     */
    List<Appended> appendPastConsents(List<ConsentRecord> records);

    /** The latest record of (tenant, subject, purpose): an index lookup, never a scan. */
    Optional<ConsentRecord> currentConsent(String tenant, String subject, String purpose);

    /** Every record of a subject, all purposes, oldest first. */
    List<ConsentRecord> consentHistory(String tenant, String subject);

    /**
     * Whether any consent record names the tenant, matched exactly: one probe of the current states'
     * primary key, never a scan. Data-subject requests use it to tell a tenant from a typo.
     */
    boolean holdsTenant(String tenant);

    /** Records appended after {@code seq}, in order, at most {@code limit}: what other nodes changed. */
    List<ConsentRecord> consentChangesAfter(long seq, int limit);

    /** The highest record sequence number, 0 when empty. */
    long lastConsentSeq();

    /** Per day (UTC) and state: how many records of the purpose were appended in [from, to). */
    List<DailyCount> consentStatistics(String purpose, Instant from, Instant to);

    /** How many (tenant, subject) pairs currently have each state for the purpose. */
    List<StateCount> currentStateCounts(String purpose);

    // --- erasure jobs ----------------------------------------------------------------------

    /** The erasure jobs due at {@code now}, oldest first, at most {@code limit}. */
    List<ErasureJob> dueErasureJobs(Instant now, int limit);

    /** Removes jobs that are done. */
    void finishErasureJobs(List<Long> seqs);

    /** Counts one more failed attempt of each job and makes it due again at {@code next}. */
    void postponeErasureJobs(List<Long> seqs, Instant next);

    /** How many erasure jobs wait, due or not. */
    long pendingErasureJobs();

    // --- audit trail ----------------------------------------------------------------------

    /** Appends an entry chained to the previous one; serialised across nodes sharing the store. */
    AuditEntry appendAudit(String actor, String action, String target, String detail, Instant at);

    /** Entries with seq > afterSeq, oldest first, at most limit. */
    List<AuditEntry> auditEntries(long afterSeq, int limit);

    /** Recomputes the chain from the first entry; reports the first entry that does not match. */
    AuditVerification verifyAudit();

    @Override
    void close();

    /** An audit entry still to be chained. */
    record AuditDraft(String actor, String action, String target, String detail) {
    }

    /**
     * An erasure a denial or withdrawal asked for: the subject's events of the purpose.
     *
     * @param seq the consent record that asked for it
     */
    record ErasureJob(long seq, String tenant, String subject, String purpose, Instant createdAt, int attempts) {
    }

    /** A consent record as stored, and whether this call wrote it. */
    record Appended(ConsentRecord record, boolean created) {
    }

    record DailyCount(java.time.LocalDate day, org.homeport.api.consent.ConsentState state, long count) {
    }

    record StateCount(org.homeport.api.consent.ConsentState state, long count) {
    }
}
