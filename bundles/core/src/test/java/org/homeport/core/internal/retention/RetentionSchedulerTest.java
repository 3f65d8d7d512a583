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
import org.homeport.api.retention.Held;
import org.homeport.api.retention.PurposeRetention;
import org.homeport.api.retention.SinkRetention;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.homeport.core.internal.metrics.PrometheusText;
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

    /** A sink that deletes a fixed result: one file of three events, and holds data since a day. */
    static final class ReportingSink implements Sink, RetentionCapable {
        volatile RetentionResult next;

        ReportingSink(RetentionResult next) {
            this.next = next;
        }

        @Override
        public CompletionStage<Void> write(List<TelemetryEvent> batch) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<RetentionResult> deleteOlderThan(String purpose, Instant cutoff) {
            return CompletableFuture.completedFuture(next);
        }
    }

    @Test
    void eachRunsFactsShowWhenItRanWhatWentAndTheOldestDataStillHeld() throws Exception {
        Instant oldest = Instant.parse("2026-10-25T00:00:00Z");
        ReportingSink files = new ReportingSink(RetentionResult.of(1, "files", 3, 120, oldest));
        Topology topology = TopologyBuilder.build(List.of(purpose("crash-reports", Duration.ofDays(30))),
                List.of(), List.of(), Map.of(), Map.of("file", files), List.of());
        List<Purpose> retired = List.of(purpose("old-survey", Duration.ofDays(90)).value());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RetentionScheduler scheduler = new RetentionScheduler(() -> topology, () -> retired,
                Clock.fixed(NOW, ZoneOffset.UTC), registry);
        List<PurposeRetention> audited = new CopyOnWriteArrayList<>();
        scheduler.addListener(audited::add);

        List<PurposeRetention> runs = scheduler.runOnce().get();

        assertThat(runs).extracting(PurposeRetention::purpose).containsExactlyInAnyOrder("crash-reports", "old-survey");
        PurposeRetention crash = scheduler.purpose("crash-reports").orElseThrow();
        assertThat(crash.lastRun()).isEqualTo(NOW);
        assertThat(crash.retired()).isFalse();
        assertThat(crash.cutoff()).isEqualTo(Instant.parse("2026-10-24T10:00:00Z"));
        assertThat(crash.sinks()).containsExactly(
                new SinkRetention("file", 1, "files", 3, 120, Held.SOME, oldest, null));
        assertThat(crash.held()).isEqualTo(Held.SOME);
        assertThat(crash.oldestHeld()).contains(oldest);
        assertThat(crash.lastDeletionAt()).isEqualTo(NOW);
        assertThat(scheduler.purpose("old-survey").orElseThrow().retired()).isTrue();
        assertThat(audited).extracting(PurposeRetention::purpose).containsExactlyInAnyOrder("crash-reports", "old-survey");

        String metrics = PrometheusText.scrape(registry);
        assertThat(metrics).contains(
                "homeport_retention_deleted_events_total{purpose=\"crash-reports\",sink=\"file\"} 3",
                "homeport_retention_deleted_bytes_total{purpose=\"crash-reports\",sink=\"file\"} 120",
                "homeport_retention_deleted_units_total{purpose=\"crash-reports\",sink=\"file\",unit=\"files\"} 1",
                "homeport_retention_last_run_timestamp_seconds{purpose=\"crash-reports\"} " + NOW.getEpochSecond(),
                "homeport_retention_oldest_held_age_seconds{purpose=\"crash-reports\"} "
                        + Duration.between(oldest, NOW).toSeconds());
    }

    @Test
    void aRunThatDeletesNothingKeepsTheLastDeletionAndTellsNoListener() throws Exception {
        ReportingSink files = new ReportingSink(RetentionResult.of(2, "files", 5, 50, null));
        Topology topology = TopologyBuilder.build(List.of(purpose("crash-reports", Duration.ofDays(30))),
                List.of(), List.of(), Map.of(), Map.of("file", files), List.of());
        RetentionScheduler scheduler = new RetentionScheduler(() -> topology, List::of, Clock.fixed(NOW, ZoneOffset.UTC),
                new SimpleMeterRegistry());
        scheduler.runOnce().get();
        files.next = RetentionResult.of(0, "files", 0, 0, null);
        List<PurposeRetention> audited = new CopyOnWriteArrayList<>();
        scheduler.addListener(audited::add);

        scheduler.runOnce().get();

        PurposeRetention crash = scheduler.purpose("crash-reports").orElseThrow();
        assertThat(crash.held()).isEqualTo(Held.NONE);
        assertThat(crash.deletedAnything()).isFalse();
        assertThat(crash.lastDeletion()).extracting(SinkRetention::eventsRemoved).containsExactly(5L);
        assertThat(audited).isEmpty();
    }

    @Test
    void aSinkThatCannotSayWhatItHoldsLeavesItUnknown() throws Exception {
        RecordingRetentionSink old = new RecordingRetentionSink();
        Sink writeOnly = batch -> CompletableFuture.completedFuture(null);
        Topology topology = TopologyBuilder.build(List.of(purpose("crash-reports", Duration.ofDays(30))),
                List.of(), List.of(), Map.of(), Map.of("file", old, "stream", writeOnly), List.of());
        RetentionScheduler scheduler = new RetentionScheduler(() -> topology, Clock.fixed(NOW, ZoneOffset.UTC));

        scheduler.runOnce().get();

        PurposeRetention crash = scheduler.purpose("crash-reports").orElseThrow();
        assertThat(crash.held()).isEqualTo(Held.UNKNOWN);
        assertThat(crash.sinks()).extracting(SinkRetention::sink, SinkRetention::held, SinkRetention::eventsRemoved)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("file", Held.UNKNOWN, -1L),
                        org.assertj.core.groups.Tuple.tuple("stream", Held.UNKNOWN, -1L));
    }

    /** An aggregator keeps counts, never events: it must not make every purpose's held data unknown. */
    @Test
    void anAggregatingSinkThatCannotDeleteByAgeHoldsNoEventsOfAnyPurpose() throws Exception {
        ReportingSink files = new ReportingSink(RetentionResult.of(0, "files", 0, 0, null));
        Sink aggregates = batch -> CompletableFuture.completedFuture(null);
        Topology topology = TopologyBuilder.build(List.of(purpose("crash-reports", Duration.ofDays(30))), List.of(),
                List.of(), Map.of(), Map.of("file", files, "viewing-aggregates", aggregates), java.util.Set.of("viewing-aggregates"),
                List.of());
        RetentionScheduler scheduler = new RetentionScheduler(() -> topology, Clock.fixed(NOW, ZoneOffset.UTC));

        scheduler.runOnce().get();

        PurposeRetention crash = scheduler.purpose("crash-reports").orElseThrow();
        assertThat(crash.sinks()).extracting(SinkRetention::sink).containsExactly("file");
        assertThat(crash.held()).isEqualTo(Held.NONE);
    }
}
