package org.homeport.consent.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.consent.ConsentDefault;
import org.homeport.api.consent.ConsentState;
import org.homeport.api.consent.LegalBasis;
import org.homeport.api.consent.RecordedChoice;
import org.homeport.consent.api.ConsentChange;
import org.homeport.consent.api.ConsentException.Reason;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.ConsentOutcome;
import org.homeport.consent.api.ConsentStatus;
import org.homeport.consent.api.PolicyVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retirement, revival and material changes of a purpose, and what they do to the consent on record. */
class PolicyLifecycleTest {
    @TempDir
    Path directory;
    private ConsentBundle bundle;

    @BeforeEach
    void declare() {
        bundle = new ConsentBundle(directory);
        bundle.declare(ConsentBundle.consentPurpose("beta-feedback"), Map.of("data.categories", "usage"));
    }

    @AfterEach
    void close() throws Exception {
        bundle.close();
    }

    /** The core refuses a purpose file whose retention the sinks cannot honour; its policy history must not record it either. */
    @Test
    void anEtcFileWithATooShortRetentionRecordsNoVersionAndRetiresNothing() {
        Purpose brief = new Purpose("beta-feedback", "What beta-feedback is for", LegalBasis.CONSENT, ConsentDefault.OPT_IN,
                false, java.time.Duration.ofSeconds(10), List.of(), 1);
        bundle.declare(brief, Map.of("data.categories", "usage"));

        assertThat(bundle.policies.history("beta-feedback")).hasSize(1);
        assertThat(bundle.policies.latest("beta-feedback")).hasValueSatisfying(version -> {
            assertThat(version.status()).isEqualTo(PolicyVersion.ACTIVE);
            assertThat(version.document()).doesNotContain("PT10S");
        });
    }

    @Test
    void consentForARetiredPurposeIsRefusedAsRetiredNotUnknown() {
        bundle.retire("beta-feedback");

        assertThatThrownBy(() -> grant("u1", "r1"))
                .isInstanceOfSatisfying(ConsentException.class, e -> assertThat(e.reason()).isEqualTo(Reason.RETIRED_PURPOSE))
                .hasMessage("purpose 'beta-feedback' is retired; no consent can be recorded for it");
        assertThatThrownBy(() -> bundle.consent.record(new ConsentChange("acme", "u1", "never-declared", ConsentState.GRANTED,
                0, "r2", "api", "app"))).isInstanceOfSatisfying(ConsentException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_PURPOSE));
    }

    @Test
    void bringingARetiredPurposeBackNeverBringsItsGrantsBack() {
        grant("u1", "r1");
        bundle.retire("beta-feedback");

        bundle.declare(ConsentBundle.consentPurpose("beta-feedback"), Map.of("data.categories", "usage"));

        assertThat(bundle.policies.latest("beta-feedback").orElseThrow().version()).isEqualTo(3);
        assertThat(bundle.records.currentChoice("acme", "u1", "beta-feedback"))
                .contains(new RecordedChoice(ConsentState.GRANTED, true));
        assertThat(status("u1")).isEqualTo(new ConsentStatus("beta-feedback", ConsentState.GRANTED, "outdated",
                "consent-outdated", 1, 3));

        grant("u1", "r2");
        assertThat(bundle.records.currentChoice("acme", "u1", "beta-feedback"))
                .contains(new RecordedChoice(ConsentState.GRANTED, false));
        assertThat(status("u1").effective()).isEqualTo("kept");
    }

    @Test
    void aMaterialChangeOutdatesEarlierGrantsUntilTheSubjectConsentsAgain() {
        grant("u1", "r1");
        bundle.declare(ConsentBundle.consentPurpose("beta-feedback"), Map.of("data.categories", "usage"));
        // a new description is not material by default: the grant still counts
        bundle.declare(new org.homeport.api.catalog.Purpose("beta-feedback", "Clearer words",
                org.homeport.api.consent.LegalBasis.CONSENT, org.homeport.api.consent.ConsentDefault.OPT_IN, false,
                java.time.Duration.ofDays(30), java.util.List.of(), 1), Map.of("data.categories", "usage"));
        assertThat(bundle.records.currentChoice("acme", "u1", "beta-feedback"))
                .contains(new RecordedChoice(ConsentState.GRANTED, false));

        // a new data category is
        bundle.declare(ConsentBundle.consentPurpose("beta-feedback"), Map.of("data.categories", "usage, location"));
        PolicyVersion inForce = bundle.policies.latest("beta-feedback").orElseThrow();
        assertThat(inForce.material()).isTrue();

        assertThat(bundle.records.currentChoice("acme", "u1", "beta-feedback"))
                .contains(new RecordedChoice(ConsentState.GRANTED, true));
        assertThat(status("u1")).isEqualTo(new ConsentStatus("beta-feedback", ConsentState.GRANTED, "outdated",
                "consent-outdated", 1, inForce.version()));

        ConsentOutcome again = grant("u1", "r2");
        assertThat(again.record().policyVersion()).isEqualTo(inForce.version());
        assertThat(status("u1").effective()).isEqualTo("kept");
        JsonObject purpose = receiptPurpose(again);
        assertThat(purpose.getInteger("policyVersionInForce")).isEqualTo(inForce.version());
        assertThat(purpose.containsKey("effective")).isFalse();
    }

    @Test
    void aGrantUnderASupersededVersionSaysSoInItsReceipt() {
        bundle.declare(ConsentBundle.consentPurpose("beta-feedback"), Map.of("data.categories", "usage, location"));

        ConsentOutcome old = bundle.consent.record(new ConsentChange("acme", "u1", "beta-feedback", ConsentState.GRANTED, 1,
                "r1", "api", "app"));

        JsonObject purpose = receiptPurpose(old);
        assertThat(purpose.getInteger("policyVersion")).isEqualTo(1);
        assertThat(purpose.getInteger("policyVersionInForce")).isEqualTo(2);
        assertThat(purpose.getString("effective")).isEqualTo("outdated");
    }

    @Test
    void anObjectionIsNeverOutdated() {
        bundle.consent.record(new ConsentChange("acme", "u1", "beta-feedback", ConsentState.WITHDRAWN, 0, "r1", "api", "app"));
        bundle.declare(ConsentBundle.consentPurpose("beta-feedback"), Map.of("data.categories", "usage, location"));

        assertThat(bundle.records.currentChoice("acme", "u1", "beta-feedback"))
                .contains(new RecordedChoice(ConsentState.WITHDRAWN, false));
        assertThat(status("u1").effective()).isEqualTo("dropped");
    }

    private ConsentOutcome grant(String subject, String requestId) {
        return bundle.consent.record(new ConsentChange("acme", subject, "beta-feedback", ConsentState.GRANTED, 0, requestId,
                "api", "app"));
    }

    private ConsentStatus status(String subject) {
        return bundle.consent.status("acme", subject).stream().filter(s -> s.purpose().equals("beta-feedback")).findFirst()
                .orElseThrow();
    }

    private static JsonObject receiptPurpose(ConsentOutcome outcome) {
        return new JsonObject(outcome.receipt()).getJsonArray("services").getJsonObject(0).getJsonArray("purposes")
                .getJsonObject(0);
    }
}
