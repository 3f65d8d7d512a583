package org.homeport.api.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsoleTextTest {

    @Test
    void wordsAMessageAsASentence() {
        assertThat(ConsoleText.sentence("no such key")).isEqualTo("No such key.");
        assertThat(ConsoleText.sentence("Done.")).isEqualTo("Done.");
        assertThat(ConsoleText.sentence(null)).isEqualTo("Failed.");
    }

    @Test
    void rendersListsSortedSelectorsAndDurations() {
        assertThat(ConsoleText.joined(List.of("b", "a"))).isEqualTo("b, a");
        assertThat(ConsoleText.joined(List.of())).isEqualTo("-");
        assertThat(ConsoleText.orAll(Set.of("b", "a"))).isEqualTo("a, b");
        assertThat(ConsoleText.orAll(Set.of())).isEqualTo("*");
        assertThat(ConsoleText.duration(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(ConsoleText.duration(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(ConsoleText.duration(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(ConsoleText.duration(Duration.ZERO)).isEqualTo("none");
    }
}
