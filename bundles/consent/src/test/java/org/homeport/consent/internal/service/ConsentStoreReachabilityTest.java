package org.homeport.consent.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.homeport.api.health.DependencyState.Status;
import org.homeport.consent.internal.store.ConsentStore;
import org.homeport.consent.internal.store.JdbcConsentStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The consent store as /health reports it, on a real H2 store that the test closes under it. */
class ConsentStoreReachabilityTest {
    private static final Instant NOW = Instant.parse("2026-12-03T15:00:00Z");
    @TempDir
    Path directory;
    private ConsentBundle bundle;
    private final ConsentStoreReachability reachability = new ConsentStoreReachability(Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void open() {
        bundle = new ConsentBundle(directory);
    }

    @AfterEach
    void close() throws Exception {
        reachability.deactivate();
        bundle.close();
    }

    @Test
    void anOpenStoreThatAnswersIsUp() {
        reachability.bindStore(bundle.storeService);
        reachability.probe();

        assertThat(reachability.name()).isEqualTo("consent-store");
        assertThat(reachability.state().status()).isEqualTo(Status.UP);
        assertThat(reachability.state().detail()).isEqualTo("h2 answers");
        assertThat(reachability.state().lastSuccess()).isEqualTo(NOW);
    }

    @Test
    void aDatabaseThatStopsAnsweringIsDownAndKeepsTheTimeOfItsLastAnswer() {
        reachability.bindStore(bundle.storeService);
        reachability.probe();
        bundle.store().close();

        reachability.probe();

        assertThat(reachability.state().status()).isEqualTo(Status.DOWN);
        assertThat(reachability.state().detail()).contains("h2 database does not answer").contains("held back");
        assertThat(reachability.state().lastSuccess()).isEqualTo(NOW);
    }

    /** A real PostgreSQL, stopped under an open store: the shared store of several nodes going away. */
    @Test
    void aPostgresqlThatStopsIsDown() throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        try (JdbcConsentStore store = JdbcConsentStore.postgresql(postgres.getJdbcUrl("postgres", "postgres"), "postgres",
                null, 2)) {
            reachability.bindStore(new StoreHolder() {
                @Override
                public ConsentStore store() {
                    return store;
                }

                @Override
                public ConsentStoreService.Config config() {
                    throw new UnsupportedOperationException();
                }
            });
            reachability.probe();
            assertThat(reachability.state().detail()).isEqualTo("postgresql answers");

            postgres.close();
            reachability.probe();

            assertThat(reachability.state().status()).isEqualTo(Status.DOWN);
            assertThat(reachability.state().detail()).contains("postgresql database does not answer");
        } finally {
            postgres.close();
        }
    }

    @Test
    void aStoreThatNeverOpenedIsDownAndSaysWhereToLook() {
        reachability.probe();

        assertThat(reachability.state().status()).isEqualTo(Status.DOWN);
        assertThat(reachability.state().detail()).contains("not open").contains("the log says why");
        assertThat(reachability.state().lastSuccess()).isNull();
    }
}
