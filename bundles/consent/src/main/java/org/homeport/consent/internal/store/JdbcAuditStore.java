package org.homeport.consent.internal.store;

import static org.homeport.consent.internal.store.JdbcTransactions.requirePositive;
import static org.homeport.consent.internal.store.JdbcTransactions.toMillis;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.homeport.consent.api.AuditEntry;
import org.homeport.consent.api.AuditVerification;

/**
 * {@link AuditStore} on H2 or PostgreSQL, through the shared {@link JdbcTransactions}. Every
 * writer takes the audit lock ({@link Dialect#lockAudit}) in its transaction before it reads the
 * last entry, so the chain has no gaps and no forks across threads and nodes. Another store that
 * writes an entry in its own transaction takes the lock with {@link #lock} and appends with
 * {@link #appendLocked}.
 */
final class JdbcAuditStore implements AuditStore {

    private static final int AUDIT_PAGE_SIZE = 1000;
    private static final String AUDIT_COLUMNS = "seq, time, actor, action, target, detail, previous_hash, hash";

    private final JdbcTransactions transactions;

    JdbcAuditStore(JdbcTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public AuditEntry appendAudit(String actor, String action, String target, String detail, Instant at) {
        return transactions.inTransaction("append an audit entry", c -> {
            lock(c);
            return appendLocked(c, actor, action, target, detail, at);
        });
    }

    /**
     * Until the transaction on {@code c} ends, no other thread or node appends to the trail. A
     * transaction that also takes other locks takes this one first: every writer keeps that order.
     */
    void lock(Connection c) throws SQLException {
        transactions.dialect().lockAudit(c);
    }

    /** Chains and inserts an entry; the caller holds the audit {@link #lock} in its transaction. */
    AuditEntry appendLocked(Connection c, String actor, String action, String target, String detail, Instant at)
            throws SQLException {
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

    @Override
    public List<AuditEntry> auditEntries(long afterSeq, int limit) {
        requirePositive(limit);
        return transactions.withConnection("read audit entries", c -> {
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
}
