package org.homeport.consent.internal.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.ExtendWith;

/** On the module's one real PostgreSQL server, a new database per test. */
@ExtendWith(PostgresqlServer.class)
class PostgresqlConsentRecordStoreTest extends ConsentRecordStoreContract {
    private final EmbeddedPostgres postgres;

    PostgresqlConsentRecordStoreTest(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    @Override
    StoreDatabase createDatabase() throws SQLException {
        return PostgresqlStoreDatabase.create(postgres);
    }
}
