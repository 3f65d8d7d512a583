package org.homeport.consent.internal.store;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.homeport.consent.api.AuditEntry;
import org.homeport.consent.api.AuditVerification;
import org.homeport.consent.api.ConsentRecord;
import org.homeport.consent.api.PolicyVersion;

/**
 * The consent store on H2 or PostgreSQL: one code path, the differences kept in {@link Dialect}.
 * Opening it applies missing schema versions. It is a facade over three stores that share one
 * {@link JdbcTransactions} (one connection pool): {@link JdbcPolicyVersionStore},
 * {@link JdbcConsentRecordStore} and {@link JdbcAuditStore}; each {@link ConsentStore} method is
 * the matching store's. Times are stored as epoch milliseconds, so values read back (and the
 * records returned by appends) carry millisecond precision.
 */
public final class JdbcConsentStore implements ConsentStore {

    private static final Duration BORROW_TIMEOUT = Duration.ofSeconds(10);

    private final JdbcTransactions transactions;
    private final JdbcPolicyVersionStore policies;
    private final JdbcAuditStore audit;
    private final JdbcConsentRecordStore records;

    /** A store in the H2 file {@code fileWithoutSuffix}.mv.db, created if missing. */
    public static JdbcConsentStore h2(Path fileWithoutSuffix, int poolSize) {
        return new JdbcConsentStore(Dialect.H2,
                new ConnectionPool(H2Connections.factory(fileWithoutSuffix), poolSize, BORROW_TIMEOUT));
    }

    /** A store in an existing PostgreSQL database, shared by every node configured with it. */
    public static JdbcConsentStore postgresql(String jdbcUrl, String user, String password, int poolSize) {
        return new JdbcConsentStore(Dialect.POSTGRESQL,
                new ConnectionPool(PostgresqlConnections.factory(jdbcUrl, user, password), poolSize, BORROW_TIMEOUT));
    }

    JdbcConsentStore(Dialect dialect, ConnectionPool pool) {
        this.transactions = new JdbcTransactions(dialect, pool);
        try {
            transactions.withConnection("migrate the schema", new MigrationRunner(dialect)::migrate);
        } catch (RuntimeException e) {
            transactions.close();
            throw e;
        }
        this.policies = new JdbcPolicyVersionStore(transactions);
        this.audit = new JdbcAuditStore(transactions);
        this.records = new JdbcConsentRecordStore(transactions, audit);
    }

    @Override
    public String dialect() {
        return transactions.dialect().id();
    }

    @Override
    public void ping() {
        transactions.withConnection("reach the database", connection -> {
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(5);
                statement.execute("SELECT 1");
            }
            return null;
        });
    }

    @Override
    public void close() {
        transactions.close();
    }

    // --- policies: JdbcPolicyVersionStore ----------------------------------------------------

    @Override
    public PolicyVersion recordPolicy(String purpose, String document, String status, String actor, Instant at,
            boolean material) {
        return policies.recordPolicy(purpose, document, status, actor, at, material);
    }

    @Override
    public Optional<PolicyVersion> latestPolicy(String purpose) {
        return policies.latestPolicy(purpose);
    }

    @Override
    public List<PolicyVersion> policyHistory(String purpose) {
        return policies.policyHistory(purpose);
    }

    @Override
    public List<PolicyVersion> latestPolicies() {
        return policies.latestPolicies();
    }

    // --- consent records and erasure jobs: JdbcConsentRecordStore ------------------------------

    @Override
    public Appended appendConsent(ConsentRecord record) {
        return records.appendConsent(record);
    }

    @Override
    public Appended appendConsent(ConsentRecord record, Function<ConsentRecord, AuditDraft> auditDraft,
            boolean queueErasure) {
        return records.appendConsent(record, auditDraft, queueErasure);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each batch of {@value JdbcConsentRecordStore#BATCH_SIZE} records is one transaction. A
     * request id conflict throws before its batch is written; the batches before it stay written.
     */
    @Override
    public List<Appended> appendConsents(List<ConsentRecord> consents) {
        return records.appendConsents(consents);
    }

    /** {@inheritDoc} Batches and conflicts as in {@link #appendConsents}. */
    @Override
    public List<Appended> appendPastConsents(List<ConsentRecord> consents) {
        return records.appendPastConsents(consents);
    }

    @Override
    public Optional<ConsentRecord> currentConsent(String tenant, String subject, String purpose) {
        return records.currentConsent(tenant, subject, purpose);
    }

    @Override
    public List<ConsentRecord> consentHistory(String tenant, String subject) {
        return records.consentHistory(tenant, subject);
    }

    @Override
    public boolean holdsTenant(String tenant) {
        return records.holdsTenant(tenant);
    }

    @Override
    public List<ConsentRecord> consentChangesAfter(long seq, int limit) {
        return records.consentChangesAfter(seq, limit);
    }

    @Override
    public long lastConsentSeq() {
        return records.lastConsentSeq();
    }

    @Override
    public List<DailyCount> consentStatistics(String purpose, Instant from, Instant to) {
        return records.consentStatistics(purpose, from, to);
    }

    @Override
    public List<StateCount> currentStateCounts(String purpose) {
        return records.currentStateCounts(purpose);
    }

    @Override
    public List<ErasureJob> dueErasureJobs(Instant now, int limit) {
        return records.dueErasureJobs(now, limit);
    }

    @Override
    public void finishErasureJobs(List<Long> seqs) {
        records.finishErasureJobs(seqs);
    }

    @Override
    public void postponeErasureJobs(List<Long> seqs, Instant next) {
        records.postponeErasureJobs(seqs, next);
    }

    @Override
    public long pendingErasureJobs() {
        return records.pendingErasureJobs();
    }

    // --- audit trail: JdbcAuditStore ------------------------------------------------------------

    @Override
    public AuditEntry appendAudit(String actor, String action, String target, String detail, Instant at) {
        return audit.appendAudit(actor, action, target, detail, at);
    }

    @Override
    public List<AuditEntry> auditEntries(long afterSeq, int limit) {
        return audit.auditEntries(afterSeq, limit);
    }

    @Override
    public AuditVerification verifyAudit() {
        return audit.verifyAudit();
    }
}
