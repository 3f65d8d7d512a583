package org.homeport.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.consent.ConsentDefault;
import org.homeport.api.consent.LegalBasis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PurposeTest {

    private static Purpose purpose(String id, LegalBasis basis, ConsentDefault consentDefault, Duration retention) {
        return new Purpose(id, "Which features you use", basis, consentDefault, false, retention, List.of(), 1);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" "})
    void refusesABlankId(String blank) {
        assertThatThrownBy(() -> purpose(blank, LegalBasis.CONTRACT, ConsentDefault.OPT_OUT, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("purpose id must not be blank");
    }

    @Test
    void refusesConsentAsLegalBasisWithAnOptOutDefault() {
        assertThatThrownBy(() -> purpose("product-analytics", LegalBasis.CONSENT, ConsentDefault.OPT_OUT, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("purpose 'product-analytics' has legal basis consent, which must be opt-in (GDPR Art. 7)");
    }

    @Test
    void acceptsConsentWithAnOptInDefault() {
        assertThat(purpose("product-analytics", LegalBasis.CONSENT, ConsentDefault.OPT_IN, Duration.ofDays(395))
                .consentDefault()).isEqualTo(ConsentDefault.OPT_IN);
    }

    @ParameterizedTest
    @EnumSource(value = LegalBasis.class, names = "CONSENT", mode = EnumSource.Mode.EXCLUDE)
    void otherLegalBasesTakeEitherDefault(LegalBasis basis) {
        assertThat(purpose("p", basis, ConsentDefault.OPT_OUT, Duration.ZERO).legalBasis()).isEqualTo(basis);
        assertThat(purpose("p", basis, ConsentDefault.OPT_IN, Duration.ZERO).legalBasis()).isEqualTo(basis);
    }

    @Test
    void refusesANegativeRetention() {
        assertThatThrownBy(() -> purpose("crash-reports", LegalBasis.LEGITIMATE_INTEREST, ConsentDefault.OPT_OUT,
                Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retention of 'crash-reports' must not be negative");
    }

    @Test
    void zeroRetentionMeansNoLimitAndIsAllowed() {
        assertThat(purpose("p", LegalBasis.CONTRACT, ConsentDefault.OPT_OUT, Duration.ZERO).retention()).isZero();
    }

    @Test
    void refusesMissingLegalBasisDefaultOrRetention() {
        assertThatThrownBy(() -> purpose("p", null, ConsentDefault.OPT_OUT, Duration.ZERO))
                .isInstanceOf(NullPointerException.class).hasMessage("legalBasis");
        assertThatThrownBy(() -> purpose("p", LegalBasis.CONTRACT, null, Duration.ZERO))
                .isInstanceOf(NullPointerException.class).hasMessage("consentDefault");
        assertThatThrownBy(() -> purpose("p", LegalBasis.CONTRACT, ConsentDefault.OPT_OUT, null))
                .isInstanceOf(NullPointerException.class).hasMessage("retention");
    }

    @Test
    void nullDescriptionAndAnonymizersBecomeEmpty() {
        Purpose purpose = new Purpose("p", null, LegalBasis.CONTRACT, ConsentDefault.OPT_OUT, false, Duration.ZERO, null, 1);
        assertThat(purpose.description()).isEmpty();
        assertThat(purpose.anonymizers()).isEmpty();
    }

    @Test
    void anonymizerListIsACopyThatCannotChange() {
        List<AnonymizerRef> chain = new ArrayList<>(List.of(new AnonymizerRef("hmac", Map.of("fields", "subject"))));
        Purpose purpose = new Purpose("p", "", LegalBasis.CONTRACT, ConsentDefault.OPT_OUT, false, Duration.ZERO, chain, 1);
        chain.add(new AnonymizerRef("drop-fields", Map.of()));

        assertThat(purpose.anonymizers()).extracting(AnonymizerRef::name).containsExactly("hmac");
        assertThatThrownBy(() -> purpose.anonymizers().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void eventTypeRefusesABlankIdAndNoPurpose() {
        assertThatThrownBy(() -> new EventType(" ", "", java.util.Set.of("p"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("event type id must not be blank");
        assertThatThrownBy(() -> new EventType("app.error", "", java.util.Set.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("event type 'app.error' names no purpose");
    }

    @Test
    void fieldSpecRefusesABlankNameAndKindIdsAreLowerCase() {
        assertThatThrownBy(() -> new FieldSpec("", FieldSpec.Kind.STRING, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("field name must not be blank");
        assertThat(FieldSpec.Kind.BOOLEAN.id()).isEqualTo("boolean");
    }
}
