package org.homeport.core.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.homeport.api.retention.Held;
import org.homeport.api.retention.PurposeRetention;
import org.homeport.api.retention.SinkRetention;
import org.junit.jupiter.api.Test;

class RetentionRunCommandTest {
    private static final Instant NOW = Instant.parse("2026-12-03T14:05:12Z");

    @Test
    void printsPerPurposeAndSinkWhatWentAndTheOldestDataStillHeld() {
        SinkRetention crash = new SinkRetention("file", 1, "files", 412, 198344, Held.SOME,
                Instant.parse("2026-11-03T00:00:00Z"), null);
        SinkRetention survey = new SinkRetention("file", 2, "files", 3, 240, Held.NONE, null, null);
        String printed = RetentionRunCommand.render(List.of(
                new PurposeRetention("crash-reports", Duration.ofDays(30), false, NOW, NOW.minus(Duration.ofDays(30)),
                        List.of(crash), NOW, List.of(crash)),
                new PurposeRetention("old-survey", Duration.ofDays(30), true, NOW, NOW.minus(Duration.ofDays(30)),
                        List.of(survey), NOW, List.of(survey))));

        assertThat(printed.lines().filter(line -> line.contains("crash-reports")).findFirst().orElseThrow())
                .contains("30 days", "2026-11-03T14:05:12Z", "file", "1 files", "412", "198344", "2026-11-03T00:00:00Z");
        assertThat(printed.lines().filter(line -> line.contains("old-survey (retired)")).findFirst().orElseThrow())
                .contains("2 files", "nothing held");
    }
}
