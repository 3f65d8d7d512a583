package org.homeport.aggregate.kanon.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an aggregator reports on {@code /metrics}, tagged with its sink name: events counted in
 * their group, in an overflow group, or not at all (late, early, ungroupable); groups emitted or
 * suppressed below k; and how many groups, of about how many bytes, the state holds. Counts only,
 * never group values.
 */
final class AggregateMetrics {
    private final Counter counted;
    private final Counter late;
    private final Counter early;
    private final Counter ungroupable;
    private final Counter groupsEmitted;
    private final Counter groupsSuppressed;
    private final Counter overflow;
    private final AtomicLong stateGroups = new AtomicLong();
    private final AtomicLong stateBytes = new AtomicLong();
    private final MeterRegistry registry;
    private final Gauge groupsGauge;
    private final Gauge bytesGauge;

    AggregateMetrics(MeterRegistry registry, String sink) {
        counted = events(registry, sink, "counted");
        late = events(registry, sink, "late");
        early = events(registry, sink, "early");
        ungroupable = events(registry, sink, "ungroupable");
        groupsEmitted = groups(registry, sink, "emitted");
        groupsSuppressed = groups(registry, sink, "suppressed");
        overflow = events(registry, sink, "overflow");
        this.registry = registry;
        groupsGauge = Gauge.builder("homeport.aggregate.state.groups", stateGroups, AtomicLong::get)
                .description("Groups the aggregator's state holds over all windows not yet emitted, overflow groups included")
                .tag("sink", sink).strongReference(true).register(registry);
        bytesGauge = Gauge.builder("homeport.aggregate.state.bytes", stateBytes, AtomicLong::get)
                .description("Estimated heap bytes of those groups").baseUnit("bytes")
                .tag("sink", sink).strongReference(true).register(registry);
    }

    /** Removes the gauges, which read this instance's state: a restarted aggregator registers its own. */
    void close() {
        registry.remove(groupsGauge);
        registry.remove(bytesGauge);
    }

    private static Counter events(MeterRegistry registry, String sink, String outcome) {
        return Counter.builder("homeport.aggregate.events").description("Events an aggregating sink received, by outcome")
                .tag("sink", sink).tag("outcome", outcome).register(registry);
    }

    private static Counter groups(MeterRegistry registry, String sink, String outcome) {
        return Counter.builder("homeport.aggregate.groups")
                .description("Groups of closed windows: emitted (at least k events) or suppressed (fewer)")
                .tag("sink", sink).tag("outcome", outcome).register(registry);
    }

    void events(long countedEvents, long lateEvents, long earlyEvents, long ungroupableEvents, long overflowEvents) {
        counted.increment(countedEvents);
        overflow.increment(overflowEvents);
        late.increment(lateEvents);
        early.increment(earlyEvents);
        ungroupable.increment(ungroupableEvents);
    }

    void state(int groups, long bytes) {
        stateGroups.set(groups);
        stateBytes.set(bytes);
    }

    void windowClosed(int emitted, int suppressed) {
        groupsEmitted.increment(emitted);
        groupsSuppressed.increment(suppressed);
    }
}
