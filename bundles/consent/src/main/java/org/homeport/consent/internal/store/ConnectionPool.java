package org.homeport.consent.internal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code size} connections, opened when first needed and kept open. A borrower waits up to
 * the borrow timeout for a free one. A connection that has been idle for a while is checked before
 * it is handed out, and one its borrower reports broken is closed and later replaced.
 */
final class ConnectionPool implements AutoCloseable {

    /** Opens a new connection; each dialect has its own so only its driver is ever linked. */
    @FunctionalInterface
    interface ConnectionFactory {
        Connection connect() throws SQLException;
    }

    /** Idle connections younger than this are handed out without a round trip to the database. */
    private static final long VALIDATE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int VALIDATION_TIMEOUT_SECONDS = 5;

    private final ConnectionFactory factory;
    private final int size;
    private final long borrowTimeoutNanos;
    private final Semaphore permits;
    private final BlockingDeque<Idle> idle = new LinkedBlockingDeque<>();
    private volatile boolean closed;

    private record Idle(Connection connection, long since) {
    }

    ConnectionPool(ConnectionFactory factory, int size, Duration borrowTimeout) {
        if (size < 1) {
            throw new IllegalArgumentException("pool size must be at least 1, was " + size);
        }
        this.factory = factory;
        this.size = size;
        this.borrowTimeoutNanos = borrowTimeout.toNanos();
        this.permits = new Semaphore(size, true);
    }

    int size() {
        return size;
    }

    /** A connection for the caller alone until it gives it back, in auto-commit mode, with {@link #release}. */
    Connection borrow() throws SQLException {
        ensureOpen();
        try {
            if (!permits.tryAcquire(borrowTimeoutNanos, TimeUnit.NANOSECONDS)) {
                throw new SQLTransientConnectionException("no free database connection within "
                        + Duration.ofNanos(borrowTimeoutNanos).toMillis() + " ms (pool size " + size + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for a database connection", e);
        }
        try {
            ensureOpen();
            Connection connection = takeUsableIdle();
            return connection != null ? connection : factory.connect();
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /**
     * Takes back a borrowed connection. {@code broken} (or a closed connection) means it is closed
     * instead of reused; the next borrower then opens a new one.
     */
    void release(Connection connection, boolean broken) {
        try {
            if (broken || closed || isClosed(connection)) {
                closeQuietly(connection);
            } else {
                idle.offerFirst(new Idle(connection, System.nanoTime()));
                if (closed) {
                    // close() ran while this connection was out
                    closeIdle();
                }
            }
        } finally {
            permits.release();
        }
    }

    /** Closes the idle connections now and every borrowed one when it comes back. */
    @Override
    public void close() {
        closed = true;
        closeIdle();
    }

    private Connection takeUsableIdle() {
        Idle candidate;
        // most recently used first, so a quiet pool keeps few connections warm
        while ((candidate = idle.pollFirst()) != null) {
            if (isUsable(candidate)) {
                return candidate.connection();
            }
            closeQuietly(candidate.connection());
        }
        return null;
    }

    private static boolean isUsable(Idle candidate) {
        try {
            Connection connection = candidate.connection();
            if (connection.isClosed()) {
                return false;
            }
            return System.nanoTime() - candidate.since() < VALIDATE_AFTER_NANOS
                    || connection.isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    private void ensureOpen() throws SQLException {
        if (closed) {
            throw new SQLTransientConnectionException("connection pool is closed");
        }
    }

    private void closeIdle() {
        Idle candidate;
        while ((candidate = idle.pollFirst()) != null) {
            closeQuietly(candidate.connection());
        }
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // it is being thrown away; nothing more to do with it
        }
    }
}
