package org.homeport.consent.internal.store;

import java.sql.Connection;
import java.sql.SQLNonTransientConnectionException;
import java.util.Properties;

/**
 * Opens PostgreSQL connections through the driver class itself. The only class that names
 * {@code org.postgresql}, so the H2 path works without the (optional) PostgreSQL bundle.
 */
final class PostgresqlConnections {
    private PostgresqlConnections() {
    }

    static ConnectionPool.ConnectionFactory factory(String jdbcUrl, String user, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "homeport-consent");
        // else the server's "Detail: Key (tenant, subject, …)=(…)" and failed batch entries with
        // their values end up in exception messages, and so in logs
        properties.setProperty("logServerErrorDetail", "false");
        // not DriverManager: in OSGi it cannot see the driver bundle's classes
        org.postgresql.Driver driver = new org.postgresql.Driver();
        return () -> {
            Connection connection = driver.connect(jdbcUrl, properties);
            if (connection == null) {
                // Driver.connect answers null for a URL that is not its own
                throw new SQLNonTransientConnectionException("not a jdbc:postgresql: URL");
            }
            return connection;
        };
    }
}
