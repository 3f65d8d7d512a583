package org.homeport.consent.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** On the module's one real PostgreSQL server ({@link PostgresqlServer}), a new database per test. */
@ExtendWith(PostgresqlServer.class)
class PostgresqlConsentStoreTest extends ConsentStoreContract {
    private final EmbeddedPostgres postgres;

    PostgresqlConsentStoreTest(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    @Override
    StoreDatabase createDatabase() throws SQLException {
        return PostgresqlStoreDatabase.create(postgres);
    }

    @Test
    void nodesStartingTogetherApplyEachSchemaVersionOnce() throws Exception {
        opened.close();
        database = createDatabase();
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
                PostgresqlConnections.factory(((PostgresqlStoreDatabase) database).jdbcUrl(), "postgres", null);
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
