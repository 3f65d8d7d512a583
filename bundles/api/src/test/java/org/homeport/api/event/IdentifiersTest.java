package org.homeport.api.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IdentifiersTest {

    @Test
    void asciiUpToTheLimitFitsAndOneMoreDoesNot() {
        assertThat(Identifiers.fits("a".repeat(255))).isTrue();
        assertThat(Identifiers.fits("a".repeat(256))).isFalse();
        assertThat(Identifiers.fits(null)).isTrue();
    }

    @Test
    void theLimitIsInBytesSoMultiByteCharactersCountMore() {
        String twoByte = "é".repeat(128); // 256 bytes in 128 chars
        assertThat(Identifiers.fits(twoByte)).isFalse();
        assertThat(Identifiers.fits("é".repeat(127))).isTrue();
        String emoji = "\uD83D\uDE00".repeat(64); // 4 bytes each: 256
        assertThat(Identifiers.fits(emoji)).isFalse();
        assertThat(Identifiers.fits("\uD83D\uDE00".repeat(63) + "abc")).isTrue();
    }

    @Test
    void countsBytesAsTheJdkEncoderDoes() {
        for (String value : new String[] {"", "user-4711", "Zoë", "日本語", "\uD83D\uDE00x"}) {
            assertThat(Identifiers.utf8Length(value)).as(value)
                    .isEqualTo(value.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void refusalNamesTheFieldButQuotesNothingOfTheValue() {
        String secret = "secret-" + "x".repeat(300);
        assertThatThrownBy(() -> Identifiers.requireFits(secret, "subject"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subject")
                .hasMessageNotContaining("secret");
        assertThat(Identifiers.requireFits("user-4711", "subject")).isEqualTo("user-4711");
    }

    @Test
    void anIdThatWouldLookLikeAnotherHasAProblemThatQuotesNothingOfIt() {
        for (String id : new String[] {"user-4711 ", " user-4711", "user-4711\u00a0", "\u200buser-4711", "\ufeffuser-4711",
                "user-4711\t", "user\n4711", "user\u00004711"}) {
            assertThat(Identifiers.problem(id)).as(id.replace("\u0000", "NUL")).isNotNull().doesNotContain("4711");
        }
        assertThat(Identifiers.problem("x".repeat(256))).contains("255 bytes");
        assertThat(Identifiers.problem("user 4711")).as("inner spaces are part of an id").isNull();
        assertThat(Identifiers.problem("Zoë-日本")).isNull();
        assertThat(Identifiers.problem(null)).isNull();
    }
}
