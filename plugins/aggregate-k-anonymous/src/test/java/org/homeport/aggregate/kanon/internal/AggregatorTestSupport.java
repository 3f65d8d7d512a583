package org.homeport.aggregate.kanon.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.homeport.api.event.FieldPath;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Aggregators on a temporary state directory, a hand-moved clock and a recording journal. */
abstract class AggregatorTestSupport {
    static final Duration WAIT = Duration.ofSeconds(10);
    /** Within the window [10:00, 11:00), which closes at 11:05 with the default grace. */
    static final Instant T0 = Instant.parse("2026-11-23T10:07:00Z");
    /** How long a stopping aggregator waits for its appends to become durable. */
    static final Duration SHORT = Duration.ofSeconds(2);

    @TempDir
    Path stateDir;

    final MutableClock clock = new MutableClock(T0);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** The journal every aggregator of the test appends to, as they would on one node. */
    final FakeJournal journal = new FakeJournal();
    private final List<KAnonymousAggregator> started = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    @AfterEach
    void stopAggregators() {
        started.forEach(KAnonymousAggregator::deactivate);
    }

    Settings settings(int k, String... groupBy) {
        List<FieldPath> paths = new ArrayList<>();
        for (String path : groupBy) {
            paths.add(FieldPath.parse(path));
        }
        return new Settings("viewing-aggregates", paths, Duration.ofHours(1), k, Duration.ofMinutes(5),
                List.of("file"), "viewing.aggregate", stateDir, 1024);
    }

    Settings viewing(int k) {
        return settings(k, "attributes.programme");
    }

    KAnonymousAggregator start(Settings settings) {
        return start(settings, clock, SHORT);
    }

    KAnonymousAggregator start(Settings settings, MutableClock clock, Duration shutdownWait) {
        KAnonymousAggregator aggregator = new KAnonymousAggregator(settings, clock, "1.2.3", shutdownWait, journal,
                registry);
        started.add(aggregator);
        return aggregator;
    }

    /** A counter of this aggregator on /metrics, e.g. {@code homeport.aggregate.events} outcome {@code late}. */
    double metric(String name, String outcome) {
        return registry.get(name).tags("sink", "viewing-aggregates", "outcome", outcome).counter().count();
    }

    /** The aggregates the journal holds durably. */
    List<TelemetryEvent> emitted() {
        return journal.durable;
    }

    TelemetryEvent viewed(String programme, Instant at) {
        return event("acme", "marketing", at, Map.of("programme", programme, "minutes", 42));
    }

    TelemetryEvent event(String tenant, String purpose, Instant at, Map<String, Object> attributes) {
        return new TelemetryEvent("e" + ids.incrementAndGet(), tenant, new Source("tv-recorder", "7.1", "device-" + ids.get()),
                "viewer-" + ids.get(), purpose, "tv.viewing", at, at.plusSeconds(1), new LinkedHashMap<>(attributes));
    }

    /** {@code n} views of {@code programme}, each in its own batch. */
    List<TelemetryEvent> views(int n, String programme, Instant at) {
        List<TelemetryEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(viewed(programme, at));
        }
        return events;
    }

    static void await(CompletionStage<?> stage) throws Exception {
        stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    static void write(KAnonymousAggregator aggregator, List<TelemetryEvent> batch) throws Exception {
        await(aggregator.write(batch));
    }

    static void tick(KAnonymousAggregator aggregator) throws Exception {
        await(aggregator.tickNow());
    }

    static Status status(KAnonymousAggregator aggregator) throws Exception {
        return aggregator.status().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> group(TelemetryEvent aggregate) {
        return (Map<String, Object>) aggregate.attributes().get("group");
    }

    static long count(TelemetryEvent aggregate) {
        return ((Number) aggregate.attributes().get("count")).longValue();
    }
}
