package org.homeport.consent.internal.store;

import java.nio.file.Path;
import java.util.Properties;

/** Opens connections to an embedded H2 file database through the driver class itself. */
final class H2Connections {
    private H2Connections() {
    }

    /**
     * The URL of the H2 database kept in {@code fileWithoutSuffix}.mv.db. Karaf stops the JVM
     * itself, so the database closes with its last connection rather than in a shutdown hook; no
     * other process may open it; a writer waits up to 10 s for a row another one holds.
     */
    static String url(Path fileWithoutSuffix) {
        return "jdbc:h2:file:" + fileWithoutSuffix.toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE;AUTO_SERVER=FALSE;LOCK_TIMEOUT=10000";
    }

    static ConnectionPool.ConnectionFactory factory(Path fileWithoutSuffix) {
        String url = url(fileWithoutSuffix);
        // not DriverManager: in OSGi it cannot see the driver bundle's classes
        org.h2.Driver driver = new org.h2.Driver();
        return () -> driver.connect(url, new Properties());
    }
}
