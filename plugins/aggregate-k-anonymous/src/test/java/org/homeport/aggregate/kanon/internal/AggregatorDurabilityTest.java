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

/** Crash, restart, shutdown and target outages: counts are never lost, aggregates emitted once. */
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
        RecordingSink file = bind(restarted, "file");
        write(restarted, views(1, "Quiz", T0));
        clock.set(CLOSES);
        tick(restarted);

        assertThat(file.stored).extracting(AggregatorTestSupport::count).containsExactlyInAnyOrder(3L, 3L);
        assertThat(file.stored).extracting(aggregate -> group(aggregate).get("attributes.programme"))
                .containsExactlyInAnyOrder("News", "Quiz");

        restarted.deactivate();
        KAnonymousAggregator again = start(viewing(3));
        RecordingSink fileAgain = bind(again, "file");
        clock.advance(Duration.ofHours(1));
        tick(again);
        assertThat(fileAgain.attempts).hasValue(0);
        assertThat(status(again).openWindows()).isZero();
    }

    @Test
    void theStateLogIsCompactedOnceAWindowIsEmitted() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(2));
        bind(aggregator, "file");
        for (int i = 0; i < 20; i++) {
            write(aggregator, views(1, "News", T0));
        }
        assertThat(Files.readAllLines(logFile())).hasSizeGreaterThan(20);

        clock.set(CLOSES);
        tick(aggregator);

        assertThat(Files.readAllLines(logFile())).containsExactly("{\"homeport.aggregate.state\":1}");
        assertThat(stateDir.resolve(StateLog.FILE_NAME + ".compacting")).doesNotExist();
    }

    @Test
    void theLogHoldsCountsNeverEventsOrIdentities() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(2));
        TelemetryEvent view = viewed("News", T0);
        write(aggregator, List.of(view));

        String log = Files.readString(logFile());
        assertThat(log).contains("\"News\"").doesNotContain(view.id(), view.subject(), view.source().device(), "minutes");
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
        RecordingSink file = bind(aggregator, "file");
        write(aggregator, views(2, "News", T0));
        write(aggregator, views(1, "Quiz", T0));

        aggregator.deactivate();

        assertThat(file.stored).singleElement().satisfies(aggregate -> {
            assertThat(aggregate.attributes()).containsEntry("partial", true).containsEntry("part", 1);
            assertThat(count(aggregate)).isEqualTo(2);
        });
        assertThatThrownBy(() -> await(aggregator.write(views(1, "News", T0))))
                .hasRootCauseMessage("aggregator 'viewing-aggregates' is stopping");

        // The window is still open after the restart: new counts go to part 2, with other ids.
        clock.advance(Duration.ofMinutes(10));
        KAnonymousAggregator restarted = start(viewing(2));
        RecordingSink fileAfter = bind(restarted, "file");
        write(restarted, views(2, "News", T0.plusSeconds(900)));
        clock.set(CLOSES);
        tick(restarted);

        assertThat(fileAfter.stored).singleElement().satisfies(aggregate -> {
            assertThat(aggregate.attributes()).containsEntry("partial", true).containsEntry("part", 2);
            assertThat(count(aggregate)).isEqualTo(2);
            assertThat(aggregate.id()).isNotEqualTo(file.stored.get(0).id());
        });
    }

    @Test
    void whatTargetsDoNotAcknowledgeWhileStoppingIsEmittedAfterTheNextStart() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(2), clock,
                new KAnonymousAggregator.Timeouts(Duration.ofSeconds(5), Duration.ofMillis(300)));
        RecordingSink hanging = bind(aggregator, "file").answering(batch -> new CompletableFuture<>());
        write(aggregator, views(2, "News", T0));

        aggregator.deactivate();
        assertThat(hanging.attempts).hasValue(1);

        KAnonymousAggregator restarted = start(viewing(2));
        RecordingSink file = bind(restarted, "file");
        tick(restarted);

        assertThat(file.stored).singleElement().satisfies(aggregate -> {
            assertThat(aggregate.attributes()).containsEntry("partial", true).containsEntry("part", 1);
            assertThat(count(aggregate)).isEqualTo(2);
        });
        assertThat(status(restarted).pendingParts()).isZero();
    }

    @Test
    void aFailingTargetIsRetriedWithBackoffAndGetsTheAggregatesExactlyOnce() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(2));
        RecordingSink file = bind(aggregator, "file").failing();
        write(aggregator, views(2, "News", T0));

        clock.set(CLOSES);
        tick(aggregator);
        assertThat(file.attempts).hasValue(1);
        assertThat(status(aggregator).pendingParts()).isEqualTo(1);

        tick(aggregator); // within the backoff: no new attempt
        assertThat(file.attempts).hasValue(1);

        file.healthy();
        clock.advance(Duration.ofSeconds(1));
        tick(aggregator);
        assertThat(file.attempts).hasValue(2);
        assertThat(file.stored).singleElement().satisfies(aggregate -> assertThat(count(aggregate)).isEqualTo(2));

        clock.advance(Duration.ofMinutes(10));
        tick(aggregator);
        assertThat(file.attempts).hasValue(2);
        assertThat(status(aggregator).pendingParts()).isZero();
    }

    @Test
    void aTargetThatDoesNotAnswerInTimeIsRetriedWithTheSameIds() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(2), clock,
                new KAnonymousAggregator.Timeouts(Duration.ofMillis(200), Duration.ofSeconds(2)));
        RecordingSink file = bind(aggregator, "file");
        List<String> attemptedIds = new java.util.concurrent.CopyOnWriteArrayList<>();
        file.answering(batch -> {
            batch.forEach(event -> attemptedIds.add(event.id()));
            return new CompletableFuture<>();
        });
        write(aggregator, views(2, "News", T0));
        clock.set(CLOSES);
        tick(aggregator);
        assertThat(status(aggregator).pendingParts()).isEqualTo(1);

        file.healthy();
        clock.advance(Duration.ofSeconds(1));
        tick(aggregator);

        assertThat(file.stored).extracting(TelemetryEvent::id).containsExactlyElementsOf(attemptedIds);
        assertThat(status(aggregator).pendingParts()).isZero();
    }

    @Test
    void aSinkThatAcknowledgedIsNotWrittenAgainWhileAnotherIsRetried() throws Exception {
        Settings twoTargets = new Settings("viewing-aggregates", viewing(2).groupBy(), Duration.ofHours(1), 2,
                Duration.ofMinutes(5), List.of("file", "archive"), "viewing.aggregate", stateDir, 16);
        KAnonymousAggregator aggregator = start(twoTargets);
        RecordingSink file = bind(aggregator, "file");
        write(aggregator, views(2, "News", T0));
        clock.set(CLOSES);
        tick(aggregator); // 'archive' is missing

        assertThat(file.stored).hasSize(1);
        assertThat(status(aggregator).pendingParts()).isEqualTo(1);

        RecordingSink archive = bind(aggregator, "archive");
        clock.advance(Duration.ofSeconds(1));
        tick(aggregator);

        assertThat(archive.stored).hasSize(1);
        assertThat(file.attempts).hasValue(1);
        assertThat(status(aggregator).pendingParts()).isZero();
    }

    @Test
    void groupsAllBelowKAreRecordedAsClosedWithoutWritingAnything() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(10));
        RecordingSink file = bind(aggregator, "file");
        write(aggregator, views(9, "News", T0));
        clock.set(CLOSES);
        tick(aggregator);

        assertThat(file.attempts).hasValue(0);
        Status status = status(aggregator);
        assertThat(status.pendingParts()).isZero();
        assertThat(status.closedWindows()).singleElement()
                .satisfies(report -> assertThat(report.eventsSuppressed()).isEqualTo(9));
    }
}
