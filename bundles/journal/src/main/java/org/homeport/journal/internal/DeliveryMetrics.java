package org.homeport.journal.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.homeport.api.journal.SinkBacklog;

/**
 * The journal's and the delivery's meters. Sink names come from configuration, not from senders, so
 * a tag per sink is bounded by what operators configure.
 */
final class DeliveryMetrics implements AutoCloseable {
    private final MeterRegistry registry;
    private final List<Meter> meters = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Counter full;

    DeliveryMetrics(MeterRegistry registry, JournalService journal) {
        this.registry = registry;
        meters.add(Gauge.builder("homeport.journal.used.bytes", journal, JournalService::usedBytes)
                .description("Bytes of journal segments on disk plus bytes waiting to be written").register(registry));
        meters.add(Gauge.builder("homeport.journal.quota.bytes", journal, JournalService::quotaBytes)
                .description("The most the journal may hold; beyond it senders get 429").register(registry));
        this.full = Counter.builder("homeport.journal.full").description("Appends refused because the journal was full")
                .register(registry);
        meters.add(full);
    }

    /** Registers the backlog gauges of a sink, read from its latest backlog. */
    void sink(String sink, Supplier<SinkBacklog> backlog) {
        gauge("homeport.journal.backlog.events", sink, "Events in the journal not yet acknowledged by the sink",
                backlog, b -> b.events());
        gauge("homeport.journal.backlog.bytes", sink, "Journal bytes of the events the sink has not acknowledged",
                backlog, b -> b.bytes());
        gauge("homeport.journal.backlog.oldest.seconds", sink,
                "How long the oldest event not yet acknowledged by the sink has waited", backlog,
                b -> b.oldest().toMillis() / 1000.0);
        gauge("homeport.journal.dead.letters", sink, "Events the sink refused for good, kept for replay", backlog,
                b -> b.deadLetters());
    }

    private void gauge(String name, String sink, String description, Supplier<SinkBacklog> backlog,
            ToDoubleFunction<SinkBacklog> value) {
        // strong: Micrometer holds a gauge's object weakly, and nothing else holds this supplier
        meters.add(Gauge.builder(name, backlog, s -> value.applyAsDouble(s.get())).tag("sink", sink)
                .description(description).strongReference(true).register(registry));
    }

    void full() {
        full.increment();
    }

    void delivered(String sink, long events) {
        counter("homeport.journal.delivered", "sink", sink, null, null, "Events a sink acknowledged").increment(events);
    }

    void deadLettered(String sink, long events) {
        counter("homeport.journal.dead.lettered", "sink", sink, null, null, "Events a sink refused for good")
                .increment(events);
    }

    void retried(String sink) {
        counter("homeport.journal.retries", "sink", sink, null, null, "Failed writes to a sink, retried with backoff")
                .increment();
    }

    void withheld(String sink, String reason) {
        counter("homeport.journal.withheld", "sink", sink, "reason", reason,
                "Events not delivered: erased while waiting, or past their purpose's retention").increment();
    }

    void corrupt(long records) {
        counter("homeport.journal.corrupt.records", null, null, null, null,
                "Journal records lost to a bad length or CRC, or that could not be decoded").increment(records);
    }

    /** Kept under the name the intake used before the journal, so dashboards keep working. */
    void write(String sink, boolean success, Duration took) {
        String outcome = success ? "success" : "failure";
        timers.computeIfAbsent(sink + '\u0000' + outcome, key -> {
            Timer timer = Timer.builder("homeport.sink.write").description("Time a sink took to store a batch")
                    .tag("sink", sink).tag("outcome", outcome).publishPercentiles(0.5, 0.99).register(registry);
            meters.add(timer);
            return timer;
        }).record(took);
    }

    private Counter counter(String name, String tag1, String value1, String tag2, String value2, String description) {
        String key = name + '\u0000' + value1 + '\u0000' + value2;
        return counters.computeIfAbsent(key, k -> {
            Counter.Builder builder = Counter.builder(name).description(description);
            if (tag1 != null) {
                builder.tag(tag1, value1);
            }
            if (tag2 != null) {
                builder.tag(tag2, value2);
            }
            Counter counter = builder.register(registry);
            meters.add(counter);
            return counter;
        });
    }

    @Override
    public void close() {
        synchronized (meters) {
            meters.forEach(registry::remove);
            meters.clear();
        }
    }
}
