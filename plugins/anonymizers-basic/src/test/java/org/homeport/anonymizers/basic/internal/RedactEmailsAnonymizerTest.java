package org.homeport.anonymizers.basic.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.util.text.EmailAddresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactEmailsAnonymizerTest {
    private static final int HUNDRED_KB = 100 * 1024;
    private final RedactEmailsAnonymizer anonymizer = new RedactEmailsAnonymizer();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "alice@example.org|[email]",
            "mail alice.smith+tag@mail.example.co.uk now|mail [email] now",
            "from: <bob_o'neil@example.org>, cc: carol%x@sub-domain.example.com.|from: <[email]>, cc: [email].",
            "a@b.example;c@d.example|[email];[email]",
            "...dots@example.org|...[email]",
            "jürgen@bücher.example|[email]",
            "mailto:eve@example.org?subject=hi|mailto:[email]?subject=hi",
            "x@example.org@example.net|[email]@example.net"
    })
    void replacesEveryAddressInsideText(String text, String expected) {
        assertThat(EmailAddresses.redact(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "no address here", "@example.org", "alice@", "alice@localhost", "alice@example", "alice@example.c",
            "alice@example.42", "alice@.example.org", "version 1.2@3.4", "a@@b.example", "@@@", "."
    })
    void leavesTextWithoutAddressesAsItIs(String text) {
        assertThat(EmailAddresses.redact(text)).isSameAs(text);
    }

    /** The scanner pii-redact uses too: one reading of what an e-mail address is (ADR 0009). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "write to ivan@example.xn--p1ai today|write to [email] today",
            "ivan@пример.рф|[email]"
    })
    void findsAddressesUnderInternationalizedTopLevelDomains(String text, String expected) throws Exception {
        assertThat(anonymizer.configure(Map.of()).apply(Events.event(Map.of("m", text))).attributes())
                .isEqualTo(Map.of("m", expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@example.c0m", "job@worker.q2", "https://alice@example.com/", "ftp://anonymous@ftp.example.org"})
    void leavesLookAlikesThatAreNotMailboxes(String text) throws Exception {
        TelemetryEvent event = Events.event(Map.of("m", text));

        assertThat(anonymizer.configure(Map.of()).apply(event)).isSameAs(event);
    }

    @Test
    void completesInLinearTimeOnAdversarialInput() {
        String manyAts = "a@".repeat(HUNDRED_KB / 2);
        String localRunThenAt = "a".repeat(HUNDRED_KB) + "@";
        String localRunWithDots = "a.".repeat(HUNDRED_KB / 2) + "@x";
        String domainRunWithoutTld = "a@" + "b.".repeat(HUNDRED_KB / 2) + "1";
        String manyShortAddresses = "a@b.cc ".repeat(HUNDRED_KB / 7);
        String manyAtsThenAddress = "@".repeat(HUNDRED_KB) + "x@y.org";

        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertThat(EmailAddresses.redact(manyAts)).isSameAs(manyAts);
            assertThat(EmailAddresses.redact(localRunThenAt)).isSameAs(localRunThenAt);
            assertThat(EmailAddresses.redact(localRunWithDots)).isSameAs(localRunWithDots);
            assertThat(EmailAddresses.redact(domainRunWithoutTld)).isSameAs(domainRunWithoutTld);
            assertThat(EmailAddresses.redact(manyShortAddresses)).isEqualTo("[email] ".repeat(HUNDRED_KB / 7));
            assertThat(EmailAddresses.redact(manyAtsThenAddress)).isEqualTo("@".repeat(HUNDRED_KB) + "[email]");
            assertThat(EmailAddresses.redact("a".repeat(HUNDRED_KB) + "@example.org")).isEqualTo("[email]");
        });
    }

    @Test
    void redactsEveryStringInAttributesRecursivelyWhenNoFieldsAreGiven() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of());
        TelemetryEvent event = Events.event(Map.of(
                "message", "contact alice@example.org",
                "nested", Map.of("list", List.of("bob@example.org", 3, Map.of("deep", "x carol@example.org y"))),
                "count", 1));

        TelemetryEvent result = step.apply(event);

        assertThat(result.attributes()).isEqualTo(Map.of(
                "message", "contact [email]",
                "nested", Map.of("list", List.of("[email]", 3, Map.of("deep", "x [email] y"))),
                "count", 1));
        assertThat(result.subject()).isEqualTo("user-4711");
    }

    @Test
    void redactsOnlyListedFieldsWhenGiven() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("fields", "subject, attributes.note"));
        TelemetryEvent event = Events.event(Map.of("note", "by dave@example.org", "other", "erin@example.org"))
                .withSubject("frank@example.org");

        TelemetryEvent result = step.apply(event);

        assertThat(result.subject()).isEqualTo("[email]");
        assertThat(result.attributes()).isEqualTo(Map.of("note", "by [email]", "other", "erin@example.org"));
    }

    @Test
    void returnsSameEventWhenThereIsNothingToRedact() throws Exception {
        TelemetryEvent event = Events.event(Map.of("message", "nothing", "list", List.of("a", Map.of("b", "c"))));

        assertThat(anonymizer.configure(Map.of()).apply(event)).isSameAs(event);
        assertThat(anonymizer.configure(Map.of("fields", "attributes.message")).apply(event)).isSameAs(event);
    }

    @Test
    void refusesEmptyFieldsAndUnknownParameters() {
        assertThatThrownBy(() -> anonymizer.configure(Map.of("fields", "")))
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("redact-emails: parameter 'fields' is empty");
        assertThatThrownBy(() -> anonymizer.configure(Map.of("field", "subject")))
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("unknown parameter(s) [field]");
    }
}
