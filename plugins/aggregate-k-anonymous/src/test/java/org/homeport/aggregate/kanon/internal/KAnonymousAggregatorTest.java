package org.homeport.aggregate.kanon.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.sink.Sink;
import org.junit.jupiter.api.Test;

class KAnonymousAggregatorTest extends AggregatorTestSupport {
    private static final Instant CLOSES = Instant.parse("2026-11-23T11:05:00Z");

    @Test
    void emitsGroupsOfKEventsAndSuppressesGroupsOfKMinusOne() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(10));
        List<TelemetryEvent> batch = new ArrayList<>(views(10, "News", T0));
        batch.addAll(views(9, "Quiz", T0));
        write(aggregator, batch);

        clock.set(CLOSES);
        tick(aggregator);

        assertThat(emitted()).hasSize(1);
        TelemetryEvent news = emitted().get(0);
        assertThat(group(news)).containsExactly(Map.entry("attributes.programme", "News"));
        assertThat(count(news)).isEqualTo(10);
        assertThat(news.attributes()).containsEntry("k", 10).containsEntry("partial", false).containsEntry("part", 1);
        assertThat(status(aggregator).closedWindows()).singleElement().satisfies(report -> {
            assertThat(report.groupsEmitted()).isEqualTo(1);
            assertThat(report.eventsEmitted()).isEqualTo(10);
            assertThat(report.groupsSuppressed()).isEqualTo(1);
            assertThat(report.eventsSuppressed()).isEqualTo(9);
        });
        assertThat(metric("homeport.aggregate.groups", "emitted")).isEqualTo(1);
        assertThat(metric("homeport.aggregate.groups", "suppressed")).isEqualTo(1);
        assertThat(metric("homeport.aggregate.events", "counted")).isEqualTo(19);
        assertThat(journal.attempted()).noneMatch(aggregate -> "Quiz".equals(group(aggregate).get("attributes.programme")));
    }

    @Test
    void aDuePartIsAppendedOnceRoutedToEveryEmitSink() throws Exception {
        Settings twoSinks = new Settings("viewing-aggregates", viewing(2).groupBy(), Duration.ofHours(1), 2,
                Duration.ofMinutes(5), List.of("file", "archive"), "viewing.aggregate", stateDir, 16);
        KAnonymousAggregator aggregator = start(twoSinks);
        write(aggregator, views(2, "News", T0));
        write(aggregator, views(3, "Quiz", T0));

        clock.set(CLOSES.minusMillis(1));
        tick(aggregator);
        assertThat(journal.appends).isEmpty();

        clock.set(CLOSES);
        tick(aggregator);
        clock.advance(Duration.ofMinutes(30));
        tick(aggregator);

        // One append for the part, whether or not a sink of that name is running: the journal keeps it for them.
        assertThat(journal.appends).singleElement().satisfies(batch -> {
            assertThat(batch).hasSize(2);
            assertThat(batch).allSatisfy(routed -> assertThat(routed.sinks()).containsExactlyInAnyOrder("file", "archive"));
        });
        assertThat(status(aggregator).pendingParts()).isZero();
    }

    @Test
    void countsAcrossBatchesAndEmitsAnAggregateWithoutIdentity() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(3));
        for (TelemetryEvent view : views(3, "News", T0)) {
            write(aggregator, List.of(view));
        }

        clock.set(CLOSES);
        tick(aggregator);

        TelemetryEvent aggregate = emitted().get(0);
        assertThat(aggregate.id()).matches("agg-[0-9a-f]{64}");
        assertThat(aggregate.tenant()).isEqualTo("acme");
        assertThat(aggregate.purpose()).isEqualTo("marketing");
        assertThat(aggregate.type()).isEqualTo("viewing.aggregate");
        assertThat(aggregate.subject()).isNull();
        assertThat(aggregate.source().product()).isEqualTo("homeport");
        assertThat(aggregate.source().version()).isEqualTo("1.2.3");
        assertThat(aggregate.source().device()).isNull();
        assertThat(aggregate.occurredAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(aggregate.receivedAt()).isEqualTo(CLOSES);
        assertThat(aggregate.attributes()).containsOnlyKeys("window", "group", "count", "people", "k", "partial", "part")
                .containsEntry("window", Map.of("start", "2026-11-23T10:00:00Z", "end", "2026-11-23T11:00:00Z"))
                .containsEntry("count", 3L).containsEntry("people", 3L);
    }

    @Test
    void windowsAreAlignedToTheEpochAndCloseOnlyAfterTheGrace() throws Exception {
        Settings quarterHours = new Settings("q", List.of(org.homeport.api.event.FieldPath.parse("attributes.programme")),
                Duration.ofMinutes(15), 2, Duration.ofMinutes(5), List.of("file"), "q.aggregate", stateDir, 16);
        KAnonymousAggregator aggregator = start(quarterHours);
        Instant lastMoment = Instant.parse("2026-11-23T10:14:59.999Z");
        Instant nextWindow = Instant.parse("2026-11-23T10:15:00Z");
        write(aggregator, List.of(viewed("News", lastMoment), viewed("News", lastMoment.minusSeconds(800)),
                viewed("News", nextWindow), viewed("News", nextWindow.plusSeconds(899))));

        clock.set(Instant.parse("2026-11-23T10:19:59.999Z"));
        tick(aggregator);
        assertThat(emitted()).isEmpty();

        clock.set(Instant.parse("2026-11-23T10:20:00Z"));
        tick(aggregator);
        assertThat(emitted()).singleElement().satisfies(aggregate -> {
            assertThat(aggregate.occurredAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
            assertThat(count(aggregate)).isEqualTo(2);
        });

        clock.set(Instant.parse("2026-11-23T10:35:00Z"));
        tick(aggregator);
        assertThat(emitted()).hasSize(2);
        assertThat(emitted().get(1).occurredAt()).isEqualTo(nextWindow);
        assertThat(count(emitted().get(1))).isEqualTo(2);
    }

    @Test
    void eventsArrivingAfterTheirWindowClosedAreNotCountedButReported() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(2));
        Instant inWindow = Instant.parse("2026-11-23T10:30:00Z");
        clock.set(CLOSES.minusMillis(1));
        write(aggregator, views(2, "News", inWindow)); // the last moment of the grace still counts

        clock.set(CLOSES);
        write(aggregator, views(3, "News", inWindow)); // accepted, but not counted
        tick(aggregator);

        assertThat(emitted()).singleElement().satisfies(aggregate -> assertThat(count(aggregate)).isEqualTo(2));
        Status status = status(aggregator);
        assertThat(status.eventsCounted()).isEqualTo(2);
        assertThat(status.lateEvents()).isEqualTo(3);
        assertThat(metric("homeport.aggregate.events", "late")).isEqualTo(3);
    }

    @Test
    void eventsFarAheadOfTheClockAreNotCountedButReported() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(2));
        write(aggregator, views(1, "News", T0.plus(Duration.ofHours(3))));
        write(aggregator, views(1, "News", T0.plus(Duration.ofMinutes(70)))); // the next window is fine

        Status status = status(aggregator);
        assertThat(status.earlyEvents()).isEqualTo(1);
        assertThat(status.eventsCounted()).isEqualTo(1);
    }

    @Test
    void tenantsAndPurposesNeverShareAGroup() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(2));
        write(aggregator, List.of(
                event("acme", "marketing", T0, Map.of("programme", "News")),
                event("globex", "marketing", T0, Map.of("programme", "News")),
                event("acme", "product-analytics", T0, Map.of("programme", "News")),
                event("initech", "marketing", T0, Map.of("programme", "News")),
                event("initech", "marketing", T0, Map.of("programme", "News"))));

        clock.set(CLOSES);
        tick(aggregator);

        // Had tenants or purposes been mixed, acme/globex/product-analytics would have reached k = 2.
        assertThat(emitted()).singleElement().satisfies(aggregate -> {
            assertThat(aggregate.tenant()).isEqualTo("initech");
            assertThat(aggregate.purpose()).isEqualTo("marketing");
            assertThat(count(aggregate)).isEqualTo(2);
        });
        assertThat(status(aggregator).closedWindows().get(0).groupsSuppressed()).isEqualTo(3);
    }

    @Test
    void missingFieldsAndNullAreOneGroupAndNumbersCompareByValue() throws Exception {
        KAnonymousAggregator aggregator = start(settings(2, "attributes.programme", "attributes.season"));
        Map<String, Object> explicitNull = new HashMap<>();
        explicitNull.put("programme", null);
        explicitNull.put("season", 5);
        write(aggregator, List.of(
                event("acme", "marketing", T0, explicitNull),
                event("acme", "marketing", T0, Map.of("season", 5.0)),
                event("acme", "marketing", T0, Map.of("programme", "News", "season", 5L)),
                event("acme", "marketing", T0, Map.of("programme", "News", "season", new java.math.BigDecimal("5.00")))));

        clock.set(CLOSES);
        tick(aggregator);

        Map<String, Object> nullProgramme = new LinkedHashMap<>();
        nullProgramme.put("attributes.programme", null);
        nullProgramme.put("attributes.season", 5L);
        assertThat(emitted()).extracting(AggregatorTestSupport::group)
                .containsExactlyInAnyOrder(nullProgramme, Map.of("attributes.programme", "News", "attributes.season", 5L));
        assertThat(emitted()).extracting(AggregatorTestSupport::count).containsOnly(2L);
    }

    @Test
    void eventsWhoseGroupFieldIsAnObjectOrArrayAreNotCounted() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(2));
        write(aggregator, List.of(
                event("acme", "marketing", T0, Map.of("programme", Map.of("title", "News"))),
                event("acme", "marketing", T0, Map.of("programme", List.of("News"))),
                viewed("News", T0)));

        Status status = status(aggregator);
        assertThat(status.ungroupableEvents()).isEqualTo(2);
        assertThat(status.eventsCounted()).isEqualTo(1);
    }

    @Test
    void idsAreDeterministicAndDifferForEveryWindowPartAndGroup() {
        GroupKey news = new GroupKey("acme", "marketing", List.of("attributes.programme"), List.of("News"));
        WindowKey ten = new WindowKey(1_000, 2_000);
        String id = Aggregates.id("viewing", ten, 1, news);

        assertThat(Aggregates.id("viewing", new WindowKey(1_000, 2_000), 1,
                new GroupKey("acme", "marketing", List.of("attributes.programme"), List.of("News")))).isEqualTo(id);
        assertThat(List.of(
                Aggregates.id("other", ten, 1, news),
                Aggregates.id("viewing", new WindowKey(2_000, 3_000), 1, news),
                Aggregates.id("viewing", ten, 2, news),
                Aggregates.id("viewing", ten, 1, new GroupKey("globex", "marketing", news.paths(), news.values())),
                Aggregates.id("viewing", ten, 1, new GroupKey("acme", "crash-reports", news.paths(), news.values())),
                Aggregates.id("viewing", ten, 1, new GroupKey("acme", "marketing", news.paths(), List.of("Quiz"))),
                // "1" and 1 are different group values
                Aggregates.id("viewing", ten, 1, new GroupKey("acme", "marketing", news.paths(), List.of("1"))),
                Aggregates.id("viewing", ten, 1, new GroupKey("acme", "marketing", news.paths(), List.of(1L)))))
                .doesNotHaveDuplicates()
                .doesNotContain(id);
    }

    @Test
    void twoRunsOverTheSameEventsEmitTheSameIds() throws Exception {
        KAnonymousAggregator first = start(viewing(2));
        write(first, views(2, "News", T0));
        clock.set(CLOSES);
        tick(first);
        List<String> firstIds = emitted().stream().map(TelemetryEvent::id).toList();
        journal.durable.clear();

        MutableClock otherClock = new MutableClock(T0);
        Settings elsewhere = new Settings("viewing-aggregates", viewing(2).groupBy(), Duration.ofHours(1), 2,
                Duration.ofMinutes(5), List.of("file"), "viewing.aggregate", stateDir.resolve("other"), 16);
        KAnonymousAggregator second = start(elsewhere, otherClock, SHORT);
        write(second, views(2, "News", T0.plusSeconds(600)));
        otherClock.set(CLOSES.plusSeconds(30));
        tick(second);

        assertThat(firstIds).hasSize(1);
        assertThat(emitted()).extracting(TelemetryEvent::id).containsExactlyElementsOf(firstIds);
    }

    @Test
    void writeReturnsAtOnceWhileTheWriterIsBusyAndAcknowledgesOnceCounted() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(2));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch appendEntered = new CountDownLatch(1);
        journal.answering(batch -> {
            // Runs on the aggregator's writer thread: keeps it busy until the test lets go.
            appendEntered.countDown();
            try {
                release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture(null);
        });
        write(aggregator, views(2, "News", T0));
        clock.set(CLOSES);
        CompletableFuture<Void> ticking = aggregator.tickNow();
        assertThat(appendEntered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        CompletionStage<Void> accepted = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> aggregator.write(views(1, "Quiz", CLOSES)));

        assertThat(accepted.toCompletableFuture()).isNotDone();
        release.countDown();
        await(accepted);
        await(ticking);
        assertThat(journal.appends).hasSize(1);
        assertThat(status(aggregator).eventsCounted()).isEqualTo(3);
    }

    @Test
    void refusesWritesBeyondTheQueueCapacityInsteadOfBuffering() throws Exception {
        Settings small = new Settings("viewing-aggregates", viewing(2).groupBy(), Duration.ofHours(1), 2,
                Duration.ofMinutes(5), List.of("file"), "viewing.aggregate", stateDir, 1);
        KAnonymousAggregator aggregator = start(small);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch appendEntered = new CountDownLatch(1);
        journal.answering(batch -> {
            appendEntered.countDown();
            try {
                release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        write(aggregator, views(2, "News", T0));
        // Occupy the writer thread: the closing task blocks in the journal.
        clock.set(CLOSES);
        CompletableFuture<Void> ticking = aggregator.tickNow();
        assertThat(appendEntered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        CompletionStage<Void> queued = aggregator.write(views(1, "News", CLOSES));
        CompletionStage<Void> refused = aggregator.write(views(1, "News", CLOSES));

        assertThatThrownBy(() -> await(refused)).hasRootCauseMessage("aggregator 'viewing-aggregates' is saturated");
        release.countDown();
        await(queued);
        await(ticking);
    }

    @Test
    void aPartWaitsWhileAnEmitSinkNameBelongsToAnAggregatingSink() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(2));
        Object otherAggregator = new Object();
        aggregator.aggregatingSinks().add(otherAggregator, "file");
        write(aggregator, views(2, "News", T0));

        clock.set(CLOSES);
        tick(aggregator);

        assertThat(journal.appends).isEmpty();
        assertThat(status(aggregator).pendingParts()).isEqualTo(1);
        aggregator.aggregatingSinks().remove(otherAggregator);
        clock.advance(Duration.ofSeconds(2));
        tick(aggregator);
        assertThat(emitted()).hasSize(1);
        assertThat(status(aggregator).pendingParts()).isZero();
    }

    @Test
    void refusesToHaveItsAggregatingPropertyTurnedOff() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(Sink.AGGREGATING_PROPERTY, "false");
        assertThatThrownBy(() -> new KAnonymousAggregator(SettingsTest.config("viewing", "attributes.programme", "1h",
                10, "5m", "file"), properties, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("homeport.sink.aggregating");
    }
}
