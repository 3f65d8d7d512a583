package org.homeport.core.internal.config;

import org.homeport.api.util.ConfigText;
import org.homeport.api.util.PolicySettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.catalog.EventType;
import org.homeport.api.catalog.FieldSpec;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.consent.ConsentDefault;
import org.homeport.api.consent.LegalBasis;
import org.junit.jupiter.api.Test;

class ConfigurationParsingTest {

    private static Map<String, Object> cfg(String pid, String... keyValues) {
        Map<String, Object> props = new HashMap<>();
        props.put("service.pid", pid);
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    @Test
    void purposeIsReadFromItsCfgFileWithChainAndShorthandRetention() {
        Declared<Purpose> declared = Declared.parse("purpose", cfg("org.homeport.purpose~crash-reports",
                "legal.basis", "legitimate-interest", "consent.default", "opt-out", "retention", "30d",
                "anonymizers", "redact-emails, hmac", "redact-emails.fields", "attributes.message",
                "hmac.fields", "subject, source.device", "version", "3"),
                id -> PolicySettings.purpose(id, cfg("org.homeport.purpose~crash-reports",
                        "legal.basis", "legitimate-interest", "consent.default", "opt-out", "retention", "30d",
                        "anonymizers", "redact-emails, hmac", "redact-emails.fields", "attributes.message",
                        "hmac.fields", "subject, source.device", "version", "3")));

        assertThat(declared.isValid()).isTrue();
        Purpose purpose = declared.value();
        assertThat(purpose.id()).isEqualTo("crash-reports");
        assertThat(purpose.legalBasis()).isEqualTo(LegalBasis.LEGITIMATE_INTEREST);
        assertThat(purpose.consentDefault()).isEqualTo(ConsentDefault.OPT_OUT);
        assertThat(purpose.retention()).isEqualTo(Duration.ofDays(30));
        // the file's 'version' is ignored: the consent store numbers policy versions
        assertThat(purpose.version()).isZero();
        assertThat(purpose.anonymizers()).containsExactly(
                new AnonymizerRef("redact-emails", Map.of("fields", "attributes.message")),
                new AnonymizerRef("hmac", Map.of("fields", "subject,source.device")));
        assertThat(purpose.aggregateOnly()).isFalse();
    }

    @Test
    void aRetentionShorterThanADayIsReportedNotAccepted() {
        Map<String, Object> props = cfg("org.homeport.purpose~crash-reports", "legal.basis", "contract",
                "consent.default", "opt-out", "retention", "10s");

        Declared<Purpose> declared = Declared.parse("purpose", props, id -> PolicySettings.purpose(id, props));

        assertThat(declared.isValid()).isFalse();
        assertThat(declared.error()).contains("purpose 'crash-reports'", "10 seconds", "shorter than 1 day",
                "whole UTC days");
    }

    @Test
    void aRetentionOfOneDayOrNoneIsAccepted() {
        assertThat(PolicySettings.purpose("p", cfg("org.homeport.purpose~p", "retention", "24h")).retention())
                .isEqualTo(Duration.ofDays(1));
        assertThat(PolicySettings.purpose("p", cfg("org.homeport.purpose~p", "retention", "0")).retention())
                .isZero();
    }

    @Test
    void aggregateOnlyIsReadFromThePurposeConfiguration() {
        Map<String, Object> props = cfg("org.homeport.purpose~marketing", "aggregate.only", "true");

        assertThat(PolicySettings.purpose("marketing", props).aggregateOnly()).isTrue();
    }

    @Test
    void consentPurposeThatIsOptOutIsReportedInvalid() {
        Map<String, Object> props = cfg("org.homeport.purpose~marketing", "legal.basis", "consent", "consent.default", "opt-out");
        Declared<Purpose> declared = Declared.parse("purpose", props, id -> PolicySettings.purpose(id, props));

        assertThat(declared.isValid()).isFalse();
        assertThat(declared.error()).contains("marketing", "opt-in");
    }

    @Test
    void aPurposeWhoseAnonymizerParametersAreFrameworkKeysIsInvalidAndNeverPassesThemOn() {
        Map<String, Object> props = cfg("org.homeport.purpose~feedback", "legal.basis", "legitimate-interest",
                "consent.default", "opt-out", "anonymizers", "felix", "felix.fileinstall.filename", "file:/tmp/x.cfg");
        Declared<Purpose> declared = Declared.parse("purpose", props, id -> PolicySettings.purpose(id, props));

        assertThat(declared.isValid()).isFalse();
        assertThat(declared.error()).contains("feedback", "'felix.fileinstall.filename'", "reserved");
    }

    @Test
    void unknownLegalBasisIsReportedWithItsName() {
        Map<String, Object> props = cfg("org.homeport.purpose~x", "legal.basis", "because");
        Declared<Purpose> declared = Declared.parse("purpose", props, id -> PolicySettings.purpose(id, props));
        assertThat(declared.error()).contains("unknown legal basis 'because'");
    }

    @Test
    void eventTypeFieldsCarryKindAndRequiredMark() {
        Map<String, Object> props = cfg("org.homeport.eventtype~app.error", "purposes", "crash-reports",
                "fields", "message:string!, count:number, tags:array");
        EventType type = EventTypeConfiguration.toEventType("app.error", props);

        assertThat(type.fields()).containsExactly(new FieldSpec("message", FieldSpec.Kind.STRING, true),
                new FieldSpec("count", FieldSpec.Kind.NUMBER, false), new FieldSpec("tags", FieldSpec.Kind.ARRAY, false));
    }

    @Test
    void eventTypeFieldWithUnknownKindIsRefused() {
        Map<String, Object> props = cfg("org.homeport.eventtype~t", "purposes", "p", "fields", "when:date");
        assertThatThrownBy(() -> EventTypeConfiguration.toEventType("t", props)).hasMessageContaining("unknown kind");
    }

    @Test
    void pipelineSelectorsTreatStarAsAll() {
        Map<String, Object> props = cfg("org.homeport.pipeline~default", "purposes", "*", "types", "app.error",
                "sinks", "file");
        PipelineDefinition pipeline = PipelineConfiguration.toDefinition("default", props);

        assertThat(pipeline.purposes()).isEmpty();
        assertThat(pipeline.types()).containsExactly("app.error");
        assertThat(pipeline.sinks()).containsExactly("file");
    }

    @Test
    void pipelineWithoutSinkIsInvalid() {
        Map<String, Object> props = cfg("org.homeport.pipeline~nowhere", "purposes", "*");
        Declared<PipelineDefinition> declared = Declared.parse("pipeline", props,
                name -> PipelineConfiguration.toDefinition(name, props));
        assertThat(declared.error()).isEqualTo("pipeline 'nowhere': names no sink in 'sinks'");
    }

    @Test
    void valuesMayBeArraysOrCommaSeparatedStrings() {
        assertThat(ConfigText.list(new String[] {"a, b", "c"})).containsExactly("a", "b", "c");
        assertThat(ConfigText.list(List.of("x", "y"))).containsExactly("x", "y");
        assertThat(ConfigText.list(" , ")).isEmpty();
    }

    @Test
    void durationsAcceptIsoAndShorthand() {
        assertThat(ConfigText.duration("P395D")).isEqualTo(Duration.ofDays(395));
        assertThat(ConfigText.duration("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(ConfigText.duration("0")).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> ConfigText.duration("13 months")).hasMessageContaining("not a duration");
    }

    @Test
    void anonymizerNamedTwiceIsRefused() {
        assertThatThrownBy(() -> PolicySettings.anonymizerChain(Map.of("anonymizers", "hmac, hmac")))
                .hasMessageContaining("named twice");
    }

    @Test
    void factoryConfigurationWithoutNameIsExplained() {
        assertThatThrownBy(() -> ConfigText.factoryName(Map.of("service.pid", "org.homeport.pipeline.1234")))
                .hasMessageContaining("<factory>~<name>");
    }
}
