package org.homeport.consent.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.util.PolicySettings;
import org.homeport.consent.api.PolicyVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy history records what the core tells it, one version per change of meaning. */
class PolicyHistoryFollowsTheCoreTest {
    @TempDir
    Path directory;
    private ConsentBundle bundle;

    @BeforeEach
    void start() {
        bundle = new ConsentBundle(directory);
    }

    @AfterEach
    void close() throws Exception {
        bundle.close();
    }

    private static Purpose crashReports(Map<String, String> settings) {
        return PolicySettings.purpose("crash-reports", settings);
    }

    /**
     * A document an earlier release recorded (parameters as the file spelled them, the informational
     * version key read) declares the same policy as the core's reading now: no new version on upgrade,
     * so grants keep counting.
     */
    @Test
    void aPolicyRecordedByAnEarlierReleaseIsNotMistakenForAChange() {
        String earlier = "{\"purpose\":\"crash-reports\",\"description\":\"What went wrong\",\"legalBasis\":\"legitimate-interest\","
                + "\"consentDefault\":\"opt-out\",\"anonymous\":false,\"retention\":\"30d\",\"anonymizers\":[{\"name\":\"hmac\","
                + "\"parameters\":{\"fields\":\"subject, source.device\"}}],\"allowedSinks\":[],\"dataCategories\":[],"
                + "\"eraseOnWithdrawal\":false}";
        bundle.store().recordPolicy("crash-reports", earlier, PolicyVersion.ACTIVE, "etc", Instant.now(), false);

        bundle.policies.purposesChanged(List.of(crashReports(Map.of("description", "What went wrong",
                "legal.basis", "legitimate-interest", "consent.default", "opt-out", "retention", "720h",
                "anonymizers", "hmac", "hmac.fields", "subject,source.device", "version", "4"))), Set.of());

        assertThat(bundle.policies.history("crash-reports")).hasSize(1);
    }

    @Test
    void aChangeOfMeaningIsTheNextVersionAndItsDocumentReadsBackAsThePolicy() {
        Purpose first = crashReports(Map.of("legal.basis", "contract", "consent.default", "opt-out", "retention", "30d"));
        Purpose second = crashReports(Map.of("legal.basis", "contract", "consent.default", "opt-out", "retention", "30d",
                "sinks.allowed", "file", "data.categories", "message, errorCode", "erase.on.withdrawal", "true",
                "anonymizers", "hmac", "hmac.fields", "subject"));

        bundle.policies.purposesChanged(List.of(first), Set.of());
        bundle.policies.purposesChanged(List.of(first), Set.of());
        bundle.policies.purposesChanged(List.of(second), Set.of());

        assertThat(bundle.policies.history("crash-reports")).extracting(PolicyVersion::version).containsExactly(1, 2);
        Purpose recorded = bundle.policies.policy("crash-reports").orElseThrow();
        assertThat(recorded.samePolicyAs(second)).isTrue();
        assertThat(recorded.version()).isEqualTo(2);
        assertThat(bundle.policies.history("crash-reports").get(1).document()).contains("\"retention\":\"30d\"");
    }

    /** A file the core cannot read is still declared: its last valid policy stays in force, not retired. */
    @Test
    void aPurposeTheCoreReportsInvalidIsNotRetiredButARemovedOneIs() {
        Purpose purpose = crashReports(Map.of("legal.basis", "contract", "consent.default", "opt-out"));
        bundle.policies.purposesChanged(List.of(purpose), Set.of());

        bundle.policies.purposesChanged(List.of(), Set.of("crash-reports"));
        assertThat(bundle.policies.latest("crash-reports")).hasValueSatisfying(
                version -> assertThat(version.status()).isEqualTo(PolicyVersion.ACTIVE));

        bundle.policies.purposesChanged(List.of(), Set.of());
        assertThat(bundle.policies.latest("crash-reports")).hasValueSatisfying(
                version -> assertThat(version.status()).isEqualTo(PolicyVersion.RETIRED));
    }
}
