package org.homeport.sink.kafka.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sink's meters, tagged with its name: {@code homeport.sink.kafka.records} (records acknowledged),
 * {@code .write.latency} (from a batch's first send to its last acknowledgement), {@code .refused} (events
 * sent to the dead letters) and {@code .write.failures} (writes that failed and left the batch to the
 * journal, by {@code reason} temporary|reset|unconfigured). Removed when the sink stops.
 */
final class SinkMeters {
    static final String PREFIX = "homeport.sink.kafka.";

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter records;
    private final Timer latency;
    private final Counter refused;
    private final Counter temporary;
    private final Counter reset;
    private final Counter unconfigured;

    SinkMeters(MeterRegistry registry, String sink) {
        this.registry = registry;
        this.records = keep(Counter.builder(PREFIX + "records").description("Records acknowledged by Kafka (acks=all)")
                .baseUnit("records").tag("sink", sink).register(registry));
        this.latency = keep(Timer.builder(PREFIX + "write.latency").description("Time until every record of a batch was acknowledged")
                .tag("sink", sink).register(registry));
        this.refused = keep(Counter.builder(PREFIX + "refused").description("Events refused for good (to the dead letters)")
                .tag("sink", sink).register(registry));
        this.temporary = keep(failures(sink, "temporary"));
        this.reset = keep(failures(sink, "reset"));
        this.unconfigured = keep(failures(sink, "unconfigured"));
    }

    private Counter failures(String sink, String reason) {
        return Counter.builder(PREFIX + "write.failures")
                .description("Writes that failed; the journal sends their batch again").tag("sink", sink)
                .tag("reason", reason).register(registry);
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    void sent(int count, long nanos) {
        records.increment(count);
        latency.record(nanos, TimeUnit.NANOSECONDS);
    }

    void refused(int count) {
        refused.increment(count);
    }

    void failed(Failures.Kind kind) {
        (kind == Failures.Kind.TEMPORARY_RESET ? reset : temporary).increment();
    }

    void unconfigured() {
        unconfigured.increment();
    }

    void close() {
        meters.forEach(registry::remove);
    }
}
