package org.homeport.core.internal.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.consent.ConsentDefault;
import org.homeport.api.consent.LegalBasis;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.sink.RetentionCapable;
import org.homeport.api.sink.RetentionResult;
import org.homeport.api.sink.Sink;
import org.homeport.core.internal.config.Declared;
import org.homeport.core.internal.topology.Topology;
import org.homeport.core.internal.topology.TopologyBuilder;
import org.junit.jupiter.api.Test;

class RetentionSchedulerTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    /** A sink that only records what it was asked to delete. */
    static final class RecordingRetentionSink implements Sink, RetentionCapable {
        final List<String> asked = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Void> write(List<TelemetryEvent> batch) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<RetentionResult> deleteOlderThan(String purpose, Instant cutoff) {
            asked.add(purpose + " before " + cutoff);
            return CompletableFuture.completedFuture(new RetentionResult(1, "files"));
        }
    }

    private static Declared<Purpose> purpose(String id, Duration retention) {
        return new Declared<>(id, new Purpose(id, "", LegalBasis.CONTRACT, ConsentDefault.OPT_OUT, false, retention,
                List.of(), 1), null);
    }

    @Test
    void asksEveryCapableSinkToDeleteWhatIsOlderThanEachPurposesRetention() {
        RecordingRetentionSink files = new RecordingRetentionSink();
        Sink writeOnly = batch -> CompletableFuture.completedFuture(null);
        Topology topology = TopologyBuilder.build(
                List.of(purpose("crash-reports", Duration.ofDays(30)), purpose("fault-alerts", Duration.ofDays(730)),
                        purpose("kept-forever", Duration.ZERO)),
                List.of(), List.of(), Map.of(), Map.of("file", files, "stream", writeOnly), List.of());

        new RetentionScheduler(() -> topology, Clock.fixed(NOW, ZoneOffset.UTC)).runOnce();

        assertThat(files.asked).containsExactlyInAnyOrder(
                "crash-reports before 2026-10-24T10:00:00Z",
                "fault-alerts before 2024-11-23T10:00:00Z");
    }

    @Test
    void aRetiredPurposesFilesAreDeletedWithTheRetentionItHadWhenItWasRetired() {
        RecordingRetentionSink files = new RecordingRetentionSink();
        Topology topology = TopologyBuilder.build(List.of(purpose("crash-reports", Duration.ofDays(30))),
                List.of(), List.of(), Map.of(), Map.of("file", files), List.of());
        List<Purpose> retired = List.of(
                purpose("old-survey", Duration.ofDays(90)).value(),
                purpose("kept-forever-once", Duration.ZERO).value(),
                // retired, then declared again: the declaration is what counts
                purpose("crash-reports", Duration.ofDays(7)).value());

        new RetentionScheduler(() -> topology, () -> retired, Clock.fixed(NOW, ZoneOffset.UTC)).runOnce();

        assertThat(files.asked).containsExactlyInAnyOrder(
                "crash-reports before 2026-10-24T10:00:00Z",
                "old-survey before 2026-08-25T10:00:00Z");
    }
}
