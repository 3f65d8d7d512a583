package org.homeport.consent.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2ConsentStoreTest extends ConsentStoreContract {
    @TempDir
    Path directory;
    private Path file;

    @Override
    void createDatabase() {
        file = directory.resolve("consent");
    }

    @Override
    ConsentStore openStore() {
        return JdbcConsentStore.h2(file, 4);
    }

    /** The same URL in the same JVM: H2 shares the open database instead of locking us out. */
    @Override
    Connection rawConnection() throws SQLException {
        return new org.h2.Driver().connect(H2Connections.url(file), new Properties());
    }

    @Override
    Dialect dialect() {
        return Dialect.H2;
    }

    @Test
    void theDatabaseIsTheGivenFileWithH2sSuffix() {
        assertThat(directory.resolve("consent.mv.db")).isRegularFile();
    }
}
