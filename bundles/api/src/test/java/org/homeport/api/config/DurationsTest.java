package org.homeport.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void readsIsoShorthandAndZero() {
        assertThat(Durations.parse("P30D")).isEqualTo(Duration.ofDays(30));
        assertThat(Durations.parse(" pt1h ")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(Durations.parse("12H")).isEqualTo(Duration.ofHours(12));
        assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("0")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "d", "30", "30w", "thirty days", "-1d", "P-1D", "PT", "99999999999999999d"})
    void refusesWhatIsNotADurationNamingItAndShowingExamples(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a duration: '" + text.strip() + "' (e.g. 30d, 12h, 15m, 30s or P30D)");
    }
}
