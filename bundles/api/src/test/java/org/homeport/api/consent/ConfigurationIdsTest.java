package org.homeport.api.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConfigurationIdsTest {

    @ParameterizedTest
    @EnumSource(LegalBasis.class)
    void everyLegalBasisRoundTripsThroughItsId(LegalBasis basis) {
        assertThat(LegalBasis.fromId(basis.id())).isSameAs(basis);
    }

    @Test
    void legalBasisIdsAreLowerCaseWithDashes() {
        assertThat(LegalBasis.LEGITIMATE_INTEREST.id()).isEqualTo("legitimate-interest");
        assertThat(LegalBasis.LEGAL_OBLIGATION.id()).isEqualTo("legal-obligation");
        assertThat(LegalBasis.VITAL_INTEREST.id()).isEqualTo("vital-interest");
        assertThat(LegalBasis.PUBLIC_TASK.id()).isEqualTo("public-task");
        assertThat(LegalBasis.CONSENT.id()).isEqualTo("consent");
        assertThat(LegalBasis.CONTRACT.id()).isEqualTo("contract");
    }

    @Test
    void unknownLegalBasisIsRefusedNamingIt() {
        assertThatThrownBy(() -> LegalBasis.fromId("LEGITIMATE_INTEREST"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown legal basis 'LEGITIMATE_INTEREST'");
        assertThatThrownBy(() -> LegalBasis.fromId(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown legal basis 'null'");
    }

    @ParameterizedTest
    @EnumSource(ConsentDefault.class)
    void everyConsentDefaultRoundTripsThroughItsId(ConsentDefault value) {
        assertThat(ConsentDefault.fromId(value.id())).isSameAs(value);
    }

    @Test
    void consentDefaultIdsAreOptInAndOptOut() {
        assertThat(ConsentDefault.OPT_IN.id()).isEqualTo("opt-in");
        assertThat(ConsentDefault.OPT_OUT.id()).isEqualTo("opt-out");
    }

    @Test
    void unknownConsentDefaultIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> ConsentDefault.fromId("optin"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown consent default 'optin': use opt-in or opt-out");
    }

    @Test
    void aDecisionNeedsAVerdictAndAReason() {
        assertThatThrownBy(() -> new ConsentDecision(Verdict.DROP, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a decision needs a reason");
        assertThatThrownBy(() -> new ConsentDecision(null, "consent-granted"))
                .isInstanceOf(NullPointerException.class).hasMessage("verdict");
    }
}
