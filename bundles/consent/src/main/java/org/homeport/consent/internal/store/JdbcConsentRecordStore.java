package org.homeport.consent.internal.store;

import static org.homeport.consent.internal.store.JdbcTransactions.requirePositive;
import static org.homeport.consent.internal.store.JdbcTransactions.toMillis;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.homeport.api.consent.ConsentState;
import org.homeport.api.event.Identifiers;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.ConsentRecord;

/**
 * {@link ConsentRecordStore} on H2 or PostgreSQL, through the shared {@link JdbcTransactions}.
 * A record that brings its audit entry writes it through the {@link JdbcAuditStore} in the same
 * transaction, taking the audit lock first.
 */
final class JdbcConsentRecordStore implements ConsentRecordStore {

    /** Records per transaction in {@link #appendConsents}. */
    static final int BATCH_SIZE = 1000;
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private static final String RECORD_COLUMNS =
            "seq, tenant, subject, purpose, state, policy_version, recorded_at, channel, request_id, actor";

    private final JdbcTransactions transactions;
    private final Dialect dialect;
    private final JdbcAuditStore auditTrail;

    JdbcConsentRecordStore(JdbcTransactions transactions, JdbcAuditStore auditTrail) {
        this.transactions = transactions;
        this.dialect = transactions.dialect();
        this.auditTrail = auditTrail;
    }

    @Override
    public Appended appendConsent(ConsentRecord record) {
        return appendConsents(List.of(record)).get(0);
    }

    @Override
    public Appended appendConsent(ConsentRecord record, Function<ConsentRecord, AuditDraft> audit,
            boolean queueErasure) {
        ConsentRecord atPrecision = atStoredPrecision(record);
        return transactions.inTransaction("append a consent record with its audit entry", c -> {
            // The audit lock first: every writer that takes both takes them in this order.
            auditTrail.lock(c);
            Appended appended = appendBatch(c, List.of(atPrecision), false).get(0);
            if (appended.created()) {
                ConsentRecord stored = appended.record();
                AuditDraft draft = audit.apply(stored);
                auditTrail.appendLocked(c, draft.actor(), draft.action(), draft.target(), draft.detail(),
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
        records.forEach(JdbcConsentRecordStore::requireIdentifiersFit);
        List<Appended> appended = new ArrayList<>(records.size());
        for (int from = 0; from < records.size(); from += BATCH_SIZE) {
            int to = Math.min(records.size(), from + BATCH_SIZE);
            List<ConsentRecord> batch = records.subList(from, to).stream()
                    .map(JdbcConsentRecordStore::atStoredPrecision)
                    .toList();
            // two writers with the same request id: the loser hits the unique key, and its retry
            // finds the winner's record. Only the last batch waits for the disk: the caller hears
            // of none before all are (and after a crash, its retry finds the ones that were).
            appended.addAll(transactions.inTransaction("append consent records", to == records.size(),
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
        return transactions.withConnection("read a current consent", c -> {
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
        return transactions.withConnection("look a tenant up", c -> {
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
        return transactions.withConnection("read a consent history", c -> {
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
        return transactions.withConnection("read consent changes", c -> {
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
        return transactions.withConnection("read the last consent sequence number", c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM consent_record");
                    ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    @Override
    public List<DailyCount> consentStatistics(String purpose, Instant from, Instant to) {
        return transactions.withConnection("count consent records per day", c -> {
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
        return transactions.withConnection("count current consents", c -> {
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

    // --- erasure jobs ----------------------------------------------------------------------

    @Override
    public List<ErasureJob> dueErasureJobs(Instant now, int limit) {
        requirePositive(limit);
        return transactions.withConnection("read due erasure jobs", c -> {
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
        transactions.inTransaction("remove finished erasure jobs", c -> {
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
        transactions.inTransaction("postpone erasure jobs", c -> {
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
        return transactions.withConnection("count erasure jobs", c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT COUNT(*) FROM erasure_job");
                    ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
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

    /** The first whole millisecond at or after the instant, so [from, to) holds on stored millis. */
    private static long ceilMillis(Instant instant) {
        long millis = instant.toEpochMilli();
        return toMillis(instant).equals(instant) ? millis : millis + 1;
    }
}
