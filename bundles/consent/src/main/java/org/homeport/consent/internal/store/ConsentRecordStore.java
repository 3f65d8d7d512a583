package org.homeport.consent.internal.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.homeport.api.consent.ConsentState;
import org.homeport.consent.api.ConsentRecord;

/**
 * Consent records, append-only, with the current state of each (tenant, subject, purpose) and the
 * erasure jobs that denials and withdrawals queue: tables {@code consent_record},
 * {@code consent_current} and {@code erasure_job}. Every method may block; callers keep it off
 * event loops.
 */
public interface ConsentRecordStore {

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

    record DailyCount(LocalDate day, ConsentState state, long count) {
    }

    record StateCount(ConsentState state, long count) {
    }
}
