package org.homeport.core.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.homeport.api.journal.JournalStatus;
import org.homeport.api.journal.SinkBacklog;
import org.homeport.core.internal.topology.Topology;
import org.junit.jupiter.api.Test;

class HealthReportTest {

    private static JournalStatus journal(long used, long quota, SinkBacklog... sinks) {
        return new JournalStatus() {
            @Override
            public long usedBytes() {
                return used;
            }

            @Override
            public long quotaBytes() {
                return quota;
            }

            @Override
            public List<SinkBacklog> backlog() {
                return List.of(sinks);
            }
        };
    }

    @Test
    void aFailingSinkWithABacklogAndANearlyFullJournalDegradeTheNode() {
        HealthReport report = HealthReport.of(Topology.EMPTY, List.of(), journal(95, 100,
                new SinkBacklog("es", 40, 4000, Duration.ofSeconds(90), 2, "retrying", "connection refused"),
                new SinkBacklog("file", 0, 0, Duration.ZERO, 0, "idle", null)));

        assertThat(report.isUp()).isFalse();
        assertThat(report.problems()).anyMatch(p -> p.startsWith("journal: 95% of its quota is used"))
                .anyMatch(p -> p.equals("sink 'es': retrying with 40 events waiting (connection refused)"))
                .noneMatch(p -> p.contains("'file'"));
        assertThat(report.toJson()).contains("\"journal\":{\"usedBytes\":95,\"quotaBytes\":100,\"backlog\":[{\"sink\":\"es\","
                + "\"events\":40,\"bytes\":4000,\"oldestSeconds\":90,\"deadLetters\":2,\"state\":\"retrying\","
                + "\"lastError\":\"connection refused\"}");
    }

    @Test
    void aSinkThatDeliversOrWaitsForNothingDoesNot() {
        HealthReport report = HealthReport.of(Topology.EMPTY, List.of(), journal(10, 100,
                new SinkBacklog("file", 300, 9000, Duration.ofSeconds(1), 0, "delivering", null),
                new SinkBacklog("gone", 0, 0, Duration.ZERO, 0, "sink-missing", "no sink named 'gone' is registered")));

        assertThat(report.problems()).noneMatch(p -> p.startsWith("journal") || p.startsWith("sink"));
    }
}
