package org.homeport.aggregate.kanon.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.homeport.api.event.TelemetryEvent;
import org.junit.jupiter.api.Test;

/** The state is bounded by groups and bytes: a sender choosing group values cannot grow it without limit. */
class StateBoundsTest extends AggregatorTestSupport {
    private static final Instant CLOSES = Instant.parse("2026-11-23T11:05:00Z");

    private Settings bounded(int maxGroups, long maxBytes) {
        Settings viewing = viewing(10);
        return new Settings(viewing.name(), viewing.groupBy(), viewing.window(), viewing.k(), viewing.grace(),
                viewing.emitSinks(), viewing.emitType(), viewing.stateDir(), viewing.queueCapacity(),
                new Settings.StateBounds(maxGroups, maxBytes));
    }

    /** {@code n} views, each of a programme nobody else watched, in batches of 50. */
    private void writeRandomProgrammes(KAnonymousAggregator aggregator, int n, int length) throws Exception {
        List<TelemetryEvent> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String programme = (UUID.randomUUID() + "x".repeat(length)).substring(0, Math.max(length, 36));
            batch.add(viewed(programme, T0));
            if (batch.size() == 50) {
                write(aggregator, batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            write(aggregator, batch);
        }
    }

    private static boolean isOverflow(TelemetryEvent aggregate) {
        return Boolean.TRUE.equals(aggregate.attributes().get("overflow"));
    }

    @Test
    void randomGroupValuesStopGrowingTheStateAtMaxGroups() throws Exception {
        KAnonymousAggregator aggregator = start(bounded(100, 1L << 30));

        writeRandomProgrammes(aggregator, 1000, 36);

        Status status = status(aggregator);
        assertThat(status.groups()).isEqualTo(101); // 100 groups and the window's overflow group
        assertThat(status.eventsCounted()).isEqualTo(100);
        assertThat(status.overflowEvents()).isEqualTo(900);
        assertThat(metric("homeport.aggregate.events", "counted")).isEqualTo(100);
        assertThat(metric("homeport.aggregate.events", "overflow")).isEqualTo(900);
        assertThat(registry.get("homeport.aggregate.state.groups").tag("sink", "viewing-aggregates").gauge().value())
                .isEqualTo(101);
        assertThat(registry.get("homeport.aggregate.state.bytes").tag("sink", "viewing-aggregates").gauge().value())
                .isEqualTo(status.estimatedBytes());

        clock.set(CLOSES);
        tick(aggregator);

        // Every group of one is suppressed; the overflow group reached k and is emitted without any group value.
        assertThat(emitted()).singleElement().satisfies(aggregate -> {
            assertThat(isOverflow(aggregate)).isTrue();
            assertThat(group(aggregate)).isEmpty();
            assertThat(count(aggregate)).isEqualTo(900);
            assertThat(aggregate.tenant()).isEqualTo("acme");
            assertThat(aggregate.purpose()).isEqualTo("marketing");
        });
        assertThat(status(aggregator).closedWindows()).singleElement().satisfies(report -> {
            assertThat(report.groupsSuppressed()).isEqualTo(100);
            assertThat(report.eventsEmitted() + report.eventsSuppressed()).isEqualTo(1000);
        });
    }

    @Test
    void longGroupValuesAreBoundedByBytes() throws Exception {
        long maxBytes = 64 * 1024;
        KAnonymousAggregator aggregator = start(bounded(1_000_000, maxBytes));

        writeRandomProgrammes(aggregator, 40, 10_000); // each group value ~20 KB estimated

        Status status = status(aggregator);
        assertThat(status.groups()).isBetween(2, 4); // what fits in 64 KiB, and the overflow group
        long overflowGroup = new AggregateState(32).bytesOf(GroupKey.overflowOf("acme", "marketing"));
        assertThat(status.estimatedBytes()).isLessThanOrEqualTo(maxBytes + overflowGroup);
        assertThat(status.eventsCounted() + status.overflowEvents()).isEqualTo(40);
    }

    @Test
    void groupsAlreadyCountedKeepCountingWhileNewGroupsOverflow() throws Exception {
        KAnonymousAggregator aggregator = start(bounded(2, 1L << 30));
        write(aggregator, views(10, "News", T0));
        write(aggregator, views(10, "Quiz", T0));

        writeRandomProgrammes(aggregator, 10, 36);
        write(aggregator, views(5, "News", T0));

        clock.set(CLOSES);
        tick(aggregator);

        assertThat(emitted()).hasSize(3);
        assertThat(emitted()).filteredOn(aggregate -> !isOverflow(aggregate))
                .extracting(aggregate -> group(aggregate).get("attributes.programme"), StateBoundsTest::count)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("News", 15L),
                        org.assertj.core.groups.Tuple.tuple("Quiz", 10L));
        assertThat(emitted()).filteredOn(StateBoundsTest::isOverflow).singleElement()
                .satisfies(overflow -> assertThat(count(overflow)).isEqualTo(10));
    }

    @Test
    void anOverflowGroupBelowKIsSuppressedLikeAnyOther() throws Exception {
        KAnonymousAggregator aggregator = start(bounded(3, 1L << 30));

        writeRandomProgrammes(aggregator, 3 + 9, 36); // 9 in overflow, k = 10

        clock.set(CLOSES);
        tick(aggregator);

        assertThat(emitted()).isEmpty();
        assertThat(status(aggregator).closedWindows()).singleElement()
                .satisfies(report -> assertThat(report.eventsSuppressed()).isEqualTo(12));
    }

    @Test
    void overflowGroupsAreSeparatedByTenantAndPurpose() throws Exception {
        KAnonymousAggregator aggregator = start(bounded(1, 1L << 30));
        write(aggregator, views(10, "News", T0));
        List<TelemetryEvent> others = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            others.add(event("acme", "marketing", T0, Map.of("programme", "a" + i)));
            others.add(event("globex", "marketing", T0, Map.of("programme", "g" + i)));
            others.add(event("acme", "product-analytics", T0, Map.of("programme", "p" + i)));
        }
        write(aggregator, others);

        clock.set(CLOSES);
        tick(aggregator);

        assertThat(emitted()).filteredOn(StateBoundsTest::isOverflow)
                .extracting(TelemetryEvent::tenant, TelemetryEvent::purpose, StateBoundsTest::count)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("acme", "marketing", 10L),
                        org.assertj.core.groups.Tuple.tuple("globex", "marketing", 10L),
                        org.assertj.core.groups.Tuple.tuple("acme", "product-analytics", 10L));
        assertThat(emitted()).extracting(TelemetryEvent::id).doesNotHaveDuplicates();
    }

    @Test
    void emittingAWindowFreesItsRoomForTheNextOne() throws Exception {
        KAnonymousAggregator aggregator = start(bounded(5, 1L << 30));
        writeRandomProgrammes(aggregator, 20, 36);
        assertThat(status(aggregator).groups()).isEqualTo(6);

        clock.set(CLOSES);
        tick(aggregator);
        assertThat(status(aggregator).groups()).isZero();
        assertThat(status(aggregator).estimatedBytes()).isZero();

        write(aggregator, List.of(viewed("News", CLOSES), viewed("Quiz", CLOSES)));
        Status next = status(aggregator);
        assertThat(next.groups()).isEqualTo(2);
        assertThat(next.overflowEvents()).isEqualTo(15);
    }

    @Test
    void overflowCountsSurviveARestartAndAreEmittedAsOverflow() throws Exception {
        Settings settings = bounded(1, 1L << 30);
        KAnonymousAggregator first = start(settings, clock, SHORT);
        write(first, views(10, "News", T0));
        writeRandomProgrammes(first, 12, 36);
        journal.stalled(); // never durable: the partial window stays in the state log
        first.deactivate();

        journal.healthy();
        KAnonymousAggregator second = start(settings, clock, SHORT);
        clock.advance(Duration.ofSeconds(2));
        tick(second);

        assertThat(emitted()).filteredOn(StateBoundsTest::isOverflow).singleElement()
                .satisfies(overflow -> assertThat(count(overflow)).isEqualTo(12));
        assertThat(emitted()).filteredOn(aggregate -> !isOverflow(aggregate)).singleElement()
                .satisfies(news -> assertThat(count(news)).isEqualTo(10));
    }
}
