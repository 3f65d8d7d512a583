package org.homeport.aggregate.kanon.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;
import org.junit.jupiter.api.Test;

/** k counts distinct people, not events: one sender repeating itself never makes a group. */
class PeopleCountTest extends AggregatorTestSupport {
    private static final Instant CLOSES = Instant.parse("2026-11-23T11:05:00Z");
    private int ids;

    @Test
    void oneSubjectFloodingAGroupFromManyDevicesIsSuppressed() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(10));
        List<TelemetryEvent> flood = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            flood.add(view("News", "the-one-viewer", "device-" + i));
        }
        write(aggregator, flood);
        write(aggregator, flood.subList(0, 500));

        clock.set(CLOSES);
        tick(aggregator);

        assertThat(emitted()).isEmpty();
        Status.WindowReport report = status(aggregator).closedWindows().get(0);
        assertThat(report.groupsSuppressed()).isEqualTo(1);
        assertThat(report.eventsSuppressed()).isEqualTo(1500);
    }

    @Test
    void aGroupIsEmittedOnceItCountsKPeopleAndSaysHowManyEventsTheySent() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(10));
        for (int person = 0; person < 9; person++) {
            write(aggregator, repeat(view("News", "viewer-" + person, "box-" + person), 50));
        }
        for (int person = 0; person < 10; person++) {
            write(aggregator, repeat(view("Quiz", "viewer-" + person, "box-" + person), 3));
        }

        clock.set(CLOSES);
        tick(aggregator);

        assertThat(emitted()).hasSize(1);
        TelemetryEvent quiz = emitted().get(0);
        assertThat(group(quiz)).containsEntry("attributes.programme", "Quiz");
        assertThat(quiz.attributes()).containsEntry("people", 10L).containsEntry("count", 30L)
                .doesNotContainKey("peopleEstimated");
    }

    @Test
    void devicesAreCountedWhenThePurposeCountsDevices() throws Exception {
        Settings byDevice = withPeopleBy(viewing(3), Settings.PeopleBy.DEVICE);
        KAnonymousAggregator aggregator = start(byDevice);
        write(aggregator, List.of(view("News", "s", "tv-1"), view("News", "s", "tv-2"), view("News", "s", "tv-3")));
        write(aggregator, List.of(view("Quiz", "a", "tv-9"), view("Quiz", "b", "tv-9"), view("Quiz", "c", "tv-9")));

        assertThat(programmesEmittedOnClose(aggregator)).containsExactly("News");
    }

    @Test
    void eventsWithoutTheIdCountAsOnePersonTogether() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(2));
        write(aggregator, List.of(view("News", null, "tv-1"), view("News", " ", "tv-2"), view("News", null, "tv-3")));
        write(aggregator, List.of(view("Quiz", null, "tv-1"), view("Quiz", "someone", "tv-2")));

        assertThat(programmesEmittedOnClose(aggregator)).containsExactly("Quiz");
    }

    @Test
    void peopleCountedBeforeARestartAreRecognisedAfterIt() throws Exception {
        KAnonymousAggregator first = start(viewing(10));
        for (int person = 0; person < 6; person++) {
            write(first, List.of(view("News", "viewer-" + person, "box")));
        }
        first.deactivate();
        // stopping sealed part 1 (6 people, below k); part 2 counts the same six and four more
        KAnonymousAggregator second = start(viewing(10));
        for (int person = 0; person < 6; person++) {
            write(second, List.of(view("News", "viewer-" + person, "box")));
        }
        second.deactivate();
        KAnonymousAggregator third = start(viewing(10));
        for (int person = 0; person < 10; person++) {
            write(third, List.of(view("News", "viewer-" + person, "box")));
        }
        clock.set(CLOSES);
        tick(third);

        assertThat(emitted()).hasSize(1);
        assertThat(emitted().get(0).attributes()).containsEntry("people", 10L).containsEntry("part", 3);
        String log = Files.readString(stateDir.resolve(StateLog.FILE_NAME));
        assertThat(log).doesNotContain("viewer-");
    }

    @Test
    void theSameIdIsTheSamePersonWithinAPartEvenAcrossBatchesAndRestartsOfTheLog() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(3));
        write(aggregator, List.of(view("News", "a", "x"), view("News", "b", "x")));
        write(aggregator, List.of(view("News", "a", "y"), view("News", "b", "y")));
        Path log = stateDir.resolve(StateLog.FILE_NAME);
        assertThat(Files.readString(log)).doesNotContain("\"a\"", "\"b\"");

        clock.set(CLOSES);
        tick(aggregator);

        assertThat(emitted()).isEmpty();
    }

    @Test
    void manyPeopleAreEstimatedOnlyBeyondTheExactLimitAndWithinTheSketchsError() throws Exception {
        KAnonymousAggregator aggregator = start(viewing(10));
        List<TelemetryEvent> exact = new ArrayList<>();
        for (int person = 0; person < Settings.MIN_EXACT_PEOPLE; person++) {
            exact.add(view("News", "n-" + person, "box"));
        }
        write(aggregator, exact);
        for (int batch = 0; batch < 10; batch++) {
            List<TelemetryEvent> many = new ArrayList<>();
            for (int person = 0; person < 500; person++) {
                many.add(view("Quiz", "q-" + batch + "-" + person, "box"));
            }
            write(aggregator, many);
        }

        clock.set(CLOSES);
        tick(aggregator);

        Map<Object, TelemetryEvent> byProgramme = new java.util.HashMap<>();
        emitted().forEach(aggregate -> byProgramme.put(group(aggregate).get("attributes.programme"), aggregate));
        assertThat(byProgramme.get("News").attributes()).containsEntry("people", (long) Settings.MIN_EXACT_PEOPLE)
                .doesNotContainKey("peopleEstimated");
        Map<String, Object> quiz = byProgramme.get("Quiz").attributes();
        assertThat(quiz).containsEntry("peopleEstimated", true).containsEntry("count", 5000L);
        // 256 registers: standard error 1.04 / 16 = 6.5 %; four of them is far outside chance
        assertThat((Long) quiz.get("people")).isBetween(3700L, 6300L);
    }

    private Settings withPeopleBy(Settings base, Settings.PeopleBy by) {
        return new Settings(base.name(), base.groupBy(), base.window(), base.k(), base.grace(), base.emitSinks(),
                base.emitType(), base.stateDir(), base.queueCapacity(), base.bounds(), by);
    }

    private TelemetryEvent view(String programme, String subject, String device) {
        ids++;
        return new TelemetryEvent("p" + ids, "acme", new Source("tv-recorder", "7.1", device), subject, "marketing",
                "tv.viewing", T0, T0.plusSeconds(1), new java.util.LinkedHashMap<>(Map.of("programme", programme)));
    }

    /** Closes the window and answers the programmes of the aggregates emitted. */
    private List<Object> programmesEmittedOnClose(KAnonymousAggregator aggregator) throws Exception {
        clock.set(CLOSES);
        tick(aggregator);
        return emitted().stream().map(aggregate -> group(aggregate).get("attributes.programme")).toList();
    }

    private static List<TelemetryEvent> repeat(TelemetryEvent event, int times) {
        List<TelemetryEvent> events = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            events.add(event);
        }
        return events;
    }
}
