package org.homeport.aggregate.kanon.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.homeport.api.event.TelemetryEvent;
import org.junit.jupiter.api.Test;

/** Crash, restart, shutdown and journal failures: counts are never lost, aggregates appended with the same ids. */
class AggregatorDurabilityTest extends AggregatorTestSupport {
    private static final Instant CLOSES = Instant.parse("2026-11-23T11:05:00Z");

    private Path logFile() {
        return stateDir.resolve(StateLog.FILE_NAME);
    }

    @Test
    void acknowledgedCountsSurviveACrashAndAreEmittedExactlyOnce() throws Exception {
        // The first instance is never deactivated: it stands for a process that died after acking.
        MutableClock frozen = new MutableClock(T0);
        KAnonymousAggregator crashed = start(viewing(3), frozen, SHORT);
        write(crashed, views(2, "News", T0));
        write(crashed, views(1, "News", T0.plusSeconds(60)));
        write(crashed, views(2, "Quiz", T0));
        // A line torn by the crash, never acknowledged.
        Files.writeString(logFile(), "{\"counts\":[[1795", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        KAnonymousAggregator restarted = start(viewing(3));
        write(restarted, views(1, "Quiz", T0));
        clock.set(CLOSES);
        tick(restarted);

        assertThat(emitted()).extracting(AggregatorTestSupport::count).containsExactlyInAnyOrder(3L, 3L);
        assertThat(emitted()).extracting(aggregate -> group(aggregate).get("attributes.programme"))
                .containsExactlyInAnyOrder("News", "Quiz");

        restarted.deactivate();
        // Restarted after the append was durable and recorded: nothing is appended again.
        int appends = journal.appends.size();
        KAnonymousAggregator again = start(viewing(3));
        clock.advance(Duration.ofHours(1));
        tick(again);
        assertThat(journal.appends).hasSize(appends);
        assertThat(status(again).openWindows()).isZero();
    }

    @Test
    void theStateLogIsCompactedOnceAWindowIsEmitted() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(2));
        for (int i = 0; i < 20; i++) {
            write(aggregator, views(1, "News", T0));
        }
        assertThat(Files.readAllLines(logFile())).hasSizeGreaterThan(20);

        clock.set(CLOSES);
        tick(aggregator);

        List<String> compacted = Files.readAllLines(logFile());
        assertThat(compacted).hasSize(2);
        assertThat(compacted.get(0)).isEqualTo("{\"homeport.aggregate.state\":2}");
        assertThat(compacted.get(1)).matches("\\{\"key\":\"[A-Za-z0-9+/]{43}=\"}");
        assertThat(stateDir.resolve(StateLog.FILE_NAME + ".compacting")).doesNotExist();
    }

    @Test
    void theLogHoldsCountsNeverEventsOrIdentities() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(2));
        TelemetryEvent view = viewed("News", T0);
        write(aggregator, List.of(view));

        String log = Files.readString(logFile());
        // quoted: a short id such as e1 can occur inside the hex of a keyed hash
        assertThat(log).contains("\"News\"").doesNotContain(quoted(view.id()), view.subject(), view.source().device(), "minutes");
    }

    @Test
    void anUnreadableLineInTheMiddleOfTheLogStopsTheStartWithAClearMessage() throws Exception {
        Files.writeString(logFile(), "{\"homeport.aggregate.state\":1}\n{\"counts\":oops}\n{\"window\":[0,1,2]}\n");

        assertThatThrownBy(() -> start(viewing(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("line 2 is unreadable")
                .hasMessageContaining("move the file aside");
    }

    @Test
    void shutdownClosesOpenWindowsEarlyAsPartialAggregates() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(2));
        write(aggregator, views(2, "News", T0));
        write(aggregator, views(1, "Quiz", T0));

        aggregator.deactivate();

        assertThat(emitted()).singleElement().satisfies(aggregate -> {
            assertThat(aggregate.attributes()).containsEntry("partial", true).containsEntry("part", 1);
            assertThat(count(aggregate)).isEqualTo(2);
        });
        assertThatThrownBy(() -> await(aggregator.write(views(1, "News", T0))))
                .hasRootCauseMessage("aggregator 'viewing-aggregates' is stopping");

        // The window is still open after the restart: new counts go to part 2, with other ids.
        clock.advance(Duration.ofMinutes(10));
        TelemetryEvent firstPart = emitted().get(0);
        KAnonymousAggregator restarted = start(viewing(2));
        write(restarted, views(2, "News", T0.plusSeconds(900)));
        clock.set(CLOSES);
        tick(restarted);

        assertThat(emitted()).hasSize(2).last().satisfies(aggregate -> {
            assertThat(aggregate.attributes()).containsEntry("partial", true).containsEntry("part", 2);
            assertThat(count(aggregate)).isEqualTo(2);
            assertThat(aggregate.id()).isNotEqualTo(firstPart.id());
        });
    }

    @Test
    void anAppendNotDurableWhenStoppingIsAppendedAgainWithTheSameIdsAfterTheNextStart() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(2), clock, Duration.ofMillis(300));
        CompletableFuture<Void> release = journal.stalled();
        write(aggregator, views(2, "News", T0));

        aggregator.deactivate();
        assertThat(journal.appends).hasSize(1);
        assertThat(emitted()).isEmpty();
        String id = journal.attempted().get(0).id();

        journal.healthy();
        KAnonymousAggregator restarted = start(viewing(2));
        tick(restarted);

        assertThat(emitted()).singleElement().satisfies(aggregate -> {
            assertThat(aggregate.id()).isEqualTo(id);
            assertThat(aggregate.attributes()).containsEntry("partial", true).containsEntry("part", 1);
            assertThat(count(aggregate)).isEqualTo(2);
        });
        assertThat(status(restarted).pendingParts()).isZero();

        // Should the first append still become durable, the journal holds the part twice under one id.
        release.complete(null);
        assertThat(emitted()).extracting(TelemetryEvent::id).containsExactly(id, id);
    }

    @Test
    void aCrashAfterTheAppendWasDurableAppendsTheSameIdsAgainAndOnlyOnce() throws Exception {
        // The first instance is never deactivated by the test: it stands for a process killed right
        // after the journal's fsync, before it could record the part as emitted.
        MutableClock crashClock = new MutableClock(T0);
        KAnonymousAggregator crashed = start(viewing(2), crashClock, Duration.ofMillis(100));
        write(crashed, views(2, "News", T0));
        journal.durableButUnanswered();
        crashClock.set(CLOSES);
        crashed.tickNow();
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> journal.appends.size() == 1);
        String id = emitted().get(0).id();

        journal.healthy();
        KAnonymousAggregator restarted = start(viewing(2));
        clock.set(CLOSES);
        tick(restarted);
        assertThat(emitted()).extracting(TelemetryEvent::id).containsExactly(id, id);
        assertThat(status(restarted).pendingParts()).isZero();

        restarted.deactivate();
        KAnonymousAggregator again = start(viewing(2));
        clock.advance(Duration.ofHours(1));
        tick(again);
        assertThat(journal.appends).hasSize(2);
    }

    @Test
    void aFailedAppendIsRetriedWithBackoffOnALaterTickAndNothingIsLost() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(2));
        journal.answering(batch -> {
            throw new IllegalStateException("journal closed");
        });
        write(aggregator, views(2, "News", T0));

        clock.set(CLOSES);
        tick(aggregator);
        assertThat(journal.appends).hasSize(1);
        assertThat(status(aggregator).pendingParts()).isEqualTo(1);

        tick(aggregator); // within the backoff (1 s): no new attempt
        assertThat(journal.appends).hasSize(1);

        journal.full();
        clock.advance(Duration.ofSeconds(1));
        tick(aggregator);
        assertThat(journal.appends).hasSize(2);

        clock.advance(Duration.ofSeconds(1)); // the backoff has doubled to 2 s
        tick(aggregator);
        assertThat(journal.appends).hasSize(2);

        journal.healthy();
        clock.advance(Duration.ofSeconds(1));
        tick(aggregator);
        assertThat(journal.appends).hasSize(3);
        assertThat(emitted()).singleElement().satisfies(aggregate -> assertThat(count(aggregate)).isEqualTo(2));
        assertThat(journal.attempted()).extracting(TelemetryEvent::id).containsOnly(emitted().get(0).id());

        clock.advance(Duration.ofMinutes(10));
        tick(aggregator);
        assertThat(journal.appends).hasSize(3);
        assertThat(status(aggregator).pendingParts()).isZero();
        assertThat(status(aggregator).closedWindows()).hasSize(1);
    }

    @Test
    void aStalledAppendIsNotRepeatedAndDoesNotHoldUpCounting() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(2));
        CompletableFuture<Void> release = journal.stalled();
        write(aggregator, views(2, "News", T0));
        clock.set(CLOSES);
        aggregator.tickNow();
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> journal.appends.size() == 1);

        write(aggregator, views(2, "News", CLOSES)); // the next window counts on
        clock.advance(Duration.ofMinutes(10));
        tick(aggregator);
        assertThat(status(aggregator).eventsCounted()).isEqualTo(4);
        assertThat(status(aggregator).pendingParts()).isEqualTo(1);
        assertThat(journal.appends).hasSize(1);

        release.complete(null);
        org.awaitility.Awaitility.await().atMost(WAIT)
                .untilAsserted(() -> assertThat(status(aggregator).pendingParts()).isZero());
        assertThat(emitted()).hasSize(1);
        assertThat(journal.appends).hasSize(1);
    }

    @Test
    void aPartLargerThanOneAppendGoesInPiecesAndResumesAfterTheLastDurablePiece() throws Exception {
        int groups = 2 * KAnonymousAggregator.APPEND_BATCH + 500;
        Settings settings = viewing(2);
        KAnonymousAggregator aggregator = start(new Settings(settings.name(), settings.groupBy(), settings.window(), 2,
                settings.grace(), settings.emitSinks(), settings.emitType(), stateDir, 16,
                new Settings.StateBounds(groups, 1L << 30)));
        List<TelemetryEvent> batch = new java.util.ArrayList<>();
        for (int i = 0; i < groups; i++) {
            batch.addAll(views(2, "programme-" + i, T0));
        }
        write(aggregator, batch);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        journal.answering(appended -> calls.incrementAndGet() == 2
                ? CompletableFuture.failedFuture(new IllegalStateException("disk full")) : null);

        clock.set(CLOSES);
        tick(aggregator);
        assertThat(journal.appends).extracting(List::size).containsExactly(KAnonymousAggregator.APPEND_BATCH,
                KAnonymousAggregator.APPEND_BATCH);
        assertThat(emitted()).hasSize(KAnonymousAggregator.APPEND_BATCH);
        assertThat(status(aggregator).pendingParts()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        tick(aggregator);

        assertThat(journal.appends).extracting(List::size).containsExactly(KAnonymousAggregator.APPEND_BATCH,
                KAnonymousAggregator.APPEND_BATCH, KAnonymousAggregator.APPEND_BATCH, 500);
        assertThat(emitted()).hasSize(groups).extracting(TelemetryEvent::id).doesNotHaveDuplicates();
        assertThat(status(aggregator).pendingParts()).isZero();
    }

    @Test
    void groupsAllBelowKAreRecordedAsClosedWithoutAppendingAnything() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(10));
        write(aggregator, views(9, "News", T0));
        clock.set(CLOSES);
        tick(aggregator);

        assertThat(journal.appends).isEmpty();
        Status status = status(aggregator);
        assertThat(status.pendingParts()).isZero();
        assertThat(status.closedWindows()).singleElement()
                .satisfies(report -> assertThat(report.eventsSuppressed()).isEqualTo(9));
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }
}
