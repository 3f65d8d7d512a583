package org.homeport.consent.internal.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.homeport.api.consent.ConsentState;
import org.homeport.consent.api.ConsentRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the store contracts share: a fresh database per test (on H2 or PostgreSQL, chosen by the
 * subclass), the {@link JdbcConsentStore} opened on it as in production, and helpers to look at
 * or tamper with its rows behind the store's back.
 */
abstract class StoreContract {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final String TENANT = "acme";

    StoreDatabase database;
    JdbcConsentStore opened;

    /** Makes an empty database for this test. */
    abstract StoreDatabase createDatabase() throws Exception;

    @BeforeEach
    void openStoreOnAnEmptyDatabase() throws Exception {
        database = createDatabase();
        opened = database.open();
    }

    @AfterEach
    void closeStore() {
        opened.close();
    }

    /** A plain JDBC connection to the same database, beside the store's own. */
    Connection rawConnection() throws SQLException {
        return database.rawConnection();
    }

    Dialect dialect() {
        return database.dialect();
    }

    static ConsentRecord consent(String subject, String purpose, ConsentState state, String requestId, Instant at) {
        return new ConsentRecord(0, TENANT, subject, purpose, state, 1, at, "api", requestId, "app-key-1");
    }

    static ConsentRecord consent(String subject, ConsentState state, String requestId) {
        return consent(subject, "analytics", state, requestId, T0);
    }

    void execute(String sql) throws SQLException {
        try (Connection c = rawConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    long countRows(String table) throws SQLException {
        try (Connection c = rawConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Runs task(0..threads-1) on as many threads released at once; its results in task order. */
    static <T> List<T> concurrently(int threads, IntFunction<T> task) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                Callable<T> call = () -> {
                    start.await();
                    return task.apply(n);
                };
                futures.add(executor.submit(call));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            executor.shutdownNow();
        }
    }
}
