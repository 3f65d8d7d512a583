package org.homeport.consent.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** What differs between the two databases; everything else is the same SQL. */
enum Dialect {
    H2("h2") {
        @Override
        String upsertCurrentSql(boolean onlyIfNotOlder) {
            // the condition is re-checked after waiting for a concurrent writer's row lock
            return "MERGE INTO consent_current c USING (VALUES (?, ?, ?, ?, ?, ?, ?))"
                    + " n(tenant, subject, purpose, seq, state, policy_version, recorded_at)"
                    + " ON c.tenant = n.tenant AND c.subject = n.subject AND c.purpose = n.purpose"
                    + " WHEN MATCHED AND c.seq < n.seq" + (onlyIfNotOlder ? " AND c.recorded_at <= n.recorded_at" : "")
                    + " THEN UPDATE SET seq = n.seq, state = n.state,"
                    + " policy_version = n.policy_version, recorded_at = n.recorded_at"
                    + " WHEN NOT MATCHED THEN INSERT"
                    + " (tenant, subject, purpose, seq, state, policy_version, recorded_at)"
                    + " VALUES (n.tenant, n.subject, n.purpose, n.seq, n.state, n.policy_version, n.recorded_at)";
        }

        @Override
        String findByRequestIdsSql(String columns) {
            return "SELECT " + prefixed("r.", columns) + " FROM UNNEST(?, ?) k(request_id, tenant)"
                    + " JOIN consent_record r ON r.request_id = k.request_id AND r.tenant = k.tenant";
        }

        @Override
        void persistCommits(Connection connection) throws SQLException {
            // H2 writes commits to its file in the background, up to WRITE_DELAY (500 ms) later,
            // so the JVM dying just after a commit would lose it. CHECKPOINT writes them now, but
            // only into the OS cache; SYNC also forces the file (fsync), so a power loss right
            // after the acknowledgement cannot take the commit away either.
            try (Statement checkpoint = connection.createStatement()) {
                checkpoint.execute(PERSIST_COMMITS_SQL);
            }
        }

        @Override
        void lockMigrations(Connection connection) {
            // an H2 file is open in one process only (AUTO_SERVER=FALSE), which migrates it on open
        }

        @Override
        void lockAudit(Connection connection) throws SQLException {
            try (PreparedStatement lock =
                    connection.prepareStatement("SELECT id FROM audit_lock WHERE id = 1 FOR UPDATE")) {
                lock.executeQuery().close();
            }
        }

        @Override
        String seqColumn() {
            return "SEQ";
        }
    },

    POSTGRESQL("postgresql") {
        @Override
        String upsertCurrentSql(boolean onlyIfNotOlder) {
            // ON CONFLICT waits for a concurrent writer of the same key and then re-checks the WHERE
            return "INSERT INTO consent_current (tenant, subject, purpose, seq, state, policy_version, recorded_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (tenant, subject, purpose) DO UPDATE SET seq = EXCLUDED.seq,"
                    + " state = EXCLUDED.state, policy_version = EXCLUDED.policy_version,"
                    + " recorded_at = EXCLUDED.recorded_at"
                    + " WHERE consent_current.seq < EXCLUDED.seq"
                    + (onlyIfNotOlder ? " AND consent_current.recorded_at <= EXCLUDED.recorded_at" : "");
        }

        @Override
        String findByRequestIdsSql(String columns) {
            // LIMIT keeps each key an index probe; as a join, before the first ANALYZE of a table
            // filled by a bulk import, it was planned as a scan of the whole table per batch
            return "SELECT " + prefixed("r.", columns) + " FROM unnest(?, ?) AS k(request_id, tenant)"
                    + " CROSS JOIN LATERAL (SELECT " + columns + " FROM consent_record c"
                    + " WHERE c.request_id = k.request_id AND c.tenant = k.tenant LIMIT 1) r";
        }

        @Override
        void lockMigrations(Connection connection) throws SQLException {
            advisoryTransactionLock(connection, MIGRATION_LOCK);
        }

        @Override
        void lockAudit(Connection connection) throws SQLException {
            advisoryTransactionLock(connection, AUDIT_LOCK);
        }

        @Override
        String seqColumn() {
            return "seq";
        }
    };

    /** What {@link #persistCommits} runs on H2: write the commits and force them to the device. */
    static final String PERSIST_COMMITS_SQL = "CHECKPOINT SYNC";

    /** Advisory lock keys, the same on every node: "homeport" in ASCII, and the next number. */
    private static final long MIGRATION_LOCK = 0x686F6D65706F7274L;
    private static final long AUDIT_LOCK = MIGRATION_LOCK + 1;

    private final String id;

    Dialect(String id) {
        this.id = id;
    }

    /** {@code h2} or {@code postgresql}: the store's dialect name and its migrations' folder. */
    String id() {
        return id;
    }

    /**
     * Inserts or updates consent_current from parameters (tenant, subject, purpose, seq, state,
     * policy_version, recorded_at), keeping the row with the higher seq; with {@code onlyIfNotOlder}
     * also only if the new record was recorded no earlier than the current one.
     */
    abstract String upsertCurrentSql(boolean onlyIfNotOlder);

    /**
     * Selects the given consent_record columns of the records whose (request_id, tenant) pairs
     * are given as two arrays of the same length, request ids first.
     */
    abstract String findByRequestIdsSql(String columns);

    /**
     * Makes sure the transactions committed so far survive a crash of this process. PostgreSQL
     * has flushed its write-ahead log when a commit returns.
     */
    void persistCommits(Connection connection) throws SQLException {
    }

    /** Until the transaction ends, no other node migrates the schema. */
    abstract void lockMigrations(Connection connection) throws SQLException;

    /** Until the transaction ends, no other node or thread appends to the audit trail. */
    abstract void lockAudit(Connection connection) throws SQLException;

    /** The identity column's name as the driver wants it for generated keys. */
    abstract String seqColumn();

    private static String prefixed(String prefix, String columns) {
        return prefix + String.join(", " + prefix, columns.split(", "));
    }

    private static void advisoryTransactionLock(Connection connection, long key) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, key);
            lock.executeQuery().close();
        }
    }
}
