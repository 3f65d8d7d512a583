package org.homeport.consent.internal.store;

import static org.homeport.consent.internal.store.JdbcTransactions.toMillis;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.homeport.consent.api.PolicyVersion;

/** {@link PolicyVersionStore} on H2 or PostgreSQL, through the shared {@link JdbcTransactions}. */
final class JdbcPolicyVersionStore implements PolicyVersionStore {

    private static final String POLICY_COLUMNS = "purpose, version, status, document, digest, created_at, created_by, material";

    private final JdbcTransactions transactions;

    JdbcPolicyVersionStore(JdbcTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public PolicyVersion recordPolicy(String purpose, String document, String status, String actor, Instant at,
            boolean material) {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(actor, "actor");
        if (!PolicyVersion.ACTIVE.equals(status) && !PolicyVersion.RETIRED.equals(status)) {
            throw new IllegalArgumentException("status must be active or retired, was " + status);
        }
        String digest = Sha256.hex(document);
        Instant createdAt = toMillis(at);
        // two nodes writing the same next version: the loser's retry finds the winner's version
        return transactions.inTransaction("record a policy version", c -> {
            Optional<PolicyVersion> latest = latestPolicy(c, purpose);
            if (latest.isPresent() && latest.get().digest().equals(digest) && latest.get().status().equals(status)) {
                return latest.get();
            }
            boolean revival = PolicyVersion.ACTIVE.equals(status) && latest.isPresent()
                    && PolicyVersion.RETIRED.equals(latest.get().status());
            PolicyVersion next = new PolicyVersion(purpose, latest.map(p -> p.version() + 1).orElse(1), status,
                    document, digest, createdAt, actor, PolicyVersion.ACTIVE.equals(status) && (material || revival));
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO policy_version (" + POLICY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, next.purpose());
                insert.setInt(2, next.version());
                insert.setString(3, next.status());
                insert.setString(4, next.document());
                insert.setString(5, next.digest());
                insert.setLong(6, next.createdAt().toEpochMilli());
                insert.setString(7, next.createdBy());
                insert.setBoolean(8, next.material());
                insert.executeUpdate();
            }
            return next;
        });
    }

    @Override
    public Optional<PolicyVersion> latestPolicy(String purpose) {
        return transactions.withConnection("read the latest policy version", c -> latestPolicy(c, purpose));
    }

    @Override
    public List<PolicyVersion> policyHistory(String purpose) {
        return transactions.withConnection("read a policy's history", c -> {
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT " + POLICY_COLUMNS + " FROM policy_version WHERE purpose = ? ORDER BY version")) {
                query.setString(1, purpose);
                return readPolicies(query);
            }
        });
    }

    @Override
    public List<PolicyVersion> latestPolicies() {
        return transactions.withConnection("read the latest policy versions", c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT " + POLICY_COLUMNS + " FROM policy_version p"
                    + " WHERE version = (SELECT MAX(version) FROM policy_version l WHERE l.purpose = p.purpose)"
                    + " ORDER BY purpose")) {
                return readPolicies(query);
            }
        });
    }

    private static Optional<PolicyVersion> latestPolicy(Connection c, String purpose) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT " + POLICY_COLUMNS
                + " FROM policy_version WHERE purpose = ? ORDER BY version DESC FETCH FIRST 1 ROW ONLY")) {
            query.setString(1, purpose);
            return readPolicies(query).stream().findFirst();
        }
    }

    private static List<PolicyVersion> readPolicies(PreparedStatement query) throws SQLException {
        List<PolicyVersion> policies = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                policies.add(new PolicyVersion(rows.getString("purpose"), rows.getInt("version"),
                        rows.getString("status"), rows.getString("document"), rows.getString("digest"),
                        Instant.ofEpochMilli(rows.getLong("created_at")), rows.getString("created_by"),
                        rows.getBoolean("material")));
            }
        }
        return policies;
    }
}
