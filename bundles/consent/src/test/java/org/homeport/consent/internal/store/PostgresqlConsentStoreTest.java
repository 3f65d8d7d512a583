package org.homeport.consent.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real PostgreSQL server for the class (started from Maven Central binaries), a new database per test. */
class PostgresqlConsentStoreTest extends ConsentStoreContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;
    private String database;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @Override
    void createDatabase() throws SQLException {
        database = "consent_" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
    }

    @Override
    ConsentStore openStore() {
        return JdbcConsentStore.postgresql(postgres.getJdbcUrl("postgres", database), "postgres", null, 4);
    }

    @Override
    Connection rawConnection() throws SQLException {
        return postgres.getDatabase("postgres", database).getConnection();
    }

    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Test
    void nodesStartingTogetherApplyEachSchemaVersionOnce() throws Exception {
        store.close();
        createDatabase();
        MigrationRunner runner = new MigrationRunner(Dialect.POSTGRESQL);

        List<List<Integer>> applied = concurrently(4, i -> {
            try (Connection c = rawConnection()) {
                return runner.migrate(c);
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        });

        List<Integer> all = new ArrayList<>();
        applied.forEach(all::addAll);
        // Which node applies which version is a race; each applies its own in order, and each version once.
        applied.forEach(versions -> assertThat(versions).isSorted());
        assertThat(all).containsExactlyInAnyOrderElementsOf(runner.migrations().stream()
                .map(MigrationRunner.Migration::version).toList());
        assertThat(countRows("homeport_schema_version")).isEqualTo(all.size());
    }

    @Test
    void driverErrorsLeaveTheValuesOfTheFailedRowOutOfTheirMessage() throws SQLException {
        ConnectionPool.ConnectionFactory factory =
                PostgresqlConnections.factory(postgres.getJdbcUrl("postgres", database), "postgres", null);
        try (Connection c = factory.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE person (subject VARCHAR(50) PRIMARY KEY)");
            s.execute("INSERT INTO person VALUES ('subject-4711')");

            assertThatThrownBy(() -> s.execute("INSERT INTO person VALUES ('subject-4711')"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("duplicate key")
                    .hasMessageNotContaining("subject-4711");
        }
    }
}
