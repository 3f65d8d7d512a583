package org.homeport.api.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.catalog.Purpose;
import org.junit.jupiter.api.Test;

/** The one reading of a purpose's settings, which the core enforces and the consent store records. */
class PolicySettingsTest {

    @Test
    void allowedSinksDataCategoriesAndErasureAreReadLikeEveryOtherSetting() {
        Purpose purpose = PolicySettings.purpose("feedback", Map.of("legal.basis", "contract", "consent.default", "opt-out",
                "sinks.allowed", " file , archive,file", "data.categories", new String[] {"rating", "comment, rating"},
                "erase.on.withdrawal", "TRUE"));

        assertThat(purpose.allowedSinks()).containsExactly("file", "archive");
        assertThat(purpose.dataCategories()).containsExactly("rating", "comment");
        assertThat(purpose.eraseOnWithdrawal()).isTrue();
        assertThat(purpose.allowsSink("archive")).isTrue();
        assertThat(purpose.allowsSink("elasticsearch")).isFalse();
        assertThat(purpose.allowsAttribute("comment")).isTrue();
        assertThat(purpose.allowsAttribute("location")).isFalse();
    }

    @Test
    void withoutAllowedSinksOrCategoriesEverythingIsAllowed() {
        Purpose purpose = PolicySettings.purpose("feedback", Map.of());

        assertThat(purpose.allowsSink("anything")).isTrue();
        assertThat(purpose.allowsAttribute("anything")).isTrue();
        assertThat(purpose.eraseOnWithdrawal()).isFalse();
    }

    @Test
    void aMisspeltSettingIsRefusedNotIgnored() {
        assertThatThrownBy(() -> PolicySettings.purpose("feedback", Map.of("retension", "30d")))
                .hasMessageContaining("'retension' is not a policy setting").hasMessageContaining("retention");
        assertThatThrownBy(() -> PolicySettings.purpose("feedback", Map.of("legal.bases", "contract")))
                .hasMessageContaining("'legal.bases' is not a policy setting");
    }

    @Test
    void aParameterOfAnAnonymizerThePolicyDoesNotNameIsRefused() {
        assertThatThrownBy(() -> PolicySettings.purpose("feedback", Map.of("anonymizers", "redact-emails",
                "hmac.fields", "subject")))
                .hasMessageContaining("'hmac.fields' is a parameter of anonymizer 'hmac', which 'anonymizers' does not name");
    }

    @Test
    void aSwitchIsTrueOrFalseNothingElse() {
        assertThatThrownBy(() -> PolicySettings.purpose("feedback", Map.of("anonymous", "yes")))
                .hasMessageContaining("'anonymous' is true or false");
    }

    @Test
    void theFrameworksKeysTheIdAndTheOldVersionAreNotPartOfThePolicy() {
        Purpose purpose = PolicySettings.purpose("feedback", Map.of("service.pid", "org.homeport.purpose~feedback",
                "felix.fileinstall.filename", "file:/opt/homeport/etc/org.homeport.purpose-feedback.cfg",
                "id", "feedback", "version", "7", "description", "  What you think  "));

        assertThat(purpose.version()).isZero();
        assertThat(purpose.description()).isEqualTo("What you think");
        assertThat(purpose.samePolicyAs(PolicySettings.purpose("feedback", Map.of("description", "What you think"))))
                .isTrue();
    }

    @Test
    void anAnonymizersListParameterReadsTheSameHoweverItIsWritten() {
        Map<String, String> spaced = Map.of("anonymizers", "hmac", "hmac.fields", "subject, source.device");
        Map<String, Object> array = Map.of("anonymizers", "hmac", "hmac.fields", new String[] {"subject", "source.device"});

        assertThat(PolicySettings.purpose("p", spaced).anonymizers())
                .containsExactly(new AnonymizerRef("hmac", Map.of("fields", "subject,source.device")));
        assertThat(PolicySettings.purpose("p", spaced).samePolicyAs(PolicySettings.purpose("p", array))).isTrue();
    }

    @Test
    void aChangedSettingIsAnotherPolicy() {
        Purpose before = PolicySettings.purpose("p", Map.of("retention", "30d"));

        assertThat(before.samePolicyAs(PolicySettings.purpose("p", Map.of("retention", "720h")))).isTrue();
        assertThat(before.samePolicyAs(PolicySettings.purpose("p", Map.of("retention", "31d")))).isFalse();
        assertThat(before.samePolicyAs(PolicySettings.purpose("p", Map.of("retention", "30d", "sinks.allowed", "file"))))
                .isFalse();
    }
}
