package org.homeport.consent.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database's schema up to date from the scripts {@code db/<dialect>/V<n>__<description>.sql}
 * named in {@code db/<dialect>/migrations.txt} (a bundle's folders cannot be listed through its
 * class loader). Applied versions are kept in {@code homeport_schema_version}; each missing version
 * is applied in its own transaction, in order, under the dialect's migration lock so that nodes
 * starting together apply it once.
 */
final class MigrationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);
    private static final Pattern SCRIPT_NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    private final Dialect dialect;

    record Migration(int version, String description, String resource) {
    }

    MigrationRunner(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The dialect's migrations in version order. */
    List<Migration> migrations() {
        String folder = "db/" + dialect.id() + "/";
        List<Migration> migrations = new ArrayList<>();
        for (String line : readResource(folder + "migrations.txt").split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Matcher matcher = SCRIPT_NAME.matcher(name);
            if (!matcher.matches()) {
                throw new IllegalStateException("migration script name " + name + " is not V<n>__<description>.sql");
            }
            migrations.add(new Migration(Integer.parseInt(matcher.group(1)), matcher.group(2).replace('_', ' '),
                    folder + name));
        }
        migrations.sort(Comparator.comparingInt(Migration::version));
        return migrations;
    }

    /**
     * Applies the missing versions; the connection is in auto-commit mode before and after.
     *
     * @return the versions this call applied, none when the schema was up to date
     */
    List<Integer> migrate(Connection connection) throws SQLException {
        inTransaction(connection, () -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS homeport_schema_version (version INT PRIMARY KEY,"
                        + " description VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)");
            }
            return true;
        });
        List<Integer> applied = new ArrayList<>();
        for (Migration migration : migrations()) {
            boolean appliedNow = inTransaction(connection, () -> {
                if (isApplied(connection, migration.version())) {
                    return false;
                }
                try (Statement statement = connection.createStatement()) {
                    for (String sql : statements(readResource(migration.resource()))) {
                        statement.execute(sql);
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO homeport_schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                    insert.setInt(1, migration.version());
                    insert.setString(2, migration.description());
                    insert.setLong(3, System.currentTimeMillis());
                    insert.executeUpdate();
                }
                return true;
            });
            if (appliedNow) {
                LOG.info("Consent store ({}): applied schema version {} ({})", dialect.id(), migration.version(),
                        migration.description());
                applied.add(migration.version());
            }
        }
        return applied;
    }

    private interface Step {
        boolean run() throws SQLException;
    }

    private boolean inTransaction(Connection connection, Step step) throws SQLException {
        connection.setAutoCommit(false);
        try {
            dialect.lockMigrations(connection);
            boolean result = step.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static boolean isApplied(Connection connection, int version) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM homeport_schema_version WHERE version = ?")) {
            query.setInt(1, version);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** A script's statements: split at a ';' that ends a line; lines starting with '--' are comments. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                statements.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(trimmed).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private static String readResource(String name) {
        try (InputStream in = MigrationRunner.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
