package org.homeport.aggregate.kanon.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What an aggregator reports on {@code /metrics}, tagged with its sink name: events counted or
 * not (late, early, ungroupable), and groups emitted or suppressed below k. Counts only, never
 * group values.
 */
final class AggregateMetrics {
    private final Counter counted;
    private final Counter late;
    private final Counter early;
    private final Counter ungroupable;
    private final Counter groupsEmitted;
    private final Counter groupsSuppressed;

    AggregateMetrics(MeterRegistry registry, String sink) {
        counted = events(registry, sink, "counted");
        late = events(registry, sink, "late");
        early = events(registry, sink, "early");
        ungroupable = events(registry, sink, "ungroupable");
        groupsEmitted = groups(registry, sink, "emitted");
        groupsSuppressed = groups(registry, sink, "suppressed");
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

    void events(long countedEvents, long lateEvents, long earlyEvents, long ungroupableEvents) {
        counted.increment(countedEvents);
        late.increment(lateEvents);
        early.increment(earlyEvents);
        ungroupable.increment(ungroupableEvents);
    }

    void windowClosed(int emitted, int suppressed) {
        groupsEmitted.increment(emitted);
        groupsSuppressed.increment(suppressed);
    }
}
