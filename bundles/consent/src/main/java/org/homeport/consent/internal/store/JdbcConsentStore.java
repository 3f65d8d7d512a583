package org.homeport.consent.internal.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.homeport.api.consent.ConsentState;
import org.homeport.api.event.Identifiers;
import org.homeport.consent.api.AuditEntry;
import org.homeport.consent.api.AuditVerification;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.ConsentRecord;
import org.homeport.consent.api.PolicyVersion;

/**
 * The consent store on H2 or PostgreSQL: one code path, the differences kept in {@link Dialect}.
 * Opening it applies missing schema versions. Times are stored as epoch milliseconds, so values
 * read back (and the records returned by appends) carry millisecond precision.
 */
public final class JdbcConsentStore implements ConsentStore {

    /** Records per transaction in {@link #appendConsents}. */
    static final int BATCH_SIZE = 1000;
    private static final int AUDIT_PAGE_SIZE = 1000;
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final Duration BORROW_TIMEOUT = Duration.ofSeconds(10);
    /** A transaction that lost a race for a unique key or a lock is run again, this often in all. */
    private static final int MAX_ATTEMPTS = 5;

    private static final String RECORD_COLUMNS =
            "seq, tenant, subject, purpose, state, policy_version, recorded_at, channel, request_id, actor";
    private static final String POLICY_COLUMNS = "purpose, version, status, document, digest, created_at, created_by, material";
    private static final String AUDIT_COLUMNS = "seq, time, actor, action, target, detail, previous_hash, hash";

    private final Dialect dialect;
    private final ConnectionPool pool;

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
        this.dialect = dialect;
        this.pool = pool;
        try {
            withConnection("migrate the schema", new MigrationRunner(dialect)::migrate);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    @Override
    public String dialect() {
        return dialect.id();
    }

    @Override
    public void ping() {
        withConnection("reach the database", connection -> {
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(5);
                statement.execute("SELECT 1");
            }
            return null;
        });
    }

    // --- policies -------------------------------------------------------------------------

    @Override
    public PolicyVersion recordPolicy(String purpose, String document, String status, String actor, Instant at,
            boolean material) {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(actor, "actor");
        if (!PolicyVersion.ACTIVE.equals(status) && !PolicyVersion.RETIRED.equals(status)) {
            throw new IllegalArgumentException("status must be active or retired, was " + status);
        }
        String digest = Sha256.hex(document);
        Instant createdAt = toMillis(at);
        // two nodes writing the same next version: the loser's retry finds the winner's version
        return inTransaction("record a policy version", c -> {
            Optional<PolicyVersion> latest = latestPolicy(c, purpose);
            if (latest.isPresent() && latest.get().digest().equals(digest) && latest.get().status().equals(status)) {
                return latest.get();
            }
            boolean revival = PolicyVersion.ACTIVE.equals(status) && latest.isPresent()
                    && PolicyVersion.RETIRED.equals(latest.get().status());
            PolicyVersion next = new PolicyVersion(purpose, latest.map(p -> p.version() + 1).orElse(1), status,
                    document, digest, createdAt, actor, PolicyVersion.ACTIVE.equals(status) && (material || revival));
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO policy_version (" + POLICY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, next.purpose());
                insert.setInt(2, next.version());
                insert.setString(3, next.status());
                insert.setString(4, next.document());
                insert.setString(5, next.digest());
                insert.setLong(6, next.createdAt().toEpochMilli());
                insert.setString(7, next.createdBy());
                insert.setBoolean(8, next.material());
                insert.executeUpdate();
            }
            return next;
        });
    }

    @Override
    public Optional<PolicyVersion> latestPolicy(String purpose) {
        return withConnection("read the latest policy version", c -> latestPolicy(c, purpose));
    }

    @Override
    public List<PolicyVersion> policyHistory(String purpose) {
        return withConnection("read a policy's history", c -> {
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT " + POLICY_COLUMNS + " FROM policy_version WHERE purpose = ? ORDER BY version")) {
                query.setString(1, purpose);
                return readPolicies(query);
            }
        });
    }

    @Override
    public List<PolicyVersion> latestPolicies() {
        return withConnection("read the latest policy versions", c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT " + POLICY_COLUMNS + " FROM policy_version p"
                    + " WHERE version = (SELECT MAX(version) FROM policy_version l WHERE l.purpose = p.purpose)"
                    + " ORDER BY purpose")) {
                return readPolicies(query);
            }
        });
    }

    private static Optional<PolicyVersion> latestPolicy(Connection c, String purpose) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT " + POLICY_COLUMNS
                + " FROM policy_version WHERE purpose = ? ORDER BY version DESC FETCH FIRST 1 ROW ONLY")) {
            query.setString(1, purpose);
            return readPolicies(query).stream().findFirst();
        }
    }

    private static List<PolicyVersion> readPolicies(PreparedStatement query) throws SQLException {
        List<PolicyVersion> policies = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                policies.add(new PolicyVersion(rows.getString("purpose"), rows.getInt("version"),
                        rows.getString("status"), rows.getString("document"), rows.getString("digest"),
                        Instant.ofEpochMilli(rows.getLong("created_at")), rows.getString("created_by"),
                        rows.getBoolean("material")));
            }
        }
        return policies;
    }

    // --- consent --------------------------------------------------------------------------

    @Override
    public Appended appendConsent(ConsentRecord record) {
        return appendConsents(List.of(record)).get(0);
    }

    @Override
    public Appended appendConsent(ConsentRecord record, Function<ConsentRecord, AuditDraft> audit,
            boolean queueErasure) {
        ConsentRecord atPrecision = atStoredPrecision(record);
        return inTransaction("append a consent record with its audit entry", c -> {
            // The audit lock first: every writer that takes both takes them in this order.
            dialect.lockAudit(c);
            Appended appended = appendBatch(c, List.of(atPrecision), false).get(0);
            if (appended.created()) {
                ConsentRecord stored = appended.record();
                AuditDraft draft = audit.apply(stored);
                appendAuditLocked(c, draft.actor(), draft.action(), draft.target(), draft.detail(),
                        stored.recordedAt());
                if (queueErasure) {
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO erasure_job (seq, tenant, subject,"
                            + " purpose, created_at, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, 0, ?)")) {
                        insert.setLong(1, stored.seq());
                        insert.setString(2, stored.tenant());
                        insert.setString(3, stored.subject());
                        insert.setString(4, stored.purpose());
                        insert.setLong(5, stored.recordedAt().toEpochMilli());
                        insert.setLong(6, stored.recordedAt().toEpochMilli());
                        insert.executeUpdate();
                    }
                }
            }
            return appended;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each batch of {@value #BATCH_SIZE} records is one transaction. A request id conflict
     * throws before its batch is written; the batches before it stay written.
     */
    @Override
    public List<Appended> appendConsents(List<ConsentRecord> records) {
        return append(records, false);
    }

    /** {@inheritDoc} Batches and conflicts as in {@link #appendConsents}. */
    @Override
    public List<Appended> appendPastConsents(List<ConsentRecord> records) {
        return append(records, true);
    }

    private List<Appended> append(List<ConsentRecord> records, boolean past) {
        records.forEach(JdbcConsentStore::requireIdentifiersFit);
        List<Appended> appended = new ArrayList<>(records.size());
        for (int from = 0; from < records.size(); from += BATCH_SIZE) {
            int to = Math.min(records.size(), from + BATCH_SIZE);
            List<ConsentRecord> batch = records.subList(from, to).stream()
                    .map(JdbcConsentStore::atStoredPrecision)
                    .toList();
            // two writers with the same request id: the loser hits the unique key, and its retry
            // finds the winner's record. Only the last batch waits for the disk: the caller hears
            // of none before all are (and after a crash, its retry finds the ones that were).
            appended.addAll(inTransaction("append consent records", to == records.size(),
                    c -> appendBatch(c, batch, past)));
        }
        return appended;
    }

    /** The one identifier limit, refused before anything is written (the columns hold 255 characters). */
    private static void requireIdentifiersFit(ConsentRecord record) {
        if (!Identifiers.fits(record.subject())) {
            throw new ConsentException(ConsentException.Reason.INVALID,
                    "the subject is longer than " + Identifiers.MAX_BYTES + " bytes (UTF-8)");
        }
    }

    private List<Appended> appendBatch(Connection c, List<ConsentRecord> batch, boolean past) throws SQLException {
        Map<RequestKey, ConsentRecord> stored = findByRequestIds(c, batch);
        // the first record of each new request id is written; a repeat within the batch refers to it
        Map<RequestKey, Integer> firstInBatch = new HashMap<>();
        List<Integer> toInsert = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            ConsentRecord record = batch.get(i);
            RequestKey key = RequestKey.of(record);
            ConsentRecord earlier = stored.get(key);
            Integer first = firstInBatch.get(key);
            if (earlier == null && first != null) {
                earlier = batch.get(first);
            }
            if (earlier != null) {
                requireSameChange(earlier, record);
            } else {
                firstInBatch.put(key, i);
                toInsert.add(i);
            }
        }

        ConsentRecord[] inserted = insertRecords(c, batch, toInsert);
        updateCurrent(c, toInsert.stream().map(i -> inserted[i]).toList(), past);

        List<Appended> appended = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            RequestKey key = RequestKey.of(batch.get(i));
            ConsentRecord earlier = stored.get(key);
            int first = firstInBatch.getOrDefault(key, -1);
            appended.add(earlier != null ? new Appended(earlier, false) : new Appended(inserted[first], first == i));
        }
        return appended;
    }

    private record RequestKey(String tenant, String requestId) {
        static RequestKey of(ConsentRecord record) {
            return new RequestKey(record.tenant(), record.requestId());
        }
    }

    private record CurrentKey(String tenant, String subject, String purpose) {
        static final Comparator<CurrentKey> ORDER = Comparator.comparing(CurrentKey::tenant)
                .thenComparing(CurrentKey::subject)
                .thenComparing(CurrentKey::purpose);

        static CurrentKey of(ConsentRecord record) {
            return new CurrentKey(record.tenant(), record.subject(), record.purpose());
        }
    }

    /** A repeated request id must repeat the change: same subject, purpose and state. */
    private static void requireSameChange(ConsentRecord earlier, ConsentRecord record) {
        if (!earlier.subject().equals(record.subject()) || !earlier.purpose().equals(record.purpose())
                || earlier.state() != record.state()) {
            // names the request, never the subject
            String where = earlier.seq() > 0 ? "by record " + earlier.seq() : "earlier in the same batch";
            throw new RequestIdConflictException("request id '" + record.requestId() + "' of tenant '"
                    + record.tenant() + "' is already used " + where
                    + " for a different consent change; a new change needs a new request id");
        }
    }

    /** The stored records of the batch's request ids: one query, each key an index lookup. */
    private Map<RequestKey, ConsentRecord> findByRequestIds(Connection c, List<ConsentRecord> batch)
            throws SQLException {
        Set<RequestKey> keys = new LinkedHashSet<>();
        for (ConsentRecord record : batch) {
            keys.add(RequestKey.of(record));
        }
        try (PreparedStatement query = c.prepareStatement(dialect.findByRequestIdsSql(RECORD_COLUMNS))) {
            query.setArray(1, c.createArrayOf("varchar", keys.stream().map(RequestKey::requestId).toArray()));
            query.setArray(2, c.createArrayOf("varchar", keys.stream().map(RequestKey::tenant).toArray()));
            Map<RequestKey, ConsentRecord> stored = new HashMap<>();
            for (ConsentRecord record : readRecords(query)) {
                stored.put(RequestKey.of(record), record);
            }
            return stored;
        }
    }

    /** Inserts batch[i] for each i in toInsert, in that order; returns them with their seq, by index. */
    private ConsentRecord[] insertRecords(Connection c, List<ConsentRecord> batch, List<Integer> toInsert)
            throws SQLException {
        ConsentRecord[] inserted = new ConsentRecord[batch.size()];
        if (toInsert.isEmpty()) {
            return inserted;
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO consent_record (tenant, subject, purpose,"
                + " state, policy_version, recorded_at, channel, request_id, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                new String[] {dialect.seqColumn()})) {
            for (int i : toInsert) {
                ConsentRecord r = batch.get(i);
                insert.setString(1, r.tenant());
                insert.setString(2, r.subject());
                insert.setString(3, r.purpose());
                insert.setString(4, r.state().name());
                insert.setInt(5, r.policyVersion());
                insert.setLong(6, r.recordedAt().toEpochMilli());
                insert.setString(7, r.channel());
                insert.setString(8, r.requestId());
                insert.setString(9, r.actor());
                insert.addBatch();
            }
            insert.executeBatch();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                for (int i : toInsert) {
                    if (!keys.next()) {
                        throw new SQLException("the driver returned fewer generated keys than rows inserted");
                    }
                    inserted[i] = batch.get(i).withSeq(keys.getLong(1));
                }
            }
        }
        return inserted;
    }

    /**
     * Sets consent_current to the highest-seq record per key (for past records: the latest recorded,
     * then the highest seq), keys in one order to avoid deadlocks.
     */
    private void updateCurrent(Connection c, List<ConsentRecord> inserted, boolean past) throws SQLException {
        Comparator<ConsentRecord> order = past
                ? Comparator.comparing(ConsentRecord::recordedAt).thenComparingLong(ConsentRecord::seq)
                : Comparator.comparingLong(ConsentRecord::seq);
        Map<CurrentKey, ConsentRecord> latest = new HashMap<>();
        for (ConsentRecord record : inserted) {
            latest.merge(CurrentKey.of(record), record, (a, b) -> order.compare(a, b) >= 0 ? a : b);
        }
        List<CurrentKey> keys = new ArrayList<>(latest.keySet());
        keys.sort(CurrentKey.ORDER);
        try (PreparedStatement upsert = c.prepareStatement(dialect.upsertCurrentSql(past))) {
            for (CurrentKey key : keys) {
                ConsentRecord r = latest.get(key);
                upsert.setString(1, r.tenant());
                upsert.setString(2, r.subject());
                upsert.setString(3, r.purpose());
                upsert.setLong(4, r.seq());
                upsert.setString(5, r.state().name());
                upsert.setInt(6, r.policyVersion());
                upsert.setLong(7, r.recordedAt().toEpochMilli());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    @Override
    public Optional<ConsentRecord> currentConsent(String tenant, String subject, String purpose) {
        return withConnection("read a current consent", c -> {
            // two primary key lookups: consent_current's key, then the record's seq
            try (PreparedStatement query = c.prepareStatement("SELECT r.seq, r.tenant, r.subject, r.purpose, r.state,"
                    + " r.policy_version, r.recorded_at, r.channel, r.request_id, r.actor"
                    + " FROM consent_current cur JOIN consent_record r ON r.seq = cur.seq"
                    + " WHERE cur.tenant = ? AND cur.subject = ? AND cur.purpose = ?")) {
                query.setString(1, tenant);
                query.setString(2, subject);
                query.setString(3, purpose);
                return readRecords(query).stream().findFirst();
            }
        });
    }

    @Override
    public boolean holdsTenant(String tenant) {
        return withConnection("look a tenant up", c -> {
            // consent_current's primary key starts with the tenant: the first row found answers.
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT 1 FROM consent_current WHERE tenant = ? FETCH FIRST 1 ROW ONLY")) {
                query.setString(1, tenant);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    @Override
    public List<ConsentRecord> consentHistory(String tenant, String subject) {
        return withConnection("read a consent history", c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT " + RECORD_COLUMNS
                    + " FROM consent_record WHERE tenant = ? AND subject = ? ORDER BY seq")) {
                query.setString(1, tenant);
                query.setString(2, subject);
                return readRecords(query);
            }
        });
    }

    @Override
    public List<ConsentRecord> consentChangesAfter(long seq, int limit) {
        requirePositive(limit);
        return withConnection("read consent changes", c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT " + RECORD_COLUMNS
                    + " FROM consent_record WHERE seq > ? ORDER BY seq FETCH FIRST ? ROWS ONLY")) {
                query.setLong(1, seq);
                query.setInt(2, limit);
                return readRecords(query);
            }
        });
    }

    @Override
    public long lastConsentSeq() {
        return withConnection("read the last consent sequence number", c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM consent_record");
                    ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    @Override
    public List<DailyCount> consentStatistics(String purpose, Instant from, Instant to) {
        return withConnection("count consent records per day", c -> {
            // integer division gives the UTC day: recorded_at is never before 1970
            try (PreparedStatement query = c.prepareStatement("SELECT epoch_day, state, COUNT(*) AS records FROM"
                    + " (SELECT recorded_at / " + MILLIS_PER_DAY + " AS epoch_day, state FROM consent_record"
                    + " WHERE purpose = ? AND recorded_at >= ? AND recorded_at < ?) d"
                    + " GROUP BY epoch_day, state ORDER BY epoch_day, state")) {
                query.setString(1, purpose);
                query.setLong(2, ceilMillis(from));
                query.setLong(3, ceilMillis(to));
                List<DailyCount> counts = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        counts.add(new DailyCount(LocalDate.ofEpochDay(rows.getLong("epoch_day")),
                                ConsentState.valueOf(rows.getString("state")), rows.getLong("records")));
                    }
                }
                return counts;
            }
        });
    }

    @Override
    public List<StateCount> currentStateCounts(String purpose) {
        return withConnection("count current consents", c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT state, COUNT(*) AS subjects FROM consent_current"
                    + " WHERE purpose = ? GROUP BY state ORDER BY state")) {
                query.setString(1, purpose);
                List<StateCount> counts = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        counts.add(new StateCount(ConsentState.valueOf(rows.getString("state")),
                                rows.getLong("subjects")));
                    }
                }
                return counts;
            }
        });
    }

    private static List<ConsentRecord> readRecords(PreparedStatement query) throws SQLException {
        List<ConsentRecord> records = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                records.add(new ConsentRecord(rows.getLong("seq"), rows.getString("tenant"), rows.getString("subject"),
                        rows.getString("purpose"), ConsentState.valueOf(rows.getString("state")),
                        rows.getInt("policy_version"), Instant.ofEpochMilli(rows.getLong("recorded_at")),
                        rows.getString("channel"), rows.getString("request_id"), rows.getString("actor")));
            }
        }
        return records;
    }

    // --- audit trail ----------------------------------------------------------------------

    @Override
    public AuditEntry appendAudit(String actor, String action, String target, String detail, Instant at) {
        return inTransaction("append an audit entry", c -> {
            dialect.lockAudit(c);
            return appendAuditLocked(c, actor, action, target, detail, at);
        });
    }

    /** Chains and inserts an entry; the caller holds the audit lock in its transaction. */
    private static AuditEntry appendAuditLocked(Connection c, String actor, String action, String target, String detail,
            Instant at) throws SQLException {
        Instant time = toMillis(at);
        long previousSeq = 0;
        String previousHash = AuditChain.GENESIS;
        try (PreparedStatement last = c.prepareStatement(
                "SELECT seq, hash FROM audit_entry ORDER BY seq DESC FETCH FIRST 1 ROW ONLY");
                ResultSet rows = last.executeQuery()) {
            if (rows.next()) {
                previousSeq = rows.getLong("seq");
                previousHash = rows.getString("hash");
            }
        }
        long seq = previousSeq + 1;
        AuditEntry entry = new AuditEntry(seq, time, actor, action, target, detail, previousHash,
                AuditChain.hash(previousHash, seq, time, actor, action, target, detail));
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO audit_entry (" + AUDIT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, entry.seq());
            insert.setLong(2, entry.time().toEpochMilli());
            insert.setString(3, entry.actor());
            insert.setString(4, entry.action());
            insert.setString(5, entry.target());
            insert.setString(6, entry.detail());
            insert.setString(7, entry.previousHash());
            insert.setString(8, entry.hash());
            insert.executeUpdate();
        }
        return entry;
    }

    // --- erasure jobs ----------------------------------------------------------------------

    @Override
    public List<ErasureJob> dueErasureJobs(Instant now, int limit) {
        requirePositive(limit);
        return withConnection("read due erasure jobs", c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT seq, tenant, subject, purpose, created_at,"
                    + " attempts FROM erasure_job WHERE next_attempt_at <= ? ORDER BY seq FETCH FIRST ? ROWS ONLY")) {
                query.setLong(1, now.toEpochMilli());
                query.setInt(2, limit);
                List<ErasureJob> jobs = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        jobs.add(new ErasureJob(rows.getLong("seq"), rows.getString("tenant"), rows.getString("subject"),
                                rows.getString("purpose"), Instant.ofEpochMilli(rows.getLong("created_at")),
                                rows.getInt("attempts")));
                    }
                }
                return jobs;
            }
        });
    }

    @Override
    public void finishErasureJobs(List<Long> seqs) {
        if (seqs.isEmpty()) {
            return;
        }
        inTransaction("remove finished erasure jobs", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM erasure_job WHERE seq = ?")) {
                for (long seq : seqs) {
                    delete.setLong(1, seq);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            return null;
        });
    }

    @Override
    public void postponeErasureJobs(List<Long> seqs, Instant next) {
        if (seqs.isEmpty()) {
            return;
        }
        inTransaction("postpone erasure jobs", c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE erasure_job SET attempts = attempts + 1, next_attempt_at = ? WHERE seq = ?")) {
                for (long seq : seqs) {
                    update.setLong(1, next.toEpochMilli());
                    update.setLong(2, seq);
                    update.addBatch();
                }
                update.executeBatch();
            }
            return null;
        });
    }

    @Override
    public long pendingErasureJobs() {
        return withConnection("count erasure jobs", c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT COUNT(*) FROM erasure_job");
                    ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    @Override
    public List<AuditEntry> auditEntries(long afterSeq, int limit) {
        requirePositive(limit);
        return withConnection("read audit entries", c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT " + AUDIT_COLUMNS
                    + " FROM audit_entry WHERE seq > ? ORDER BY seq FETCH FIRST ? ROWS ONLY")) {
                query.setLong(1, afterSeq);
                query.setInt(2, limit);
                List<AuditEntry> entries = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new AuditEntry(rows.getLong("seq"), Instant.ofEpochMilli(rows.getLong("time")),
                                rows.getString("actor"), rows.getString("action"), rows.getString("target"),
                                rows.getString("detail"), rows.getString("previous_hash"), rows.getString("hash")));
                    }
                }
                return entries;
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads the trail page by page. A removed last entry leaves no trace in the chain itself.
     */
    @Override
    public AuditVerification verifyAudit() {
        long checked = 0;
        long expectedSeq = 1;
        String previousHash = AuditChain.GENESIS;
        while (true) {
            List<AuditEntry> page = auditEntries(expectedSeq - 1, AUDIT_PAGE_SIZE);
            if (page.isEmpty()) {
                return new AuditVerification(true, checked, 0, null);
            }
            for (AuditEntry entry : page) {
                checked++;
                String problem = problem(entry, expectedSeq, previousHash);
                if (problem != null) {
                    return new AuditVerification(false, checked, expectedSeq, problem);
                }
                previousHash = entry.hash();
                expectedSeq++;
            }
        }
    }

    private static String problem(AuditEntry entry, long expectedSeq, String previousHash) {
        if (entry.seq() != expectedSeq) {
            return "entry " + expectedSeq + " is missing (the next entry is " + entry.seq() + ")";
        }
        if (!previousHash.equals(entry.previousHash())) {
            return expectedSeq == 1
                    ? "entry 1: previous hash is not the 64 zeros that start the chain"
                    : "entry " + expectedSeq + ": previous hash does not match entry " + (expectedSeq - 1);
        }
        String hash = AuditChain.hash(entry.previousHash(), entry.seq(), entry.time(), entry.actor(), entry.action(),
                entry.target(), entry.detail());
        if (!hash.equals(entry.hash())) {
            return "entry " + expectedSeq + ": hash does not match its content";
        }
        return null;
    }

    @Override
    public void close() {
        pool.close();
    }

    // --- plumbing -------------------------------------------------------------------------

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs work on a connection in auto-commit mode: single statements, no retry. */
    private <T> T withConnection(String operation, SqlWork<T> work) {
        Connection connection = borrow(operation);
        boolean broken = false;
        try {
            return work.run(connection);
        } catch (SQLException e) {
            broken = isConnectionFailure(e);
            throw failure(operation, e);
        } finally {
            pool.release(connection, broken);
        }
    }

    /** {@link #inTransaction(String, boolean, SqlWork)}, durable when it returns. */
    private <T> T inTransaction(String operation, SqlWork<T> work) {
        return inTransaction(operation, true, work);
    }

    /**
     * Runs work in one transaction, again (up to {@value #MAX_ATTEMPTS} times in all) when it lost
     * a race to a concurrent writer: a unique key taken, a deadlock or a serialization failure.
     *
     * @param durable whether the commit must survive a crash of this process once this returns
     */
    private <T> T inTransaction(String operation, boolean durable, SqlWork<T> work) {
        for (int attempt = 1;; attempt++) {
            Connection connection = borrow(operation);
            boolean broken = false;
            try {
                connection.setAutoCommit(false);
                T result = work.run(connection);
                connection.commit();
                if (durable) {
                    dialect.persistCommits(connection);
                }
                return result;
            } catch (SQLException e) {
                broken = !rollback(connection) || isConnectionFailure(e);
                if (attempt >= MAX_ATTEMPTS || !isLostRace(e)) {
                    throw failure(operation, e);
                }
            } catch (RuntimeException e) {
                broken = !rollback(connection);
                throw e;
            } finally {
                pool.release(connection, broken || !restoreAutoCommit(connection));
            }
        }
    }

    private Connection borrow(String operation) {
        try {
            return pool.borrow();
        } catch (SQLTransientConnectionException e) {
            // the pool's own message (none free, closed): nothing from the database in it
            throw new StoreException("Could not " + operation + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    private static boolean rollback(Connection connection) {
        try {
            connection.rollback();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Unique key taken (23505), serialization failure or H2 deadlock (40001), PostgreSQL deadlock (40P01). */
    private static boolean isLostRace(SQLException e) {
        for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
            String state = cause.getSQLState();
            if ("23505".equals(state) || "40001".equals(state) || "40P01".equals(state)) {
                return true;
            }
        }
        return false;
    }

    /** SQLState class 08: the connection itself failed. */
    private static boolean isConnectionFailure(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    /** Names the operation and the SQLState only: the driver's own message may quote values. */
    private static StoreException failure(String operation, SQLException e) {
        String state = e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")";
        return new StoreException("Could not " + operation + state, e);
    }

    private static void requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }

    /** The instant as stored: whole milliseconds. */
    private static Instant toMillis(Instant instant) {
        return Instant.ofEpochMilli(instant.toEpochMilli());
    }

    /** The first whole millisecond at or after the instant, so [from, to) holds on stored millis. */
    private static long ceilMillis(Instant instant) {
        long millis = instant.toEpochMilli();
        return toMillis(instant).equals(instant) ? millis : millis + 1;
    }

    /** The record as it will read back: recordedAt in whole milliseconds. */
    private static ConsentRecord atStoredPrecision(ConsentRecord r) {
        Instant recordedAt = toMillis(r.recordedAt());
        if (recordedAt.equals(r.recordedAt())) {
            return r;
        }
        return new ConsentRecord(r.seq(), r.tenant(), r.subject(), r.purpose(), r.state(), r.policyVersion(),
                recordedAt, r.channel(), r.requestId(), r.actor());
    }
}
