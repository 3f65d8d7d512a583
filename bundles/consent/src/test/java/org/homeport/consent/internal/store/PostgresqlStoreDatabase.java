package org.homeport.consent.internal.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A new database on the module's one PostgreSQL server ({@link PostgresqlServer}). */
record PostgresqlStoreDatabase(EmbeddedPostgres server, String name) implements StoreDatabase {

    /** Creates an empty database with a name no other test of the run uses. */
    static PostgresqlStoreDatabase create(EmbeddedPostgres server) throws SQLException {
        String name = "consent_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new PostgresqlStoreDatabase(server, name);
    }

    String jdbcUrl() {
        return server.getJdbcUrl("postgres", name);
    }

    @Override
    public JdbcConsentStore open() {
        return JdbcConsentStore.postgresql(jdbcUrl(), "postgres", null, 4);
    }

    @Override
    public Connection rawConnection() throws SQLException {
        return server.getDatabase("postgres", name).getConnection();
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
