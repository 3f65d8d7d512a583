package org.homeport.core.internal.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.homeport.core.internal.topology.Topology;

/**
 * The intake's meters. Tags carry only declared names and stable reason codes, never values from
 * an event, so their number stays bounded and they hold no personal data.
 */
final class IntakeMetrics {
    static final String UNDECLARED = "undeclared";

    private final MeterRegistry registry;
    private final Map<MeterKey, Counter> counters = new ConcurrentHashMap<>();

    /** Looks meters up per event without building a string: the parts' hashes are cached. */
    private record MeterKey(String name, String value1, String value2) {
    }
    private final Counter busy;
    private final Gauge queueBytes;

    IntakeMetrics(MeterRegistry registry, LongSupplier queuedBytes) {
        this.registry = registry;
        this.busy = Counter.builder("homeport.intake.busy")
                .description("Submissions refused because the intake queue was full (submissions or bytes)")
                .register(registry);
        this.queueBytes = Gauge.builder("homeport.intake.queue.bytes", queuedBytes, supplier -> supplier.getAsLong())
                .description("Estimated heap held by the events of submissions taken and not yet answered")
                .baseUnit("bytes")
                .strongReference(true)
                .register(registry);
    }

    static String purposeTag(String purpose, Topology topology) {
        return topology.purposes().containsKey(purpose) ? purpose : UNDECLARED;
    }

    void received(String receiver, String purpose, long events) {
        counter("homeport.events.received", "Events received", "receiver", receiver, "purpose", purpose).increment(events);
    }

    void accepted(String purpose, long events) {
        counter("homeport.events.accepted", "Events durable in the journal, bound for their pipelines' sinks", "purpose",
                purpose, null, null).increment(events);
    }

    void unrouted(String purpose) {
        counter("homeport.events.unrouted", "Accepted events that no pipeline selected", "purpose", purpose, null, null)
                .increment();
    }

    void rejected(String purpose, String reason) {
        counter("homeport.events.rejected", "Events refused as invalid", "purpose", purpose, "reason", reason).increment();
    }

    void dropped(String purpose, String reason) {
        counter("homeport.events.dropped", "Events the consent gate decided not to keep", "purpose", purpose, "reason", reason)
                .increment();
    }

    void deferred(String purpose, String reason) {
        counter("homeport.events.deferred", "Valid events not stored now; the sender is told to retry", "purpose", purpose,
                "reason", reason).increment();
    }

    /** Removes what reads this intake's state, so a new intake can register its own. */
    void close() {
        registry.remove(queueBytes);
    }

    void busy() {
        busy.increment();
    }

    private Counter counter(String name, String description, String tag1, String value1, String tag2, String value2) {
        MeterKey key = new MeterKey(name, value1, value2);
        Counter existing = counters.get(key);
        if (existing != null) {
            return existing;
        }
        return counters.computeIfAbsent(key, k -> {
            Counter.Builder builder = Counter.builder(name).description(description).tag(tag1, value1);
            if (tag2 != null) {
                builder.tag(tag2, value2);
            }
            return builder.register(registry);
        });
    }
}
