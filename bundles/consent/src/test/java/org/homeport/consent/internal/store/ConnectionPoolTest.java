package org.homeport.consent.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against a real in-memory H2 database, kept open by a connection of its own. */
class ConnectionPoolTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final String url = "jdbc:h2:mem:pool" + DATABASES.incrementAndGet();
    private final Connection keepAlive = connect();
    private final AtomicInteger opened = new AtomicInteger();
    private ConnectionPool pool;

    @AfterEach
    void closeAll() throws SQLException {
        if (pool != null) {
            pool.close();
        }
        keepAlive.close();
    }

    private Connection connect() {
        try {
            return new org.h2.Driver().connect(url, new Properties());
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private ConnectionPool pool(int size, Duration borrowTimeout) {
        pool = new ConnectionPool(() -> {
            opened.incrementAndGet();
            return connect();
        }, size, borrowTimeout);
        return pool;
    }

    @Test
    void aReleasedConnectionIsReusedInsteadOfOpeningAnother() throws SQLException {
        ConnectionPool pool = pool(2, Duration.ofSeconds(1));

        Connection first = pool.borrow();
        pool.release(first, false);
        Connection second = pool.borrow();

        assertThat(second).isSameAs(first);
        assertThat(opened).hasValue(1);
    }

    @Test
    void borrowingFromAnExhaustedPoolTimesOut() throws SQLException {
        ConnectionPool pool = pool(1, Duration.ofMillis(200));
        pool.borrow();

        assertThatThrownBy(pool::borrow).isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining("no free database connection within 200 ms");
    }

    @Test
    void aWaitingBorrowerGetsTheConnectionThatComesBack() throws Exception {
        ConnectionPool pool = pool(1, Duration.ofSeconds(10));
        Connection taken = pool.borrow();

        CompletableFuture<Connection> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.borrow();
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(waiting).isNotDone();
        pool.release(taken, false);

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isSameAs(taken);
    }

    @Test
    void aConnectionReportedBrokenIsClosedAndReplaced() throws SQLException {
        ConnectionPool pool = pool(1, Duration.ofSeconds(1));
        Connection broken = pool.borrow();

        pool.release(broken, true);
        Connection next = pool.borrow();

        assertThat(broken.isClosed()).isTrue();
        assertThat(next).isNotSameAs(broken);
        assertThat(next.isValid(1)).isTrue();
    }

    @Test
    void anIdleConnectionThatDiedIsNotHandedOut() throws SQLException {
        ConnectionPool pool = pool(1, Duration.ofSeconds(1));
        Connection first = pool.borrow();
        pool.release(first, false);

        first.close();
        Connection next = pool.borrow();

        assertThat(next).isNotSameAs(first);
        try (Statement statement = next.createStatement()) {
            assertThat(statement.execute("SELECT 1")).isTrue();
        }
        assertThat(opened).hasValue(2);
    }

    @Test
    void closingClosesIdleConnectionsAndThoseStillBorrowedWhenTheyComeBack() throws SQLException {
        ConnectionPool pool = pool(2, Duration.ofSeconds(1));
        Connection idle = pool.borrow();
        Connection borrowed = pool.borrow();
        pool.release(idle, false);

        pool.close();

        assertThat(idle.isClosed()).isTrue();
        assertThat(borrowed.isClosed()).isFalse();
        pool.release(borrowed, false);
        assertThat(borrowed.isClosed()).isTrue();
        assertThatThrownBy(pool::borrow).isInstanceOf(SQLException.class).hasMessageContaining("closed");
    }

    @Test
    void aFailedOpenDoesNotUseUpThePool() throws SQLException {
        AtomicInteger attempts = new AtomicInteger();
        pool = new ConnectionPool(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new SQLException("database not reachable");
            }
            return connect();
        }, 1, Duration.ofMillis(200));

        assertThatThrownBy(pool::borrow).hasMessage("database not reachable");
        assertThat(pool.borrow().isValid(1)).isTrue();
    }
}
