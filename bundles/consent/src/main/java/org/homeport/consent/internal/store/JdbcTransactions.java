package org.homeport.consent.internal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;

/**
 * The one place the consent stores reach the database: borrows a connection from the pool, runs a
 * unit of work on it (in auto-commit mode or in one transaction, again when the transaction lost a
 * race to a concurrent writer), returns the connection, and turns an {@link SQLException} into a
 * {@link StoreException} that names the operation and the SQLState, never a value. The policy,
 * consent record and audit stores share one instance, so a unit of work may span two of them.
 */
final class JdbcTransactions implements AutoCloseable {

    /** A transaction that lost a race for a unique key or a lock is run again, this often in all. */
    static final int MAX_ATTEMPTS = 5;

    private final Dialect dialect;
    private final ConnectionPool pool;

    JdbcTransactions(Dialect dialect, ConnectionPool pool) {
        this.dialect = dialect;
        this.pool = pool;
    }

    /** Work on a connection; the SQL it runs may throw. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    Dialect dialect() {
        return dialect;
    }

    /** Runs work on a connection in auto-commit mode: single statements, no retry. */
    <T> T withConnection(String operation, SqlWork<T> work) {
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
    <T> T inTransaction(String operation, SqlWork<T> work) {
        return inTransaction(operation, true, work);
    }

    /**
     * Runs work in one transaction, again (up to {@value #MAX_ATTEMPTS} times in all) when it lost
     * a race to a concurrent writer: a unique key taken, a deadlock or a serialization failure.
     * A {@link RuntimeException} from the work rolls the transaction back and is thrown as it is.
     *
     * @param durable whether the commit must survive a crash of this process once this returns
     */
    <T> T inTransaction(String operation, boolean durable, SqlWork<T> work) {
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

    /** Closes the pool: later calls throw a {@link StoreException} saying so. */
    @Override
    public void close() {
        pool.close();
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

    // --- what every store checks and stores the same way -----------------------------------

    static void requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }

    /** The instant as stored: whole milliseconds. */
    static Instant toMillis(Instant instant) {
        return Instant.ofEpochMilli(instant.toEpochMilli());
    }
}
