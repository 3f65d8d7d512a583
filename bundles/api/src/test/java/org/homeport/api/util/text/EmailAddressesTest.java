package org.homeport.api.util.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressesTest {
    private static final int HUNDRED_KB = 100 * 1024;

    @ParameterizedTest(name = "finds ''{1}'' in ''{0}''")
    @CsvSource(delimiter = '|', value = {
            "mail alice.smith+tag@mail.example.co.uk now|alice.smith+tag@mail.example.co.uk",
            "...dots@example.org.|dots@example.org",
            "from: <bob_o'neil@example.org>|bob_o'neil@example.org",
            "cc: carol%x@sub-domain.example.com.|carol%x@sub-domain.example.com",
            "jürgen@bücher.example|jürgen@bücher.example",
            "ivan@пример.рф|ivan@пример.рф",
            "write to ivan@example.xn--p1ai today|ivan@example.xn--p1ai",
            "IVAN@EXAMPLE.XN--P1AI|IVAN@EXAMPLE.XN--P1AI",
            "mailto:eve@example.org?subject=hi|eve@example.org",
            "https://example.com/users/alice@example.org|alice@example.org",
            "x@example.org@example.net|x@example.org",
            "a@b.example.42|a@b.example"
    })
    void findsTheAddress(String text, String expected) {
        assertThat(found(text)).containsExactly(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "no address here", "@example.org", "alice@", "alice@localhost", "root@localhost", "alice@example",
            "alice@example.c", "alice@example.42", "alice@example.c0m", "node@rack.a1", "a@b.xn--", "alice@.example.org",
            "version 1.2@3.4", "a@@b.example", "@@@", ".", "https://alice@example.com/", "ftp://anonymous@ftp.example.org"
    })
    void leavesWhatIsNoMailbox(String text) {
        assertThat(found(text)).isEmpty();
        assertThat(EmailAddresses.redact(text)).isSameAs(text);
    }

    @Test
    void redactsEachAddressAndKeepsTheRest() {
        assertThat(EmailAddresses.redact("a@b.example;c@d.example, e@f")).isEqualTo("[email];[email], e@f");
    }

    @Test
    void completesInLinearTimeOnAdversarialInput() {
        String manyAts = "a@".repeat(HUNDRED_KB / 2);
        String localRunThenAt = "a".repeat(HUNDRED_KB) + "@";
        String localRunWithDots = "a.".repeat(HUNDRED_KB / 2) + "@x";
        String domainRunWithoutTld = "a@" + "b.".repeat(HUNDRED_KB / 2) + "1";
        String domainRunOfIdnLookAlikes = "a@" + "xn.".repeat(HUNDRED_KB / 3) + "x1";
        String manyAtsThenAddress = "@".repeat(HUNDRED_KB) + "x@y.org";

        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertThat(found(manyAts)).isEmpty();
            assertThat(found(localRunThenAt)).isEmpty();
            assertThat(found(localRunWithDots)).isEmpty();
            assertThat(found(domainRunWithoutTld)).isEmpty();
            assertThat(found(domainRunOfIdnLookAlikes)).hasSize(1);
            assertThat(EmailAddresses.redact(manyAtsThenAddress)).isEqualTo("@".repeat(HUNDRED_KB) + "[email]");
            assertThat(EmailAddresses.redact("a@b.cc ".repeat(HUNDRED_KB / 7))).isEqualTo("[email] ".repeat(HUNDRED_KB / 7));
        });
    }

    private static List<String> found(String text) {
        List<String> spans = new ArrayList<>();
        EmailAddresses.find(text, (start, end) -> spans.add(text.substring(start, end)));
        return spans;
    }
}
