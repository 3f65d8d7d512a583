package org.homeport.consent.internal.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/** An H2 file database; the test gives it a fresh directory. */
record H2StoreDatabase(Path file) implements StoreDatabase {
    @Override
    public JdbcConsentStore open() {
        return JdbcConsentStore.h2(file, 4);
    }

    /** The same URL in the same JVM: H2 shares the open database instead of locking us out. */
    @Override
    public Connection rawConnection() throws SQLException {
        return new org.h2.Driver().connect(H2Connections.url(file), new Properties());
    }

    @Override
    public Dialect dialect() {
        return Dialect.H2;
    }
}
