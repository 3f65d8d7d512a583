package org.homeport.consent.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.homeport.api.consent.ConsentState.GRANTED;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.homeport.consent.api.AuditVerification;
import org.homeport.consent.api.PolicyVersion;
import org.homeport.consent.internal.store.ConsentRecordStore.Appended;
import org.junit.jupiter.api.Test;

/**
 * What the {@link ConsentStore} as a whole does beyond its three stores (its dialect, the schema it
 * migrates, the pool it closes), run by one subclass per database on a fresh database each. The
 * stores' own contracts: {@link PolicyVersionStoreContract}, {@link ConsentRecordStoreContract},
 * {@link AuditStoreContract}.
 */
abstract class ConsentStoreContract extends StoreContract {

    @Test
    void namesItsDialect() {
        assertThat(opened.dialect()).isEqualTo(dialect().id());
    }

    @Test
    void aClosedStoreSaysSo() {
        opened.close();

        assertThatThrownBy(() -> opened.lastConsentSeq()).isInstanceOf(StoreException.class)
                .hasMessage("Could not read the last consent sequence number: connection pool is closed");
    }

    // --- schema ---------------------------------------------------------------------------

    @Test
    void reopeningTheStoreAppliesNoMigrationAndKeepsTheData() throws SQLException {
        PolicyVersion policy = opened.recordPolicy("analytics", "{}", PolicyVersion.ACTIVE, "admin", T0);
        Appended consent = opened.appendConsent(consent("s1", GRANTED, "r1"));
        opened.appendAudit("admin", "policy.update", "analytics", "{}", T0);
        List<String> versions = schemaVersions();
        opened.close();

        opened = database.open();

        assertThat(versions).hasSize(new MigrationRunner(dialect()).migrations().size())
                .first().asString().startsWith("1 initial ");
        assertThat(schemaVersions()).isEqualTo(versions);
        assertThat(opened.latestPolicy("analytics")).contains(policy);
        assertThat(opened.currentConsent(TENANT, "s1", "analytics")).contains(consent.record());
        assertThat(opened.verifyAudit()).isEqualTo(new AuditVerification(true, 1, 0, null));
    }

    /** "version description applied_at" per applied version. */
    private List<String> schemaVersions() throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Connection c = rawConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(
                        "SELECT version, description, applied_at FROM homeport_schema_version ORDER BY version")) {
            while (rows.next()) {
                versions.add(rows.getInt(1) + " " + rows.getString(2) + " " + rows.getLong(3));
            }
        }
        return versions;
    }
}
