package org.homeport.anonymizer.pii.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.event.TelemetryEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PiiRedactAnonymizerTest {
    private final PiiRedactAnonymizer anonymizer = new PiiRedactAnonymizer();

    @Test
    void redactsEveryTypeInsideNestedObjectsAndArraysWithTypedPlaceholders() throws Exception {
        TelemetryEvent event = Events.event(Map.of(
                "message", "user alice@example.org paid with 4111 1111 1111 1111 from 10.0.0.1",
                "nested", Map.of("list", List.of("iban DE89370400440532013000", 42, "mac aa:bb:cc:dd:ee:ff")),
                "url", "GET https://bob:hunter2@api.example.com/x?token=abc from 2001:db8::1 call +49 30 1234567"));

        TelemetryEvent result = anonymizer.configure(Map.of()).apply(event);

        assertThat(result.attributes().get("message")).isEqualTo("user [email] paid with [card] from [ip]");
        assertThat(result.attributes().get("nested"))
                .isEqualTo(Map.of("list", List.of("iban [iban]", 42, "mac [mac]")));
        assertThat(result.attributes().get("url"))
                .isEqualTo("GET https://[credentials]@api.example.com/x?token=[secret] from [ip] call [phone]");
        assertThat(result.subject()).isEqualTo(event.subject());
    }

    @Test
    void returnsTheSameEventWhenNothingIsFound() throws Exception {
        TelemetryEvent event = Events.event(Map.of("message", "build 10.0.19045.2965 ok", "n", List.of(1, 2)));

        assertThat(anonymizer.configure(Map.of()).apply(event)).isSameAs(event);
    }

    @Test
    void masksKeepingTheLastCharactersButNeverMoreThanHalf() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("card.treatment", "mask", "secret.treatment", "MASK"));
        TelemetryEvent event = Events.event(Map.of("m", "4111111111111111 password=abc123 a@b.example"));

        assertThat(step.apply(event).attributes().get("m")).isEqualTo("************1111 password=***123 [email]");
    }

    @Test
    void masksWithTheConfiguredNumberOfKeptCharacters() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("card.treatment", "mask", "mask.keep", "2"));

        assertThat(step.apply(Events.event(Map.of("m", "4111111111111111"))).attributes().get("m"))
                .isEqualTo("**************11");
    }

    @Test
    void appliesOnlyTheListedTypes() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("types", "email, ipv4"));
        TelemetryEvent event = Events.event(Map.of("m", "a@b.example 10.0.0.1 4111111111111111"));

        assertThat(step.apply(event).attributes().get("m")).isEqualTo("[email] [ip] 4111111111111111");
    }

    @Test
    void scansOnlyTheListedFields() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("fields", "attributes.error, subject"));
        TelemetryEvent event = Events.event(Map.of("error", "for a@b.example", "other", "c@d.example"))
                .withSubject("x@y.example");

        TelemetryEvent result = step.apply(event);

        assertThat(result.attributes()).isEqualTo(Map.of("error", "for [email]", "other", "c@d.example"));
        assertThat(result.subject()).isEqualTo("[email]");
    }

    @Test
    void cutsStringsLongerThanTheScanLimitAndMarksTheCut() throws Exception {
        String text = "a@b.example " + "x".repeat(PiiRedactor.MAX_SCAN_LENGTH);

        Object result = anonymizer.configure(Map.of()).apply(Events.event(Map.of("m", text))).attributes().get("m");

        assertThat((String) result).startsWith("[email] xxx").endsWith("x" + PiiRedactor.TRUNCATED)
                .hasSize(PiiRedactor.MAX_SCAN_LENGTH - "a@b.example".length() + "[email]".length()
                        + PiiRedactor.TRUNCATED.length());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "type|email|unknown parameter(s) [type]",
            "types|email,,ipv4|empty entry",
            "types|email,name|unknown type 'name'",
            "card.treatment|hash|must be 'redact' or 'mask'",
            "mask.keep|4|no type has treatment 'mask'",
            "fields|attributes.a,|empty entry",
            "fields|bogus|parameter 'fields'",
    })
    void refusesWrongParametersNamingThem(String key, String value, String message) {
        assertThatThrownBy(() -> anonymizer.configure(Map.of(key, value)))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageStartingWith("pii-redact: ")
                .hasMessageContaining(message);
    }

    @Test
    void refusesATreatmentForATypeThatIsNotEnabledAndAnOutOfRangeKeep() {
        assertThatThrownBy(() -> anonymizer.configure(Map.of("types", "email", "card.treatment", "mask")))
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("'card.treatment'");
        assertThatThrownBy(() -> anonymizer.configure(Map.of("card.treatment", "mask", "mask.keep", "9")))
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("from 0 to 8");
    }
}
