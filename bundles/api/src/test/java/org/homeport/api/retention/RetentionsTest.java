package org.homeport.api.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionsTest {

    @Test
    void aRetentionShorterThanTheDayTheSinksDeleteByIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Retentions.parse("10s")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10 seconds is shorter than 1 day")
                .hasMessageContaining("whole UTC days").hasMessageContaining("every hour");
        assertThatThrownBy(() -> Retentions.parse("23h")).hasMessageContaining("23 hours");
        assertThatThrownBy(() -> Retentions.parse("soon")).hasMessageContaining("such as 30d");
    }

    @Test
    void aDayOrMoreOrKeepingIsAccepted() {
        assertThat(Retentions.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Retentions.parse("P395D")).isEqualTo(Duration.ofDays(395));
        assertThat(Retentions.parse("0")).isZero();
    }

    @Test
    void everyDurationIsWrittenInWordsTheSameWay() {
        assertThat(Retentions.inWords(Duration.ofSeconds(10))).isEqualTo("10 seconds");
        assertThat(Retentions.inWords(Duration.ofDays(30))).isEqualTo("30 days");
        assertThat(Retentions.inWords(Duration.ofDays(1))).isEqualTo("1 day");
        assertThat(Retentions.inWords(Duration.ofHours(36))).isEqualTo("1 day 12 hours");
        assertThat(Retentions.inWords(Duration.ofMinutes(90))).isEqualTo("1 hour 30 minutes");
        assertThat(Retentions.inWords(Duration.ZERO)).isEqualTo("no limit");
    }
}
