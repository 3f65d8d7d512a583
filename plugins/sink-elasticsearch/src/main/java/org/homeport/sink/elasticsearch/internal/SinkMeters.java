package org.homeport.sink.elasticsearch.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The sink's meters, tagged with its name: {@code homeport.sink.elasticsearch.bulk.docs} and
 * {@code .bulk.bytes} (size of each bulk request), {@code .bulk.latency}, {@code .bulk.failures}
 * (requests without an answer), {@code .retries} (items sent again, by {@code reason} throttled|retry),
 * {@code .refused} (events sent to the dead letters), {@code .write.failures} (writes that gave up and
 * left the batch to the journal) and {@code .retention.indices} (indices deleted). Removed when the
 * sink stops.
 */
final class SinkMeters implements WriteMetrics {
    static final String PREFIX = "homeport.sink.elasticsearch.";

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final DistributionSummary docs;
    private final DistributionSummary bytes;
    private final Timer latency;
    private final Counter unanswered;
    private final Counter throttled;
    private final Counter retried;
    private final Counter refused;
    private final Counter failed;
    private final Counter retention;
    private final Consumer<Boolean> reachable;

    SinkMeters(MeterRegistry registry, String sink, Consumer<Boolean> reachable) {
        this.registry = registry;
        this.reachable = reachable;
        this.docs = keep(DistributionSummary.builder(PREFIX + "bulk.docs").description("Documents per bulk request")
                .baseUnit("documents").tag("sink", sink).register(registry));
        this.bytes = keep(DistributionSummary.builder(PREFIX + "bulk.bytes").description("Bytes per bulk request")
                .baseUnit("bytes").tag("sink", sink).register(registry));
        this.latency = keep(Timer.builder(PREFIX + "bulk.latency").description("Time until a bulk request was answered")
                .tag("sink", sink).register(registry));
        this.unanswered = keep(Counter.builder(PREFIX + "bulk.failures")
                .description("Bulk requests that got no usable answer (connection, timeout, HTTP error)")
                .tag("sink", sink).register(registry));
        this.throttled = keep(Counter.builder(PREFIX + "retries").description("Items sent again")
                .tag("sink", sink).tag("reason", "throttled").register(registry));
        this.retried = keep(Counter.builder(PREFIX + "retries").description("Items sent again")
                .tag("sink", sink).tag("reason", "retry").register(registry));
        this.refused = keep(Counter.builder(PREFIX + "refused").description("Events refused for good (to the dead letters)")
                .tag("sink", sink).register(registry));
        this.failed = keep(Counter.builder(PREFIX + "write.failures")
                .description("Writes that gave up retrying; the journal sends their batch again").tag("sink", sink)
                .register(registry));
        this.retention = keep(Counter.builder(PREFIX + "retention.indices").description("Indices deleted by retention")
                .tag("sink", sink).register(registry));
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    @Override
    public void bulk(int docs, long bytes, long nanos, boolean answered, boolean reached) {
        if (answered) {
            this.docs.record(docs);
            this.bytes.record(bytes);
            latency.record(nanos, TimeUnit.NANOSECONDS);
        } else {
            unanswered.increment();
        }
        reachable.accept(reached);
    }

    @Override
    public void retried(ItemOutcome why, int items) {
        (why == ItemOutcome.THROTTLED ? throttled : retried).increment(items);
    }

    @Override
    public void refused(int events) {
        refused.increment(events);
    }

    @Override
    public void failed(int events) {
        failed.increment();
    }

    void retention(int indices) {
        retention.increment(indices);
    }

    void close() {
        meters.forEach(registry::remove);
    }
}
