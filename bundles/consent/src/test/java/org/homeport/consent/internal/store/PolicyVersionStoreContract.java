package org.homeport.consent.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.homeport.consent.api.PolicyVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link PolicyVersionStore} does, run by one subclass per database on a fresh database each. */
abstract class PolicyVersionStoreContract extends StoreContract {

    PolicyVersionStore store;

    @BeforeEach
    void storeUnderTest() {
        store = opened;
    }

    @Test
    void aVersionThatBringsARetiredPurposeBackIsMaterialWhateverTheCallerSaid() {
        PolicyVersion first = store.recordPolicy("analytics", "{\"a\":1}", PolicyVersion.ACTIVE, "admin", T0, false);
        PolicyVersion material = store.recordPolicy("analytics", "{\"a\":2}", PolicyVersion.ACTIVE, "admin",
                T0.plusSeconds(1), true);
        store.recordPolicy("analytics", "{\"a\":2}", PolicyVersion.RETIRED, "admin", T0.plusSeconds(2), false);
        PolicyVersion revived = store.recordPolicy("analytics", "{\"a\":2}", PolicyVersion.ACTIVE, "admin",
                T0.plusSeconds(3), false);

        assertThat(first.material()).isFalse();
        assertThat(material.material()).isTrue();
        assertThat(revived.material()).isTrue();
        assertThat(store.policyHistory("analytics")).extracting(PolicyVersion::material)
                .containsExactly(false, true, false, true);
    }

    @Test
    void theFirstPolicyOfAPurposeIsVersionOneWithTheDocumentsDigest() {
        PolicyVersion first = store.recordPolicy("analytics", "{\"retention\":30}", PolicyVersion.ACTIVE, "admin", T0);

        assertThat(first).isEqualTo(new PolicyVersion("analytics", 1, "active", "{\"retention\":30}",
                Sha256.hex("{\"retention\":30}"), T0, "admin"));
        assertThat(first.digest()).hasSize(64);
        assertThat(store.latestPolicy("analytics")).contains(first);
    }

    @Test
    void recordingTheSameDocumentAgainKeepsTheLatestVersion() {
        PolicyVersion first = store.recordPolicy("analytics", "{\"retention\":30}", PolicyVersion.ACTIVE, "admin", T0);

        PolicyVersion again = store.recordPolicy("analytics", "{\"retention\":30}", PolicyVersion.ACTIVE, "etc",
                T0.plusSeconds(60));

        assertThat(again).isEqualTo(first);
        assertThat(store.policyHistory("analytics")).containsExactly(first);
    }

    @Test
    void aChangedDocumentAppendsTheNextVersion() {
        store.recordPolicy("analytics", "{\"retention\":30}", PolicyVersion.ACTIVE, "admin", T0);

        PolicyVersion second = store.recordPolicy("analytics", "{\"retention\":90}", PolicyVersion.ACTIVE, "admin",
                T0.plusSeconds(60));

        assertThat(second.version()).isEqualTo(2);
        assertThat(second.digest()).isEqualTo(Sha256.hex("{\"retention\":90}"));
        assertThat(store.latestPolicy("analytics")).contains(second);
    }

    @Test
    void retiringAPurposeAppendsARetiredVersionOfTheSameDocument() {
        PolicyVersion active = store.recordPolicy("analytics", "{}", PolicyVersion.ACTIVE, "admin", T0);

        PolicyVersion retired = store.recordPolicy("analytics", "{}", PolicyVersion.RETIRED, "admin", T0.plusSeconds(1));

        assertThat(retired.version()).isEqualTo(2);
        assertThat(retired.status()).isEqualTo("retired");
        assertThat(retired.digest()).isEqualTo(active.digest());
        assertThat(store.recordPolicy("analytics", "{}", PolicyVersion.RETIRED, "admin", T0.plusSeconds(2)))
                .isEqualTo(retired);
    }

    @Test
    void policyHistoryListsEveryVersionOldestFirst() {
        PolicyVersion v1 = store.recordPolicy("analytics", "{\"a\":1}", PolicyVersion.ACTIVE, "admin", T0);
        PolicyVersion v2 = store.recordPolicy("analytics", "{\"a\":2}", PolicyVersion.ACTIVE, "admin", T0.plusSeconds(1));
        PolicyVersion v3 = store.recordPolicy("analytics", "{\"a\":2}", PolicyVersion.RETIRED, "admin", T0.plusSeconds(2));
        store.recordPolicy("crash", "{}", PolicyVersion.ACTIVE, "admin", T0);

        assertThat(store.policyHistory("analytics")).containsExactly(v1, v2, v3);
        assertThat(store.policyHistory("unknown")).isEmpty();
    }

    @Test
    void latestPoliciesHasTheNewestVersionOfEveryPurposeByPurposeId() {
        store.recordPolicy("crash", "{\"a\":1}", PolicyVersion.ACTIVE, "admin", T0);
        PolicyVersion crash = store.recordPolicy("crash", "{\"a\":2}", PolicyVersion.ACTIVE, "admin", T0.plusSeconds(1));
        PolicyVersion analytics = store.recordPolicy("analytics", "{}", PolicyVersion.ACTIVE, "admin", T0);

        assertThat(store.latestPolicies()).containsExactly(analytics, crash);
        assertThat(store.latestPolicy("unknown")).isEmpty();
    }

    @Test
    void aPolicyStatusOtherThanActiveOrRetiredIsRejected() {
        assertThatThrownBy(() -> store.recordPolicy("analytics", "{}", "draft", "admin", T0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
