package org.homeport.consent.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.homeport.api.consent.ConsentState;
import org.homeport.consent.api.ConsentRecord;
import org.homeport.consent.internal.store.JdbcConsentStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes sharing one real PostgreSQL store: a withdrawal recorded on one stops the other node's
 * gate within the documented bound (the poll interval plus one query), although the other node had
 * the grant in its cache.
 */
class SharedPostgresqlStoreTest {
    private static final long POLL_MILLIS = 200;
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws IOException, SQLException {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shared_consent");
        }
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @Test
    void aWithdrawalOnOneNodeStopsTheOtherWithinThePollInterval() throws Exception {
        String url = postgres.getJdbcUrl("postgres", "shared_consent");
        try (JdbcConsentStore nodeA = JdbcConsentStore.postgresql(url, "postgres", null, 2);
                JdbcConsentStore nodeB = JdbcConsentStore.postgresql(url, "postgres", null, 2)) {
            CachedConsentRecords gateA = new CachedConsentRecords(nodeA, 1000, POLL_MILLIS);
            CachedConsentRecords gateB = new CachedConsentRecords(nodeB, 1000, POLL_MILLIS);
            try {
                nodeA.appendConsent(record("grant-1", ConsentState.GRANTED));
                gateA.changed("acme", "u1", "analytics");
                await("node B sees the grant").atMost(Duration.ofSeconds(5))
                        .until(() -> gateB.currentState("acme", "u1", "analytics"), Optional.of(ConsentState.GRANTED)::equals);

                nodeA.appendConsent(record("withdraw-1", ConsentState.WITHDRAWN));
                gateA.changed("acme", "u1", "analytics");
                assertThat(gateA.currentState("acme", "u1", "analytics")).contains(ConsentState.WITHDRAWN);

                // The documented bound is one poll interval plus one query; the rest is slack for a busy machine.
                await("node B sees the withdrawal").atMost(Duration.ofMillis(POLL_MILLIS + 2000))
                        .until(() -> gateB.currentState("acme", "u1", "analytics"), Optional.of(ConsentState.WITHDRAWN)::equals);
            } finally {
                gateA.deactivate();
                gateB.deactivate();
            }
        }
    }

    private static ConsentRecord record(String requestId, ConsentState state) {
        return new ConsentRecord(0, "acme", "u1", "analytics", state, 1, Instant.now(), "api", requestId, "test");
    }
}
